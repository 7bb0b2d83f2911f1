#include "models/ring_tmp.hpp"
#include <gtest/gtest.h>

using namespace ssim::models;

namespace {

// Two nodes of 1 Gflop/s holding a 10-100-5 network, one dense layer each, ten batches of ten
// samples an epoch. Per batch: forward 1 ms on the master and 2 ms on node 1, the loss 1 ms,
// backward 4 ms on node 1 and 2 ms on the master: T_A = 10 ms. Messages cross links of 1 ms and
// 1 MB/s: activations and their errors (100 x 10 x 4 bytes) take 1 + 4 ms, the prediction and the
// output error (5 x 10 x 4 bytes) 1 + 0.2 ms: c = 12.4 ms. As on a star, each node's messages
// leave through its own link.
RingTmpInput two_nodes() {
  RingTmpInput in;
  in.cut_widths = {100, 5};
  in.parameter_count = 100 * 11 + 5 * 101;
  in.epochs = 2;
  in.epoch = {
      {.count = 10, .samples = 10, .forward_flops = {1e6, 2e6}, .backward_flops = {2e6, 4e6}, .loss_flops = 1e6}};
  in.node_speeds = {1e9, 1e9};
  // Forward from node 0 and 1 (the prediction), then backward from node 0 (the output error) and 1.
  in.alone.assign(4, Flow{.latency_s = 1e-3, .bottleneck = 0, .bandwidth = 1e6});
  for (int m = 0; m < 4; ++m) in.alone[m].bottleneck = m;
  in.together = {{1e-3, 0, 1e6}, {1e-3, 1, 1e6}, {1e-3, 0, 1e6}, {1e-3, 1, 1e6}};
  return in;
}

}  // namespace

