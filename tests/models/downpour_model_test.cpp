#include "models/downpour.hpp"
#include <cmath>
#include <gtest/gtest.h>

using namespace ssim::models;

TEST(DownpourModel, EpochIsDispatchThenSlowestTrainingThenGatherAndAggregate) {
  DownpourInput in;
  in.epochs = 3;
  in.dispatch_bytes = {1e6, 1e6};
  in.dispatch.assign(2, Flow{.latency_s = 0.001, .bottleneck = 0, .bandwidth = 1e8});  // the manager's link
  in.worker_flops = {4e9, 2e9};
  in.worker_steps = {4, 2};
  in.worker_speeds = {1e9, 1e9};
  in.update_bytes = 1e6;
  in.gather = {Flow{.latency_s = 0.001, .bottleneck = 1, .bandwidth = 1e8},
               Flow{.latency_s = 0.001, .bottleneck = 2, .bandwidth = 1e8}};
  in.manager_flops = 2e8;
  in.manager_speed = 1e9;
  // Both blocks arrive at 1 ms + 2 MB / 100 MB/s; the slower worker trains 4 s; its update crosses
  // alone in 11 ms; aggregation 0.2 s.
  const double epoch = 0.021 + 4 + 0.011 + 0.2;
  EXPECT_NEAR(downpour(in).time_s, 3 * epoch, 1e-9);
  // Random straggling: each 1 s step takes 3 s with probability 0.5. The epoch waits for the
  // last worker, 4 + 2 K0 or 2 + 2 K1 s with K0 ~ B(4, 1/2), K1 ~ B(2, 1/2); its update crosses alone.
  in.straggle_probability = 0.5;
  in.straggle_slowdown = 3;
  const double binomial4[] = {1, 4, 6, 4, 1}, binomial2[] = {1, 2, 1};
  double last = 0;
  for (int k0 = 0; k0 <= 4; ++k0)
    for (int k1 = 0; k1 <= 2; ++k1)
      last += binomial4[k0] / 16 * binomial2[k1] / 4 * std::max(4.0 + 2 * k0, 2.0 + 2 * k1);
  EXPECT_NEAR(downpour(in).time_s, 3 * (0.021 + last + 0.011 + 0.2), 1e-9);
}

TEST(DownpourModel, TheBlockOfTheCloserWorkerArrivesFirstAndItStartsTrainingFirst) {
  // Two 1 MB blocks share the manager's 100 MB/s link; the second worker is twice as far (penalty
  // 2): the first block arrives at 15 ms, the second at 20 ms. The first worker trains 4 s, its
  // update crosses alone in 11 ms, aggregation 0.2 s.
  DownpourInput in;
  in.dispatch_bytes = {1e6, 1e6};
  in.dispatch = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1}, Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2}};
  in.worker_flops = {4e9, 2e9};
  in.worker_steps = {4, 2};
  in.worker_speeds = {1e9, 1e9};
  in.update_bytes = 1e6;
  in.gather = {Flow{.latency_s = 0.001, .bottleneck = 1, .bandwidth = 1e8},
               Flow{.latency_s = 0.001, .bottleneck = 2, .bandwidth = 1e8}};
  in.manager_flops = 2e8;
  in.manager_speed = 1e9;
  EXPECT_NEAR(downpour(in).time_s, 0.015 + 4 + 0.011 + 0.2, 1e-9);
}
