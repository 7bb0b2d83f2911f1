// The sweep command as a user runs it: every point once, nothing lost or doubled when killed,
// failures recorded, shards and MPI ranks that add up to the whole sweep.
#include "cli.hpp"
#include "sweep/csv.hpp"
#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace ssim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kFixtures = std::string(STRAGGLESIM_TEST_DIR) + "/cli/fixtures/";
const std::string kSmallSweep = kFixtures + "small_sweep.yaml";
constexpr std::size_t kSmallSweepPoints = 8;  // 2 probabilities x 2 schemes x 2 seeds

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The data rows of a sweep.csv, sorted: two tables with the same rows in any order compare equal.
std::vector<std::string> sorted_rows(const std::string& csv_path) {
  auto lines = lines_of(read_file(csv_path));
  if (!lines.empty()) lines.erase(lines.begin());
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::vector<std::string> fields(const std::string& line) { return ssim::sweep::parse_csv(line + "\n").rows.at(0); }

std::vector<std::string> reference_rows(const std::string& fixture) {
  const std::string out = temp_path("reference");
  const auto r = run_cli("sweep " + fixture + " --out " + out + " -j 2 --no-plots --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return sorted_rows(out + "/sweep.csv");
}

// small_sweep.yaml copied into `dir` (as sweep.yaml) with `from` replaced by `to`.
std::string edited_sweep(const std::string& dir, const std::string& from, const std::string& to) {
  std::string text = read_file(kSmallSweep);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  fs::create_directories(dir);
  const std::string path = dir + "/sweep.yaml";
  std::ofstream(path) << text;
  return path;
}

// One column of a sweep.csv, by run directory.
std::map<std::string, std::string> column_by_run_dir(const std::string& csv_path, const std::string& name) {
  const auto rows = ssim::sweep::parse_csv(read_file(csv_path)).rows;
  std::map<std::string, std::string> values;
  if (rows.empty()) return values;
  const auto column = static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
  for (std::size_t i = 1; i < rows.size(); ++i) values[rows[i].at(1)] = rows[i].at(column);
  return values;
}

bool any_process_mentions(const std::string& text) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    if (!std::isdigit(static_cast<unsigned char>(entry.path().filename().string()[0]))) continue;
    std::string command = read_file((entry.path() / "cmdline").string());
    std::replace(command.begin(), command.end(), '\0', ' ');
    if (command.find(text) != std::string::npos && command.find("stragglesim") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST(Sweep, RunsEveryPointOnceAndARerunRunsNone) {
  const std::string out = temp_path("out");
  const auto first = run_cli("sweep " + kSmallSweep + " --out " + out + " -j 2 --no-plots");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto lines = lines_of(read_file(out + "/sweep.csv"));
  ASSERT_EQ(lines.size(), kSmallSweepPoints + 1);
  EXPECT_EQ(lines[0].rfind(
                "point,run_dir,stragglers.0.probability,scheme.name,seed,scheme,topology,workers,scenario_hash,status", 0),
            0u);
  std::set<std::string> points;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = fields(lines[i]);
    EXPECT_EQ(f[0], std::to_string(i - 1)) << "a finished sweep lists its points in order";
    points.insert(f[2] + " " + f[3] + " " + f[4]);
    EXPECT_EQ(f[5], f[3]) << "the scheme column is the swept scheme";
    EXPECT_EQ(f[7], f[3] == "single" ? "1" : "3") << "single's value carries scheme.workers: 1";
    EXPECT_EQ(f[8].size(), 16u) << "scenario_hash: 16 hex digits";
    EXPECT_EQ(f[8].find_first_not_of("0123456789abcdef"), std::string::npos) << f[8];
    EXPECT_EQ(f[9], "completed");
    const auto summary = nlohmann::json::parse(read_file(out + "/" + f[1] + "/summary.json"));
    EXPECT_EQ(summary["simulated_time_s"].dump(), f[12]) << "the table holds the run's own numbers";
    EXPECT_EQ(summary["seed"].dump(), f[4]);
  }
  const std::set<std::string> product = {"0 single 1",   "0 single 2",   "0 ps_sync 1",   "0 ps_sync 2",
                                         "0.3 single 1", "0.3 single 2", "0.3 ps_sync 1", "0.3 ps_sync 2"};
  EXPECT_EQ(points, product);
  EXPECT_NE(first.err.find("8/8 points"), std::string::npos) << "progress lines when not on a terminal";

  const std::string table = read_file(out + "/sweep.csv");
  const auto again = run_cli("sweep " + kSmallSweep + " --out " + out + " -j 2 --no-plots");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("(0 run now)"), std::string::npos) << again.out;
  EXPECT_EQ(read_file(out + "/sweep.csv"), table);
}

// Each point in both compute modes: the timing run's row has the real run's times, iterations and
// bytes, status timed, and no accuracy or loss.
TEST(Sweep, TimingModeIsSweptBesideRealRuns) {
  const std::string dir = temp_path("timing");
  const std::string sweep = edited_sweep(dir, "  seeds: [1, 2]", "  compute: [real, timing]\n  seeds: [1, 2]");
  const auto r = run_cli("sweep " + sweep + " --out " + dir + "/out -j 2 --no-plots --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = ssim::sweep::parse_csv(read_file(dir + "/out/sweep.csv")).rows;
  ASSERT_EQ(rows.size(), 2 * kSmallSweepPoints + 1);
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
  };
  ASSERT_EQ(rows[0][4], "compute");
  // Points vary the seed fastest, then compute: a real row is followed two rows later by its timing one.
  for (std::size_t i = 1; i < rows.size(); i += 4)
    for (std::size_t real = i; real < i + 2; ++real) {
      const auto& r_row = rows[real];
      const auto& t_row = rows[real + 2];
      ASSERT_EQ(r_row[4], "real");
      ASSERT_EQ(t_row[4], "timing");
      EXPECT_EQ(r_row[column("status")], "completed");
      EXPECT_EQ(t_row[column("status")], "timed");
      for (const char* same : {"seed", "iterations", "simulated_time_s", "predicted_time_s", "total_bytes_sent"})
        EXPECT_EQ(t_row[column(same)], r_row[column(same)]) << same << " of point " << t_row[0];
      EXPECT_NE(t_row[column("scenario_hash")], r_row[column("scenario_hash")]);
      EXPECT_FALSE(r_row[column("final_test_accuracy")].empty());
      EXPECT_EQ(t_row[column("final_test_accuracy")], "");
      EXPECT_EQ(t_row[column("final_test_loss")], "");
    }
}

TEST(Sweep, ARerunAfterAValueOutsideTheSweepChangedRunsEveryPointAgain) {
  const std::string dir = temp_path("scenario"), out = temp_path("out");
  const std::string scenario = edited_sweep(dir, "lr: 0.1", "lr: 0.1");
  ASSERT_EQ(run_cli("sweep " + scenario + " --out " + out + " -j 2 --no-plots --quiet").exit_code, 0);
  const std::string first_table = read_file(out + "/sweep.csv");
  const auto first_loss = column_by_run_dir(out + "/sweep.csv", "final_test_loss");
  const auto first_hash = column_by_run_dir(out + "/sweep.csv", "scenario_hash");

  edited_sweep(dir, "lr: 0.1", "lr: 0.02");  // not a swept value
  const auto edited = run_cli("sweep " + scenario + " --out " + out + " -j 2 --no-plots");
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_NE(edited.out.find("8 points (8 run now, 8 changed since the last run)"), std::string::npos) << edited.out;
  const auto loss = column_by_run_dir(out + "/sweep.csv", "final_test_loss");
  const auto hash = column_by_run_dir(out + "/sweep.csv", "scenario_hash");
  ASSERT_EQ(loss.size(), kSmallSweepPoints);
  for (const auto& [run_dir, value] : loss) {
    EXPECT_NE(value, first_loss.at(run_dir)) << run_dir << ": a row of the old scenario was kept";
    EXPECT_NE(hash.at(run_dir), first_hash.at(run_dir)) << run_dir;
    const auto summary = nlohmann::json::parse(read_file(out + "/" + run_dir + "/summary.json"));
    EXPECT_EQ(summary["final_test_loss"].dump(), value) << run_dir << ": its directory holds the new run";
  }

  // Back to the first scenario with --set: the same hashes, and the same table to the byte.
  const std::string set_back = "sweep " + scenario + " --set scheme.optimizer.lr=0.1 --out " + out + " -j 2 --no-plots";
  const auto back = run_cli(set_back);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_NE(back.out.find("(8 run now, 8 changed since the last run)"), std::string::npos) << back.out;
  EXPECT_EQ(read_file(out + "/sweep.csv"), first_table);

  const auto unchanged = run_cli(set_back);
  ASSERT_EQ(unchanged.exit_code, 0) << unchanged.err;
  EXPECT_NE(unchanged.out.find("8 points (0 run now)"), std::string::npos) << unchanged.out;
  EXPECT_EQ(read_file(out + "/sweep.csv"), first_table);
}

TEST(Sweep, RowsOfPointsTheSweepNoLongerHasAreLeftOutOfTheTable) {
  const std::string dir = temp_path("scenario"), out = temp_path("out");
  const std::string scenario = edited_sweep(dir, "seeds: [1, 2]", "seeds: [1, 2]");
  ASSERT_EQ(run_cli("sweep " + scenario + " --out " + out + " -j 2 --no-plots --quiet").exit_code, 0);
  edited_sweep(dir, "seeds: [1, 2]", "seeds: [1]");
  const auto r = run_cli("sweep " + scenario + " --out " + out + " -j 2 --no-plots");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("4 points (0 run now)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("4 row(s) of points this sweep no longer has are left out"), std::string::npos) << r.err;
  const auto seeds = column_by_run_dir(out + "/sweep.csv", "seed");
  EXPECT_EQ(seeds.size(), 4u);
  for (const auto& [run_dir, seed] : seeds) EXPECT_EQ(seed, "1") << run_dir;
  EXPECT_EQ(std::distance(fs::directory_iterator(out + "/points"), fs::directory_iterator()), 8)
      << "their run directories are kept";
}

TEST(Sweep, APointPastItsTimeoutIsKilledAndFailsWhileTheOthersComplete) {
  const std::string out = temp_path("out");
  const auto zero = run_cli("sweep " + kFixtures + "hung_sweep.yaml --point-timeout 0 --out " + out);
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("--point-timeout 0: expected a wall-clock time > 0"), std::string::npos) << zero.err;
  EXPECT_FALSE(fs::exists(out));

  const auto r = run_cli("sweep " + kFixtures + "hung_sweep.yaml --point-timeout 2 --out " + out + " -j 2 --no-plots");
  EXPECT_EQ(r.exit_code, 1) << "a sweep with a point timed out exits 1: " << r.err;
  EXPECT_NE(r.err.find("point 1 failed: timed out after 2 s wall"), std::string::npos) << r.err;
  const auto status = column_by_run_dir(out + "/sweep.csv", "status");
  const auto error = column_by_run_dir(out + "/sweep.csv", "error");
  const std::string finished = "points/scheme.epochs=1+seed=5", hung = "points/scheme.epochs=100000000+seed=5";
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status.at(finished), "completed");
  EXPECT_EQ(status.at(hung), "failed");
  EXPECT_EQ(error.at(hung), "timed out after 2 s wall");
  EXPECT_TRUE(fs::exists(out + "/" + finished + "/summary.json"));
  EXPECT_FALSE(fs::exists(out + "/" + hung)) << "a killed run leaves no results";
  for (const auto& entry : fs::directory_iterator(out + "/points"))
    EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << "left behind: " << entry.path();
  EXPECT_FALSE(any_process_mentions(out)) << "the hung point is still running";
}

