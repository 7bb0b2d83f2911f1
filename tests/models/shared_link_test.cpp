#include "models/shared_link.hpp"
#include <gtest/gtest.h>

using namespace ssim::models;

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

TEST(SharedLink, AFlowWithTwiceThePenaltyGetsHalfTheShareOfTheOther) {
  // 1 MB each on 100 MB/s: A moves at 2/3 of it and ends at 15 ms, having left B 0.5 MB, which
  // then crosses alone in 5 ms.
  const std::vector<Flow> flows = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1},
                                   Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2}};
  const auto t = arrival_times(flows, {0, 0}, 1e6);
  EXPECT_NEAR(t[0], 0.015, 1e-12);
  EXPECT_NEAR(t[1], 0.020, 1e-12);
}

TEST(SharedLink, MessagesOfDifferentSizesShareTheLinkWhileTogether) {
  // 1 MB and 3 MB on one 100 MB/s link: both move at 50 MB/s until the small one is done at
  // 20 ms; the big one has 2 MB left alone: 40 ms. A separate link does not share.
  const std::vector<Flow> flows{Flow{.latency_s = 0, .bottleneck = 0, .bandwidth = 1e8},
                                Flow{.latency_s = 0, .bottleneck = 0, .bandwidth = 1e8},
                                Flow{.latency_s = 0.005, .bottleneck = 1, .bandwidth = 1e8}};
  const auto t = arrival_times(flows, {0, 0, 0}, {1e6, 3e6, 1e6});
  EXPECT_NEAR(t[0], 0.02, 1e-12);
  EXPECT_NEAR(t[1], 0.04, 1e-12);
  EXPECT_NEAR(t[2], 0.015, 1e-12);
  // Equal sizes give what the one-size form gives.
  const auto same = arrival_times(flows, {0, 0.001, 0}, {1e6, 1e6, 1e6});
  EXPECT_EQ(same, arrival_times(flows, {0, 0.001, 0}, 1e6));
}

TEST(SharedLink, FlowsShareInProportionToOneOverTheirPenaltyWhateverTheirSizes) {
  // 1 MB at penalty 1 and 3 MB at penalty 2 on 100 MB/s: the first moves at 2/3 of it and ends at
  // 15 ms, having let the second move 0.5 MB; its 2.5 MB left cross alone in 25 ms.
  const std::vector<Flow> flows = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1},
                                   Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2}};
  const auto t = arrival_times(flows, {0, 0}, {1e6, 3e6});
  EXPECT_NEAR(t[0], 0.015, 1e-12);
  EXPECT_NEAR(t[1], 0.040, 1e-12);
  // Three flows of penalties 1, 2, 4 and 1 MB each: shares 4/7, 2/7, 1/7 until the first ends at
  // 17.5 ms; then 2/3 and 1/3 of the rest (0.5 MB and 0.75 MB left): the second ends 7.5 ms later
  // at 25 ms, when the third has 0.5 MB left: 30 ms.
  const std::vector<Flow> three = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1},
                                   Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2},
                                   Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 4}};
  const auto u = arrival_times(three, {0, 0, 0}, 1e6);
  EXPECT_NEAR(u[0], 0.0175, 1e-12);
  EXPECT_NEAR(u[1], 0.025, 1e-12);
  EXPECT_NEAR(u[2], 0.030, 1e-12);
}

TEST(SharedLink, SharingPenaltyIsRouteLatencyPlusWeightSOverEachBandwidth) {
  // The ideal model (CM02: weight-S 0, factors 1): the route's latency.
  EXPECT_DOUBLE_EQ(sharing_penalty(2e-3, 1, 0, {1e8, 1e8}), 2e-3);
  // The calibrated model (LV08: weight-S 20537): latency before the factor, plus 20537 / bandwidth per link.
  EXPECT_DOUBLE_EQ(sharing_penalty(2e-3, 13.01, 20537, {1e8, 1e9}), 2e-3 + 20537 / 1e8 + 20537 / 1e9);
  // A route without latency enters the max-min system with penalty 1, whatever weight-S.
  EXPECT_DOUBLE_EQ(sharing_penalty(0, 1, 0, {1e8}), 1);
  EXPECT_DOUBLE_EQ(sharing_penalty(0, 13.01, 20537, {1e8}), 1);
}

TEST(SharedLink, APenaltyOfZeroIsRefused) {
  EXPECT_THROW(arrival_times({Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 0}}, {0.0}, 1e6),
               std::invalid_argument);
}
