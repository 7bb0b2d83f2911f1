// The decompressed content of gzipped data files, kept on disk so that a file is inflated once
// per machine rather than on every run. A cached copy is named by a hash of its source's
// canonical path, size and modification time, and repeats them in its header with its length and
// checksum: a copy that is truncated, damaged or of another file is never used. Copies are
// written to a temporary file and renamed into place, so a reader never sees one half-written.
#pragma once
#include "data/mapped_file.hpp"
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace ssim::data {

// $STRAGGLESIM_CACHE_DIR, else $XDG_CACHE_HOME/stragglesim, else $HOME/.cache/stragglesim;
// empty when none of them is set.
std::filesystem::path cache_directory();

// What identifies a source file's content.
struct SourceKey {
  std::string canonical_path;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};
// The key of the regular file open as `fd` at `path`.
SourceKey source_key(int fd, const std::string& path);

class DecodedCache {
 public:
  explicit DecodedCache(std::filesystem::path directory) : directory_(std::move(directory)) {}

  // The whole, current decoded copy of `source`, or nothing.
  struct Copy {
    MappedFile file;
    std::span<const unsigned char> content;  // inside `file`, after its header
  };
  std::optional<Copy> find(const SourceKey& source) const;
  // Keeps `decoded` as the decoded copy of `source`, replacing a stale or damaged copy. Never
  // throws: when the directory cannot be created or written, one warning on stderr names it and
  // why, and the data is simply not cached.
  void store(const SourceKey& source, std::span<const unsigned char> decoded) const;

  // The file that holds (or would hold) the copy of `source`.
  std::filesystem::path file_for(const SourceKey& source) const;

 private:
  std::filesystem::path directory_;
};

}  // namespace ssim::data
