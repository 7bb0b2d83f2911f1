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
  const auto fine = run_isolated(small_scenario("platform: {file: " + kFixture + "}\n" + kScheme));
  const auto slow = run_isolated(small_scenario("platform: {file: " + kFixture + "}\n" + kScheme +
                                                "stragglers: [{host: beta, slowdown: 3}]"));
  EXPECT_GT(slow.simulated_time_s, fine.simulated_time_s * 1.5);
  EXPECT_NEAR(slow.ratio(), 1.0, 0.01);
}

TEST(NetworkModel, SimgridsCalibratedModelIsSlowerThanTheIdealOne) {
  // SimGrid's default model adds about 13x latency and 5% bandwidth overhead per message, so the
  // ideal closed form underestimates it; compute time is unchanged.
  const std::string platform = "platform: {topology: star, hosts: 3, bandwidth: 100MBps, latency: 1ms}\n";
  const auto ideal = run_isolated(small_scenario(platform + kScheme));
  const auto calibrated = run_isolated(small_scenario(platform + "network_model: simgrid\n" + kScheme));
  EXPECT_NEAR(ideal.ratio(), 1.0, 0.01);
  EXPECT_GT(calibrated.ratio(), 2.0);
  EXPECT_EQ(ideal.parameters, calibrated.parameters);  // time changes, numerics do not
}
