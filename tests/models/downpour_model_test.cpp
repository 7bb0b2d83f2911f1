#include "models/downpour.hpp"
#include "models/downpour_async.hpp"
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

namespace {

DownpourAsyncInput async_input(int workers, long steps) {
  DownpourAsyncInput in;
  for (int w = 0; w < workers; ++w) {
    in.steps.push_back(steps);
    in.compute_flops.push_back(steps * 1e7);  // 10 ms a step at 1 Gflop/s
    in.samples.push_back(steps * 16.0);
    in.worker_speeds.push_back(1e9);
    in.up.push_back(Flow{.latency_s = 0.001, .bottleneck = 0, .bandwidth = 1e8});    // into the server
    in.down.push_back(Flow{.latency_s = 0.001, .bottleneck = 1, .bandwidth = 1e8});  // out of it
  }
  in.parameter_bytes = 1e5;  // 1 ms at 100 MB/s
  in.request_bytes = 0;
  in.server_speed = 1e9;
  in.push_flops = 5e5;  // 0.5 ms
  return in;
}

}  // namespace

TEST(DownpourAsyncModel, OneWorkerFetchesTrainsAndPushesEveryStep) {
  const auto in = async_input(1, 10);
  // First fetch: request 1 ms + reply 2 ms. Every later fetch waits for the push before it
  // (2 ms) and its apply (0.5 ms, less than the request's 1 ms), then the reply (2 ms).
  const double worker = (1 + 2) * 1e-3 + 10 * 0.010 + 9 * (2 + 1 + 2) * 1e-3 + 0.002;
  const auto p = downpour_async(in);
  EXPECT_NEAR(p.worker_time[0], worker, 1e-12);
  EXPECT_NEAR(p.prediction.time_s, worker + 0.001, 1e-12);  // the "done" after the last push
  EXPECT_NEAR(p.throughput, 160 / p.prediction.time_s, 1e-9);
  EXPECT_DOUBLE_EQ(p.staleness[0], 0);
}

TEST(DownpourAsyncModel, WorkersAtOnePaceCrossTogetherAndQueueAtTheServer) {
  const auto in = async_input(2, 10);
  // Two pushes share the server's link (3 ms), are applied one after the other (1 ms, as long as
  // the request takes), and the two replies share its other link (3 ms).
  const double worker = (1 + 3) * 1e-3 + 10 * 0.010 + 9 * (3 + 1 + 3) * 1e-3 + 0.003;
  const auto p = downpour_async(in);
  EXPECT_NEAR(p.worker_time[0], worker, 1e-12);
  EXPECT_NEAR(p.worker_time[1], worker, 1e-12);
  // Each push follows the other worker's or is followed by it: half a push stale on average.
  EXPECT_DOUBLE_EQ(p.staleness[0], 0.5);
  EXPECT_DOUBLE_EQ(p.mean_staleness, 0.5);
}

TEST(DownpourAsyncModel, FetchAndPushEveryNSteps) {
  EXPECT_TRUE(pushes_after(3, 10, 4));
  EXPECT_FALSE(pushes_after(4, 10, 4));
  EXPECT_TRUE(pushes_after(9, 10, 4));  // the last step always pushes
  auto in = async_input(1, 12);
  in.fetch_every = 3;
  in.push_every = 2;
  // Fetches at steps 0, 3, 6, 9; pushes after steps 1, 3, 5, 7, 9, 11. The fetch at 6 follows the
  // push after 5 and waits for it (5 ms); those at 0, 3 and 9 do not (3 ms).
  const double worker = 3 * 0.003 + 0.005 + 12 * 0.010 + 0.002;
  const auto p = downpour_async(in);
  EXPECT_NEAR(p.worker_time[0], worker, 1e-12);
  // Its own earlier pushes since the fetch make it stale: pushes after 1 (fetched at 0: 0),
  // 3 (at 3: 0), 5 (1), 7 (at 6: 0), 9 (at 9: 0), 11 (1).
  EXPECT_DOUBLE_EQ(p.staleness[0], 2.0 / 6);
}

TEST(DownpourAsyncModel, AStragglerDoesNotSlowTheOthersAndSeesMoreOfTheirPushes) {
  auto in = async_input(3, 20);
  in.worker_speeds[2] = 0.25e9;  // 40 ms a step
  const auto calm = downpour_async(async_input(3, 20));
  const auto p = downpour_async(in);
  EXPECT_LT(p.worker_time[0], calm.worker_time[0]);  // one fewer at its pace to share the links with
  EXPECT_GT(p.worker_time[2], 20 * 0.040);
  EXPECT_NEAR(p.prediction.time_s, p.worker_time[2] + 0.001, 1e-12);
  EXPECT_GT(p.staleness[2], 2 * p.staleness[0]);
}

TEST(DownpourAsyncModel, ASlowServerQueuesThePushesOfWorkersInStep) {
  auto in = async_input(4, 10);
  in.push_flops = 1e8;  // 0.1 s a push
  // Four pushes share the link (5 ms) and wait for each other's apply (0.4 s) before the replies
  // (5 ms); the server ends applying the last four.
  const double worker = (1 + 5) * 1e-3 + 10 * 0.010 + 9 * (0.005 + 0.4 + 0.005) + 0.005;
  EXPECT_NEAR(downpour_async(in).prediction.time_s, worker + 0.4, 1e-9);
  // Workers at different paces do not queue so: the server's 40 applies (4 s) bound the run.
  for (int w = 0; w < 4; ++w) in.worker_speeds[w] = 1e9 * (1 + 0.01 * w);
  EXPECT_GE(downpour_async(in).prediction.time_s, 4.0);
}
