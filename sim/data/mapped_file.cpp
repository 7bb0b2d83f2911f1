#include "data/mapped_file.hpp"
#include <sys/mman.h>
#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace ssim::data {

MappedFile::MappedFile(int fd, const std::string& path, Reading reading) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
  size_ = static_cast<std::size_t>(status.st_size);
  if (size_ == 0) return;  // mmap refuses empty mappings; an empty span needs none
  const int populate = reading == Reading::whole ? MAP_POPULATE : 0;
  void* data = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | populate, fd, 0);
  if (data == MAP_FAILED) throw std::runtime_error(path + ": cannot map: " + std::strerror(errno));
  data_ = static_cast<const unsigned char*>(data);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  std::swap(data_, other.data_);
  std::swap(size_, other.size_);
  return *this;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<unsigned char*>(data_), size_);
}

}  // namespace ssim::data
