#include "data/decoded_file.hpp"
#include "common/scope_exit.hpp"
#include "data/gz_read.hpp"
#include "data/idx_cache.hpp"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace ssim::data {
namespace {

bool starts_as_gzip(int fd) {
  std::array<unsigned char, 2> start{};
  return ::pread(fd, start.data(), start.size(), 0) == 2 && start[0] == 0x1f && start[1] == 0x8b;
}

// The decompressed size a gzip file's trailer states (modulo 2^32), if a deflate stream of this
// file's size could reach it (at most 1032 bytes out per byte in): only a guess at a buffer size.
std::size_t stated_size(int fd, std::uint64_t file_size) {
  std::array<unsigned char, 4> trailer{};
  if (file_size < 18 ||  // a 10-byte header, an 8-byte trailer
      ::pread(fd, trailer.data(), 4, static_cast<off_t>(file_size - 4)) != 4) return 0;
  const std::uint64_t size = std::uint64_t{trailer[0]} | std::uint64_t{trailer[1]} << 8 |
                             std::uint64_t{trailer[2]} << 16 | std::uint64_t{trailer[3]} << 24;
  return size <= 1032 * file_size ? size : 0;
}

}  // namespace

DecodedFile::DecodedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path + ": cannot open");
  const ScopeExit close_file([fd] { ::close(fd); });
  struct stat status {};
  // Anything but a regular file (a directory, a pipe) is zlib's to read, or to report.
  const bool regular = ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode);
  if (regular && !starts_as_gzip(fd)) {  // read only as far as the records asked for
    bytes_ = std::get<MappedFile>(storage_ = MappedFile(fd, path, MappedFile::Reading::in_part)).bytes();
    return;
  }
  if (!regular) {
    bytes_ = std::get<std::vector<unsigned char>>(storage_ = read_decompressed(path));
    return;
  }
  const SourceKey key = source_key(fd, path);
  const DecodedCache cache(cache_directory());
  if (auto copy = cache.find(key)) {
    bytes_ = copy->content;
    storage_ = std::move(copy->file);
    return;
  }
  bytes_ = std::get<std::vector<unsigned char>>(storage_ = read_decompressed(path, stated_size(fd, key.size)));
  cache.store(key, bytes_);
}

}  // namespace ssim::data
