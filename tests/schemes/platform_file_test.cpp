#include "isolated_run.hpp"
#include <gtest/gtest.h>

using ssim::testing::run_isolated;
using ssim::testing::small_scenario;

namespace {
const std::string kScheme = "scheme: {name: ps_sync, workers: 2, epochs: 1, batch_size: 16}\n";
const std::string kFixture = std::string(STRAGGLESIM_TEST_DIR) + "/schemes/fixtures/full_zone_star.xml";
}  // namespace

TEST(PlatformFile, AHandWrittenStarTimesLikeTheGeneratedOne) {
  const auto generated =
      run_isolated(small_scenario("platform: {topology: star, hosts: 3, bandwidth: 100MBps, latency: 1ms}\n" + kScheme));
  // Roles by name: the server on gamma, workers on alpha and beta; any order of roles gives the
  // same time on a symmetric star.
  const auto from_file = run_isolated(
      small_scenario("platform: {file: " + kFixture + ", roles: [gamma, alpha, beta]}\n" + kScheme));
  EXPECT_NEAR(from_file.ratio(), 1.0, 0.01);
  EXPECT_DOUBLE_EQ(from_file.simulated_time_s, generated.simulated_time_s);
  EXPECT_EQ(from_file.parameters, generated.parameters);
}

TEST(PlatformFile, StragglersCanNameHostsOfTheFile) {
  // Compute-bound (16-512-4, batches of 256): roles in natural order put worker 0 on beta, and
  // slowing beta 3x makes every round about 3x longer.
  const std::string compute_bound = "model: {layers: [16, 512, 4]}\n"
                                    "scheme: {name: ps_sync, workers: 2, epochs: 1, batch_size: 256}\n";
  const auto fine = run_isolated(small_scenario("platform: {file: " + kFixture + "}\n" + compute_bound));
  const auto slow = run_isolated(small_scenario("platform: {file: " + kFixture + "}\n" + compute_bound +
                                                "stragglers: [{host: beta, slowdown: 3}]"));
  EXPECT_GT(slow.simulated_time_s, fine.simulated_time_s * 2);
  EXPECT_NEAR(slow.ratio(), 1.0, 0.01);
}

TEST(NetworkModel, SimgridsCalibratedModelStretchesLatencyAndTheModelFollows) {
  // SimGrid's default model multiplies latency by 13.01 and bandwidth by 0.97; this run is
  // latency-bound, so it takes several times longer, and the model, given the same factors,
  // still predicts it. Time changes, numerics do not.
  const std::string platform = "platform: {topology: star, hosts: 3, bandwidth: 100MBps, latency: 1ms}\n";
  const auto ideal = run_isolated(small_scenario(platform + kScheme));
  const auto calibrated = run_isolated(small_scenario(platform + "network_model: simgrid\n" + kScheme));
  EXPECT_NEAR(ideal.ratio(), 1.0, 0.01);
  EXPECT_NEAR(calibrated.ratio(), 1.0, 0.03);
  EXPECT_GT(calibrated.simulated_time_s, 5 * ideal.simulated_time_s);
  EXPECT_EQ(calibrated.steps, ideal.steps);
  EXPECT_EQ(ideal.parameters, calibrated.parameters);
}
