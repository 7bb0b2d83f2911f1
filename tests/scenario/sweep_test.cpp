// The sweep section: how it is read, the order of its points, and how one point is loaded.
#include "scenario/load.hpp"
#include <gtest/gtest.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ssim::scenario {
namespace {

namespace fs = std::filesystem;

// Lines 1 to 8; a sweep section appended to it starts on line 9.
const std::string kBase = R"(name: sweep
seed: 7
platform: {topology: star, hosts: 5}
data: {dataset: synthetic, features: 4, classes: 3, train_samples: 30, test_samples: 9}
model: {layers: [4, 8, 3]}
scheme: {name: ps_sync, workers: 4, epochs: 1}
stragglers:
  - {probability: 0.1, slowdown: 4}
)";

std::string with_sweep(const std::string& sweep) { return kBase + "sweep:\n" + sweep; }

Sweep sweep_of(const std::string& sweep, const std::vector<Override>& overrides = {}) {
  const Scenario scenario = parse(with_sweep(sweep), "test.yaml", ".", overrides);
  EXPECT_TRUE(scenario.sweep.has_value());
  return scenario.sweep.value_or(Sweep{});
}

using Settings = std::vector<std::pair<std::string, std::string>>;

TEST(Sweep, AxesKeepTheirOrderAndValuesAreKeptAsWritten) {
  const Sweep sweep = sweep_of(R"(  stragglers.0.probability: [0, 0.05, 1e-1]
  model.layers: [[4, 8, 3], [4, 16, 16, 3]]
  scheme.name:
    - {value: single, set: {scheme.workers: 1, platform.hosts: 1}}
    - ps_sync
  seeds: [3, 1]
)");
  ASSERT_EQ(sweep.axes.size(), 3u);
  EXPECT_EQ(sweep.axes[0].path, "stragglers.0.probability");
  EXPECT_EQ(sweep.axes[0].values, (std::vector<std::string>{"0", "0.05", "1e-1"}));
  EXPECT_EQ(sweep.axes[0].settings, std::vector<Settings>(3));
  EXPECT_EQ(sweep.axes[1].path, "model.layers");
  EXPECT_EQ(sweep.axes[1].values, (std::vector<std::string>{"[4, 8, 3]", "[4, 16, 16, 3]"}));
  EXPECT_EQ(sweep.axes[2].path, "scheme.name");
  EXPECT_EQ(sweep.axes[2].values, (std::vector<std::string>{"single", "ps_sync"}));
  EXPECT_EQ(sweep.axes[2].settings,
            (std::vector<Settings>{{{"scheme.workers", "1"}, {"platform.hosts", "1"}}, {}}));
  EXPECT_EQ(sweep.seeds, (std::vector<std::uint64_t>{3, 1}));
}

TEST(Sweep, RepeatsCountUpFromTheScenarioSeed) {
  EXPECT_EQ(sweep_of("  scheme.workers: [2]\n  repeats: 3\n").seeds, (std::vector<std::uint64_t>{7, 8, 9}));
  // The seed as overridden on the command line.
  EXPECT_EQ(sweep_of("  scheme.workers: [2]\n  repeats: 2\n", {parse_override("seed=20")}).seeds,
            (std::vector<std::uint64_t>{20, 21}));
}

TEST(Sweep, WithoutSeedsOrRepeatsTheScenarioSeedIsUsed) {
  EXPECT_EQ(sweep_of("  scheme.workers: [2, 3]\n").seeds, (std::vector<std::uint64_t>{7}));
}

TEST(Sweep, AParsedScenarioWithoutSweepHasNone) { EXPECT_FALSE(parse(kBase, "test.yaml", ".").sweep); }

TEST(SweepPoints, FirstAxisVariesSlowestAndSeedsFastest) {
  const Sweep sweep{{{"a", {"x", "y"}, {{}, {}}}, {"b", {"1", "2", "3"}, {{}, {}, {}}}}, {5, 6}};
  struct Expected {
    std::vector<std::size_t> choice;
    std::uint64_t seed;
  };
  const std::vector<Expected> expected = {
      {{0, 0}, 5}, {{0, 0}, 6}, {{0, 1}, 5}, {{0, 1}, 6}, {{0, 2}, 5}, {{0, 2}, 6},
      {{1, 0}, 5}, {{1, 0}, 6}, {{1, 1}, 5}, {{1, 1}, 6}, {{1, 2}, 5}, {{1, 2}, 6},
  };
  const std::vector<SweepPoint> points = sweep_points(sweep);
  ASSERT_EQ(points.size(), expected.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].index, i);
    EXPECT_EQ(points[i].choice, expected[i].choice) << "point " << i;
    EXPECT_EQ(points[i].seed, expected[i].seed) << "point " << i;
  }
  EXPECT_EQ(describe_point(sweep, points[9]), "a=y b=2 seed=6");
}

TEST(SweepPoints, DescribeShowsListValuesAsWritten) {
  const Sweep sweep = sweep_of("  model.layers: [[4, 8, 3], [4, 16, 16, 3]]\n  scheme.workers: [2, 3]\n");
  const std::vector<SweepPoint> points = sweep_points(sweep);
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(describe_point(sweep, points[2]), "model.layers=[4, 16, 16, 3] scheme.workers=2 seed=7");
}

