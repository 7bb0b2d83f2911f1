#include "models/ring_allreduce.hpp"
#include <gtest/gtest.h>
#include <numeric>

using namespace ssim::models;

namespace {

// Four workers of 1 Gflop/s, 100 iterations of 4e9 flops (4 s), a gradient of 1e6 values of 4
// bytes, neighbours 1 ms and 100 MB/s apart on links of their own, an optimizer of 2 flops a value.
RingAllreduceInput four_workers() {
  RingAllreduceInput in;
  in.workload = {{100, 4e9}};
  in.worker_speeds.assign(4, 1e9);
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
  // All four messages of a step on one link (a bus): 1 ms + 4 * 10 ms.
  auto in = four_workers();
  for (auto& flow : in.neighbours) flow.bottleneck = 0;
  EXPECT_NEAR(ring_allreduce(in).time_s, 100 * (4 + 6 * 0.041 + 0.00075 + 0.003), 1e-9);
}

TEST(RingAllreduceModel, TheSlowestWorkerSetsComputeAddAndUpdate) {
  auto in = four_workers();
  in.worker_speeds[2] = 0.5e9;  // 8 s of compute, 0.5 ms per chunk added, 6 ms of update
  EXPECT_NEAR(ring_allreduce(in).time_s, 100 * (8 + 0.066 + 0.0015 + 0.006), 1e-9);
}

TEST(RingAllreduceModel, UnevenChunksAreChargedTheLargest) {
  // 10 values in chunks 3, 3, 2, 2: each step sends 12 bytes; adding takes 3 flops.
  RingAllreduceInput in;
  in.workload = {{1, 0}};
  in.worker_speeds.assign(4, 1.0);
  in.values = 10;
  in.neighbours.assign(4, Flow{.latency_s = 0, .bottleneck = 0, .bandwidth = 12});
  for (int w = 0; w < 4; ++w) in.neighbours[w].bottleneck = w;
  EXPECT_NEAR(ring_allreduce(in).time_s, 6 * 1.0 + 3 * 3.0 + 10.0, 1e-12);
}

TEST(RingAllreduceModel, RandomStragglingTakesTheExpectedSlowestWorker) {
  // Two workers of 1 s, each 5x slower with probability 0.1: E[max] = 1 + 4 * (1 - 0.9^2) = 1.76 s;
  // an empty gradient still pays each step's 1 ms latency.
  RingAllreduceInput in;
  in.workload = {{10, 1e9}};
  in.worker_speeds.assign(2, 1e9);
  in.values = 0;
  in.neighbours = {{.latency_s = 1e-3, .bottleneck = 0, .bandwidth = 1e8},
                   {.latency_s = 1e-3, .bottleneck = 1, .bandwidth = 1e8}};
  in.straggle_probability = 0.1;
  in.straggle_slowdown = 5;
  EXPECT_NEAR(ring_allreduce(in).time_s, 10 * (1.76 + 2 * 0.001), 1e-9);
}

TEST(RingAllreduceModel, OneWorkerOnlyComputesAndUpdates) {
  RingAllreduceInput in;
  in.workload = {{10, 2e9}, {1, 1e9}};
  in.worker_speeds = {1e9};
  in.values = 1'000'000;
  in.optimizer_flops = 2e6;
  EXPECT_NEAR(ring_allreduce(in).time_s, 10 * 2.003 + 1.003, 1e-9);
}
