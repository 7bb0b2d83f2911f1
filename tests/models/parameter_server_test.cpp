#include "models/parameter_server.hpp"
#include "models/single_node.hpp"
#include <gtest/gtest.h>

using namespace ssim::models;

TEST(SingleNodeModel, SumsEveryRoundThroughTheHostsSpeedAndItsStraggles) {
  // Two rounds of 1e9 flops on a 1 Gflop/s host: 2 s.
  SingleNodeInput in{.round_flops = {1e9, 1e9}, .speed = SpeedTimeline(1e9), .straggle_factor = {}};
  EXPECT_DOUBLE_EQ(single_node(in).time_s, 2.0);
  // Four times slower from 0.5 s to 1.5 s: round 0 does 0.5e9 by 0.5 s, 0.25e9 in the window and
  // the last 0.25e9 by 1.75 s; round 1 ends at 2.75 s.
  in.speed = SpeedTimeline(1e9, {{0.5, 0.25}, {1.5, 1.0}});
  EXPECT_DOUBLE_EQ(single_node(in).time_s, 2.75);
  // Round 1 drawn four times slower: 1 + 4 s.
  in.speed = SpeedTimeline(1e9);
  in.straggle_factor = [](long round) { return round == 1 ? 4.0 : 1.0; };
  EXPECT_DOUBLE_EQ(single_node(in).time_s, 5.0);
}

namespace {

ParameterServerInput three_workers(long rounds, std::vector<double> speeds) {
  ParameterServerInput in;
  in.round_flops.assign(rounds, 4e9);
  for (double speed : speeds) in.worker_speeds.emplace_back(speed);
  in.server_speed = SpeedTimeline(1e9);
  in.server_flops = [](int) { return 2e8; };  // 0.2 s
  in.message_bytes = 1e6;
  in.gather.assign(speeds.size(), Flow{.latency_s = 0.001, .bottleneck = 0, .bandwidth = 1e8});
  in.broadcast.assign(speeds.size(), Flow{.latency_s = 0.002, .bottleneck = 1, .bandwidth = 1e8});
  return in;
}

}  // namespace

TEST(ParameterServerModel, RoundIsComputeGatherUpdateAndBroadcast) {
  // Every round: 4 s of compute, the three gradients together (1 ms + 30 ms), the update 0.2 s,
  // the parameters to all three (2 ms + 30 ms); the first round starts without parameters and
  // the last ends when its parameters have arrived.
  const auto in = three_workers(100, {1e9, 1e9, 1e9});
  EXPECT_NEAR(parameter_server(in).time_s, 100 * (4.0 + 0.031 + 0.2 + 0.032), 1e-9);
}

TEST(ParameterServerModel, AStragglerSetsTheRoundUnlessTheServerWaitsForTheOthers) {
  auto in = three_workers(10, {1e9, 1e9, 0.5e9});  // the slow one takes 8 s, the others 4 s
  in.server_flops = [](int) { return 0.0; };
  for (int w = 0; w < 3; ++w) in.gather[w].bottleneck = 10 + w;  // each gradient on a link of its own
  // Waiting for all: 8 s + 11 ms, then the parameters to all three in 32 ms.
  EXPECT_NEAR(parameter_server(in).time_s, 10 * (8.011 + 0.032), 1e-9);
  // Waiting for 2: the fast gradients arrive 4 s + 11 ms after the parameters, which still go to
  // all three; the slow worker's gradients arrive before theirs and are dropped as stale.
  in.wait_for = 2;
  EXPECT_NEAR(parameter_server(in).time_s, 4.011 + 9 * (0.032 + 4.011) + 0.032, 1e-9);
}

TEST(ParameterServerModel, AWindowAndAStraggleSlowOnlyTheRoundsTheyMeet) {
  auto in = three_workers(3, {1e9, 1e9, 1e9});
  in.server_flops = [](int) { return 0.0; };
  const double round = 4.0 + 0.031 + 0.032;
  // Worker 1 at half speed from 1 s to 3 s: round 0 ends its compute at 5 s, 1 s late, and its
  // gradient then crosses alone, in 11 ms rather than the 31 of three together.
  in.worker_speeds[1] = SpeedTimeline(1e9, {{1.0, 0.5}, {3.0, 1.0}});
  EXPECT_NEAR(parameter_server(in).time_s, 3 * round + 1.0 - 0.020, 1e-9);
  // Worker 2's round 1 drawn twice as slow: 4 s more, its gradient again alone.
  in.worker_speeds[1] = SpeedTimeline(1e9);
  in.straggle_factor = [](int w, long r) { return w == 2 && r == 1 ? 2.0 : 1.0; };
  EXPECT_NEAR(parameter_server(in).time_s, 3 * round + 4.0 - 0.020, 1e-9);
}

TEST(ParameterServerModel, AWorkerWhoseParametersArriveFirstStartsFirst) {
  // Two workers behind one link each way, the second two hops away (twice the penalty): a
  // message to each at once arrives at 15 and 20 ms. Round 0: 10 ms of compute, the gradients
  // together arrive at 25 and 30 ms. Round 1: the parameters arrive at 45 and 50 ms; worker 0's
  // gradient crosses alone from 55 to 60 ms (half of it), then both share: 67.5 and 75 ms; the
  // final parameters arrive at 95 ms.
  ParameterServerInput in;
  in.round_flops = {1e7, 1e7};
  in.worker_speeds = {SpeedTimeline(1e9), SpeedTimeline(1e9)};
  in.server_speed = SpeedTimeline(1e9);
  in.server_flops = [](int) { return 0.0; };
  in.message_bytes = 1e6;
  in.gather = {Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 1}, Flow{.bottleneck = 0, .bandwidth = 1e8, .penalty = 2}};
  in.broadcast = {Flow{.bottleneck = 1, .bandwidth = 1e8, .penalty = 1}, Flow{.bottleneck = 1, .bandwidth = 1e8, .penalty = 2}};
  EXPECT_NEAR(parameter_server(in).time_s, 0.095, 1e-12);
}
