// Seed 004, eq. 1: one host, no communication: T = I * T_A. Each round's step runs through the
// host's speed over time (fixed and windowed slowdowns), slowed by the straggle factor the run
// draws for that round, so the sum is exact.
#pragma once
#include "models/prediction.hpp"
#include "models/speed_timeline.hpp"
#include <functional>
#include <vector>

namespace ssim::models {

struct SingleNodeInput {
  std::vector<double> round_flops;  // each round's training and optimizer step
  SpeedTimeline speed{1};
  // Compute-time factor of round r (random straggling); none when empty.
  std::function<double(long round)> straggle_factor;
};

Prediction single_node(const SingleNodeInput& input);

}  // namespace ssim::models
