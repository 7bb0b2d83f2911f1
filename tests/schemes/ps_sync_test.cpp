#include "isolated_run.hpp"
#include <fmt/format.h>
#include <gtest/gtest.h>

using ssim::testing::run_isolated;
using ssim::testing::small_scenario;

namespace {

// A model large enough that bandwidth matters: 16-64-4 has 1348 parameters (5392 bytes).
std::string ps(int workers, const std::string& extra = "") {
  return fmt::format(
      "model: {{layers: [16, 64, 4]}}\n"
      "scheme: {{name: ps_sync, workers: {}, epochs: 2, batch_size: 16, optimizer: {{type: sgd, lr: 0.1}}{}}}\n",
      workers, extra);
}

}  // namespace

TEST(PsSyncScheme, OneWorkerGivesExactlyTheWeightsOfSingle) {
  const std::string model = "model: {layers: [16, 64, 4]}\n";
  for (const char* optimizer : {"{type: sgd, lr: 0.1, momentum: 0.9}", "{type: adam, lr: 0.01}"}) {
    const auto single = run_isolated(small_scenario(
        model + fmt::format("scheme: {{name: single, epochs: 2, batch_size: 16, optimizer: {}}}", optimizer)));
    const auto ps = run_isolated(small_scenario(
        model + fmt::format("scheme: {{name: ps_sync, workers: 1, epochs: 2, batch_size: 16, optimizer: {}}}", optimizer)));
    ASSERT_EQ(single.parameters.size(), 1348u);
    EXPECT_EQ(single.parameters, ps.parameters) << optimizer;
    EXPECT_EQ(single.steps, ps.steps);
  }
}

TEST(PsSyncScheme, TheScheduleModelIsExactOnStar) {
  for (int workers : {1, 2, 4})
    for (const char* bandwidth : {"10MBps", "1GBps"})
      for (const char* latency : {"10us", "5ms"}) {
        const auto run = run_isolated(small_scenario(
            fmt::format("platform: {{topology: star, hosts: 5, bandwidth: {}, latency: {}}}\n", bandwidth, latency) +
            ps(workers)));
        EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << workers << " workers, " << bandwidth << ", " << latency;
        EXPECT_EQ(run.steps, 2 * (512 / workers / 16));
      }
}

TEST(PsSyncScheme, TheScheduleModelFollowsEachRoutesLatencyAndSharing) {
  // On a ring the workers are one to four hops from the server; in the file the odd hosts have
  // slow links, which hold their messages and leave the server's link to the others.
  for (const std::string& platform :
       {std::string("{topology: ring, hosts: 8, bandwidth: 10MBps, latency: 1ms}"),
        std::string("{file: ") + STRAGGLESIM_TEST_DIR + "/schemes/fixtures/mixed_links_star.xml}"}) {
    const auto run = run_isolated(small_scenario("platform: " + platform + "\n" + ps(4)));
    EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << platform;
  }
}

TEST(PsSyncScheme, EachSlowLinkHoldsItsOwnWorkersParametersWhenSlowAndFastLinksMix) {
  // Workers 0 and 2 sit behind 10 MB/s links, workers 1 and 3 behind 100 MB/s ones: the
  // parameters to worker 2 start moving bytes at the instant those to worker 0 do, once those to
  // the fast workers have arrived, and must still take its slow link's time. A slowed worker 2, or
  // random straggling, puts that arrival on the round's critical path.
  const std::string platform =
      std::string("platform: {file: ") + STRAGGLESIM_TEST_DIR + "/schemes/fixtures/mixed_links_star.xml}\n";
  for (const char* stragglers : {"[{worker: 2, slowdown: 4}]", "[{probability: 0.2, slowdown: 4}]"})
    for (const char* wait_for : {"", ", wait_for: 3"}) {
      const auto run = run_isolated(small_scenario(platform + ps(4, wait_for) + "stragglers: " + stragglers));
      EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << stragglers << wait_for;
    }
}

TEST(PsSyncScheme, TheScheduleModelFollowsSlowWorkersWindowsAndTheRunsStraggles) {
  const std::string platform = "platform: {topology: star, hosts: 5, bandwidth: 10MBps, latency: 1ms}\n";
  for (const char* stragglers :
       {"[{worker: 1, slowdown: 4}]", "[{worker: 1, slowdown: 4, from: 0.02, to: 0.06}]",
        "[{probability: 0.2, slowdown: 4}]", "[{worker: 2, probability: 0.5, slowdown: 4}]"})
    for (const char* wait_for : {"", ", wait_for: 3"}) {
      const auto run = run_isolated(small_scenario(platform + ps(4, wait_for) + "stragglers: " + stragglers));
      EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << stragglers << wait_for;
    }
}

