#include "models/ring_allreduce.hpp"
#include <gtest/gtest.h>
#include <numeric>

using namespace ssim::models;

namespace {

// Four workers of 1 Gflop/s, 100 iterations of 4e9 flops (4 s), a gradient of 1e6 values of 4
// bytes, neighbours 1 ms and 100 MB/s apart on links of their own, an optimizer of 2 flops a value.
RingAllreduceInput four_workers() {
  RingAllreduceInput in;
  in.iteration_flops.assign(100, 4e9);
  in.worker_speeds.assign(4, SpeedTimeline(1e9));
  in.values = 1'000'000;
  in.bytes_per_value = 4;
  in.optimizer_flops = 2e6;
  for (int w = 0; w < 4; ++w) in.neighbours.push_back({.latency_s = 1e-3, .bottleneck = w, .bandwidth = 1e8});
  return in;
}

std::vector<long> sizes(const RingChunks& chunks) {
  std::vector<long> s;
  for (int c = 0; c < chunks.count(); ++c) s.push_back(chunks.size(c));
  return s;
}

}  // namespace

TEST(RingChunks, ContiguousSizesDifferByAtMostOneLargerFirst) {
  const RingChunks chunks(10, 4);
  EXPECT_EQ(sizes(chunks), (std::vector<long>{3, 3, 2, 2}));
  EXPECT_EQ(chunks.start(0), 0);
  EXPECT_EQ(chunks.start(2), 6);
  EXPECT_EQ(chunks.start(3), 8);
  EXPECT_EQ(chunks.largest(), 3);
  EXPECT_EQ(sizes(RingChunks(5508, 4)), std::vector<long>(4, 1377));
  EXPECT_EQ(sizes(RingChunks(7, 1)), std::vector<long>{7});
  EXPECT_EQ(sizes(RingChunks(2, 4)), (std::vector<long>{1, 1, 0, 0}));  // fewer values than workers
  EXPECT_THROW(RingChunks(10, 0), std::invalid_argument);
}

TEST(RingTraffic, EachWorkerSendsEveryChunkButTwo) {
  // Chunks 3, 3, 2, 2 of 4 bytes: worker w skips chunks w+1 and w+2 of the 2 * 10 values.
  const auto bytes = ring_allreduce_bytes_sent(RingChunks(10, 4), 4);
  EXPECT_EQ(bytes, (std::vector<double>{(20 - 3 - 2) * 4, (20 - 2 - 2) * 4, (20 - 2 - 3) * 4, (20 - 3 - 3) * 4}));
  // Every step moves each value once: 2(N-1) * P values in all.
  EXPECT_DOUBLE_EQ(std::accumulate(bytes.begin(), bytes.end(), 0.0), 2 * 3 * 10 * 4);
  // Two workers send each other the whole gradient once; one sends nothing.
  EXPECT_EQ(ring_allreduce_bytes_sent(RingChunks(10, 2), 4), (std::vector<double>{40, 40}));
  EXPECT_EQ(ring_allreduce_bytes_sent(RingChunks(10, 1), 4), std::vector<double>{0});
}

TEST(RingTraffic, EqualChunksGiveTwoNMinus1OverNOfTheGradient) {
  EXPECT_DOUBLE_EQ(ring_allreduce_bytes_per_worker(22032, 1), 0);
  EXPECT_DOUBLE_EQ(ring_allreduce_bytes_per_worker(22032, 2), 22032);
  EXPECT_DOUBLE_EQ(ring_allreduce_bytes_per_worker(22032, 4), 33048);
  for (double bytes : ring_allreduce_bytes_sent(RingChunks(5508, 4), 4)) EXPECT_DOUBLE_EQ(bytes, 33048);
}

TEST(RingAllreduceModel, IterationIsComputeThenTwoNMinus1StepsThenUpdate) {
  // A step: 1 ms + 1 MB / 100 MB/s = 11 ms. Adding a chunk of 250000 values: 0.25 ms. The update:
  // (1e6 + 2e6) flops = 3 ms. Per iteration 4 + 6 * 0.011 + 3 * 0.00025 + 0.003 s.
  const auto p = ring_allreduce(four_workers());
  EXPECT_NEAR(p.time_s, 100 * (4 + 0.066 + 0.00075 + 0.003), 1e-9);
  EXPECT_NE(p.values.find("N = 4, I = 100"), std::string::npos) << p.values;
}

TEST(RingAllreduceModel, NeighboursSharingALinkShareItsBandwidth) {
  // All four messages of a step on one link (a bus): 1 ms + 4 * 10 ms. In lock-step every step
  // ends at once, so the recursion gives the paper's form.
  auto in = four_workers();
  for (auto& flow : in.neighbours) flow.bottleneck = 0;
  const auto p = ring_allreduce(in);
  EXPECT_NEAR(p.time_s, 100 * (4 + 6 * 0.041 + 0.00075 + 0.003), 1e-9);
  EXPECT_EQ(p.kind, Prediction::Kind::upper_bound) << "out of step, the hops would overlap less";
  EXPECT_EQ(ring_allreduce(four_workers()).kind, Prediction::Kind::exact);
}

