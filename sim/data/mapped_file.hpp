// A whole file mapped read-only into memory: its bytes without copying them, and without
// touching fresh memory (the pages are the page cache's).
#pragma once
#include <cstddef>
#include <span>
#include <string>

namespace ssim::data {

class MappedFile {
 public:
  // How much of the file will be read: all of it is mapped at once (one call rather than a page
  // fault per few pages), part of it page by page as it is read.
  enum class Reading { whole, in_part };
  // Maps the regular file open as `fd` (which the caller keeps and closes); throws
  // std::runtime_error naming `path` when it cannot.
  MappedFile(int fd, const std::string& path, Reading reading);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const unsigned char> bytes() const { return {data_, size_}; }

 private:
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ssim::data
