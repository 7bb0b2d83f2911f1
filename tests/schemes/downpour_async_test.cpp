#include "isolated_run.hpp"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <gtest/gtest.h>

using ssim::testing::IsolatedRun;
using ssim::testing::run_isolated;
using ssim::testing::small_scenario;

namespace {

// Compute-bound: a 16-64-4 step of 16 samples takes about 10 ms at 10 Mflop/s, a message (1348
// parameters, 5392 bytes) about 25 us. 4 workers hold 128 samples each: 8 steps a pass.
const std::string kComputeBound =
    "platform: {topology: star, hosts: 5, host_speed: 10Mf, bandwidth: 1GBps, latency: 10us}\n"
    "model: {layers: [16, 64, 4]}\n";
constexpr double kParameterBytes = 1348 * 4;

std::string scheme(const char* name, int workers, const std::string& extra = "") {
  return fmt::format(
      "scheme: {{name: {}, workers: {}, epochs: 2, batch_size: 16, optimizer: {{type: sgd, lr: 0.1}}{}}}\n", name,
      workers, extra);
}

IsolatedRun async_run(int workers, const std::string& extra = "", const std::string& stragglers = "") {
  return run_isolated(small_scenario(kComputeBound + scheme("downpour_async", workers, extra) + stragglers));
}

std::vector<double> numbers(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

}  // namespace

TEST(DownpourAsyncScheme, OneWorkerGivesExactlyTheWeightsOfSingle) {
  // It fetches every step what the server made of its previous push, so the server takes
  // single's optimizer steps on single's batches.
  for (const char* optimizer : {"{type: sgd, lr: 0.1, momentum: 0.9}", "{type: adam, lr: 0.01}"}) {
    const auto single = run_isolated(small_scenario(
        kComputeBound + fmt::format("scheme: {{name: single, epochs: 2, batch_size: 16, optimizer: {}}}", optimizer)));
    const auto one = run_isolated(small_scenario(
        kComputeBound +
        fmt::format("scheme: {{name: downpour_async, workers: 1, epochs: 2, batch_size: 16, optimizer: {}}}",
                    optimizer)));
    ASSERT_EQ(single.parameters.size(), 1348u);
    EXPECT_EQ(single.parameters, one.parameters) << optimizer;
    EXPECT_EQ(single.epoch_accuracies, one.epoch_accuracies);
    EXPECT_EQ(one.counters["staleness"]["max"], 0);
    EXPECT_EQ(one.counters["staleness"]["mean"], 0.0);
  }
}

TEST(DownpourAsyncScheme, AStragglerSlowsOnlyItselfWhereTheSynchronousServerWaitsForIt) {
  const std::string straggler = "stragglers: [{worker: 1, slowdown: 4}]\n";
  const auto calm = async_run(4), slowed = async_run(4, "", straggler);
  const auto finish = numbers(slowed.counters["worker_finish_s"]),
             calm_finish = numbers(calm.counters["worker_finish_s"]);
  for (int w : {0, 2, 3}) EXPECT_LT(finish[w], 1.01 * calm_finish[w]) << "worker " << w;
  EXPECT_GT(finish[1], 3.5 * finish[0]);
  // Its pushes come while the others push four times as often: it sees more of theirs than when
  // calm, and more than any other worker. (Workers that push at the same instant are read in
  // SimGrid's order of those events, which adds up to 3 to a fast worker's mean in either run.)
  const auto staleness = numbers(slowed.counters["staleness"]["per_worker_mean"]),
             calm_staleness = numbers(calm.counters["staleness"]["per_worker_mean"]);
  EXPECT_GT(staleness[1], 2 * calm_staleness[1]);
  for (int w : {0, 2, 3}) EXPECT_GT(staleness[1], staleness[w]) << "worker " << w;
  // Seed 001's point: a synchronous server waits for the straggler every round.
  const auto ps_calm = run_isolated(small_scenario(kComputeBound + scheme("ps_sync", 4)));
  const auto ps_slowed = run_isolated(small_scenario(kComputeBound + scheme("ps_sync", 4) + straggler));
  EXPECT_GT(ps_slowed.simulated_time_s, 3.5 * ps_calm.simulated_time_s);
  EXPECT_GT(ps_slowed.simulated_time_s, 3.5 * finish[0]);
}

TEST(DownpourAsyncScheme, FetchEveryAndPushEveryGiveExactlyTheirMessages) {
  // 16 steps per worker: ceil(16 / fetch_every) requests and replies, ceil(16 / push_every)
  // pushes, one "done"; requests and "done" carry a 4-byte worker id.
  for (const auto& [fetch, push] : {std::pair{1, 1}, std::pair{3, 2}, std::pair{2, 5}, std::pair{16, 16}}) {
    const auto run = async_run(4, fmt::format(", fetch_every: {}, push_every: {}", fetch, push));
    const long fetches = (16 + fetch - 1) / fetch, pushes = (16 + push - 1) / push;
    EXPECT_EQ(run.counters["fetches"], 4 * fetches);
    EXPECT_EQ(run.counters["pushes"], 4 * pushes);
    EXPECT_EQ(run.steps, 4 * pushes);
    EXPECT_TRUE(run.training_completed);
    EXPECT_EQ(run.hosts[0].messages_out, 4 * fetches) << fetch << "/" << push;
    EXPECT_DOUBLE_EQ(run.hosts[0].bytes_out, 4 * fetches * kParameterBytes);
    for (int w = 1; w <= 4; ++w) {
      EXPECT_EQ(run.hosts[w].messages_out, fetches + pushes + 1) << fetch << "/" << push;
      EXPECT_DOUBLE_EQ(run.hosts[w].bytes_out, pushes * kParameterBytes + (fetches + 1) * 4.0);
    }
  }
}

TEST(DownpourAsyncScheme, TheModelFollowsTheScheduleThroughStragglersWindowsASlowServerAndMixedLinks) {
  // Each worker's loop against a server that takes messages in sending order: the time, each
  // worker's finish, the throughput and every push's staleness come out as the run has them.
  const std::string mixed = "platform: {file: " + std::string(STRAGGLESIM_TEST_DIR) +
                            "/schemes/fixtures/mixed_star.xml}\nmodel: {layers: [16, 64, 4]}\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {kComputeBound + scheme("downpour_async", 4), ""},
      {kComputeBound + scheme("downpour_async", 4), "stragglers: [{worker: 1, slowdown: 4}]"},
      {kComputeBound + scheme("downpour_async", 4, ", fetch_every: 3, push_every: 2"),
       "stragglers: [{worker: 2, slowdown: 5, from: 0.02, to: 0.08}]"},
      {kComputeBound + scheme("downpour_async", 4, ", fetch_every: 2, push_every: 5"),
       "stragglers: [{probability: 0.3, slowdown: 3}]"},
      {kComputeBound + scheme("downpour_async", 4), "stragglers: [{host: host-0, slowdown: 400}]"},
      {mixed + scheme("downpour_async", 4), ""},
      {mixed + scheme("downpour_async", 4, ", fetch_every: 3, push_every: 2"), "stragglers: [{worker: 0, slowdown: 3}]"},
  };
  for (const auto& [setup, stragglers] : cases) {
    const auto run = run_isolated(small_scenario(setup + stragglers));
    const std::string what = setup + stragglers;
    EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << what;
    EXPECT_NEAR(run.counters["throughput_samples_per_s"].get<double>() /
                    run.counters["predicted_throughput_samples_per_s"].get<double>(),
                1.0, 1e-5)
        << what;
    const auto finish = numbers(run.counters["worker_finish_s"]);
    const auto predicted = numbers(run.counters["predicted_worker_finish_s"]);
    // Which of the workers in step the server takes first when their messages are sent at one
    // instant is SimGrid's choice: the run's end and the mean staleness over every push are the
    // model's, how the waiting falls to each worker may differ by the others in step.
    for (int w = 0; w < 4; ++w) EXPECT_NEAR(finish[w] / predicted[w], 1.0, 0.01) << what << " worker " << w;
    EXPECT_NEAR(run.counters["staleness"]["mean"].get<double>(),
                run.counters["predicted_staleness"]["mean"].get<double>(), 1e-9)
        << what;
    const auto staleness = numbers(run.counters["staleness"]["per_worker_mean"]);
    const auto expected = numbers(run.counters["predicted_staleness"]["per_worker_mean"]);
    for (int w = 0; w < 4; ++w) EXPECT_NEAR(staleness[w], expected[w], 3.0) << what << " worker " << w;
  }
}