// Two workers of a gradient of 1e6 values (chunks of 500000, 2 MB), 1 ms and 100 MB/s apart:
// a hop takes 21 ms; the update 3e6 flops.
RingAllreduceInput two_workers(double second_speed) {
  RingAllreduceInput in;
  in.iteration_flops = {1e9};
  in.worker_speeds = {SpeedTimeline(1e9), SpeedTimeline(second_speed)};
  in.values = 1'000'000;
  in.optimizer_flops = 2e6;
  for (int w = 0; w < 2; ++w) in.neighbours.push_back({.latency_s = 1e-3, .bottleneck = w, .bandwidth = 1e8});
  return in;
}

TEST(RingAllreduceModel, TheFastWorkerWaitsOnlyForWhatItNeedsFromTheSlowOne) {
  // Worker 1 at half speed computes until 2 s. Reduce-scatter: worker 0's chunk arrives at 1.021,
  // worker 1's at 2.021; worker 0 adds by 2.0215, worker 1 (which had its chunk) by 2 + 1 ms.
  // All-gather: worker 0 posts at 2.0215 (arrives 2.0425), worker 1 once its first send arrived,
  // 2.021 (arrives 2.042). Updates: worker 0 2.042 + 3 ms, worker 1 2.0425 + 6 ms = 2.0485 s,
  // half a millisecond under the lock-step form's 2 + 2 * 21 ms + 1 ms + 6 ms.
  const auto p = ring_allreduce(two_workers(0.5e9));
  EXPECT_NEAR(p.time_s, 2.0485, 1e-12);
  EXPECT_NE(p.values.find("lock-step form: step = 0.021 s"), std::string::npos) << p.values;
  EXPECT_NE(p.values.find("T = 2.049 s"), std::string::npos) << p.values;
}

TEST(RingAllreduceModel, AWindowOfSlowdownIsChargedOnlyWhileItLasts) {
  // Worker 1 at half speed for its first second: 1e9 flops done at 1.5 s, its additions and update
  // at full speed. Worker 0 adds from 1.521 to 1.5215 and takes the last chunk at 1.542; worker 1
  // posts its second chunk at 1.521, takes worker 0's at 1.5425 and updates by 1.5455 s.
  auto in = two_workers(1e9);
  in.worker_speeds[1] = SpeedTimeline(1e9, {{0, 0.5}, {1, 1}});
  EXPECT_NEAR(ring_allreduce(in).time_s, 1.5455, 1e-12);
}

TEST(RingAllreduceModel, AStraggleIsChargedInTheIterationItHits) {
  // No gradient: a hop is its 1 ms latency. Worker 1 is 5x slower in iteration 0 only: both
  // workers then start iteration 1 at 5.002 s (two hops after 5 s) and end it 1 s and two hops later.
  auto in = two_workers(1e9);
  in.values = 0;
  in.optimizer_flops = 0;
  in.iteration_flops = {1e9, 1e9};
  in.straggle_factor = [](int w, long i) { return w == 1 && i == 0 ? 5.0 : 1.0; };
  EXPECT_NEAR(ring_allreduce(in).time_s, 6.004, 1e-12);
}

TEST(RingAllreduceModel, UnevenChunksTravelAndAreAddedAtTheirOwnSizes) {
  // 3 values in chunks of 2 and 1, 1 byte each, over 1 B/s hops, added at 1 flop/s. Reduce-scatter:
  // worker 0 takes the 1-value chunk at 1 and adds it by 2; worker 1 takes the 2-value one at 2
  // and adds it by 4. All-gather: worker 1 sends its 2 values from 4 to 6, which worker 0 then takes;
  // its 3-flop update ends at 9.
  RingAllreduceInput in;
  in.iteration_flops = {0};
  in.worker_speeds.assign(2, SpeedTimeline(1.0));
  in.values = 3;
  in.bytes_per_value = 1;
  in.neighbours = {{.latency_s = 0, .bottleneck = 0, .bandwidth = 1}, {.latency_s = 0, .bottleneck = 1, .bandwidth = 1}};
  EXPECT_NEAR(ring_allreduce(in).time_s, 9.0, 1e-12);
}

TEST(RingAllreduceModel, OneWorkerOnlyComputesAndUpdates) {
  RingAllreduceInput in;
  in.iteration_flops.assign(10, 2e9);
  in.iteration_flops.push_back(1e9);
  in.worker_speeds = {SpeedTimeline(1e9)};
  in.values = 1'000'000;
  in.optimizer_flops = 2e6;
  EXPECT_NEAR(ring_allreduce(in).time_s, 10 * 2.003 + 1.003, 1e-9);
}
