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
