#include "run/provenance.hpp"
#include "common/write_file.hpp"
#include "run/output_dir.hpp"
#include "stragglesim_version.hpp"
#include <nlohmann/json.hpp>
#include <algorithm>
#include <vector>

namespace ssim::run {

const char* version() { return STRAGGLESIM_VERSION; }

void write_provenance(const std::filesystem::path& dir, const scenario::Scenario& scenario,
                      const Provenance& provenance) {
  write_file((dir / "scenario.yaml").string(), scenario.resolved_yaml);
  // What the directory holds, so that a later run replaces it only if nothing was added since.
  std::vector<std::string> files{std::string(kManifestName)};
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename() != kManifestName) files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  const nlohmann::json manifest = {
      {"written_by", "stragglesim"},
      {"complete", true},
      {"version", version()},
      {"command", provenance.command_line},
      {"scenario_file", scenario.source},
      {"wall_time_s", provenance.wall_time_s},
      {"files", files},
  };
  write_file((dir / kManifestName).string(), manifest.dump(2) + "\n");
}

}  // namespace ssim::run
