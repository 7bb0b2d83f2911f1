// scripts/plot-sweep on hand-made sweep.csv files whose plotted series are worked out by hand.
#include "sweep/csv.hpp"
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(STRAGGLESIM_TEST_DIR) / "plot" / "fixtures";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<ssim::sweep::CsvRow> read_csv(const fs::path& path) { return ssim::sweep::parse_csv(read_file(path)).rows; }

struct Point {
  double mean, min, max;
  int seeds;
};
using Series = std::map<std::string, std::map<double, Point>>;  // line -> x -> point

// Reads a NAME.csv of a line plot, checking its header and that rows come sorted by line then x.
Series read_series(const fs::path& path) {
  const auto rows = read_csv(path);
  EXPECT_FALSE(rows.empty()) << path;
  if (rows.empty()) return {};
  EXPECT_EQ(rows[0], (std::vector<std::string>{"line", "x", "mean", "min", "max", "seeds"})) << path;
  Series series;
  std::pair<std::string, double> previous{"", -1e300};
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    EXPECT_EQ(r.size(), 6u) << path << " row " << i;
    if (r.size() != 6) continue;
    const std::pair<std::string, double> key{r[0], std::stod(r[1])};
    EXPECT_LT(previous, key) << path << " row " << i;
    previous = key;
    series[key.first][key.second] = {std::stod(r[2]), std::stod(r[3]), std::stod(r[4]), std::stoi(r[5])};
  }
  return series;
}

void expect_point(const Series& series, const std::string& line, double x, Point expected) {
  SCOPED_TRACE(line + " at x = " + std::to_string(x));
  ASSERT_TRUE(series.count(line));
  ASSERT_TRUE(series.at(line).count(x));
  const auto& p = series.at(line).at(x);
  EXPECT_NEAR(p.mean, expected.mean, 1e-9);
  EXPECT_NEAR(p.min, expected.min, 1e-9);
  EXPECT_NEAR(p.max, expected.max, 1e-9);
  EXPECT_EQ(p.seeds, expected.seeds);
}

struct ScriptRun {
  int exit_code;
  std::string out, err;
};

class PlotSweep : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("plot-test-" + std::to_string(getpid()) + "-" + test->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void use_fixture(const std::string& name) { fs::copy_file(kFixtures / name / "sweep.csv", dir_ / "sweep.csv"); }

  // `stragglesim plot` on dir_, which runs the script with the python3 that has matplotlib.
  ScriptRun plot() const {
    const auto out = dir_.string() + ".stdout", err = dir_.string() + ".stderr";
    const int status =
        std::system((std::string(STRAGGLESIM_BINARY) + " plot " + dir_.string() + " >" + out + " 2>" + err).c_str());
    ScriptRun run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
    fs::remove(out);
    fs::remove(err);
    return run;
  }

  fs::path plots(const std::string& file) const { return dir_ / "plots" / file; }

  void expect_png(const std::string& name, const ScriptRun& run) const {
    EXPECT_NE(run.out.find("wrote " + plots(name + ".png").string() + "\n"), std::string::npos) << run.out;
    EXPECT_EQ(read_file(plots(name + ".png")).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << name;
  }

  void expect_skipped(const std::string& name, const ScriptRun& run) const {
    EXPECT_NE(run.out.find("skipped " + name + ": "), std::string::npos) << run.out;
    EXPECT_FALSE(fs::exists(plots(name + ".png")));
    EXPECT_FALSE(fs::exists(plots(name + ".csv")));
  }

  fs::path dir_;
};

}  // namespace

// 2 schemes x 2 topologies x straggler probability 0 and 0.2 x seeds 1 and 2, rows shuffled;
// ring_allreduce on the ring failed at 0.2 with seed 2, and its ring runs have no prediction.
TEST_F(PlotSweep, StragglerSweepAveragesSeedsAndLeavesOutTheFailedRun) {
  use_fixture("stragglers");
  const auto run = plot();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("left out 1 failed or diverged row"), std::string::npos) << run.out;
  for (const char* name : {"accuracy_vs_straggler_probability", "time_vs_straggler_probability", "simulated_vs_predicted"})
    expect_png(name, run);
  expect_skipped("speedup_vs_workers", run);

  const auto accuracy = read_series(plots("accuracy_vs_straggler_probability.csv"));
  EXPECT_EQ(accuracy.size(), 4u);
  expect_point(accuracy, "ps_sync, star", 0, {91, 90, 92, 2});
  expect_point(accuracy, "ps_sync, star", 0.2, {87, 86, 88, 2});  // one of them stopped by failures
  expect_point(accuracy, "ring_allreduce, star", 0, {89.5, 89, 90, 2});
  expect_point(accuracy, "ring_allreduce, ring", 0.2, {83, 83, 83, 1});

  const auto time = read_series(plots("time_vs_straggler_probability.csv"));
  expect_point(time, "ps_sync, ring", 0.2, {17, 16, 18, 2});
  expect_point(time, "ring_allreduce, ring", 0, {7.5, 7, 8, 2});
  expect_point(time, "ring_allreduce, ring", 0.2, {13, 13, 13, 1});

  // 12 runs have a prediction: every one but ring_allreduce on the ring.
  const auto scatter = read_csv(plots("simulated_vs_predicted.csv"));
  ASSERT_EQ(scatter.size(), 13u);
  EXPECT_EQ(scatter[0], (std::vector<std::string>{"line", "predicted_time_s", "simulated_time_s", "seed"}));
  EXPECT_EQ(scatter[1], (std::vector<std::string>{"ps_sync, ring", "11", "11", "1"}));
  for (std::size_t i = 1; i < scatter.size(); ++i) EXPECT_NE(scatter[i][0], "ring_allreduce, ring");
}

