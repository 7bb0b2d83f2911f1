#include "run/provenance.hpp"
#include "common/write_file.hpp"
#include "run/output_dir.hpp"
#include <nlohmann/json.hpp>

namespace ssim::run {

const char* version() { return STRAGGLESIM_VERSION; }

void write_provenance(const std::filesystem::path& dir, const scenario::Scenario& scenario,
                      const Provenance& provenance) {
  write_file((dir / "scenario.yaml").string(), scenario.resolved_yaml);
  const nlohmann::json manifest = {
      {"written_by", "stragglesim"},
      {"complete", true},
      {"version", version()},
      {"command", provenance.command_line},
      {"scenario_file", scenario.source},
      {"wall_time_s", provenance.wall_time_s},
  };
  write_file((dir / kManifestName).string(), manifest.dump(2) + "\n");
}

}  // namespace ssim::run
