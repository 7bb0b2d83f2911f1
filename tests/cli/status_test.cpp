// A run's status tells the truth: `completed` only for finite numbers, and the simulated time is
// when the run really ended.
#include "cli.hpp"
#include <cmath>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace ssim::testing;

namespace {

const std::string kScenario = std::string(STRAGGLESIM_TEST_DIR) + "/cli/fixtures/small_ps.yaml";

nlohmann::json run_summary(const std::string& sets, const std::string& name) {
  const std::string out = temp_path(name);
  const auto r = run_cli("run " + kScenario + " --quiet --out " + out + " " + sets);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(read_file(out + "/summary.json"));
}

}  // namespace

TEST(Status, AHugeLearningRateDivergesInEveryScheme) {
  const std::string diverging = "--set scheme.optimizer.lr=1e30 --set stragglers=[] ";
  for (const std::string scheme : {"ps_sync", "ring_allreduce", "downpour", "downpour_async", "ring_tmp", "single"}) {
    std::string sets = diverging + "--set scheme.name=" + scheme;
    if (scheme == "ring_tmp") sets += " --set scheme.workers=2";
    if (scheme == "single") sets += " --set scheme.workers=1";
    const auto s = run_summary(sets, scheme);
    EXPECT_EQ(s["status"], "diverged") << scheme;
    ASSERT_TRUE(s.contains("diverged")) << scheme;
    EXPECT_EQ(s["diverged"]["epoch"], 1) << scheme;
    EXPECT_GE(s["diverged"]["step"].get<long>(), 1) << scheme;
    EXPECT_NE(s["diverged"]["what"].get<std::string>().find("loss is"), std::string::npos) << scheme;
    EXPECT_GT(s["simulated_time_s"].get<double>(), 0) << scheme;
    EXPECT_DOUBLE_EQ(s["simulated_time_s"].get<double>(), s["diverged"]["time_s"].get<double>()) << scheme;
  }
}

TEST(Status, DivergenceIsShownOnTheConsole) {
  const auto r = run_cli("run " + kScenario + " --set scheme.optimizer.lr=1e30 --out " + temp_path("out"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("): diverged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("diverged at epoch 1, step"), std::string::npos) << r.out;
}

TEST(Status, AnOrdinaryRunIsCompleted) {
  EXPECT_EQ(run_summary("--set stragglers=[]", "ok")["status"], "completed");
}

// The server fails at 1 ms: the run ends then, not at time 0.
TEST(Status, AFailedServerEndsTheRunWhenItFails) {
  for (const std::string scheme : {"ps_sync", "downpour"}) {
    const auto s = run_summary("--set 'stragglers.1={host: host-0, fail_at: 0.001}' --set scheme.name=" + scheme, scheme);
    EXPECT_EQ(s["status"], "stopped_by_failures") << scheme;
    EXPECT_DOUBLE_EQ(s["simulated_time_s"].get<double>(), 0.001) << scheme;
  }
}
