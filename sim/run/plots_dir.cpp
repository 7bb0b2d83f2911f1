#include "run/plots_dir.hpp"
#include "common/write_file.hpp"
#include "run/output_dir.hpp"
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>

namespace ssim::run {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPlots = "plots";

void write_plots_manifest(const fs::path& plots, const std::set<std::string>& files) {
  nlohmann::json manifest = {{"written_by", "stragglesim"}, {"kind", "plots"}, {"files", files}};
  write_file((plots / kManifestName).string(), manifest.dump(2) + "\n");
}

}  // namespace

void check_plots_dir(const fs::path& results_dir) {
  const fs::path plots = results_dir / kPlots;
  std::error_code error;
  const auto status = fs::symlink_status(plots, error);
  if (!fs::exists(status)) return;
  const auto refuse = [&](const std::string& why) {
    throw OutputError(fmt::format("{}: {}; stragglesim draws into, and replaces, only a plots directory it made "
                                  "(move it away)",
                                  plots.string(), why));
  };
  if (!fs::is_directory(status)) refuse("is not a directory stragglesim made");
  const auto manifest = read_manifest(plots);
  if (manifest.is_null() || manifest.value("kind", "") != "plots")
    refuse(fmt::format("holds files stragglesim did not draw (it has no {} of stragglesim's plots)", kManifestName));
  auto drawn = listed_files(manifest);
  drawn.emplace(kManifestName);
  for (const auto& entry : fs::directory_iterator(plots, error))
    if (!drawn.count(entry.path().filename().string()))
      refuse(fmt::format("holds {}, which its {} does not list as drawn by stragglesim",
                         entry.path().filename().string(), kManifestName));
  if (error) refuse(error.message());
}

bool make_plots_dir(const fs::path& results_dir) {
  const fs::path plots = results_dir / kPlots;
  if (fs::exists(plots)) return false;
  std::error_code error;
  fs::create_directory(plots, error);
  if (error) throw OutputError(fmt::format("{}: cannot be made: {}", plots.string(), error.message()));
  write_plots_manifest(plots, {});
  return true;
}

void record_plots(const fs::path& results_dir, bool made) {
  const fs::path plots = results_dir / kPlots;
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(plots))
    if (entry.path().filename() != kManifestName) files.insert(entry.path().filename().string());
  if (files.empty() && made)
    fs::remove_all(plots);
  else
    write_plots_manifest(plots, files);
}

}  // namespace ssim::run
