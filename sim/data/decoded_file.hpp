// A data file's decompressed bytes, from wherever they are cheapest: a plain file is mapped as it
// is; a gzipped one comes from the cache of decoded files (data/idx_cache.hpp), or else is
// inflated and cached for the next run.
#pragma once
#include "data/mapped_file.hpp"
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace ssim::data {

class DecodedFile {
 public:
  // Throws std::runtime_error "PATH: cannot open" or "PATH: read error: WHAT".
  explicit DecodedFile(const std::string& path);
  DecodedFile(const DecodedFile&) = delete;
  DecodedFile& operator=(const DecodedFile&) = delete;

  std::span<const unsigned char> bytes() const { return bytes_; }

 private:
  std::variant<std::monostate, std::vector<unsigned char>, MappedFile> storage_;
  std::span<const unsigned char> bytes_;  // inside storage_
};

}  // namespace ssim::data