// Each test's scenario files, in a folder of its own (every test runs in its own process).
class LoadPoint : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(dir_); }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes kBase with `sweep` as its sweep section; returns the file's path.
  std::string write(const std::string& sweep) const {
    const std::string path = (dir_ / "scenario.yaml").string();
    std::ofstream(path) << with_sweep(sweep);
    return path;
  }

  // The point of the file's sweep at `index`.
  static SweepPoint point(const std::string& path, std::size_t index) {
    return sweep_points(*load(path).sweep).at(index);
  }

  static std::string error_of(const std::string& path, std::size_t index) {
    try {
      load_point(path, {}, point(path, index));
    } catch (const ScenarioError& error) {
      return error.what();
    }
    return "no error";
  }

  const fs::path dir_ = fs::temp_directory_path() / ("stragglesim-sweep-test-" + std::to_string(getpid()));
};

TEST_F(LoadPoint, AppliesValuesAtListAndMapPathsAndTheSeed) {
  const std::string path = write(R"(  stragglers.0.probability: [0, 0.3]
  scheme.workers: [2, 3]
  seeds: [11, 12]
)");
  const SweepPoint last = point(path, 7);
  EXPECT_EQ(last.choice, (std::vector<std::size_t>{1, 1}));
  const Scenario s = load_point(path, {}, last);
  ASSERT_EQ(s.stragglers.size(), 1u);
  EXPECT_DOUBLE_EQ(s.stragglers[0].probability, 0.3);
  EXPECT_DOUBLE_EQ(s.stragglers[0].slowdown, 4);
  EXPECT_EQ(s.scheme.workers, 3);
  EXPECT_EQ(s.seed, 12u);
  EXPECT_EQ(s.name, "sweep");
  EXPECT_EQ(s.source, path);
  EXPECT_FALSE(s.sweep);
}

TEST_F(LoadPoint, AppliesTheSettingsOfTheChosenValueOnly) {
  const std::string path = write(R"(  scheme.name:
    - {value: single, set: {scheme.workers: 1}}
    - ps_sync
)");
  const Scenario single = load_point(path, {}, point(path, 0));
  EXPECT_EQ(single.scheme.name, "single");
  EXPECT_EQ(single.scheme.workers, 1);
  const Scenario ps_sync = load_point(path, {}, point(path, 1));
  EXPECT_EQ(ps_sync.scheme.name, "ps_sync");
  EXPECT_EQ(ps_sync.scheme.workers, 4);
  EXPECT_EQ(ps_sync.seed, 7u);
}

TEST_F(LoadPoint, CommandLineOverridesLieUnderThePoint) {
  const std::string path = write("  scheme.workers: [2]\n");
  const std::vector<Override> overrides = {parse_override("scheme.epochs=5"), parse_override("scheme.workers=3")};
  const SweepPoint only = sweep_points(*load(path, overrides).sweep).at(0);
  const Scenario s = load_point(path, overrides, only);
  EXPECT_EQ(s.scheme.epochs, 5);
  EXPECT_EQ(s.scheme.workers, 2);
}

TEST_F(LoadPoint, ComputeIsSweptAndRefusedWhereTheSweepListsIt) {
  const std::string path = write(R"(  scheme.name: [ps_sync, downpour]
  compute: [real, timing]
)");
  EXPECT_EQ(load_point(path, {}, point(path, 0)).compute, Compute::real);
  EXPECT_EQ(load_point(path, {}, point(path, 1)).compute, Compute::timing);
  EXPECT_EQ(error_of(path, 2), "no error");
  EXPECT_EQ(error_of(path, 3),
            path + ":11:19: compute: scheme downpour does not run in timing mode (only single, ps_sync and "
                   "ring_allreduce do)");
}

TEST_F(LoadPoint, AnInvalidValueIsReportedWhereTheSweepListsIt) {
  const std::string path = write("  stragglers.0.probability: [0, 1.5]\n");
  EXPECT_EQ(error_of(path, 0), "no error");
  EXPECT_EQ(error_of(path, 1), path + ":10:33: stragglers[0].probability: expected a number in [0, 1] (got '1.5')");
}

TEST_F(LoadPoint, AnInvalidSettingIsReportedWhereTheSweepWritesIt) {
  const std::string path = write(R"(  scheme.name:
    - {value: single, set: {scheme.workers: 2}}
)");
  EXPECT_EQ(error_of(path, 0),
            path + ":11:45: scheme.workers: expected 1: scheme single trains on one worker (got '2')");
}

TEST_F(LoadPoint, APathThatDoesNotFitIsReportedAtItsSweepKey) {
  const std::string path = write("  stragglers.3.probability: [0.5]\n");
  EXPECT_EQ(error_of(path, 0), path + ":10:3: sweep: stragglers.3.probability: '3' is not an index of a list of 1");
}

TEST_F(LoadPoint, AMisspeltPathIsReportedAtItsSweptValue) {
  const std::string path = write("  scheme.wrokers: [2]\n");
  EXPECT_EQ(error_of(path, 0).rfind(path + ":10:20: scheme.wrokers: unknown key", 0), 0u) << error_of(path, 0);
}

}  // namespace
}  // namespace ssim::scenario
