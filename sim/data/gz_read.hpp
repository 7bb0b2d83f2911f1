// Whole files read through zlib, which decompresses gzipped files and reads others as they are.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace ssim::data {

// The file's (decompressed) bytes; `expected_size`, when known, saves growing the buffer.
// Throws std::runtime_error "PATH: cannot open" or "PATH: read error: WHAT".
std::vector<unsigned char> read_decompressed(const std::string& path, std::size_t expected_size = 0);

}  // namespace ssim::data
