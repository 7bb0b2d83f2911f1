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

}  // namespace

TEST(SweepTable, HeaderNamesEachSweptPathBetweenRunDirAndSeed) {
  const CsvRow header = sweep_header(kSweep);
  ASSERT_GE(header.size(), 5u);
  EXPECT_EQ(CsvRow(header.begin(), header.begin() + 4), (CsvRow{"point", "run_dir", "scheme.workers", "seed"}));
  EXPECT_EQ(header.back(), "error");
}

TEST(SweepTable, RowsTakeTheSummarysNumbersAsWritten) {
  const auto summary = nlohmann::json::parse(R"({"status": "completed", "epochs": 2, "iterations": 30,
      "simulated_time_s": 0.1000000000000001, "final_test_accuracy": 0.5, "final_test_loss": 1.25,
      "total_bytes_sent": 1024.0, "model": {"predicted_time_s": 0.1, "simulated_over_predicted": 1.000000000000001}})");
  const CsvRow row = completed_row(kPoint, summary);
  ASSERT_EQ(row.size(), sweep_header(kSweep).size());
  EXPECT_EQ(row, (CsvRow{"3", "points/p", "4", "1", "ps_sync", "ring", "4", "0123456789abcdef", "completed", "2", "30",
                         "0.1000000000000001", "0.1", "1.000000000000001", "0.5", "1.25", "1024.0", ""}));
  const CsvRow failed = failed_row(kPoint, "out of memory");
  EXPECT_TRUE(row_failed(failed, sweep_header(kSweep)));
  EXPECT_FALSE(row_failed(row, sweep_header(kSweep)));
  EXPECT_EQ(failed.back(), "out of memory");
  EXPECT_EQ(row_scenario_hash(failed, sweep_header(kSweep)), "0123456789abcdef");
  EXPECT_EQ(row_key(row, 1), point_key(kPoint)) << "a point is known by its values and seed";
  EXPECT_EQ(row_key(renumbered(row, 7), 1), point_key(kPoint)) << "and not by its number";
}

TEST(SweepTable, AppendsWholeRowsAndDropsARowCutShortWhenReopened) {
  const std::string path = temp_table("sweep.csv");
  const CsvRow header = sweep_header(kSweep);
  {
    RowFile table(path, header);
    table.append(failed_row(kPoint, "a"));
  }
  // A writer killed in the middle of its next row.
  { std::ofstream(path, std::ios::app) << "4,points/q,2,1,ps_s"; }
  EXPECT_EQ(read_rows(path, header).size(), 1u);
  {
    RowFile table(path, header);
    table.append(failed_row(kPoint, "b"));
  }
  const auto rows = read_rows(path, header);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].back(), "b");
  EXPECT_EQ(contents(path), csv_line(header) + csv_line(failed_row(kPoint, "a")) + csv_line(failed_row(kPoint, "b")));
}

TEST(SweepTable, OneWriterAtATime) {
  const std::string path = temp_table("locked.csv");
  RowFile first(path, sweep_header(kSweep));
  EXPECT_THROW(RowFile(path, sweep_header(kSweep)), SweepError);
}

TEST(SweepTable, RefusesATableWithOtherColumns) {
  const std::string path = temp_table("other.csv");
  { std::ofstream(path) << "point,run_dir,seed\n"; }
  EXPECT_THROW(RowFile(path, sweep_header(kSweep)), SweepError);
  EXPECT_EQ(contents(path), "point,run_dir,seed\n");
}

TEST(SweepTable, ATableWrittenBeforeScenarioHashGetsTheColumnEmpty) {
  const std::string path = temp_table("older.csv");
  const CsvRow header = sweep_header(kSweep);
  CsvRow older_header = header, older_row = failed_row(kPoint, "a");
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
