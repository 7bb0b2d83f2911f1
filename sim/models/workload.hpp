// The shape of a training run, as the models need it: rounds of identical work.
#pragma once
#include <vector>

namespace ssim::models {

// `count` rounds in which each worker computes `worker_flops` (the last, smaller batch of an
// epoch makes a group of its own).
struct RoundGroup {
  long count = 0;
  double worker_flops = 0;
};
using Workload = std::vector<RoundGroup>;

long total_rounds(const Workload& workload);

}  // namespace ssim::models