TEST(DownpourAsyncScheme, AFailedWorkerStopsOnlyItself) {
  const auto calm = async_run(4);
  const double fail_at = calm.simulated_time_s / 3;
  const auto failed = async_run(4, "", fmt::format("stragglers: [{{worker: 2, fail_at: {}}}]", fail_at));
  ASSERT_EQ(failed.failed_hosts, std::vector<std::string>{"host-3"});
  EXPECT_DOUBLE_EQ(failed.failure_times[0], fail_at);
  EXPECT_FALSE(failed.training_completed);  // its shard was left part-trained
  const auto finish = numbers(failed.counters["worker_finish_s"]),
             calm_finish = numbers(calm.counters["worker_finish_s"]);
  EXPECT_EQ(finish[2], -1);
  for (int w : {0, 1, 3}) EXPECT_LT(finish[w], 1.01 * calm_finish[w]) << "worker " << w;
  // The run ends when the live workers are done, not when the server gives up on the dead one.
  EXPECT_LT(failed.simulated_time_s, 1.01 * calm.simulated_time_s);
  EXPECT_GT(*failed.final_test_accuracy, 0.8);
}

TEST(DownpourAsyncScheme, APushLostWithItsWorkersHostIsSkippedAndTheServerGoesOn) {
  // Links of 100 kB/s: a message of the parameters takes 54 ms, a step 10 ms. Both replies share
  // the server's link (to 108 ms), both workers compute to 118 ms and their first pushes share it
  // again, to 226 ms: worker 1's host fails at 170 ms with its first push on the wire.
  const std::string slow_links =
      "platform: {topology: star, hosts: 3, host_speed: 10Mf, bandwidth: 100kBps, latency: 10us}\n"
      "model: {layers: [16, 64, 4]}\n";
  const auto calm = run_isolated(small_scenario(slow_links + scheme("downpour_async", 2)));
  const auto failed = run_isolated(
      small_scenario(slow_links + scheme("downpour_async", 2) + "stragglers: [{worker: 1, fail_at: 0.17}]"));
  ASSERT_EQ(failed.failed_hosts, std::vector<std::string>{"host-2"});
  // Only worker 0's pushes are applied, every one of them, and the run ends with its last.
  EXPECT_EQ(failed.counters["pushes"].get<long>(), calm.counters["pushes"].get<long>() / 2);
  const auto finish = numbers(failed.counters["worker_finish_s"]);
  EXPECT_EQ(finish[1], -1);
  EXPECT_GT(finish[0], 0);
}