TEST(PsSyncScheme, OneSlowWorkerMakesEveryRoundWaitUnlessTheServerWaitsForNMinus1) {
  const std::string platform = "platform: {topology: star, hosts: 5, bandwidth: 1GBps, latency: 10us}\n";
  const auto baseline = run_isolated(small_scenario(platform + ps(4)));
  const auto slowed = run_isolated(small_scenario(platform + ps(4) + "stragglers: [{worker: 2, slowdown: 4}]"));
  const auto tolerant =
      run_isolated(small_scenario(platform + ps(4, ", wait_for: 3") + "stragglers: [{worker: 2, slowdown: 4}]"));
  // Waiting for all: the model (with the slow worker's compute time in every round) holds, and the
  // run is well over twice as long (compute is half of a round here).
  EXPECT_NEAR(slowed.ratio(), 1.0, 1e-5);
  EXPECT_GT(slowed.simulated_time_s, 2.2 * baseline.simulated_time_s);
  EXPECT_EQ(slowed.stale_messages, 0);
  // Waiting for 3 of 4: no worse than about the fault-free run; the slow worker's gradients are dropped.
  EXPECT_NEAR(tolerant.ratio(), 1.0, 1e-5);
  EXPECT_LT(tolerant.simulated_time_s, 1.05 * baseline.simulated_time_s);
  EXPECT_GT(tolerant.stale_messages, 0);
}

TEST(PsSyncScheme, AFailedWorkerIsLeftBehindAndTrainingCompletes) {
  const std::string platform = "platform: {topology: star, hosts: 5, bandwidth: 1GBps, latency: 10us}\n";
  const auto baseline = run_isolated(small_scenario(platform + ps(4)));
  const double fail_at = baseline.simulated_time_s / 3;
  const auto failed = run_isolated(
      small_scenario(platform + ps(4) + fmt::format("stragglers: [{{worker: 1, fail_at: {}}}]", fail_at)));
  EXPECT_TRUE(failed.training_completed);
  EXPECT_EQ(failed.steps, baseline.steps);
  ASSERT_EQ(failed.failed_hosts, std::vector<std::string>{"host-2"});
  EXPECT_DOUBLE_EQ(failed.failure_times[0], fail_at);
  EXPECT_EQ(failed.timed_out_rounds, 1);
  EXPECT_GT(*failed.final_test_accuracy, 0.8);
  // The round it died in waited for the timeout (10 model rounds); every later round went on without it.
  EXPECT_GT(failed.simulated_time_s, baseline.simulated_time_s);
  EXPECT_LT(failed.simulated_time_s, baseline.simulated_time_s * (1 + 11.0 / baseline.steps));
}

TEST(PsSyncScheme, RandomStragglingIsReplayedByTheModel) {
  // 256 rounds; each worker each round is 3x slower with probability 0.25, so a round waits for a
  // straggler with probability 1 - 0.75^4 = 0.68. The model replays the run's draws.
  const std::string setup =
      "platform: {topology: star, hosts: 5, bandwidth: 1GBps, latency: 10us}\n"
      "data: {dataset: synthetic, features: 16, classes: 4, train_samples: 4096, test_samples: 128}\n"
      "model: {layers: [16, 64, 4]}\n"
      "scheme: {name: ps_sync, workers: 4, epochs: 1, batch_size: 4}\n";
  const auto calm = run_isolated(small_scenario(setup));
  const auto stormy = run_isolated(small_scenario(setup + "stragglers: [{probability: 0.25, slowdown: 3}]"));
  EXPECT_EQ(stormy.steps, 256);
  EXPECT_NEAR(stormy.ratio(), 1.0, 1e-5);
  EXPECT_GT(stormy.simulated_time_s, 1.1 * calm.simulated_time_s);
}

TEST(PsSyncScheme, GradientsTheServerGaveUpOnDuringTheirTransferLeaveTheirWorkersToEndCleanly) {
  // 8 gradients of 5,392 bytes share the server's 1 MB/s link: 43 ms, against a 20 ms round
  // timeout. The server stops waiting while they are on the wire; none arrived, so every worker is
  // presumed dead and the server stops. The workers learn of it when they see their sends through.
  const auto run = run_isolated(small_scenario(
      "platform: {topology: star, hosts: 9, bandwidth: 1MBps, latency: 1ms}\n" +
      ps(8, ", wait_for: 5, round_timeout: 20ms") + "stragglers: [{probability: 0.3, slowdown: 20}]"));
  EXPECT_EQ(run.timed_out_rounds, 1);
  EXPECT_EQ(run.steps, 0);
  EXPECT_FALSE(run.training_completed);
}
