#include "models/downpour.hpp"
#include <cmath>
#include <gtest/gtest.h>

using namespace ssim::models;

namespace {

// Two workers: worker 0 trains 4 steps of 1 s, worker 1 two; 1 MB blocks and updates.
DownpourInput two_workers(int epochs) {
  DownpourInput in;
  in.epochs.assign(epochs, {DownpourJob{.dispatch_bytes = 1e6, .step_flops = {1e9, 1e9, 1e9, 1e9}},
                            DownpourJob{.dispatch_bytes = 1e6, .step_flops = {1e9, 1e9}}});
  in.worker_speeds = {SpeedTimeline(1e9), SpeedTimeline(1e9)};
  in.dispatch.assign(2, Flow{.latency_s = 0.001, .bottleneck = 0, .bandwidth = 1e8});  // the manager's link
  in.update_bytes = 1e6;
  in.gather = {Flow{.latency_s = 0.001, .bottleneck = 1, .bandwidth = 1e8},
               Flow{.latency_s = 0.001, .bottleneck = 2, .bandwidth = 1e8}};
  in.manager_flops = 2e8;
  in.manager_speed = SpeedTimeline(1e9);
  return in;
}

}  // namespace

TEST(DownpourModel, EpochIsDispatchThenSlowestTrainingThenGatherAndAggregate) {
  // Both blocks arrive at 1 ms + 2 MB / 100 MB/s; the slower worker trains 4 s; its update crosses
  // alone in 11 ms; aggregation 0.2 s.
  auto in = two_workers(3);
  const double epoch = 0.021 + 4 + 0.011 + 0.2;
  EXPECT_NEAR(downpour(in).time_s, 3 * epoch, 1e-9);
  // The run's draws: worker 0's step 5 (the second of epoch 1) three times slower: 2 s more then.
  in.straggle_factor = [](int w, long step) { return w == 0 && step == 5 ? 3.0 : 1.0; };
  EXPECT_NEAR(downpour(in).time_s, 3 * epoch + 2, 1e-9);
  // Worker 1 at a quarter speed from 1 s to 3 s: 0.979 s of its work done by 1 s, 0.5 s in the
  // window, the last 0.521 s after it: its pass ends at 3.521 s, still before worker 0's.
  in.straggle_factor = {};
  in.worker_speeds[1] = SpeedTimeline(1e9, {{1.0, 0.25}, {3.0, 1.0}});
  EXPECT_NEAR(downpour(in).time_s, 3 * epoch, 1e-9);
  // Worker 0 the same: the window costs it 1.5 s of its first epoch, and the run as much.
  in.worker_speeds[0] = SpeedTimeline(1e9, {{1.0, 0.25}, {3.0, 1.0}});
  EXPECT_NEAR(downpour(in).time_s, 3 * epoch + 1.5, 1e-9);
}

TEST(DownpourModel, TheBlockOfTheCloserWorkerArrivesFirstAndItStartsTrainingFirst) {
  // Two 1 MB blocks share the manager's 100 MB/s link; the second worker is twice as far (penalty
  // 2): the first block arrives at 15 ms, the second at 20 ms. The first worker trains 4 s, its
  // update crosses alone in 11 ms, aggregation 0.2 s.
  auto in = two_workers(1);
  in.dispatch = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1}, Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2}};
  EXPECT_NEAR(downpour(in).time_s, 0.015 + 4 + 0.011 + 0.2, 1e-9);
}
