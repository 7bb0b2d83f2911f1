// What the tests that drive a cluster directly share: a generated platform of 1 Gflop/s hosts and
// 100 MB/s links of 1 ms (one flow alone crosses a star in 2 ms + bytes / 1e8), and a scratch
// directory of the test's own for the platform file.
#pragma once
#include "scenario/scenario.hpp"
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>

namespace ssim::testing {

inline scenario::Scenario generated_platform(scenario::Platform::Topology topology, int hosts) {
  scenario::Scenario s;
  s.name = "cluster-test";
  s.platform.topology = topology;
  s.platform.hosts = hosts;
  s.platform.host_speed = 1e9;
  s.platform.bandwidth = 1e8;
  s.platform.latency = 1e-3;
  return s;
}

inline scenario::Scenario star(int hosts) { return generated_platform(scenario::Platform::Topology::star, hosts); }

inline std::string scratch_dir(const std::string& prefix) {
  auto dir = std::filesystem::temp_directory_path() /
             (prefix + "-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace ssim::testing
