// The platform check on small platforms; each test loads one, so each needs its own process
// (ctest runs them one by one).
#include "cluster/platform_check.hpp"
#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace ssim;

namespace {

using Pairs = std::vector<std::pair<int, int>>;
const std::string kPlatforms = STRAGGLESIM_TEST_DIR "/bad_scenarios/platforms/";

scenario::Scenario on_file(const std::string& file, std::vector<std::string> roles) {
  scenario::Scenario s;
  s.name = "platform-check-test";
  s.platform.topology = scenario::Platform::Topology::file;
  s.platform.file = kPlatforms + file;
  s.platform.roles = std::move(roles);
  return s;
}

std::string scratch_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("ssim-platform-check-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

// The check's message, or "" when the platform passes.
std::string check_error(const scenario::Scenario& s, const cluster::RoleLayout& layout) {
  const cluster::Cluster c(s, layout, scratch_dir());
  try {
    cluster::check_platform(c, layout);
  } catch (const cluster::PlatformError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(PlatformCheck, StarSchemesUseServerWorkerPairsBothWays) {
  EXPECT_EQ(cluster::communicating_roles(cluster::server_workers_layout(2)), (Pairs{{0, 1}, {1, 0}, {0, 2}, {2, 0}}));
}

TEST(PlatformCheck, RingSchemesUseNeighbourPairsBothWays) {
  EXPECT_EQ(cluster::communicating_roles(cluster::workers_only_layout(3)),
            (Pairs{{0, 1}, {1, 0}, {1, 2}, {2, 1}, {2, 0}, {0, 2}}));
  EXPECT_EQ(cluster::communicating_roles(cluster::workers_only_layout(2)), (Pairs{{0, 1}, {1, 0}}));
  EXPECT_TRUE(cluster::communicating_roles(cluster::single_host_layout()).empty());
}

TEST(PlatformCheck, GeneratedRingPasses) {
  scenario::Scenario s;
  s.platform.topology = scenario::Platform::Topology::ring;
  s.platform.hosts = 4;
  s.platform.host_speed = 1e9;
  s.platform.bandwidth = 1e8;
  s.platform.latency = 1e-4;
  EXPECT_EQ(check_error(s, cluster::workers_only_layout(4)), "");
}

TEST(PlatformCheck, ServerRoutesAreEnoughForAServerButNotForARing) {
  const auto s = on_file("star_routes_only.xml", {"h0", "h1", "h2"});
  const cluster::Cluster c(s, cluster::workers_only_layout(3), scratch_dir());
  EXPECT_NO_THROW(cluster::check_platform(c, cluster::server_workers_layout(2)));
  try {
    cluster::check_platform(c, cluster::workers_only_layout(3));
    FAIL() << "a ring without a route h1 -> h2 passed";
  } catch (const cluster::PlatformError& e) {
    EXPECT_NE(std::string(e.what()).find("star_routes_only.xml: no route h1 -> h2 (worker 1 to worker 2)"),
              std::string::npos)
        << e.what();
  }
}

TEST(PlatformCheck, NamesTheLinkItsLineAndTheRoute) {
  EXPECT_EQ(check_error(on_file("zero_bandwidth.xml", {"h0", "h1", "h2"}), cluster::server_workers_layout(2)),
            kPlatforms + "zero_bandwidth.xml:9:5: link 'l1' on the route h0 -> h1 has bandwidth 0 B/s; expected a "
                         "value from 1 to 1e18 B/s");
}

TEST(PlatformCheck, NamesTheHostItsLineAndRole) {
  EXPECT_EQ(check_error(on_file("zero_speed.xml", {"h0", "h1", "h2"}), cluster::server_workers_layout(2)),
            kPlatforms + "zero_speed.xml:7:5: host 'h1' (worker 0) has speed 0 flop/s; expected a finite value >= 1 "
                         "flop/s");
}

TEST(PlatformCheck, AnnouncesEachRouteBeforeAskingForIt) {
  const auto s = on_file("star_routes_only.xml", {"h0", "h1", "h2"});
  const auto layout = cluster::server_workers_layout(2);
  const cluster::Cluster c(s, layout, scratch_dir());
  std::vector<std::string> announced;
  cluster::check_platform(c, layout, [&](const std::string& from, const std::string& to) {
    announced.push_back(from + ">" + to);
  });
  EXPECT_EQ(announced, (std::vector<std::string>{"h0>h1", "h1>h0", "h0>h2", "h2>h0"}));
}