// A closed terminal (SIGHUP) stops a sweep as Ctrl-C does: its points' staging goes with them.
// Ctrl-C, SIGTERM and a closed terminal stop the points too, leave no staging, and the sweep exits
// with 128 + the signal.
TEST(Sweep, SignalsStopThePointsAndLeaveNoStaging) {
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    const std::string out = temp_path("signal-" + std::to_string(signal));
    const std::string hung = kFixtures + "hung_sweep.yaml";
    const pid_t pid = fork();
    if (pid == 0) {
      execl(STRAGGLESIM_BINARY, STRAGGLESIM_BINARY, "sweep", hung.c_str(), "--out", out.c_str(), "-j", "2",
            "--no-plots", "--quiet", static_cast<char*>(nullptr));
      _exit(127);
    }
    // Wait until the hung point is under way: its staging directory exists.
    const std::string staging = "scheme.epochs=100000000+seed=5.partial-";
    auto staged = [&] {
      std::error_code error;
      for (const auto& entry : fs::directory_iterator(out + "/points", error))
        if (entry.path().filename().string().starts_with(staging)) return true;
      return false;
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!staged() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(staged()) << "the hung point never started";
    kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 128 + signal);
    for (const auto& entry : fs::directory_iterator(out + "/points"))
      EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << "left behind: " << entry.path();
    EXPECT_FALSE(any_process_mentions(out)) << "a point kept running after its sweep was stopped";
  }
}