// Runs in timing mode (compute: timing): status timed, no accuracy or loss; their times are plotted
// as any others, and there is no accuracy plot.
TEST_F(PlotSweep, TimedRunsHaveTimesButNoAccuracy) {
  use_fixture("timed");
  const auto run = plot();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_png("time_vs_straggler_probability", run);
  expect_png("simulated_vs_predicted", run);
  expect_skipped("accuracy_vs_straggler_probability", run);
  const auto time = read_series(plots("time_vs_straggler_probability.csv"));
  expect_point(time, "ps_sync, star", 0, {275, 270, 280, 2});
  expect_point(time, "ps_sync, star", 0.2, {305, 300, 310, 2});
}

// ps_sync and ring_allreduce on 1, 2 and 4 workers, seeds 1 and 2; ring_allreduce failed on one
// worker, so its speed-up is over 2 workers.
TEST_F(PlotSweep, WorkerSweepGivesSpeedUpOverEachLinesSmallestWorkerCount) {
  use_fixture("workers");
  const auto run = plot();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("left out 2 failed or diverged row"), std::string::npos) << run.out;
  expect_png("speedup_vs_workers", run);
  expect_png("simulated_vs_predicted", run);
  expect_skipped("accuracy_vs_straggler_probability", run);
  expect_skipped("time_vs_straggler_probability", run);

  // ps_sync times: 300 and 330 s on 1 worker, 160 and 170 on 2, 90 and 100 on 4.
  const auto speedup = read_series(plots("speedup_vs_workers.csv"));
  EXPECT_EQ(speedup.size(), 2u);
  expect_point(speedup, "ps_sync", 1, {1, 1, 1, 2});
  expect_point(speedup, "ps_sync", 2, {315.0 / 165, 300.0 / 160, 330.0 / 170, 2});
  expect_point(speedup, "ps_sync", 4, {315.0 / 95, 330.0 / 100, 300.0 / 90, 2});
  // ring_allreduce: 40 and 44 s on 2 workers, 20 and 25 on 4.
  EXPECT_FALSE(speedup.at("ring_allreduce").count(1));
  expect_point(speedup, "ring_allreduce", 2, {1, 1, 1, 2});
  expect_point(speedup, "ring_allreduce", 4, {42 / 22.5, 44.0 / 25, 40.0 / 20, 2});

  // The scatter's lines keep the worker count apart.
  const auto scatter = read_csv(plots("simulated_vs_predicted.csv"));
  ASSERT_EQ(scatter.size(), 11u);
  EXPECT_EQ(scatter[1], (std::vector<std::string>{"ps_sync, scheme.workers=1", "290", "300", "1"}));
  EXPECT_EQ(scatter[10], (std::vector<std::string>{"ring_allreduce, scheme.workers=4", "21", "25", "2"}));
}

// Seed 000's trained-for grid: train_erasures 0 and 2 on 3 parts, seeds 1 and 2, each run's
// erasures.csv giving the accuracy with h = 0, 1, 2 parts erased; a failed run without one is left out.
//   n = 0: seed 1 90, 60, 30 %; seed 2 92, 58, 32 %.   n = 2: seed 1 88, 85, 70 %; seed 2 86, 85, 74 %.
TEST_F(PlotSweep, ErasureSweepGivesAccuracyAgainstPartsErasedPerTrainedErasures) {
  fs::copy(kFixtures / "erasures", dir_, fs::copy_options::recursive);
  const auto run = plot();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_png("erasure_curves", run);
  const auto curves = read_series(plots("erasure_curves.csv"));
  EXPECT_EQ(curves.size(), 2u);
  expect_point(curves, "scheme.train_erasures=0", 0, {91, 90, 92, 2});
  expect_point(curves, "scheme.train_erasures=0", 1, {59, 58, 60, 2});
  expect_point(curves, "scheme.train_erasures=0", 2, {31, 30, 32, 2});
  expect_point(curves, "scheme.train_erasures=2", 0, {87, 86, 88, 2});
  expect_point(curves, "scheme.train_erasures=2", 1, {85, 85, 85, 2});
  expect_point(curves, "scheme.train_erasures=2", 2, {72, 70, 74, 2});
}

// Runs without erasures.csv (every scheme but infer_partitioned) get no erasure curves.
TEST_F(PlotSweep, SweepWithoutErasuresDrawsNoErasureCurves) {
  use_fixture("workers");
  const auto run = plot();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(fs::exists(plots("erasure_curves.png")));
  EXPECT_FALSE(fs::exists(plots("erasure_curves.csv")));
}

TEST_F(PlotSweep, MissingSweepCsvIsAnError) {
  const auto run = plot();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find((dir_ / "sweep.csv").string()), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir_ / "plots"));
}

TEST_F(PlotSweep, SweepCsvWithoutARequiredColumnIsAnError) {
  std::ofstream(dir_ / "sweep.csv") << "point,run_dir,seed,scheme,status\n0,points/000,1,ps_sync,completed\n";
  const auto run = plot();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("sweep.csv: missing column(s) topology, workers"), std::string::npos) << run.err;
}

TEST_F(PlotSweep, SweepCsvWithOnlyFailedRunsIsAnError) {
  std::ifstream in(kFixtures / "workers" / "sweep.csv");
  std::ofstream out(dir_ / "sweep.csv");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("point,", 0) == 0 || line.find(",failed,") != std::string::npos) out << line << "\n";
  out.close();
  const auto run = plot();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("sweep.csv: no usable rows"), std::string::npos) << run.err;
}
