// Every training scheme's closed-form model against its simulated time, on platforms of every kind
// (a generated star, a torus, two sites joined by a slow link, links of two speeds, hosts of four
// speeds) with no straggler, worker 1 always 4x slower, and worker 1 4x slower for a window of the run;
// on the star also under random straggling. Each run's simulated / predicted time must be within 1% of
// 1 (5% under random straggling, the bar for a model of the expected time), or on its side of a model that
// summary.json declares a bound. The settings are scenarios/model_check*.yaml's, at 2 and 4 workers on
// the star and 4 on the others (random straggling: 4); scripts/model-check runs the whole matrix (up to
// 16 workers, eight platforms, four seeds under random straggling, judged by the expected time).
#include "isolated_run.hpp"
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using ssim::testing::small_scenario;

namespace {

const std::string kPlatforms = STRAGGLESIM_TEST_DIR "/../platforms/";

struct Platform {
  std::string name, yaml;
};
void PrintTo(const Platform& platform, std::ostream* out) { *out << platform.name; }

const std::vector<Platform> kPlatformsChecked = {
    {"star_17", "{topology: star, hosts: 17, host_speed: 1Gf, bandwidth: 1Gbps, latency: 50us}"},
    {"torus_18", "{file: " + kPlatforms + "torus_18.xml}"},
    {"two_sites_17", "{file: " + kPlatforms + "two_sites_17.xml}"},
    {"mixed_links_17", "{file: " + kPlatforms + "mixed_links_17.xml}"},
    {"heterogeneous_hosts_17", "{file: " + kPlatforms + "heterogeneous_hosts_17.xml}"},
};

struct Stragglers {
  std::string kind, yaml;
  double tolerance;
};

// Random straggling on the star only: its runs are 16 to 32 times longer. `single` has only worker 0.
std::vector<Stragglers> stragglers_for(const std::string& scheme, const std::string& platform) {
  const int slowed = scheme == "single" ? 0 : 1;
  std::vector<Stragglers> kinds = {
      {"none", "[]", 0.01},
      {"fixed", fmt::format("[{{worker: {}, slowdown: 4}}]", slowed), 0.01},
      {"window", fmt::format("[{{worker: {}, slowdown: 4, from: 10ms, to: 30ms}}]", slowed), 0.01}};
  if (platform == "star_17") kinds.push_back({"random", "[{probability: 0.2, slowdown: 4}]", 0.05});
  return kinds;
}

// 4 workers (1 for `single`); on the star also 2, but for random straggling.
std::vector<int> worker_counts(const std::string& scheme, const std::string& platform, const std::string& kind) {
  if (scheme == "single") return {1};
  if (platform == "star_17" && kind != "random") return {2, 4};
  return {4};
}

// As in scenarios/model_check.yaml (512 samples a worker, 2 epochs) and, under random straggling,
// model_check_random.yaml (65,536 samples, 1 epoch: enough rounds for one draw to be near its mean).
std::string scenario_text(const std::string& scheme, int workers, const Platform& platform, const Stragglers& s) {
  const bool random = s.kind == "random";
  const int samples = random ? 65536 : 512 * std::max(2, workers);
  return fmt::format(
      "seed: 1\n"
      "platform: {}\n"
      "network_model: ideal\n"
      "data: {{dataset: synthetic, features: 16, classes: 4, train_samples: {}, test_samples: 64}}\n"
      "model: {{layers: [16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 4], activation: relu}}\n"
      "scheme: {{name: {}, workers: {}, epochs: {}, batch_size: 16, optimizer: {{type: adam, lr: 0.001}}}}\n"
      "stragglers: {}\n",
      platform.yaml, samples, scheme, workers, random ? 1 : 2, s.yaml);
}

nlohmann::json summary_of(const ssim::scenario::Scenario& scenario) {
  static int count = 0;
  const auto dir = fs::temp_directory_path() / fmt::format("ssim-model-check-{}-{}", getpid(), count++);
  ssim::testing::run_into(scenario, dir);
  auto summary = nlohmann::json::parse(std::ifstream(dir / "summary.json"));
  fs::remove_all(dir);
  return summary;
}

// An exact model within tolerance of 1; a declared bound on its side.
bool agrees(double ratio, const std::string& kind, double tolerance) {
  if (kind == "upper bound") return ratio <= 1 + tolerance;
  if (kind == "lower bound") return ratio >= 1 - tolerance;
  return std::abs(ratio - 1) <= tolerance;
}

class ModelCheck : public ::testing::TestWithParam<std::tuple<std::string, Platform>> {};

TEST_P(ModelCheck, SimulatedTimeIsThePredictedTime) {
  const auto& [scheme, platform] = GetParam();
  for (const auto& stragglers : stragglers_for(scheme, platform.name)) {
    for (const int workers : worker_counts(scheme, platform.name, stragglers.kind)) {
      const auto summary = summary_of(small_scenario(scenario_text(scheme, workers, platform, stragglers)));
      ASSERT_EQ(summary["status"], "completed");
      const auto& model = summary["model"];
      const double ratio = model["simulated_over_predicted"];
      const std::string kind = model.value("kind", "exact");
      EXPECT_TRUE(agrees(ratio, kind, stragglers.tolerance))
          << fmt::format("{} on {}, {} workers, stragglers {} ({}): simulated / predicted = {:.4f}, model {}, "
                         "tolerance {}",
                         scheme, platform.name, workers, stragglers.kind, stragglers.yaml, ratio, kind,
                         stragglers.tolerance);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryScheme, ModelCheck,
    ::testing::Combine(::testing::Values("single", "ps_sync", "downpour", "downpour_async", "ring_allreduce", "ring_tmp"),
                       ::testing::ValuesIn(kPlatformsChecked)),
    [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param).name; });

}  // namespace
