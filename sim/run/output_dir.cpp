#include "run/output_dir.hpp"
#include "common/write_file.hpp"
#include "run/plots_dir.hpp"
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

namespace ssim::run {

namespace fs = std::filesystem;

namespace {

// `inner` is `outer` or lies inside it (both resolved).
bool within(const fs::path& inner, const fs::path& outer) {
  auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return o == outer.end();
}

// Marks a directory as stragglesim's before it holds anything else.
constexpr std::string_view kBareManifest = "{\"written_by\": \"stragglesim\"}\n";

// TARGETMARKERPID, beside the target.
fs::path beside(const fs::path& target, std::string_view marker, long pid) {
  return target.parent_path() / (target.filename().string() + std::string(marker) + std::to_string(pid));
}

bool process_alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// Leftovers for `target` of processes that died before they could clean up: staging directories
// (never results), and old results set aside by a commit that did not finish while the new ones
// are in place.
void remove_leftovers(const fs::path& target) {
  std::error_code error;
  const std::string prefix = target.filename().string();
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(target.parent_path(), error)) {
    const std::string name = entry.path().filename().string();
    for (const auto marker : {kStagingMarker, kReplacedMarker}) {
      const std::string head = prefix + std::string(marker);
      if (name.rfind(head, 0) != 0) continue;
      const std::string pid = name.substr(head.size());
      if (pid.empty() || !std::all_of(pid.begin(), pid.end(), ::isdigit) || pid.size() > 9) continue;
      if (process_alive(std::stol(pid)) || !is_stragglesim_output(entry.path())) continue;
      if (marker == kReplacedMarker && !fs::exists(target)) continue;  // the only copy of those results
      stale.push_back(entry.path());
    }
  }
  for (const auto& path : stale) fs::remove_all(path, error);
}

}  // namespace

nlohmann::json read_manifest(const fs::path& dir) {
  std::error_code error;
  // Not through a link, and never a directory or a device, which a stream would fail or block on.
  if (!fs::is_regular_file(fs::symlink_status(dir / kManifestName, error))) return nullptr;
  std::ifstream in(dir / kManifestName);
  auto manifest = nlohmann::json::parse(in, nullptr, false);
  const bool ours = manifest.is_object() && manifest.contains("written_by") && manifest["written_by"] == "stragglesim";
  return ours ? manifest : nullptr;
}

std::set<std::string> listed_files(const nlohmann::json& manifest) {
  std::set<std::string> listed;
  if (const auto files = manifest.find("files"); files != manifest.end() && files->is_array())
    for (const auto& name : *files)
      if (name.is_string()) listed.insert(name.get<std::string>());
  return listed;
}

bool is_stragglesim_output(const fs::path& dir) { return !read_manifest(dir).is_null(); }

fs::path resolve_output(const std::string& out_dir) {
  std::error_code error;
  fs::path path = fs::weakly_canonical(fs::absolute(out_dir), error);
  if (error) refuse_output(out_dir, fmt::format("cannot be resolved ({})", error.message()));  // a loop of links
  if (!path.has_filename() && path.has_parent_path()) path = path.parent_path();  // "results/x/"
  return path;
}

void refuse_output(const fs::path& target, const std::string& why) {
  throw OutputError(fmt::format("results directory {}: {}; choose another --out", target.string(), why));
}

void check_output_location(const fs::path& target, const std::vector<std::string>& inputs) {
  auto refuse = [&target](const std::string& why) { refuse_output(target, why); };
  if (target == target.root_path()) refuse("is the root of the file system");
  const fs::path working = fs::current_path();
  if (within(working, target))
    refuse(target == working ? "is the working directory" : "holds the working directory");
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    if (within(fs::weakly_canonical(fs::absolute(input)), target))
      refuse(fmt::format("holds {}, which this run reads", input));
  }
  std::error_code error;
  if (fs::is_symlink(fs::symlink_status(target, error)))  // resolved, so a link to nothing, or a loop
    refuse("is a symbolic link that leads to no directory");
  for (fs::path above = target.parent_path(); !above.empty(); above = above.parent_path()) {
    const auto status = fs::status(above, error);
    if (fs::exists(status)) {
      if (!fs::is_directory(status)) refuse(fmt::format("{} is not a directory", above.string()));
      break;
    }
    if (above == above.root_path()) break;
  }
  const auto status = fs::status(target, error);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status)) refuse("exists and is not a directory");
}

void check_output_target(const fs::path& target, const std::vector<std::string>& inputs) {
  check_output_location(target, inputs);
  std::error_code error;
  if (!fs::exists(target, error) || fs::is_empty(target, error)) return;
  const auto manifest = read_manifest(target);
  if (manifest.is_null())
    refuse_output(target, fmt::format("holds files that stragglesim did not write (it has no {}); stragglesim "
                                      "replaces only results directories it wrote",
                                      kManifestName));
  // Replacing the directory would take with it anything the user put there since.
  const auto written = listed_files(manifest);
  if (written.empty())
    refuse_output(target, fmt::format("its {} lists no files: it is not a run's results; stragglesim replaces "
                                      "only results directories it wrote",
                                      kManifestName));
  for (const auto& entry : fs::directory_iterator(target, error)) {
    const std::string name = entry.path().filename().string();
    if (name == "plots" && entry.is_directory()) {
      check_plots_dir(target);  // drawn later by stragglesim plot
      continue;
    }
    if (!written.count(name))
      refuse_output(target, fmt::format("holds {}, which its {} does not list as written by stragglesim; "
                                        "stragglesim replaces only results directories it wrote",
                                        name, kManifestName));
  }
  if (error) refuse_output(target, error.message());
}

fs::path staging_path(const fs::path& target, long pid) { return beside(target, kStagingMarker, pid); }

StagingDirectory::StagingDirectory(const fs::path& target) : target_(target), path_(staging_path(target, getpid())) {
  fs::create_directories(target.parent_path());
  remove_leftovers(target);
  fs::remove_all(path_);  // only a process with our pid could have made it: one that died
  fs::create_directory(path_);
  // Marked at once, so that leftovers of a killed run are recognised as ours.
  write_file((path_ / kManifestName).string(), kBareManifest);
}

StagingDirectory::~StagingDirectory() {
  std::error_code ignored;
  if (!committed_) fs::remove_all(path_, ignored);
}

void StagingDirectory::commit() {
  const fs::path old = beside(target_, kReplacedMarker, getpid());
  const bool replacing = fs::exists(target_);
  if (replacing) fs::rename(target_, old);
  fs::rename(path_, target_);
  committed_ = true;
  if (replacing) fs::remove_all(old);
}

}  // namespace ssim::run
