#include "models/downpour_async.hpp"
#include <gtest/gtest.h>

using namespace ssim::models;

namespace {

// Workers of 1 Mflop/s whose steps take 1e4 flops (10 ms), a server of 1 Mflop/s applying a push
// in 2e3 flops (2 ms). Every host has its own links of 1e6 B/s each way and each route 1 ms of
// latency: a 1000-byte push or reply takes 2 ms alone, a request (0 bytes) 1 ms.
DownpourAsyncInput workers(int n, long steps) {
  DownpourAsyncInput in;
  in.routes.bandwidths.assign(2 + 2 * n, 1e6);  // server up 0, server down 1; worker w up 2 + 2w, down 3 + 2w
  for (int w = 0; w < n; ++w) {
    in.steps.push_back(steps);
    in.pass_flops.push_back(std::vector<double>(steps, 1e4));
    in.samples.push_back(16.0 * steps);
    in.worker_speeds.emplace_back(1e6);
    in.routes.routes.push_back({.latency_s = 1e-3, .penalty = 1, .links = {2 + 2 * w, 1}});
    in.routes.routes.push_back({.latency_s = 1e-3, .penalty = 1, .links = {0, 3 + 2 * w}});
  }
  in.parameter_bytes = 1000;
  in.request_bytes = 0;
  in.server_speed = SpeedTimeline(1e6);
  in.push_flops = 2e3;
  return in;
}

}  // namespace

TEST(DownpourAsyncModel, OneWorkerWaitsForItsFetchBehindItsOwnPushBeingApplied) {
  // Request 0-1 ms, reply 1-3, compute 3-13, push 13-15 and applied 15-17; the next request
  // (15-16) waits behind that apply: reply 17-19, compute 19-29, push 29-31, applied 31-33;
  // request 31-32, reply 33-35, compute 35-45, the last push 45-47, applied 47-49; "done" 47-48
  // is taken at 49.
  const auto out = downpour_async(workers(1, 3));
  EXPECT_NEAR(out.prediction.time_s, 49e-3, 1e-12);
  EXPECT_NEAR(out.worker_time[0], 47e-3, 1e-12);
  EXPECT_EQ(out.mean_staleness, 0);
  EXPECT_EQ(out.prediction.kind, Prediction::Kind::exact);
  // The paper's picture charges each step its round trip and push alone, the server apart:
  // 3 x (1 + 2 + 10 + 2) ms + 2 ms.
  EXPECT_NEAR(out.paper_time, 47e-3, 1e-12);
}

TEST(DownpourAsyncModel, WorkersInStepShareTheServersLinkAndQueueForItsCpu) {
  // Two workers, one step each: both requests arrive at 1 ms, both replies leave together on the
  // server's up link (500 B/ms each): 1 + 1 + 2 = 4 ms. Compute 4-14; both pushes share the
  // server's down link: 14 + 1 + 2 = 17 ms. The server applies worker 0's 17-19, worker 1's
  // 19-21; both "done" arrive at 18. Worker 1's push saw worker 0's: staleness 1.
  const auto out = downpour_async(workers(2, 1));
  EXPECT_NEAR(out.prediction.time_s, 21e-3, 1e-12);
  EXPECT_NEAR(out.worker_time[0], 17e-3, 1e-12);
  EXPECT_NEAR(out.worker_time[1], 17e-3, 1e-12);
  EXPECT_EQ(out.staleness, (std::vector<double>{0, 1}));
}

TEST(DownpourAsyncModel, TheServerTakesThePushThatArrivedFirstNotTheOneSentFirst) {
  // Worker 0's link up carries 1e5 B/s. Replies at 4 ms as above; worker 0 computes 4-14 ms and
  // its push, held to its own link, crosses 15-25; worker 1's steps take 15 ms: 4-19, and its push
  // gets what is left of the server's link, 9e5 B/s: 20 + 1000 / 9e5 s. The server applies worker
  // 1's push first (to 2 ms later), worker 0's at 25-27 ms, after which its "done" (sent at 25) is
  // taken. Taken in sending order, worker 1's push would wait behind worker 0's, to 29 ms.
  auto in = workers(2, 1);
  in.routes.bandwidths[2] = 1e5;
  in.pass_flops[1] = {1.5e4};
  const auto out = downpour_async(in);
  const double second_push = 20e-3 + 1000 / 9e5;
  EXPECT_NEAR(out.worker_time[0], 25e-3, 1e-12);
  EXPECT_NEAR(out.worker_time[1], second_push, 1e-12);
  EXPECT_NEAR(out.prediction.time_s, 27e-3, 1e-12);
  EXPECT_EQ(out.staleness, (std::vector<double>{1, 0}));
}

