#include "isolated_run.hpp"
#include "schemes/downpour_aggregation.hpp"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <numeric>

using ssim::testing::run_isolated;
using ssim::testing::small_scenario;
using Aggregation = ssim::schemes::DownpourOptions::Aggregation;

namespace {

// 16-32-4 has 676 parameters; 512 training samples of 4 classes.
constexpr double kParameters = 676;

std::string downpour(int workers, const std::string& extra = "") {
  return fmt::format(
      "scheme: {{name: downpour, workers: {}, epochs: 3, batch_size: 16, optimizer: {{type: sgd, lr: 0.1}}{}}}\n",
      workers, extra);
}

}  // namespace

TEST(DownpourAggregation, AverageWeighsEveryUpdateAlike) {
  EXPECT_EQ(ssim::schemes::aggregation_weights(Aggregation::average, {0.5f, 2.0f, 1.5f}),
            std::vector<double>(3, 1.0 / 3));
}

TEST(DownpourAggregation, WeightedWeighsEachUpdateByItsLossNormalisedToOne) {
  const auto weights = ssim::schemes::aggregation_weights(Aggregation::weighted, {1.0f, 3.0f});
  ASSERT_EQ(weights.size(), 2u);
  EXPECT_DOUBLE_EQ(weights[0], 0.25);
  EXPECT_DOUBLE_EQ(weights[1], 0.75);
  const auto many = ssim::schemes::aggregation_weights(Aggregation::weighted, {0.7f, 1.3f, 0.2f, 2.9f});
  EXPECT_NEAR(std::accumulate(many.begin(), many.end(), 0.0), 1.0, 1e-12);
  // No loss to weigh by: every update counts alike.
  EXPECT_EQ(ssim::schemes::aggregation_weights(Aggregation::weighted, {0.0f, 0.0f}), std::vector<double>(2, 0.5));
}

TEST(DownpourAggregation, CombineIsTheWeightedSumOfTheUpdates) {
  ssim::nn::Vector a(3), b(3);
  a << 1, 2, 3;
  b << -4, 0, 8;
  const auto sum = ssim::schemes::combine({&a, &b}, {0.25, 0.75});
  EXPECT_FLOAT_EQ(sum(0), 0.25f * 1 + 0.75f * -4);
  EXPECT_FLOAT_EQ(sum(1), 0.5f);
  EXPECT_FLOAT_EQ(sum(2), 0.75f + 6.0f);
  EXPECT_THROW(ssim::schemes::combine({&a}, {0.5, 0.5}), std::invalid_argument);
  EXPECT_DOUBLE_EQ(ssim::schemes::aggregation_flops(2, 3), 15);  // 2 multiply-adds x 3, then 3 adds
}

TEST(DownpourScheme, TheScheduleModelIsExactOnStar) {
  for (int workers : {1, 2, 4})
    for (const char* ship : {"indices", "data"})
      for (const char* bandwidth : {"10MBps", "1GBps"}) {
        const auto run = run_isolated(small_scenario(
            fmt::format("platform: {{topology: star, hosts: 5, bandwidth: {}, latency: 1ms}}\n", bandwidth) +
            downpour(workers, fmt::format(", ship: {}", ship))));
        EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << workers << " workers, ship " << ship << ", " << bandwidth;
        EXPECT_EQ(run.steps, 3);
      }
  // Blocks of different sizes (the class split) share the manager's link unequally.
  const auto by_class =
      run_isolated(small_scenario("platform: {topology: star, hosts: 5, bandwidth: 10MBps, latency: 1ms}\n" +
                                  downpour(4, ", split: class, ship: data")));
  EXPECT_NEAR(by_class.ratio(), 1.0, 1e-5);
}

TEST(DownpourScheme, TheScheduleModelFollowsRoutesSlowWorkersWindowsAndTheRunsStraggles) {
  // Workers one to four hops from the manager on a ring; slow links in the file; and stragglers,
  // whose random draws the model replays step by step.
  for (const std::string& platform :
       {std::string("{topology: ring, hosts: 8, bandwidth: 10MBps, latency: 1ms}"),
        std::string("{file: ") + STRAGGLESIM_TEST_DIR + "/schemes/fixtures/mixed_links_star.xml}"}) {
    const auto run = run_isolated(small_scenario("platform: " + platform + "\n" + downpour(4, ", ship: data")));
    EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << platform;
  }
  const std::string platform = "platform: {topology: star, hosts: 5, bandwidth: 10MBps, latency: 1ms}\n";
  for (const char* stragglers :
       {"[{worker: 1, slowdown: 4}]", "[{worker: 1, slowdown: 4, from: 0.01, to: 0.03}]",
        "[{probability: 0.2, slowdown: 4}]", "[{worker: 2, probability: 0.5, slowdown: 4}]"}) {
    const auto run = run_isolated(small_scenario(platform + downpour(4) + "stragglers: " + stragglers));
    EXPECT_NEAR(run.ratio(), 1.0, 1e-5) << stragglers;
  }
}

