// FNV-1a, 64 bits: a hash defined byte by byte, so the same text hashes the same on every machine.
#pragma once
#include <cstdint>
#include <string_view>

namespace ssim {

constexpr std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash;
}

}  // namespace ssim