TEST(BalancedPlacement, SmallestLargestNodeThenTheMostEvenSplit) {
  EXPECT_EQ(balanced_placement({4, 1, 1, 1, 1}, 2), (std::vector<int>{1, 4}));
  EXPECT_EQ(balanced_placement({1, 2, 3, 4}, 2), (std::vector<int>{3, 1}));  // 6 | 4 beats 3 | 7
  EXPECT_EQ(balanced_placement({5, 5, 5, 5, 5, 5}, 3), (std::vector<int>{2, 2, 2}));
  // {3 | 3 2 | 2 2} has the smallest largest node (5); {3 3 | 2 2 | 2} would put 6 on one.
  EXPECT_EQ(balanced_placement({3, 3, 2, 2, 2}, 3), (std::vector<int>{1, 2, 2}));
  // No split keeps every node at 10; of those at 11, {1 10 | 1 1 | 10} is the most even.
  EXPECT_EQ(balanced_placement({1, 10, 1, 1, 10}, 3), (std::vector<int>{2, 2, 1}));
  EXPECT_EQ(balanced_placement({7, 1, 9}, 3), (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(balanced_placement({7, 1, 9}, 1), (std::vector<int>{3}));
}

TEST(BalancedPlacement, EqualSplitsGiveTheLaterNodesMoreLayers) {
  EXPECT_EQ(balanced_placement({1, 1, 1}, 2), (std::vector<int>{1, 2}));
  EXPECT_EQ(balanced_placement({1, 1, 1, 1}, 3), (std::vector<int>{1, 1, 2}));
}

TEST(BalancedPlacement, NeedsAtLeastOneLayerPerNode) {
  EXPECT_THROW(balanced_placement({1, 1}, 3), std::invalid_argument);
  EXPECT_THROW(balanced_placement({1, 1}, 0), std::invalid_argument);
}

TEST(RingTmpValues, Seed004MnistNetworkCommunicates1Point32E7ValuesAnEpoch) {
  // Section 5.4: 784-50-50-10 on 3 nodes, 60000 samples: cuts of 50, 50 and 10 (the prediction),
  // 2 * 110 values a sample. The parameter server (one sample per worker round) sends
  // 2 * (50*785 + 50*51 + 10*51) = 84620 values per round: 5.0772e9 an epoch, 384.6 times more.
  const std::vector<long> cuts = {50, 50, 10};
  const long parameters = 50 * 785 + 50 * 51 + 10 * 51;
  EXPECT_EQ(ring_tmp_values_per_sample(cuts), 220);
  EXPECT_EQ(60000 * ring_tmp_values_per_sample(cuts), 13'200'000);
  EXPECT_EQ(parameter_server_values_per_round(parameters), 84620);
  EXPECT_EQ(60000 * parameter_server_values_per_round(parameters), 5'077'200'000);
  EXPECT_NEAR(5'077'200'000 / 13'200'000.0, 384.6, 0.1);
}

TEST(RingTmpValues, IrisNetworkAndOtherPlacements) {
  // 4-8-8-3: cuts after each layer, after the first two, or none.
  EXPECT_EQ(ring_tmp_values_per_sample({8, 8, 3}), 2 * (8 + 8 + 3));
  EXPECT_EQ(parameter_server_values_per_round(8 * 5 + 8 * 9 + 3 * 9), 2 * (8 * 5 + 8 * 9 + 3 * 9));
  EXPECT_EQ(ring_tmp_values_per_sample({8, 3}), 2 * (8 + 3));
  EXPECT_EQ(ring_tmp_values_per_sample({3}), 0);  // a node alone sends nothing
}

TEST(RingTmpValues, PerLayerTheServerSendsNPlus1Over2TimesMore) {
  // Eq. 22 for one dense layer of n inputs and m outputs cut after it: f = m(n+1) = g (n+1) / 2.
  for (long n : {1, 4, 50, 784})
    for (long m : {1, 3, 10}) {
      const long f = parameter_server_values_per_round(m * (n + 1)) / 2;
      const long g = ring_tmp_values_per_sample({m, 7}) - 2 * 7;
      EXPECT_EQ(2 * f, g * (n + 1));
    }
}

TEST(RingTmpModel, WithoutPipeliningEveryBatchGoesRoundAlone) {
  auto in = two_nodes();
  in.in_flight = 1;
  const auto m = ring_tmp(in);
  EXPECT_EQ(m.batches, 20);
  EXPECT_NEAR(m.compute_s, 0.010, 1e-12);
  EXPECT_NEAR(m.communication_s, 0.0124, 1e-12);
  EXPECT_NEAR(m.sequential_s, 20 * 0.0224, 1e-12);
  EXPECT_NEAR(m.pipelined_s, m.sequential_s, 1e-12);
  // One batch at a time meets nobody: the schedule is eq. 2.
  EXPECT_NEAR(m.scheduled_s, m.sequential_s, 1e-12);
  EXPECT_DOUBLE_EQ(m.prediction.time_s, m.scheduled_s);
  EXPECT_NE(m.prediction.values.find("N = 2, K = 1, I = 20"), std::string::npos) << m.prediction.values;
}

TEST(RingTmpModel, PipelinedTheSlowestStageSetsThePaceAfterOneFillAndDrain) {
  // Node 1 is the slowest stage, 6 ms a batch (links: 4.2 ms). A batch reaches it after the
  // master's forward and the activations (1 + 5 ms), and after its backward the error still
  // crosses to the master and goes through its layers (5 + 2 ms): 6 + 10 * 6 + 7 ms an epoch.
  auto in = two_nodes();
  in.in_flight = 10;
  const auto m = ring_tmp(in);
  EXPECT_NEAR(m.slowest_node_s, 0.006, 1e-12);
  EXPECT_NEAR(m.busiest_link_s, 0.0042, 1e-12);
  EXPECT_NEAR(m.pipeline_bound_s, 20 * 0.006, 1e-12);  // I max(c, T_A) of the slowest stage
  EXPECT_NEAR(m.pipelined_s, 2 * 0.073, 1e-12);
  // Kept as reference values: the schedule, where batches queue at the nodes and the activations
  // and errors of batches in flight share the links, lies between them and eq. 2.
  EXPECT_GT(m.scheduled_s, m.pipelined_s);
  EXPECT_LT(m.scheduled_s, m.sequential_s);
  EXPECT_DOUBLE_EQ(m.prediction.time_s, m.scheduled_s);
}

namespace {

// Two nodes of 1 Mflop/s, each step (forward, loss, backward) 1 ms, messages of no bytes that take
// their route's 1 ms latency; one epoch of two batches, both in flight.
RingTmpInput two_quick_batches() {
  RingTmpInput in;
  in.cut_widths = {1, 1};
  in.epoch = {{.count = 2, .samples = 1, .forward_flops = {1e3, 1e3}, .backward_flops = {1e3, 1e3}, .loss_flops = 1e3}};
  in.node_speeds = {1e6, 1e6};
  in.bytes_per_value = 0;
  in.alone.assign(4, Flow{.latency_s = 1e-3, .bottleneck = 0, .bandwidth = 1e6});
  for (int m = 0; m < 4; ++m) in.alone[m].bottleneck = m;
  in.together = in.alone;
  in.in_flight = 2;
  return in;
}

}  // namespace

TEST(RingTmpModel, TheScheduleFollowsEachNodesMessagesInSendingOrder) {
  // Master: forward b0 0-1, b1 1-2 (arriving at node 1 at 2 and 3). Node 1: forward b0 2-3, b1
  // 3-4 (predictions at 4 and 5). Master: loss b0 4-5, b1 5-6 (errors at 6 and 7). Node 1:
  // backward b0 6-7, b1 7-8 (at 8 and 9). Master: backward b0 8-9, b1 9-10. Eq. 2 would take
  // 2 x (5 + 4) ms.
  const auto m = ring_tmp(two_quick_batches());
  EXPECT_NEAR(m.scheduled_s, 10e-3, 1e-12);
  EXPECT_NEAR(m.sequential_s, 18e-3, 1e-12);
}

TEST(RingTmpModel, TheScheduleReplaysEachBatchsStraggleAndEachNodesWindows) {
  // Node 1 twice as slow on batch 0: forward b0 2-4, b1 4-5; loss 5-6, 6-7; node 1's backward b0
  // 7-9, b1 9-10; the master's 10-11, 11-12.
  auto in = two_quick_batches();
  in.straggle_factor = [](int node, long batch) { return node == 1 && batch == 0 ? 2.0 : 1.0; };
  EXPECT_NEAR(ring_tmp(in).scheduled_s, 12e-3, 1e-12);
  // The master at half speed from 4.5 ms to 5.5 ms: its loss of b0 (4-5) has half left at 4.5,
  // done at 5.5 (its error at node 1 at 6.5); b1's loss 5.5-6.5; node 1's backward 6.5-7.5 and
  // 7.5-8.5 (at the master at 8.5 and 9.5); the master's 8.5-9.5 and 9.5-10.5.
  in = two_quick_batches();
  in.node_timelines = {SpeedTimeline(1e6, {{4.5e-3, 0.5}, {5.5e-3, 1.0}}), SpeedTimeline(1e6)};
  EXPECT_NEAR(ring_tmp(in).scheduled_s, 10.5e-3, 1e-12);
}

TEST(RingTmpModel, TooFewBatchesInFlightLeaveTheStagesIdle) {
  // Two in flight: a round trip of 22.4 ms per pair of batches, the second 4 ms (the longest
  // step) behind the first: 5 * 22.4 + 4 ms an epoch.
  auto in = two_nodes();
  in.in_flight = 2;
  EXPECT_NEAR(ring_tmp(in).pipelined_s, 2 * 0.116, 1e-12);
}

TEST(RingTmpModel, ALinkCanBeTheSlowestStage) {
  // Links 20 times slower: activations take 1 + 80 ms, and node 0's link carries 84 ms a batch.
  // Its first bytes start 1 + 1 ms into the batch (the master's forward, the latency), and the
  // output error, the last message on it, arrives 4 + 81 + 2 ms before the batch ends.
  auto in = two_nodes();
  for (auto* flows : {&in.alone, &in.together})
    for (auto& flow : *flows) flow.bandwidth = 5e4;
  in.in_flight = 10;
  const auto m = ring_tmp(in);
  EXPECT_NEAR(m.busiest_link_s, 0.084, 1e-12);
  EXPECT_NEAR(m.pipelined_s, 2 * (0.002 + 10 * 0.084 + 0.087), 1e-12);
}

TEST(RingTmpModel, ASmallerLastBatchAndRandomStragglingCount) {
  auto in = two_nodes();
  in.in_flight = 1;
  // Half the samples: half the compute (5 ms) and half the bytes (1 + 2 ms and 1 + 0.1 ms).
  in.epoch.push_back({.count = 1, .samples = 5, .forward_flops = {0.5e6, 1e6}, .backward_flops = {1e6, 2e6},
                      .loss_flops = 0.5e6});
  EXPECT_NEAR(ring_tmp(in).sequential_s, 2 * (10 * 0.0224 + 0.0132), 1e-12);
  // Each node, each batch, 3 times slower with probability 1/2: compute twice as long on average.
  in.epoch.pop_back();
  in.straggle_probability = 0.5;
  in.straggle_slowdown = 3;
  EXPECT_NEAR(ring_tmp(in).sequential_s, 20 * (0.020 + 0.0124), 1e-12);
}

TEST(RingTmpModel, ANodeAloneSendsNothing) {
  RingTmpInput in;
  in.cut_widths = {5};
  in.parameter_count = 100 * 11 + 5 * 101;
  in.epoch = {{.count = 4, .samples = 10, .forward_flops = {3e6}, .backward_flops = {6e6}, .loss_flops = 1e6}};
  in.node_speeds = {1e9};
  in.in_flight = 3;
  const auto m = ring_tmp(in);
  EXPECT_NEAR(m.sequential_s, 4 * 0.010, 1e-12);
  EXPECT_NEAR(m.pipelined_s, 4 * 0.010, 1e-12);
  EXPECT_EQ(m.ring_tmp_values_per_epoch, 0);
}
