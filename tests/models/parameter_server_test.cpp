#include "models/parameter_server.hpp"
#include "models/single_node.hpp"
#include <cmath>
#include <gtest/gtest.h>

using namespace ssim::models;

TEST(SingleNodeModel, SumsEveryRoundOfComputeAndUpdate) {
  // 10 rounds of 2e9 flops + 1e9 update flops, and 1 round of 5e8, on a 1 Gflop/s host.
  const Workload workload{{10, 2e9}, {1, 5e8}};
  const auto p = single_node(workload, 1e9, 1e9);
  EXPECT_DOUBLE_EQ(p.time_s, 10 * 3.0 + 1.5);
}

TEST(SingleNodeModel, RandomStragglingStretchesEveryRoundByItsExpectedSlowdown) {
  // One round in five takes 4x longer: on average 1 + 0.2 * 3 = 1.6x.
  const Workload workload{{10, 2e9}};
  EXPECT_DOUBLE_EQ(single_node(workload, 1e9, 1e9, 0.2, 4).time_s, 10 * 3.0 * 1.6);
}

TEST(SharedLink, FlowsStartingTogetherShareTheBandwidth) {
  // Three flows of 1 MB on one 100 MB/s link, 1 ms latency: all arrive at 1 ms + 3 * 10 ms.
  const std::vector<Flow> flows(3, Flow{.latency_s = 1e-3, .bottleneck = 0, .bandwidth = 1e8});
  for (double t : arrival_times(flows, {0, 0, 0}, 1e6)) EXPECT_NEAR(t, 0.031, 1e-12);
}

TEST(SharedLink, ALateFlowCrossesAloneAfterTheOthers) {
  // Two flows at t=0 share for 20 ms; a third starting at 0.1 s has the link to itself.
  const std::vector<Flow> flows(3, Flow{.latency_s = 0, .bottleneck = 0, .bandwidth = 1e8});
  const auto t = arrival_times(flows, {0, 0, 0.1}, 1e6);
  EXPECT_NEAR(t[0], 0.02, 1e-12);
  EXPECT_NEAR(t[1], 0.02, 1e-12);
  EXPECT_NEAR(t[2], 0.11, 1e-12);
}

TEST(SharedLink, OverlappingFlowsShareOnlyWhileTogether) {
  // Flow A (1 MB) starts at 0 alone at 100 MB/s; B starts at 5 ms: A has 0.5 MB left, both go at
  // 50 MB/s, A finishes at 15 ms; B then has 0.5 MB left alone: 20 ms. Separate links do not share.
  std::vector<Flow> flows(3, Flow{.latency_s = 0, .bottleneck = 0, .bandwidth = 1e8});
  flows[2].bottleneck = 1;
  const auto t = arrival_times(flows, {0, 0.005, 0}, 1e6);
  EXPECT_NEAR(t[0], 0.015, 1e-12);
  EXPECT_NEAR(t[1], 0.020, 1e-12);
  EXPECT_NEAR(t[2], 0.010, 1e-12);
}

TEST(SharedLink, ATinyMessageAfterALongLatencyStillArrives) {
  // 256 bytes at 1 GB/s after 5 ms: the transfer is 2.56e-7 s, lost in the latency's last digits.
  const auto t = arrival_times({Flow{.latency_s = 5e-3, .bottleneck = 0, .bandwidth = 1e9}}, {0.0}, 256);
  EXPECT_DOUBLE_EQ(t[0], 5e-3 + 256 / 1e9);
  const std::vector<Flow> two(2, Flow{.latency_s = 5e-3, .bottleneck = 0, .bandwidth = 1e9});
  for (double arrival : arrival_times(two, {0.0, 1e-9}, 256)) EXPECT_NEAR(arrival, 5e-3 + 512 / 1e9, 2e-9);
}

TEST(ParameterServerModel, RoundIsGatherUpdateBroadcastPlusSlowestWorker) {
  ParameterServerInput in;
  in.workload = {{100, 4e9}};
  in.worker_speeds = {1e9, 1e9, 1e9};  // 4 s each
  in.server_speed = 1e9;
  in.server_flops_per_round = 2e8;    // 0.2 s
  in.message_bytes = 1e6;
  in.gather.assign(3, Flow{.latency_s = 0.001, .bottleneck = 0, .bandwidth = 1e8});
  in.broadcast.assign(3, Flow{.latency_s = 0.002, .bottleneck = 1, .bandwidth = 1e8});
  const double c = (0.001 + 0.03) + 0.2 + (0.002 + 0.03);
  EXPECT_NEAR(parameter_server(in).time_s, 100 * (c + 4.0), 1e-9);
}

