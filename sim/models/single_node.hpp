// Seed 004, eq. 1: one host, no communication: T = I * T_A.
#pragma once
#include "models/prediction.hpp"
#include "models/workload.hpp"

namespace ssim::models {

// `update_flops`: the optimizer step after each iteration; `speed`: the host's flop/s after any
// fixed slowdown. Under random straggling (each iteration `straggle_slowdown` times slower with
// `straggle_probability`) an iteration takes 1 + p(s - 1) times T_A on average.
Prediction single_node(const Workload& workload, double update_flops, double speed, double straggle_probability = 0,
                       double straggle_slowdown = 1);

}  // namespace ssim::models
