// Timing mode (compute: timing) runs the protocol of a real run without its numbers: the same
// simulated times, flops, bytes and messages on every host and link, the same model, and no
// accuracy, loss or saved model.
#include "isolated_run.hpp"
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

using ssim::testing::small_scenario;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    if (line.back() == ',') cells.emplace_back();  // getline drops a trailing empty cell
    rows.push_back(cells);
  }
  return rows;
}

// What a run wrote, as `stragglesim run` writes it.
struct Written {
  nlohmann::json summary;
  std::string hosts, links;
  std::vector<std::vector<std::string>> epochs;
  bool saved_model = false;
};

Written run_written(const ssim::scenario::Scenario& scenario) {
  static int count = 0;
  const auto dir = fs::temp_directory_path() / fmt::format("ssim-timing-{}-{}", getpid(), count++);
  ssim::testing::run_into(scenario, dir);
  Written written{.summary = nlohmann::json::parse(std::ifstream(dir / "summary.json")),
                  .hosts = read_text(dir / "hosts.csv"),
                  .links = read_text(dir / "links.csv"),
                  .epochs = csv_rows(read_text(dir / "epochs.csv")),
                  .saved_model = fs::exists(dir / "model.json") || fs::exists(dir / "model.params")};
  fs::remove_all(dir);
  return written;
}

// Runs `setup` for real and in timing mode, and checks that they agree on everything but numbers.
void expect_same_times(const std::string& setup, const std::string& real_status) {
  const auto real = run_written(small_scenario(setup));
  const auto timed = run_written(small_scenario(setup + "compute: timing\n"));
  const auto& r = real.summary;
  const auto& t = timed.summary;
  // Every host's busy time, flops, bytes and messages, and every link's bytes and messages.
  EXPECT_EQ(timed.hosts, real.hosts);
  EXPECT_EQ(timed.links, real.links);
  for (const char* key : {"simulated_time_s", "total_flops", "total_bytes_sent", "epochs", "iterations", "model",
                          "failures", "hosts", "workers"})
    EXPECT_EQ(t[key], r[key]) << key;
  for (const auto& [name, value] : r["counters"].items())
    EXPECT_EQ(t["counters"][name], name == "replicas_identical" ? nlohmann::json(nullptr) : value) << name;
  EXPECT_GT(r["iterations"].get<long>(), 0);

  EXPECT_EQ(r["status"], real_status);
  EXPECT_EQ(t["status"], real_status == "completed" ? "timed" : real_status);
  EXPECT_FALSE(r.contains("compute"));
  EXPECT_EQ(t["compute"], "timing");
  EXPECT_TRUE(r["final_test_accuracy"].is_number());
  EXPECT_TRUE(t["final_test_accuracy"].is_null());
  EXPECT_TRUE(t["final_test_loss"].is_null());
  EXPECT_TRUE(real.saved_model);
  EXPECT_FALSE(timed.saved_model);

  // epochs.csv: the same epochs at the same times, and no loss or accuracy.
  ASSERT_EQ(timed.epochs.size(), real.epochs.size());
  EXPECT_EQ(timed.epochs[0], real.epochs[0]);
  for (std::size_t i = 1; i < timed.epochs.size(); ++i) {
    ASSERT_EQ(timed.epochs[i].size(), 5u);
    EXPECT_EQ(timed.epochs[i][0], real.epochs[i][0]);
    EXPECT_EQ(timed.epochs[i][1], real.epochs[i][1]);
    EXPECT_EQ(timed.epochs[i], (std::vector<std::string>{real.epochs[i][0], real.epochs[i][1], "", "", ""}));
    EXPECT_FALSE(real.epochs[i][4].empty());
  }
}

// 16-64-4 on the small scenario's 512 samples; batches of 24 leave a smaller last batch per epoch.
const std::string kModel = "model: {layers: [16, 64, 4]}\n";

std::string scheme(const std::string& name, int workers, const std::string& extra = "",
                   const std::string& optimizer = "{type: sgd, lr: 0.1, momentum: 0.9}") {
  return fmt::format("scheme: {{name: {}, workers: {}, epochs: 2, batch_size: 24, optimizer: {}{}}}\n", name, workers,
                     optimizer, extra);
}

}  // namespace

TEST(TimingMode, SingleHasTheRealRunsTimes) { expect_same_times(kModel + scheme("single", 1), "completed"); }

TEST(TimingMode, SingleWithAConvolutionalNetworkHasTheRealRunsTimes) {
  expect_same_times(
      "data: {dataset: synthetic, shape: [1, 8, 8], classes: 4, train_samples: 256, test_samples: 64}\n"
      "model:\n"
      "  layers:\n"
      "    - {type: conv2d, filters: 4, kernel: 3, padding: same, activation: relu}\n"
      "    - {type: maxpool2d, size: 2}\n"
      "    - {type: dropout, rate: 0.2}\n"
      "    - {type: flatten}\n"
      "    - {type: dense, units: 4}\n" +
          scheme("single", 1, "", "{type: adam, lr: 0.01}"),
      "completed");
}

TEST(TimingMode, PsSyncHasTheRealRunsTimes) { expect_same_times(kModel + scheme("ps_sync", 4), "completed"); }

TEST(TimingMode, PsSyncWaitingForThreeOfFourUnderRandomStragglingHasTheRealRunsTimes) {
  expect_same_times(kModel + scheme("ps_sync", 4, ", wait_for: 3") + "stragglers: [{probability: 0.3, slowdown: 4}]\n",
                    "completed");
}

TEST(TimingMode, RingAllreduceWithRandomAndFixedStragglersHasTheRealRunsTimes) {
  expect_same_times(kModel + scheme("ring_allreduce", 4) +
                        "stragglers: [{probability: 0.2, slowdown: 3}, {worker: 2, slowdown: 2}]\n",
                    "completed");
}

TEST(TimingMode, ARingBrokenByAFailureStopsWhenTheRealOneDoes) {
  expect_same_times(kModel + scheme("ring_allreduce", 4) + "stragglers: [{worker: 1, fail_at: 0.05}]\n",
                    "stopped_by_failures");
}