TEST(ParameterServerModel, AStragglerSetsTheRoundAndItsGradientCrossesAlone) {
  ParameterServerInput in;
  in.workload = {{10, 4e9}};
  in.worker_speeds = {1e9, 1e9, 0.5e9};  // the slow one takes 8 s, the others 4 s
  in.server_speed = 1e9;
  in.server_flops_per_round = 0;
  in.message_bytes = 1e6;
  in.gather.assign(3, Flow{.latency_s = 0.001, .bottleneck = 0, .bandwidth = 1e8});
  in.broadcast.assign(3, Flow{.latency_s = 0.001, .bottleneck = 1, .bandwidth = 1e8});
  // Waiting for all: 8 s + 1 ms + 10 ms (alone on the link), then the broadcast of 3: 31 ms.
  EXPECT_NEAR(parameter_server(in).time_s, 10 * (8.011 + 0.031), 1e-9);
  // Waiting for 2: the two fast gradients arrive together at 4 s + 1 ms + 20 ms.
  in.wait_for = 2;
  EXPECT_NEAR(parameter_server(in).time_s, 10 * (4.021 + 0.031), 1e-9);
}

TEST(SharedLink, AFlowWithTwiceThePenaltyGetsHalfTheShareOfTheOther) {
  // 1 MB each on 100 MB/s: A moves at 2/3 of it and ends at 15 ms, having left B 0.5 MB, which
  // then crosses alone in 5 ms.
  const std::vector<Flow> flows = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1},
                                   Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2}};
  const auto t = arrival_times(flows, {0, 0}, 1e6);
  EXPECT_NEAR(t[0], 0.015, 1e-12);
  EXPECT_NEAR(t[1], 0.020, 1e-12);
}

TEST(ParameterServerModel, AWorkerWhoseParametersArriveFirstStartsFirst) {
  // Two workers behind one link, the second two hops away (twice the penalty). The broadcast
  // arrives at 15 and 20 ms (as above); 10 ms of compute; the first gradient crosses alone from
  // 25 to 30 ms (half of it), then both share: the first ends at 37.5 ms, the second at 45 ms.
  ParameterServerInput in;
  in.workload = {{1, 1e7}};
  in.worker_speeds = {1e9, 1e9};
  in.server_speed = 1e9;
  in.message_bytes = 1e6;
  in.gather = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1}, Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2}};
  in.broadcast = {Flow{.bottleneck = 1, .bandwidth = 1e8, .penalty = 1}, Flow{.bottleneck = 1, .bandwidth = 1e8, .penalty = 2}};
  EXPECT_NEAR(parameter_server(in).time_s, 0.045, 1e-12);
}

TEST(ParameterServerModel, ExpectedValueUnderRandomStraggling) {
  // Two identical workers, each slowed 5x with probability 0.1. Waiting for both: the round is
  // slow unless both are fast: 1 + 4 * (1 - 0.9^2) = 1.76. Waiting for one: slow only if both
  // are slow: 1 + 4 * 0.01 = 1.04.
  auto kth = [](int k) { return [k](const std::vector<double>& t) { return kth_smallest(t, k); }; };
  EXPECT_NEAR(expected_under_straggling({1, 1}, 0.1, 5, kth(2)), 1.76, 1e-12);
  EXPECT_NEAR(expected_under_straggling({1, 1}, 0.1, 5, kth(1)), 1.04, 1e-12);
  EXPECT_DOUBLE_EQ(kth_smallest({1, 3, 2}, 0), 3);
  EXPECT_DOUBLE_EQ(kth_smallest({1, 3, 2}, 2), 2);
  // 12 workers are enumerated exactly: 1 + 2 * (1 - 0.9^12).
  EXPECT_NEAR(expected_under_straggling(std::vector<double>(12, 1.0), 0.1, 3, kth(12)),
              1 + 2 * (1 - std::pow(0.9, 12)), 1e-12);
  // 40 workers are sampled: within 2% of 1 + 2 * (1 - 0.9^40).
  EXPECT_NEAR(expected_under_straggling(std::vector<double>(40, 1.0), 0.1, 3, kth(40)),
              1 + 2 * (1 - std::pow(0.9, 40)), 0.02 * 2.97);
}
