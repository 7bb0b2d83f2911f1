#include "models/serving.hpp"
#include <cmath>
#include <gtest/gtest.h>

using namespace ssim::models;

namespace {

// A star of 1 ms links at 100 MB/s: a 1 kB request takes 2 ms + 10 us to a worker, a 400-byte
// answer 2 ms + 4 us back; a task of 1e7 flops at 1 Gflop/s computes in 10 ms; decoding 0.1 ms.
constexpr double kDispatch = 0.002 + 1e3 / 1e8, kReturn = 0.002 + 400 / 1e8, kCompute = 0.01, kDecode = 1e-4;
constexpr double kUnqueued = kDispatch + kCompute + kReturn + kDecode;  // 14.114 ms

ServingInput star(int workers, ServingArrivals arrivals, long queries) {
  ServingInput in;
  in.workers.assign(workers, ServingWorker{.dispatch_s = kDispatch, .compute_s = kCompute, .return_s = kReturn});
  in.decode_s = kDecode;
  in.arrivals = arrivals;
  in.queries = queries;
  return in;
}

}  // namespace

TEST(ServingModel, RoundRobinGivesEachQueryTheNextReplicas) {
  EXPECT_EQ(round_robin_workers(0, 1, 2), std::vector<int>{0});
  EXPECT_EQ(round_robin_workers(3, 1, 2), std::vector<int>{1});
  EXPECT_EQ(round_robin_workers(1, 2, 3), (std::vector<int>{2, 0}));
}

TEST(ServingModel, WithoutQueueingEveryQueryTakesDispatchComputeReturnAndDecode) {
  // Two workers, a query every 20 ms: each worker gets one every 40 ms, longer than its 10 ms task.
  auto in = star(2, ServingArrivals::interval, 10);
  in.interval_s = 0.02;
  const auto p = serving(in);
  EXPECT_EQ(p.latency.kind, LatencyPrediction::Kind::exact);
  EXPECT_NEAR(kUnqueued, 0.014114, 1e-15);
  for (double v : {p.latency.mean_s, p.latency.p50_s, p.latency.p95_s, p.latency.p99_s, p.latency.p99_9_s,
                   p.latency.max_s})
    EXPECT_DOUBLE_EQ(v, kUnqueued);
  // The last query arrives at 9 * 20 ms.
  EXPECT_NEAR(p.run.time_s, 0.18 + kUnqueued, 1e-15);
  // A worker twice as slow answers the odd queries 10 ms later: half the queries take 24.114 ms.
  in.workers[1].compute_s = 0.02;
  const auto slow = serving(in);
  EXPECT_NEAR(slow.latency.mean_s, kUnqueued + 0.005, 1e-15);
  EXPECT_DOUBLE_EQ(slow.latency.p50_s, kUnqueued);
  EXPECT_NEAR(slow.latency.p95_s, kUnqueued + 0.01, 1e-15);
  EXPECT_NEAR(slow.latency.max_s, kUnqueued + 0.01, 1e-15);
  EXPECT_NEAR(slow.run.time_s, 0.18 + kUnqueued + 0.01, 1e-15);
}

TEST(ServingModel, TwoReplicasAreSlowOnlyWhenBothStraggle) {
  // Both workers get every query, each 4x slower with probability 0.1: the first answer is slow
  // with probability 0.01; both answers are in fast with probability 0.81.
  auto in = star(2, ServingArrivals::interval, 100);
  in.interval_s = 0.05;  // longer than a slowed task (40 ms): no queueing
  in.replicas = 2;
  for (auto& w : in.workers) {
    w.straggle_probability = 0.1;
    w.straggle_slowdown = 4;
  }
  const double slowed = kUnqueued + 0.03;
  const auto first = serving(in).latency;
  EXPECT_EQ(first.kind, LatencyPrediction::Kind::exact);
  EXPECT_NEAR(first.mean_s, kUnqueued + 0.03 * 0.01, 1e-15);
  EXPECT_DOUBLE_EQ(first.p99_s, kUnqueued);  // P(fast) = 0.99 reaches the 99th percentile
  EXPECT_NEAR(first.p99_9_s, slowed, 1e-15);
  EXPECT_NEAR(first.max_s, slowed, 1e-15);
  in.answers_needed = 2;
  const auto both = serving(in).latency;
  EXPECT_NEAR(both.mean_s, kUnqueued + 0.03 * 0.19, 1e-15);
  EXPECT_DOUBLE_EQ(both.p50_s, kUnqueued);
  EXPECT_NEAR(both.p95_s, slowed, 1e-15);
}