TEST(DownpourScheme, EachMessageCarriesExactlyItsBlockAndTheModel) {
  // 512 samples in 4 random blocks of 128. Indices: 4 bytes each; data: 16 features of 4 bytes
  // and a 4-byte label each. The model and every update: 676 values of 4 bytes.
  for (const auto& [ship, per_sample] : {std::pair{"indices", 4.0}, std::pair{"data", 16 * 4.0 + 4}}) {
    const auto run = run_isolated(small_scenario(downpour(4, fmt::format(", ship: {}", ship))));
    const double job = 128 * per_sample + kParameters * 4, update = kParameters * 4;
    ASSERT_EQ(run.hosts.size(), 5u);
    EXPECT_DOUBLE_EQ(run.hosts[0].bytes_out, 3 * 4 * job) << ship;
    EXPECT_EQ(run.hosts[0].messages_out, 3 * 4);
    EXPECT_DOUBLE_EQ(run.hosts[0].bytes_in, 3 * 4 * update);
    for (int w = 1; w <= 4; ++w) {
      EXPECT_DOUBLE_EQ(run.hosts[w].bytes_in, 3 * job) << ship;
      EXPECT_DOUBLE_EQ(run.hosts[w].bytes_out, 3 * update);
      EXPECT_EQ(run.hosts[w].messages_out, 3);
    }
  }
}

TEST(DownpourScheme, WeightedAndAverageAggregationGiveDifferentModels) {
  const auto average = run_isolated(small_scenario(downpour(4, ", aggregation: average")));
  const auto weighted = run_isolated(small_scenario(downpour(4, ", aggregation: weighted")));
  EXPECT_NE(average.parameters, weighted.parameters);
  const auto& epochs = weighted.counters["aggregation_weights"];
  ASSERT_EQ(epochs.size(), 3u);
  for (const auto& epoch : epochs) {
    const auto weights = epoch.get<std::vector<double>>();
    ASSERT_EQ(weights.size(), 4u);
    EXPECT_NEAR(std::accumulate(weights.begin(), weights.end(), 0.0), 1.0, 1e-12);
    EXPECT_NE(*std::min_element(weights.begin(), weights.end()), *std::max_element(weights.begin(), weights.end()));
  }
  for (const auto& epoch : average.counters["aggregation_weights"])
    EXPECT_EQ(epoch.get<std::vector<double>>(), std::vector<double>(4, 0.25));
}

TEST(DownpourScheme, ClassSplitCollapsesToAboutChanceWhileEqualSplitMatchesRandom) {
  // Seed 001 reports under 10% on 10 classes with the class split: each worker learns that its
  // class is the answer, and the average of those models is no classifier. Here 4 classes: 25%
  // after 3 epochs (more epochs on these well-separated blobs let it climb part of the way).
  for (const char* aggregation : {"average", "weighted"}) {
    const auto options = [&](const char* split) {
      return fmt::format(", split: {}, aggregation: {}", split, aggregation);
    };
    const auto random = run_isolated(small_scenario(downpour(4, options("random"))));
    const auto by_class = run_isolated(small_scenario(downpour(4, options("class"))));
    const auto equal = run_isolated(small_scenario(downpour(4, options("equal"))));
    EXPECT_GT(*random.final_test_accuracy, 0.75) << aggregation;
    EXPECT_LT(*by_class.final_test_accuracy, 0.35) << aggregation;
    EXPECT_LT(*by_class.final_test_accuracy, *random.final_test_accuracy - 0.4) << aggregation;
    EXPECT_GE(*equal.final_test_accuracy, *random.final_test_accuracy - 0.03) << aggregation;
  }
}

TEST(DownpourScheme, OneWorkerTrainsOnSinglesBatchesUpToTheRoundingOfTheUpdate) {
  // One block is the whole set in single's epoch order, so the worker takes single's steps. The
  // manager then adds back update = trained - received, and received + (trained - received) is
  // the trained model only up to float rounding: the models agree to that rounding, not bit for bit.
  const auto single = run_isolated(
      small_scenario("scheme: {name: single, epochs: 3, batch_size: 16, optimizer: {type: sgd, lr: 0.1}}"));
  const auto one = run_isolated(small_scenario(downpour(1)));
  ASSERT_EQ(single.parameters.size(), one.parameters.size());
  float largest = 0, furthest = 0;
  for (std::size_t i = 0; i < one.parameters.size(); ++i) {
    largest = std::max(largest, std::abs(single.parameters[i]));
    furthest = std::max(furthest, std::abs(single.parameters[i] - one.parameters[i]));
  }
  EXPECT_LT(furthest, 1e-5f * largest);
  EXPECT_EQ(single.epoch_accuracies, one.epoch_accuracies);
}

TEST(DownpourScheme, AFailedWorkerIsLeftBehindAndTrainingCompletes) {
  const auto baseline = run_isolated(small_scenario(downpour(4)));
  const double fail_at = baseline.simulated_time_s / 2;
  const auto failed =
      run_isolated(small_scenario(downpour(4) + fmt::format("stragglers: [{{worker: 2, fail_at: {}}}]", fail_at)));
  EXPECT_TRUE(failed.training_completed);
  EXPECT_EQ(failed.steps, 3);
  ASSERT_EQ(failed.failed_hosts, std::vector<std::string>{"host-3"});
  EXPECT_DOUBLE_EQ(failed.failure_times[0], fail_at);
  EXPECT_EQ(failed.counters["timed_out_rounds"], 1);
  EXPECT_GT(*failed.final_test_accuracy, 0.8);
  // The epoch it died in waited for the timeout (10 model epochs); the next went on without it.
  EXPECT_GT(failed.simulated_time_s, baseline.simulated_time_s);
  EXPECT_LT(failed.simulated_time_s, baseline.simulated_time_s * (1 + 11.0 / 3));
  EXPECT_EQ(failed.hosts[0].messages_out, 4 + 4 + 3);  // the dead worker gets no more blocks
}
