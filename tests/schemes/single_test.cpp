#include "isolated_run.hpp"
#include <gtest/gtest.h>

using ssim::testing::run_isolated;
using ssim::testing::small_scenario;

TEST(SingleScheme, SimulatedTimeMatchesTheModel) {
  for (const char* speed : {"100Mf", "1Gf", "7.5Gf"}) {
    const auto run = run_isolated(small_scenario(
        std::string("platform: {topology: star, hosts: 1, host_speed: ") + speed + "}"));
    EXPECT_NEAR(run.ratio(), 1.0, 1e-9) << speed;
    EXPECT_EQ(run.steps, 2 * 512 / 32);
  }
}

TEST(SingleScheme, TheModelFollowsASlowHostAWindowAndTheRunsStraggles) {
  for (const char* stragglers : {"[{worker: 0, slowdown: 4}]", "[{worker: 0, slowdown: 4, from: 0.001, to: 0.003}]",
                                 "[{probability: 0.2, slowdown: 4}]"}) {
    const auto run = run_isolated(
        small_scenario(std::string("platform: {topology: star, hosts: 1}\nstragglers: ") + stragglers));
    EXPECT_NEAR(run.ratio(), 1.0, 1e-9) << stragglers;
  }
}

TEST(SingleScheme, LearnsTheSyntheticTask) {
  const auto run = run_isolated(small_scenario("scheme: {name: single, epochs: 5, batch_size: 16}"));
  EXPECT_GT(*run.final_test_accuracy, 0.9);
  EXPECT_TRUE(run.training_completed);
}

TEST(SingleScheme, SameScenarioSameWeights) {
  const auto a = run_isolated(small_scenario("seed: 5"));
  const auto b = run_isolated(small_scenario("seed: 5"));
  const auto c = run_isolated(small_scenario("seed: 6"));
  EXPECT_EQ(a.parameters, b.parameters);
  EXPECT_NE(a.parameters, c.parameters);
}
