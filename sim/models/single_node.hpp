// Seed 004, eq. 1: one host, no communication: T = I * T_A.
#pragma once
#include "models/prediction.hpp"
#include "models/workload.hpp"

namespace ssim::models {

// `update_flops`: the optimizer step after each iteration; `speed`: the host's flop/s after any
// fixed slowdown.
Prediction single_node(const Workload& workload, double update_flops, double speed);

}  // namespace ssim::models
