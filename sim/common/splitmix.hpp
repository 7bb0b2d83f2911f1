// splitmix64's finaliser: a bijection that scatters nearby inputs (epoch 1 vs 2, worker 3 vs 4)
// far apart, so several seeds can be derived from one scenario seed.
#pragma once
#include <cstdint>

namespace ssim {

constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace ssim
