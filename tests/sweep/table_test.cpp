#include "sweep/table.hpp"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

using namespace ssim::sweep;
namespace fs = std::filesystem;

namespace {

std::string temp_table(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("ssim-table-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const auto path = dir / name;
  fs::remove(path);
  return path.string();
}

std::string contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const ssim::scenario::Sweep kSweep{{{"scheme.workers", {"2", "4"}, {{}, {}}}}, {1}};
const PointColumns kPoint{3, "points/p", {"4"}, 1, "ps_sync", "ring", 4, "0123456789abcdef"};
const ssim::schemes::RunParts kTraining{.training = true, .serving = false};
const ssim::schemes::RunParts kServing{.training = false, .serving = true};
const ssim::schemes::RunParts kBoth{.training = true, .serving = true};

// The cells of a header or a row after the point's own (seed, scheme, topology, workers, scenario_hash).
CsvRow result_columns(const CsvRow& row) {
  const CsvRow header = sweep_header(kSweep, kTraining);
  const auto point_columns = std::find(header.begin(), header.end(), "scenario_hash") - header.begin() + 1;
  return CsvRow(row.begin() + point_columns, row.end());
}

}  // namespace

TEST(SweepTable, HeaderNamesEachSweptPathBetweenRunDirAndSeed) {
  const CsvRow header = sweep_header(kSweep, kTraining);
  ASSERT_GE(header.size(), 5u);
  EXPECT_EQ(CsvRow(header.begin(), header.begin() + 4), (CsvRow{"point", "run_dir", "scheme.workers", "seed"}));
  EXPECT_EQ(header.back(), "error");
}

TEST(SweepTable, RowsTakeTheSummarysNumbersAsWritten) {
  const auto summary = nlohmann::json::parse(R"({"status": "completed", "epochs": 2, "iterations": 30,
      "simulated_time_s": 0.1000000000000001, "final_test_accuracy": 0.5, "final_test_loss": 1.25,
      "total_bytes_sent": 1024.0, "model": {"predicted_time_s": 0.1, "simulated_over_predicted": 1.000000000000001, "kind": "exact"}})");
  const CsvRow row = completed_row(sweep_header(kSweep, kTraining), kPoint, summary);
  ASSERT_EQ(row.size(), sweep_header(kSweep, kTraining).size());
  EXPECT_EQ(row, (CsvRow{"3", "points/p", "4", "1", "ps_sync", "ring", "4", "0123456789abcdef", "completed", "2", "30",
                         "0.1000000000000001", "0.1", "1.000000000000001", "exact", "0.5", "1.25", "1024.0", ""}));
  const CsvRow failed = failed_row(sweep_header(kSweep, kTraining), kPoint, "out of memory");
  EXPECT_TRUE(row_failed(failed, sweep_header(kSweep, kTraining)));
  EXPECT_FALSE(row_failed(row, sweep_header(kSweep, kTraining)));
  EXPECT_EQ(failed.back(), "out of memory");
  EXPECT_EQ(row_scenario_hash(failed, sweep_header(kSweep, kTraining)), "0123456789abcdef");
  EXPECT_EQ(row_key(row, 1), point_key(kPoint)) << "a point is known by its values and seed";
  EXPECT_EQ(row_key(renumbered(row, 7), 1), point_key(kPoint)) << "and not by its number";
}

TEST(SweepTable, ATimedRowLeavesTheAccuracyAndLossEmpty) {
  const auto summary = nlohmann::json::parse(R"({"status": "timed", "compute": "timing", "epochs": 1, "iterations": 3,
      "simulated_time_s": 2.5, "final_test_accuracy": null, "final_test_loss": null, "total_bytes_sent": 96.0,
      "model": {"predicted_time_s": 2.5, "simulated_over_predicted": 1.0, "kind": "upper bound"}})");
  const CsvRow row = completed_row(sweep_header(kSweep, kTraining), kPoint, summary);
  EXPECT_EQ(result_columns(row), (CsvRow{"timed", "1", "3", "2.5", "2.5", "1.0", "upper bound", "", "", "96.0", ""}));
  EXPECT_FALSE(row_failed(row, sweep_header(kSweep, kTraining)));
}

TEST(SweepTable, AppendsWholeRowsAndDropsARowCutShortWhenReopened) {
  const std::string path = temp_table("sweep.csv");
  const CsvRow header = sweep_header(kSweep, kTraining);
  {
    RowFile table(path, header);
    table.append(failed_row(sweep_header(kSweep, kTraining), kPoint, "a"));
  }
  // A writer killed in the middle of its next row.
  { std::ofstream(path, std::ios::app) << "4,points/q,2,1,ps_s"; }
  EXPECT_EQ(read_rows(path, header).size(), 1u);
  {
    RowFile table(path, header);
    table.append(failed_row(sweep_header(kSweep, kTraining), kPoint, "b"));
  }
  const auto rows = read_rows(path, header);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].back(), "b");
  EXPECT_EQ(contents(path), csv_line(header) + csv_line(failed_row(sweep_header(kSweep, kTraining), kPoint, "a")) + csv_line(failed_row(sweep_header(kSweep, kTraining), kPoint, "b")));
}