TEST(ServingModel, PoissonArrivalsWaitAsInAnMD1Queue) {
  // One worker, 10 ms tasks, 50 queries/s: rho = 0.5 and the M/D/1 mean wait is
  // rho / (2 mu (1 - rho)) = 0.5 / (2 * 100 * 0.5) = 5 ms.
  auto in = star(1, ServingArrivals::poisson, 100);
  in.rate = 50;
  const auto p = serving(in);
  EXPECT_EQ(p.latency.kind, LatencyPrediction::Kind::mean_bound);
  EXPECT_NEAR(p.latency.mean_s, kUnqueued + 0.005, 1e-15);
  EXPECT_NEAR(p.run.time_s, 99.0 / 50 + kUnqueued + 0.005, 1e-12);
  // Two workers in turn at 100 queries/s: each sees 50/s, the same wait.
  auto two = star(2, ServingArrivals::poisson, 100);
  two.rate = 100;
  EXPECT_NEAR(serving(two).latency.mean_s, kUnqueued + 0.005, 1e-15);
  // Straggling: S = 10 ms or 40 ms (p 0.1): E[S] = 13 ms, E[S^2] = 2.5e-4 s^2, rho = 0.65,
  // W = 50 * 2.5e-4 / (2 * 0.35); the unqueued mean grows by 3 ms.
  in.workers[0].straggle_probability = 0.1;
  in.workers[0].straggle_slowdown = 4;
  EXPECT_NEAR(serving(in).latency.mean_s, kUnqueued + 0.003 + 50 * 2.5e-4 / 0.7, 1e-12);
}

TEST(ServingModel, APoissonRateAboveTheWorkersCapacityNeverSettles) {
  auto in = star(1, ServingArrivals::poisson, 100);
  in.rate = 200;  // rho = 2
  const auto p = serving(in);
  EXPECT_TRUE(std::isinf(p.latency.mean_s));
  EXPECT_NE(p.latency.values.find("unstable"), std::string::npos);
  // The run still ends: the worker drains its 100 tasks.
  EXPECT_NEAR(p.run.time_s, kDispatch + 100 * kCompute + kReturn + kDecode, 1e-12);
}

TEST(ServingModel, IntervalArrivalsThatQueueAreBoundedByKingman) {
  // One worker, a query every 20 ms, tasks of 10 ms or 40 ms (p 0.1): arrivals regular (var 0),
  // var S = 2.5e-4 - 0.013^2 = 8.1e-5, rho = 0.65: W <= 50 * 8.1e-5 / (2 * 0.35).
  auto in = star(1, ServingArrivals::interval, 100);
  in.interval_s = 0.02;
  in.workers[0].straggle_probability = 0.1;
  in.workers[0].straggle_slowdown = 4;
  const auto p = serving(in).latency;
  EXPECT_EQ(p.kind, LatencyPrediction::Kind::mean_bound);
  EXPECT_NEAR(p.mean_s, kUnqueued + 0.003 + 50 * 8.1e-5 / 0.7, 1e-12);
}

TEST(ServingModel, AllAtOnceEachWorkerDrainsItsQueue) {
  // Four queries on two workers: queries 0 and 1 first in their queues (10 ms), 2 and 3 second (20 ms).
  const auto in = star(2, ServingArrivals::all_at_once, 4);
  const auto p = serving(in);
  EXPECT_EQ(p.latency.kind, LatencyPrediction::Kind::exact);
  EXPECT_NEAR(p.latency.mean_s, kUnqueued + 0.005, 1e-15);
  EXPECT_DOUBLE_EQ(p.latency.p50_s, kUnqueued);
  EXPECT_NEAR(p.latency.max_s, kUnqueued + 0.01, 1e-15);
  EXPECT_NEAR(p.run.time_s, kUnqueued + 0.01, 1e-15);
  // Straggling (p 0.1, 4x): the j-th task ends after j tasks of mean 13 ms.
  auto random = in;
  for (auto& w : random.workers) {
    w.straggle_probability = 0.1;
    w.straggle_slowdown = 4;
  }
  const auto r = serving(random);
  EXPECT_EQ(r.latency.kind, LatencyPrediction::Kind::mean_bound);
  EXPECT_NEAR(r.latency.mean_s, kDispatch + kReturn + kDecode + 1.5 * 0.013, 1e-12);
}

TEST(ServingModel, InputsOutsideTheirRangesAreRefused) {
  auto in = star(2, ServingArrivals::interval, 4);
  in.interval_s = 0.02;
  in.replicas = 3;
  EXPECT_THROW(serving(in), std::invalid_argument);
  in.replicas = 2;
  in.answers_needed = 3;
  EXPECT_THROW(serving(in), std::invalid_argument);
  in.answers_needed = 1;
  in.interval_s = 0;
  EXPECT_THROW(serving(in), std::invalid_argument);
}
