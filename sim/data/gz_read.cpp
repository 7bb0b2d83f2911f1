#include "data/gz_read.hpp"
#include <zlib.h>
#include <algorithm>
#include <stdexcept>

namespace ssim::data {

std::vector<unsigned char> read_decompressed(const std::string& path, std::size_t expected_size) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error(path + ": cannot open");
  gzbuffer(file, 1 << 17);
  // One extra byte so that the read finding the end needs no larger buffer.
  std::vector<unsigned char> data(std::max<std::size_t>(expected_size + 1, 1 << 16));
  std::size_t size = 0;
  while (true) {
    if (size == data.size()) data.resize(2 * size);
    constexpr std::size_t kLargestRead = 1 << 30;  // gzread counts in int
    const int got = gzread(file, data.data() + size, static_cast<unsigned>(std::min(data.size() - size, kLargestRead)));
    if (got < 0) {
      int code = Z_OK;
      std::string message = gzerror(file, &code);
      gzclose(file);
      if (message.starts_with(path + ": ")) message.erase(0, path.size() + 2);  // zlib names the file too
      throw std::runtime_error(path + ": read error: " + message);
    }
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  gzclose(file);
  data.resize(size);
  return data;
}

}  // namespace ssim::data
