#include "nn/cpu_independence.hpp"
#include <Eigen/Core>
#include <mutex>

namespace ssim::nn {

void pin_cpu_dependent_settings() {
  static std::once_flag pinned;
  std::call_once(pinned, [] { Eigen::setCpuCacheSizes(kPinnedL1Bytes, kPinnedL2Bytes, kPinnedL3Bytes); });
}

}  // namespace ssim::nn
