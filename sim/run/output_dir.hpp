// Where a run's results go, and the rules that keep a user's own files safe: stragglesim only
// ever replaces a directory it wrote itself (one holding its manifest), and results appear all at
// once, from a staging directory beside the target, or not at all.
#pragma once
#include "common/input_error.hpp"
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ssim::run {

// The results directory may not be used: the message says why (exit 2, nothing was written).
class OutputError : public InputError {
 public:
  using InputError::InputError;
};

// The manifest that marks a directory as stragglesim's own; it also records the run's provenance.
inline constexpr std::string_view kManifestName = "stragglesim.json";
inline constexpr std::string_view kStagingMarker = ".partial-";
inline constexpr std::string_view kReplacedMarker = ".replaced-";

// The manifest of `dir` when stragglesim wrote it (a regular file, not a link), null otherwise.
nlohmann::json read_manifest(const std::filesystem::path& dir);
// The file names a manifest lists under "files".
std::set<std::string> listed_files(const nlohmann::json& manifest);
// True when `dir` holds a manifest that stragglesim wrote.
bool is_stragglesim_output(const std::filesystem::path& dir);

// `out_dir` made absolute, with symbolic links and "..", and any trailing slash, resolved.
std::filesystem::path resolve_output(const std::string& out_dir);

[[noreturn]] void refuse_output(const std::filesystem::path& target, const std::string& why);

// Throws OutputError unless `target` (resolved) is a place results may go: not the root, holding
// neither the working directory nor any of `inputs` (the scenario and the files it reads), a
// directory if it exists, and below a directory (not a file, nor a link to nothing).
void check_output_location(const std::filesystem::path& target, const std::vector<std::string>& inputs);

// check_output_location, and `target` does not exist, is an empty directory, or is a results
// directory stragglesim wrote holding only the files its manifest lists.
void check_output_target(const std::filesystem::path& target, const std::vector<std::string>& inputs);

// Where the process `pid` writes results for `target` until they are complete.
std::filesystem::path staging_path(const std::filesystem::path& target, long pid);

// A staging directory beside the target, removed unless committed. Staging directories that
// processes now dead left for the same target are removed first.
class StagingDirectory {
 public:
  explicit StagingDirectory(const std::filesystem::path& target);
  ~StagingDirectory();
  StagingDirectory(const StagingDirectory&) = delete;
  StagingDirectory& operator=(const StagingDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Puts the staged results in the target's place; the old results go only once the new are there.
  void commit();

 private:
  std::filesystem::path target_, path_;
  bool committed_ = false;
};

}  // namespace ssim::run
