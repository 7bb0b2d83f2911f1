#include "run/output_dir.hpp"
#include "common/write_file.hpp"
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
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

bool is_stragglesim_output(const fs::path& dir) {
  std::ifstream in(dir / kManifestName);
  if (!in) return false;
  const auto manifest = nlohmann::json::parse(in, nullptr, false);
  return manifest.is_object() && manifest.value("written_by", "") == "stragglesim";
}

fs::path resolve_output(const std::string& out_dir) {
  fs::path path = fs::weakly_canonical(fs::absolute(out_dir));
  if (!path.has_filename() && path.has_parent_path()) path = path.parent_path();  // "results/x/"
  return path;
}

void check_output_target(const fs::path& target, const std::vector<std::string>& inputs) {
  auto refuse = [&target](const std::string& why) {
    throw OutputError(fmt::format("results directory {}: {}; choose another --out", target.string(), why));
  };
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
  const auto status = fs::status(target, error);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status)) refuse("exists and is not a directory");
  if (fs::is_empty(target, error) || is_stragglesim_output(target)) return;
  refuse(fmt::format("holds files that stragglesim did not write (it has no {}); stragglesim replaces only "
                     "results directories it wrote",
                     kManifestName));
}

void claim_in_place(const fs::path& target) {
  fs::create_directories(target);
  if (is_stragglesim_output(target)) return;
  // Written aside and renamed, so that another process never reads half a manifest.
  const fs::path aside = target / (std::string(kManifestName) + std::string(kStagingMarker) + std::to_string(getpid()));
  write_file(aside.string(), kBareManifest);
  fs::rename(aside, target / kManifestName);
}

fs::path staging_path(const fs::path& target, long pid) {
  return target.parent_path() / (target.filename().string() + std::string(kStagingMarker) + std::to_string(pid));
}

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
  const fs::path old = target_.parent_path() /
                       (target_.filename().string() + std::string(kReplacedMarker) + std::to_string(getpid()));
  const bool replacing = fs::exists(target_);
  if (replacing) fs::rename(target_, old);
  fs::rename(path_, target_);
  committed_ = true;
  if (replacing) fs::remove_all(old);
}

}  // namespace ssim::run
