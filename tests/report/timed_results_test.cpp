// The results of a run in timing mode, from a hand-made record: times without numbers.
#include "report/results.hpp"
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

using namespace ssim;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir(const std::string& what) {
  auto dir = fs::temp_directory_path() / ("ssim-timed-" + std::to_string(getpid()) + "-" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name() + "-" + what);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

scenario::Scenario timed_single() {
  scenario::Scenario s;
  s.name = "timed";
  s.compute = scenario::Compute::timing;
  s.platform.topology = scenario::Platform::Topology::star;
  s.platform.hosts = 1;
  return s;
}

// Two epochs, ended at 1.5 and 3 s.
schemes::RunResult two_timed_epochs(bool completed) {
  schemes::RunResult result;
  result.simulated_time_s = 3;
  result.prediction = {.time_s = 3, .formula = "T = I * T_A", .values = "I = 8"};
  result.training = schemes::TrainingRecord{.epochs = {{.epoch = 1, .time_s = 1.5}, {.epoch = 2, .time_s = 3}},
                                            .steps = 8,
                                            .completed = completed,
                                            .final_parameters = {},
                                            .simulated_time_s = 3};
  return result;
}

}  // namespace

TEST(TimedResults, TimesWithoutNumbersAndNoSavedModel) {
  const fs::path dir = scratch_dir("run");
  cluster::Cluster cluster(timed_single(), cluster::single_host_layout(), scratch_dir("cluster").string());
  const auto result = two_timed_epochs(true);
  report::write_results(dir.string(), timed_single(), result, cluster);
  EXPECT_EQ(contents(dir / "epochs.csv"), "epoch,simulated_time_s,train_loss,test_loss,test_accuracy\n1,1.5,,,\n2,3,,,\n");
  const auto summary = nlohmann::json::parse(contents(dir / "summary.json"));
  EXPECT_EQ(summary["status"], "timed");
  EXPECT_EQ(summary["compute"], "timing");
  EXPECT_TRUE(summary["final_test_accuracy"].is_null());
  EXPECT_TRUE(summary["final_test_loss"].is_null());
  EXPECT_EQ(summary["iterations"], 8);
  EXPECT_FALSE(fs::exists(dir / "model.json"));
  EXPECT_FALSE(fs::exists(dir / "model.params"));

  const std::string text = report::text_summary(summary, result);
  EXPECT_NE(text.find("timed (single, 1 workers, 1 hosts): timed\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  epoch   2  t =     3.000000 s\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  final test accuracy not computed (compute: timing), 0 bytes sent, 0 flops\n"), std::string::npos)
      << text;
}

TEST(TimedResults, FailuresStopATimedRunAsTheyStopARealOne) {
  cluster::Cluster cluster(timed_single(), cluster::single_host_layout(), scratch_dir("cluster").string());
  EXPECT_EQ(report::summary_json(timed_single(), two_timed_epochs(false), cluster)["status"], "stopped_by_failures");
}
