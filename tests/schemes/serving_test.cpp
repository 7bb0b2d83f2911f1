// Serving on a small star: latencies against the hand-computed time of a request (send, compute,
// answer), replication masking a slow worker and a failed one, and the frontend recovering a
// request whose worker died.
#include "isolated_run.hpp"
#include "nn/network.hpp"
#include "run/datasets.hpp"
#include "report/saved_model.hpp"
#include "run/run.hpp"
#include "schemes/scheme.hpp"
#include <gtest/gtest.h>
#include <filesystem>

namespace ssim::schemes {
namespace {

// Each test runs in its own process, so it may hold the one SimGrid engine of the process.
struct Served {
  RunResult result;
  std::vector<std::string> failed_hosts;
};

Served serve_here(const scenario::Scenario& scenario) {
  const auto dir = std::filesystem::temp_directory_path() / ("ssim-serving-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto simulation = run::simulate(scenario, run::load_datasets(scenario), dir.string());
  Served served{std::move(simulation.result), {}};
  for (const auto& f : simulation.cluster->failures()) served.failed_hosts.push_back(f.host);
  std::filesystem::remove_all(dir);
  return served;
}

// 16 features, 4 classes; hosts of 1 Gflop/s; every link 100 MB/s and 1 ms, so a message between
// the frontend and a worker crosses two links: 2 ms + bytes / 100 MB/s.
scenario::Scenario serving_scenario(const std::string& scheme, const std::string& serving,
                                    const std::string& stragglers = "[]") {
  return testing::small_scenario("scheme: " + scheme + "\nserving: " + serving + "\nstragglers: " + stragglers);
}

// Send 16 float32 values, compute, answer 4: with no queue, every query takes this long.
double unqueued_latency(const scenario::Scenario& scenario) {
  const nn::Network network(scenario.model.network(scenario.seed));
  return (2e-3 + 16 * 4 / 100e6) + network.infer_flops(1) / 1e9 + (2e-3 + 4 * 4 / 100e6);
}

TEST(Serving, EveryLatencyIsTheHandComputedRequestTimeWithoutQueueing) {
  const auto scenario = serving_scenario("{name: infer_single, workers: 2, epochs: 1}",
                                         "{queries: 20, arrivals: interval, interval: 10ms}");
  const auto served = serve_here(scenario);
  ASSERT_TRUE(served.result.serving);
  const auto& queries = served.result.serving->queries;
  ASSERT_EQ(queries.size(), 20u);
  const double expected = unqueued_latency(scenario);
  for (const auto& q : queries) {
    EXPECT_DOUBLE_EQ(q.arrival_s, 0.01 * static_cast<double>(q.id));
    EXPECT_NEAR(q.latency_s(), expected, 1e-12) << "query " << q.id;
    EXPECT_EQ(q.answers_used, 1);
  }
  EXPECT_NEAR(served.result.simulated_time_s, 0.19 + expected, 1e-12);
}

TEST(Serving, AQueueBehindASlowWorkerAddsItsServiceTimes) {
  // Round robin on 2 workers, all 4 requests at time 0: worker 0 answers queries 0 and 2, the
  // second after the first is computed. Requests are small, so sending them together takes
  // (nearly) no longer than one.
  const auto scenario = serving_scenario("{name: infer_single, workers: 2, epochs: 1}",
                                         "{queries: 4, arrivals: all_at_once}");
  const auto served = serve_here(scenario);
  const auto& queries = served.result.serving->queries;
  const nn::Network network(scenario.model.network(scenario.seed));
  const double compute = network.infer_flops(1) / 1e9;
  EXPECT_NEAR(queries[2].latency_s() - queries[0].latency_s(), compute, 2e-6);
  EXPECT_NEAR(queries[3].latency_s() - queries[1].latency_s(), compute, 2e-6);
}

constexpr auto kSpacedOut = "{queries: 10, arrivals: interval, interval: 50ms}";
constexpr auto kWorker0Slow = "[{worker: 0, slowdown: 1000}]";

TEST(Serving, ASlowWorkerDelaysTheRequestsSentToIt) {
  const auto scenario = serving_scenario("{name: infer_single, workers: 2, epochs: 1}", kSpacedOut, kWorker0Slow);
  const auto served = serve_here(scenario);
  const nn::Network network(scenario.model.network(scenario.seed));
  const double fast = unqueued_latency(scenario), slower_by = 999 * network.infer_flops(1) / 1e9;
  for (const auto& q : served.result.serving->queries)  // round robin: worker 0 has the even ones
    EXPECT_NEAR(q.latency_s(), fast + (q.id % 2 == 0 ? slower_by : 0), 1e-12) << "query " << q.id;
}

TEST(Serving, ReplicationMasksASlowWorker) {
  const auto scenario =
      serving_scenario("{name: infer_replicated, workers: 2, replicas: 2, losers: cancel, epochs: 1}", kSpacedOut,
                       "[{worker: 0, slowdown: 100000}]");
  const auto served = serve_here(scenario);
  // The two copies of a request leave the frontend together, sharing its link: the second 64
  // bytes delay both by 64 bytes / 100 MB/s.
  for (const auto& q : served.result.serving->queries)
    EXPECT_NEAR(q.latency_s(), unqueued_latency(scenario) + 64 / 100e6, 1e-12) << "query " << q.id;
  // Every slow copy (0.13 s of compute) is cancelled before it finishes.
  EXPECT_EQ(served.result.counters["wasted_answers"], 0);
  EXPECT_EQ(served.result.counters["cancelled_requests"], 10);
}

TEST(Serving, ReplicationWithAFailedWorkerStillAnswersEveryQuery) {
  const auto served =
      serve_here(serving_scenario("{name: infer_replicated, workers: 3, replicas: 2, epochs: 1}",
                                  "{queries: 30, arrivals: poisson, rate: 200}", "[{worker: 1, fail_at: 0}]"));
  EXPECT_EQ(served.failed_hosts.size(), 1u);
  for (const auto& q : served.result.serving->queries) EXPECT_TRUE(q.answered()) << "query " << q.id;
  EXPECT_EQ(served.result.counters["timed_out_requests"], 0);  // its partner always answered
}

TEST(Serving, ARequestLostWithItsWorkerIsSentAgainAfterTheTimeout) {
  const auto served =
      serve_here(serving_scenario("{name: infer_single, workers: 2, epochs: 1}",
                                  "{queries: 10, arrivals: interval, interval: 100ms}", "[{worker: 1, fail_at: 0}]"));
  // Worker 1 is dead from the start: the first request sent to it (query 1) times out and goes to
  // worker 0; from then on worker 1 is presumed dead and gets nothing. (Requests are further apart
  // than the timeout, 10 x 4 ms, so no other request goes to worker 1 before it is presumed dead.)
  EXPECT_EQ(served.result.counters["timed_out_requests"], 1);
  EXPECT_EQ(served.result.counters["resent_requests"], 1);
  const auto& queries = served.result.serving->queries;
  for (const auto& q : queries) EXPECT_TRUE(q.answered()) << "query " << q.id;
  const double timeout = served.result.counters["silence_timeout_s"];
  EXPECT_GT(queries[1].latency_s(), timeout);
  EXPECT_LT(queries[1].latency_s(), timeout + 0.005);
  EXPECT_LT(queries[3].latency_s(), 0.005);
}

TEST(Serving, AnswersAreTheModelsPredictions) {
  const auto served = serve_here(serving_scenario("{name: infer_single, workers: 2, epochs: 2}",
                                                  "{queries: 128, arrivals: interval, interval: 1ms, batch: 4}"));
  long correct = 0;
  for (const auto& q : served.result.serving->queries) correct += q.predicted == q.label;
  // The 128 queries are the test set once: the served model's accuracy on them is its test accuracy.
  EXPECT_DOUBLE_EQ(static_cast<double>(correct) / 128, *served.result.training->final_test_accuracy);
}

TEST(Serving, AModelSavedByAnEarlierRunAnswersAsItWasSaved) {
  // A network of the scenario's layers but other weights (another seed), saved as a run saves its
  // model: the served answers are its predictions, not those of the scenario's initial weights.
  const auto dir = std::filesystem::temp_directory_path() / ("ssim-saved-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto trained = serving_scenario("{name: infer_single, workers: 2, epochs: 1}",
                                        "{queries: 128, arrivals: interval, interval: 1ms}");
  const nn::Network saved(trained.model.network(99));
  report::write_saved_model(dir.string(), report::architecture(saved.spec()), saved.parameters());
  const auto scenario = serving_scenario("{name: infer_single, workers: 2}",
                                         "{queries: 128, arrivals: interval, interval: 1ms, model: " + dir.string() + "}");
  const auto served = serve_here(scenario);
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(served.result.training);
  const auto datasets = run::load_datasets(scenario);
  const nn::Matrix outputs = saved.predict(datasets.test.features);
  for (const auto& q : served.result.serving->queries) {
    Eigen::Index expected = 0;
    outputs.col(q.id).maxCoeff(&expected);
    EXPECT_EQ(q.predicted, expected) << "query " << q.id;
  }
}

}  // namespace
}  // namespace ssim::schemes
