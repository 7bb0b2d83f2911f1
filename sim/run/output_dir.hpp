// Where a run's results go, and the rules that keep a user's own files safe: stragglesim only
// ever replaces a directory it wrote itself (one holding its manifest), and results appear all at
// once, from a staging directory beside the target, or not at all.
#pragma once
#include "common/input_error.hpp"
#include <filesystem>
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

// True when `dir` holds a manifest that stragglesim wrote.
bool is_stragglesim_output(const std::filesystem::path& dir);

// `out_dir` made absolute, with symbolic links and "..", and any trailing slash, resolved.
std::filesystem::path resolve_output(const std::string& out_dir);

// Throws OutputError unless `target` (resolved) may receive results: it does not exist, is an
// empty directory, or is a results directory stragglesim wrote; and it holds neither the working
// directory nor any of `inputs` (the scenario and the files it reads).
void check_output_target(const std::filesystem::path& target, const std::vector<std::string>& inputs);

// Makes `target` (checked as above) a directory stragglesim fills in place, as a sweep does:
// creates it if need be and puts its manifest in, so that later commands may write there again.
void claim_in_place(const std::filesystem::path& target);

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
