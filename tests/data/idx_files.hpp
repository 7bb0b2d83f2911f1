// Small IDX files written by tests: a big-endian header then the bytes, gzipped or not.
#pragma once
#include <gtest/gtest.h>
#include <zlib.h>
#include <cstdint>
#include <string>
#include <vector>

namespace ssim::data {

using Bytes = std::vector<unsigned char>;

inline void put_u32(Bytes& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<unsigned char>(value >> shift));
}

inline Bytes image_file(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const Bytes& pixels,
                        std::uint32_t magic = 0x803) {
  Bytes bytes;
  for (std::uint32_t field : {magic, count, rows, cols}) put_u32(bytes, field);
  bytes.insert(bytes.end(), pixels.begin(), pixels.end());
  return bytes;
}

inline Bytes label_file(std::uint32_t count, const Bytes& labels, std::uint32_t magic = 0x801) {
  Bytes bytes;
  for (std::uint32_t field : {magic, count}) put_u32(bytes, field);
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  return bytes;
}

// Writes through zlib either way: mode "T" is zlib's plain (uncompressed) output.
inline void write(const std::string& path, const Bytes& bytes, bool gzipped) {
  gzFile file = gzopen(path.c_str(), gzipped ? "wb" : "wbT");
  ASSERT_NE(file, nullptr) << path;
  ASSERT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

}  // namespace ssim::data
