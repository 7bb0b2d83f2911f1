// Writes a whole file and makes sure it reached the disk: a full disk or an I/O error is an
// exception, never a short file that looks like a result.
#pragma once
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unistd.h>

namespace ssim {

inline void write_file(const std::string& path, std::string_view content) {
  auto fail = [&path](const char* what) {
    throw std::runtime_error("cannot write " + path + ": " + what + ": " + std::strerror(errno));
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("open");
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      errno = error;
      fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) {  // EINVAL: a file system without fsync (nothing to flush)
    const int error = errno;
    ::close(fd);
    errno = error;
    fail("fsync");
  }
  if (::close(fd) != 0) fail("close");
}

}  // namespace ssim