TEST(SweepTable, OneWriterAtATime) {
  const std::string path = temp_table("locked.csv");
  RowFile first(path, sweep_header(kSweep, kTraining));
  EXPECT_THROW(RowFile(path, sweep_header(kSweep, kTraining)), SweepError);
}

TEST(SweepTable, RefusesATableWithOtherColumns) {
  const std::string path = temp_table("other.csv");
  { std::ofstream(path) << "point,run_dir,seed\n"; }
  EXPECT_THROW(RowFile(path, sweep_header(kSweep, kTraining)), SweepError);
  EXPECT_EQ(contents(path), "point,run_dir,seed\n");
}

TEST(SweepTable, ATableWrittenBeforeScenarioHashGetsTheColumnEmpty) {
  const std::string path = temp_table("older.csv");
  const CsvRow header = sweep_header(kSweep, kTraining);
  CsvRow older_header = header, older_row = failed_row(sweep_header(kSweep, kTraining), kPoint, "a");
  const auto hash = std::find(header.begin(), header.end(), "scenario_hash") - header.begin();
  older_header.erase(older_header.begin() + hash);
  older_row.erase(older_row.begin() + hash);
  { std::ofstream(path) << csv_line(older_header) << csv_line(older_row); }

  const auto rows = read_rows(path, header);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(row_scenario_hash(rows[0], header), "") << "a row of unknown scenario matches no point's hash";
  EXPECT_EQ(rows[0].back(), "a");
  { RowFile table(path, header); }
  EXPECT_EQ(contents(path), csv_line(header) + csv_line(rows[0])) << "opened for writing, it gets the column";
}

TEST(SweepTable, ColumnsFollowWhatTheRunsRecord) {
  EXPECT_EQ(result_columns(sweep_header(kSweep, kTraining)),
            (CsvRow{"status", "epochs", "iterations", "simulated_time_s", "predicted_time_s", "simulated_over_predicted",
                    "model_kind", "final_test_accuracy", "final_test_loss", "total_bytes_sent", "error"}));
  EXPECT_EQ(result_columns(sweep_header(kSweep, kServing)),
            (CsvRow{"status", "simulated_time_s", "predicted_time_s", "simulated_over_predicted", "model_kind",
                    "total_bytes_sent", "latency_mean_s", "latency_p50_s", "latency_p95_s", "latency_p99_s", "latency_p99_9_s",
                    "latency_max_s", "throughput_qps", "serving_accuracy", "error"}));
  EXPECT_EQ(result_columns(sweep_header(kSweep, kBoth)),
            (CsvRow{"status", "epochs", "iterations", "simulated_time_s", "predicted_time_s",
                    "simulated_over_predicted", "model_kind", "final_test_accuracy", "final_test_loss", "total_bytes_sent",
                    "latency_mean_s", "latency_p50_s", "latency_p95_s", "latency_p99_s", "latency_p99_9_s",
                    "latency_max_s", "throughput_qps", "serving_accuracy", "error"}));
}

TEST(SweepTable, AServingRowTakesTheLatenciesAndATrainingRowLeavesThemEmpty) {
  const CsvRow header = sweep_header(kSweep, kBoth);
  const auto served = nlohmann::json::parse(R"({"status": "completed", "simulated_time_s": 2.5,
      "total_bytes_sent": 64.0, "model": {"predicted_time_s": 2.0, "simulated_over_predicted": 1.25},
      "serving": {"latency_s": {"mean": 0.25, "p50": 0.125, "p95": 0.5, "p99": 0.75, "p99_9": 0.875, "max": 1.0},
                  "throughput_qps": 40.0, "accuracy": 0.875}})");
  EXPECT_EQ(result_columns(completed_row(header, kPoint, served)),
            (CsvRow{"completed", "", "", "2.5", "2.0", "1.25", "", "", "", "64.0", "0.25", "0.125", "0.5", "0.75", "0.875",
                    "1.0", "40.0", "0.875", ""}));
  const auto trained = nlohmann::json::parse(R"({"status": "stopped_by_failures", "epochs": 1, "iterations": 3,
      "simulated_time_s": 1.5, "final_test_accuracy": 0.5, "final_test_loss": 2.0, "total_bytes_sent": 8.0,
      "model": {"predicted_time_s": 1.0, "simulated_over_predicted": 1.5, "kind": "lower bound"}})");
  EXPECT_EQ(result_columns(completed_row(header, kPoint, trained)),
            (CsvRow{"stopped_by_failures", "1", "3", "1.5", "1.0", "1.5", "lower bound", "0.5", "2.0", "8.0", "", "", "", "",
                    "", "", "", "", ""}));
  const CsvRow failed = failed_row(sweep_header(kSweep, kServing), kPoint, "killed");
  EXPECT_EQ(result_columns(failed), (CsvRow{"failed", "", "", "", "", "", "", "", "", "", "", "", "", "", "killed"}));
}