TEST(DownpourAsyncModel, ASlowWindowAndARandomStraggleStretchOnlyTheStepsTheyMeet) {
  // One worker, fetch once, push once at the end (fetch_every = push_every = 2): reply at 3 ms,
  // compute 3-13 and 13-23 ms at full speed. Run at half speed from 8 ms to 18 ms: the first step
  // has 5e3 flops left at 8 ms, done at 18; the second runs at full speed 18-28. Its straggle
  // factor 2 doubles it: 18-38. Push 38-40, applied 40-42.
  auto in = workers(1, 2);
  in.fetch_every = in.push_every = 2;
  in.worker_speeds[0] = SpeedTimeline(1e6, {{8e-3, 0.5}, {18e-3, 1.0}});
  in.straggle_factor = [](int, long step) { return step == 1 ? 2.0 : 1.0; };
  const auto out = downpour_async(in);
  EXPECT_NEAR(out.worker_time[0], 40e-3, 1e-12);
  EXPECT_NEAR(out.prediction.time_s, 42e-3, 1e-12);
}

namespace {

// The server's links of 1e8 B/s each way shared by every worker, 1 ms of latency: a push or reply
// of 1e5 bytes takes 2 ms alone; steps of 10 ms, a push applied in 0.5 ms.
DownpourAsyncInput through_the_server(int n, long steps) {
  DownpourAsyncInput in;
  in.routes.bandwidths = {1e8, 1e8};  // into the server, out of it
  for (int w = 0; w < n; ++w) {
    in.steps.push_back(steps);
    in.pass_flops.push_back(std::vector<double>(steps, 1e7));
    in.samples.push_back(16.0 * steps);
    in.worker_speeds.emplace_back(1e9);
    in.routes.routes.push_back({.latency_s = 1e-3, .penalty = 1, .links = {0}});
    in.routes.routes.push_back({.latency_s = 1e-3, .penalty = 1, .links = {1}});
  }
  in.parameter_bytes = 1e5;
  in.request_bytes = 0;
  in.server_speed = SpeedTimeline(1e9);
  in.push_flops = 5e5;
  return in;
}

}  // namespace

TEST(DownpourAsyncModel, FetchAndPushEveryNSteps) {
  EXPECT_TRUE(pushes_after(3, 10, 4));
  EXPECT_FALSE(pushes_after(4, 10, 4));
  EXPECT_TRUE(pushes_after(9, 10, 4));  // the last step always pushes
  auto in = through_the_server(1, 12);
  in.fetch_every = 3;
  in.push_every = 2;
  // Fetches at steps 0, 3, 6, 9; pushes after steps 1, 3, 5, 7, 9, 11. The fetch at 6 follows the
  // push after 5 and waits for it (2 ms), its request (1 ms, longer than the apply) and the reply
  // (2 ms); those at 0, 3 and 9 take 3 ms.
  const double worker = 3 * 0.003 + 0.005 + 12 * 0.010 + 0.002;
  const auto p = downpour_async(in);
  EXPECT_NEAR(p.worker_time[0], worker, 1e-12);
  EXPECT_NEAR(p.prediction.time_s, worker + 0.001, 1e-12);  // the "done" after the last push
  EXPECT_NEAR(p.throughput, 12 * 16 / p.prediction.time_s, 1e-9);
  // Its own earlier pushes since the fetch make it stale: pushes after 1 (fetched at 0: 0),
  // 3 (at 3: 0), 5 (1), 7 (at 6: 0), 9 (at 9: 0), 11 (1).
  EXPECT_DOUBLE_EQ(p.staleness[0], 2.0 / 6);
}

TEST(DownpourAsyncModel, ASlowServerMakesTheFetchesOfWorkersInStepWaitBehindEveryPush) {
  auto in = through_the_server(4, 10);
  in.push_flops = 1e8;  // 0.1 s a push
  // Four pushes share the link (1 + 4 ms); the four requests sent when they arrive queue behind
  // the four applies (0.4 s), then the replies share the other link (5 ms). The server ends
  // applying the last four pushes.
  const double worker = (1 + 5) * 1e-3 + 10 * 0.010 + 9 * (0.005 + 0.4 + 0.005) + 0.005;
  const auto p = downpour_async(in);
  for (int w = 0; w < 4; ++w) EXPECT_NEAR(p.worker_time[w], worker, 1e-9);
  EXPECT_NEAR(p.prediction.time_s, worker + 0.4, 1e-9);
  // The paper's picture misses the queue: each worker at its own pace, 40 applies bound it.
  EXPECT_NEAR(p.paper_time, 4.0, 1e-9);
}