TEST(Sweep, KilledMidwayAndRerunGivesTheSameTableAsAnUninterruptedRun) {
  const auto reference = reference_rows(kSmallSweep);
  const std::string out = temp_path("killed");
  const pid_t pid = fork();
  if (pid == 0) {
    execl(STRAGGLESIM_BINARY, STRAGGLESIM_BINARY, "sweep", kSmallSweep.c_str(), "--out", out.c_str(), "-j", "1",
          "--no-plots", "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait for the first finished point, then kill the sweep as a power cut would.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (lines_of(read_file(out + "/sweep.csv")).size() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const std::size_t rows_before = sorted_rows(out + "/sweep.csv").size();
  ASSERT_GE(rows_before, 2u);
  ASSERT_LT(rows_before, kSmallSweepPoints) << "the sweep finished before it could be killed";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(any_process_mentions(out)) << "a point kept running after its sweep was killed";

  const auto rerun = run_cli("sweep " + kSmallSweep + " --out " + out + " -j 2 --no-plots");
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.out.find(std::to_string(kSmallSweepPoints - rows_before) + " run now"), std::string::npos) << rerun.out;
  EXPECT_EQ(sorted_rows(out + "/sweep.csv"), reference);
  for (const auto& entry : fs::directory_iterator(out + "/points"))
    EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << "left behind: " << entry.path();
}

TEST(Sweep, QuietStillSaysWhyItExitsWith1) {
  const std::string out = temp_path("out");
  const auto r = run_cli("sweep " + kFixtures + "hung_sweep.yaml --out " + out + " -j 2 --no-plots --quiet --point-timeout 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error: 1 point(s) failed; their errors are in " + out + "/sweep.csv"), std::string::npos)
      << r.err;
}

// Data a point cannot load is found before anything runs, for validate and sweep alike.
TEST(Sweep, PointsWhoseDataCannotLoadAreRefusedBeforeAnyRuns) {
  for (const char* command : {"validate", "sweep"}) {
    const std::string out = temp_path("out");
    const std::string out_option = std::string(command) == "sweep" ? " --no-plots --out " + out : "";
    const auto r = run_cli(std::string(command) + " " + kFixtures + "failing_sweep.yaml" + out_option);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("2 of 4 sweep points cannot run"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("data.path:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no train-images-idx3-ubyte"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("in points 2 ("), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out + "/sweep.csv")) << command;
  }
}

// A point killed while it runs (as by the kernel's out-of-memory killer) becomes a failed row; the
// other points complete, and a rerun tries the failed point again, replacing its row.
TEST(Sweep, AKilledPointIsRecordedAndTheOthersComplete) {
  const std::string out = temp_path("out");
  const std::string command = "sweep " + kFixtures + "hung_sweep.yaml --out " + out + " -j 2 --no-plots";
  const pid_t sweep = fork();
  if (sweep == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(STRAGGLESIM_BINARY, STRAGGLESIM_BINARY, "sweep", (kFixtures + "hung_sweep.yaml").c_str(), "--out",
          out.c_str(), "-j", "2", "--no-plots", nullptr);
    _exit(127);
  }
  // The long point's staging directory names the process that runs it.
  pid_t point = 0;
  for (int i = 0; i < 600 && !point; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!fs::exists(out + "/points")) continue;
    for (const auto& entry : fs::directory_iterator(out + "/points")) {
      const auto name = entry.path().filename().string();
      const auto at = name.find(".partial-");
      if (name.find("scheme.epochs=100000000") != std::string::npos && at != std::string::npos)
        point = std::stoi(name.substr(at + 9));
    }
  }
  ASSERT_GT(point, 0) << "the long point never started";
  kill(point, SIGKILL);
  int status = 0;
  waitpid(sweep, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << "a sweep with failed points exits 1";
  auto lines = lines_of(read_file(out + "/sweep.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[1].find(",completed,"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(",failed,"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("killed by signal 9"), std::string::npos) << lines[2];

  const auto again = run_cli(command + " --point-timeout 1");
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("(1 run now)"), std::string::npos) << again.out;
  lines = lines_of(read_file(out + "/sweep.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[2].find("timed out after 1 s wall"), std::string::npos) << lines[2];
}

TEST(Sweep, ShardsAreDisjointAndTogetherCompleteAndAWholeRunMergesThem) {
  const auto reference = reference_rows(kSmallSweep);
  const std::string out = temp_path("sharded");
  std::set<std::string> seen;
  for (int shard = 0; shard < 3; ++shard) {
    const auto r = run_cli("sweep " + kSmallSweep + " --out " + out + " --shard " + std::to_string(shard) +
                           "/3 -j 1 --no-plots --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = sorted_rows(out + "/sweep.shard-" + std::to_string(shard) + "-of-3.csv");
    for (const auto& row : rows) {
      EXPECT_EQ(std::stoi(fields(row)[0]) % 3, shard) << row;
      EXPECT_TRUE(seen.insert(row).second) << "in two shards: " << row;
    }
  }
  EXPECT_EQ(seen.size(), kSmallSweepPoints);
  EXPECT_FALSE(fs::exists(out + "/sweep.csv"));

  const auto merge = run_cli("sweep " + kSmallSweep + " --out " + out + " --no-plots");
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_NE(merge.out.find("(0 run now)"), std::string::npos) << merge.out;
  EXPECT_EQ(sorted_rows(out + "/sweep.csv"), reference);
  EXPECT_FALSE(fs::exists(out + "/sweep.shard-0-of-3.csv")) << "merged shard tables are removed";
}

TEST(Sweep, MpiRanksGiveTheSameRowsAsALocalRun) {
  ASSERT_EQ(std::system("command -v mpirun >/dev/null 2>&1"), 0)
      << "mpirun is missing: scripts/install-deps installs it (openmpi-bin)";
  const auto reference = reference_rows(kSmallSweep);
  const std::string out = temp_path("mpi");
  const std::string as_root = geteuid() == 0 ? " --allow-run-as-root" : "";
  const std::string command = "mpirun -np 2 --oversubscribe" + as_root + " " + STRAGGLESIM_BINARY + " sweep " +
                              kSmallSweep + " --out " + out + " --no-plots >" + temp_path("mpi.log") + " 2>&1";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_file(temp_path("mpi.log"));
  EXPECT_EQ(sorted_rows(out + "/sweep.csv"), reference);
  for (const auto& entry : fs::directory_iterator(out))
    EXPECT_EQ(entry.path().filename().string().find("shard"), std::string::npos) << "left behind: " << entry.path();
}

TEST(Sweep, ValidateReportsEveryInvalidPointBeforeAnythingRuns) {
  const auto v = run_cli("validate " + kFixtures + "invalid_sweep.yaml");
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find("3 of 4 sweep points cannot run"), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("invalid_sweep.yaml:11:33: stragglers[0].probability: expected a number in [0, 1] (got '1.5')"),
            std::string::npos)
      << "a bad swept value is reported where the sweep lists it: " << v.err;
  EXPECT_NE(v.err.find("scheme single trains on one worker"), std::string::npos) << v.err;
  const std::string out = temp_path("out");
  const auto s = run_cli("sweep " + kFixtures + "invalid_sweep.yaml --out " + out);
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_FALSE(fs::exists(out)) << "no point runs unless all can";
  const auto ok = run_cli("validate " + kSmallSweep);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("valid sweep of 8 points"), std::string::npos) << ok.out;
}

TEST(Sweep, ValidateLoadsEveryPointsPlatformAndReportsEachProblem) {
  const auto v = run_cli("validate " + kFixtures + "invalid_platform_sweep.yaml");
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find("2 of 3 sweep points cannot run"), std::string::npos) << v.err;
  EXPECT_NE(v.err.find("host 'host-9' has no role in this run (hosts used: 4)\n    in point 1 "), std::string::npos)
      << v.err;
  EXPECT_NE(v.err.find("host 'nohost' has no role in this run (hosts used: 4)\n    in point 2 "), std::string::npos)
      << v.err;
}

TEST(Sweep, RejectsABadShardAScenarioWithoutSweepAndATableOfAnotherSweep) {
  const std::string out = temp_path("out");
  const auto no_sweep = run_cli("sweep " + kFixtures + "small_ps.yaml --out " + out);
  EXPECT_EQ(no_sweep.exit_code, 2);
  EXPECT_NE(no_sweep.err.find("small_ps.yaml: has no sweep section to run"), std::string::npos) << no_sweep.err;
  EXPECT_FALSE(fs::exists(out));

  const auto bad_shard = run_cli("sweep " + kSmallSweep + " --out " + out + " --shard 3/3");
  EXPECT_EQ(bad_shard.exit_code, 2);
  EXPECT_NE(bad_shard.err.find("--shard 3/3: expected I/N with 0 <= I < N"), std::string::npos) << bad_shard.err;

  fs::create_directories(out);
  std::ofstream(out + "/stragglesim.json") << R"({"written_by": "stragglesim", "kind": "sweep"})";
  const std::string foreign = "point,run_dir,scheme.workers,seed\n0,points/x,2,1\n";
  { std::ofstream(out + "/sweep.csv") << foreign; }
  const auto r = run_cli("sweep " + kSmallSweep + " --out " + out + " --no-plots");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("sweep.csv: written by a sweep with other columns"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(out + "/sweep.csv"), foreign) << "another sweep's table is left as it was";
}

TEST(Sweep, PlotDrawsTheSweepsPictures) {
  const std::string out = temp_path("out");
  ASSERT_EQ(run_cli("sweep " + kSmallSweep + " --out " + out + " --no-plots --quiet").exit_code, 0);
  EXPECT_FALSE(fs::exists(out + "/plots"));
  const auto r = run_cli("plot " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"accuracy_vs_straggler_probability", "time_vs_straggler_probability", "simulated_vs_predicted"})
    EXPECT_EQ(read_file(out + "/plots/" + name + ".png").substr(1, 3), "PNG") << name;
  EXPECT_NE(r.out.find("skipped speedup_vs_workers"), std::string::npos) << r.out;
}
