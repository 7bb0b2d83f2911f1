// `stragglesim plot RUN_DIR` draws one run: accuracy and loss against time, the hosts' timeline
// (from its trace), bytes per link and, serving, the latency CDF; each PNG with its numbers as CSV.
#include "cli.hpp"
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace ssim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kExamples = std::string(STRAGGLESIM_TEST_DIR) + "/../scenarios/examples/";

std::vector<std::string> lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  return all;
}

bool is_png(const std::string& path) { return read_file(path).substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8); }

TEST(PlotRun, DrawsEachPictureOfATracedServingRunWithItsNumbers) {
  const std::string run = temp_path("run");
  ASSERT_EQ(
      run_cli("run " + kExamples + "infer_parity.yaml -q --trace --set serving.queries=100 --out " + run).exit_code,
      0);
  const auto r = run_cli("plot " + run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"accuracy_loss", "timeline", "link_bytes", "latency_cdf"}) {
    EXPECT_NE(r.out.find("wrote " + run + "/plots/" + name + ".png"), std::string::npos) << r.out;
    EXPECT_TRUE(is_png(run + "/plots/" + name + ".png")) << name;
  }
  EXPECT_EQ(lines(run + "/plots/accuracy_loss.csv").size(), 1u + 3) << "a row per epoch";
  const auto summary = nlohmann::json::parse(read_file(run + "/summary.json"));
  const auto cdf = lines(run + "/plots/latency_cdf.csv");
  ASSERT_EQ(cdf.size(), 1u + summary["serving"]["answered"].get<std::size_t>());
  EXPECT_EQ(cdf.back().substr(cdf.back().find(',') + 1), "1");
  // The timeline's spans are the trace's compute and failed spans, host by host.
  const auto trace = nlohmann::json::parse(read_file(run + "/trace.json"));
  std::size_t spans = 0;
  for (const auto& e : trace["traceEvents"])
    spans += e["ph"] == "X" && (e.value("cat", "") == "compute" || e.value("cat", "") == "failed") && e["pid"] > 0;
  const auto timeline = lines(run + "/plots/timeline.csv");
  EXPECT_EQ(timeline.size(), 1 + spans);
  EXPECT_EQ(timeline[0], "host,start_s,end_s,state");
  EXPECT_EQ(lines(run + "/plots/link_bytes.csv").size(), lines(run + "/links.csv").size()) << "every link carried bytes";
}

TEST(PlotRun, SaysWhichPicturesARunWithoutTheirInputsLacks) {
  const std::string run = temp_path("run");
  ASSERT_EQ(run_cli("run " + kExamples + "single.yaml -q --out " + run).exit_code, 0);
  const auto r = run_cli("plot " + run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(is_png(run + "/plots/accuracy_loss.png"));
  EXPECT_NE(r.out.find("no timeline: no trace.json (run with trace: true or --trace)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no link_bytes: no link carried a byte"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no latency_cdf: not a serving run"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(run + "/plots/timeline.png"));
}

// The computing share of each (start_s, end_s, share...) row of `rows`, weighted by its slice: the
// first share column follows `skip_columns` leading columns and start_s, end_s.
double weighted_share(const std::vector<std::string>& rows, std::size_t first_row, int skip_columns) {
  double weighted = 0;
  for (std::size_t i = first_row; i < rows.size(); ++i) {
    std::vector<std::string> cells;
    std::stringstream line(rows[i]);
    for (std::string cell; std::getline(line, cell, ',');) cells.push_back(cell);
    const double share = std::stod(cells.at(skip_columns + 2));
    EXPECT_GE(share, 0);
    EXPECT_LE(share, 1 + 1e-12);
    weighted += share * (std::stod(cells.at(skip_columns + 1)) - std::stod(cells.at(skip_columns)));
  }
  return weighted;
}

double compute_seconds(const std::string& trace_path, int pid = -1) {
  double computing = 0;
  const auto trace = nlohmann::json::parse(read_file(trace_path));
  for (const auto& e : trace["traceEvents"])
    if (e["ph"] == "X" && e.value("cat", "") == "compute" && (pid < 0 || e["pid"] == pid))
      computing += e["dur"].get<double>() / 1e6;
  return computing;
}

// ps_sync in timing mode on `hosts` hosts (a server and its workers), traced and plotted; its
// results directory.
std::string plotted_timing_ps_sync(int hosts, int train_samples) {
  const std::string run = temp_path("run");
  EXPECT_EQ(run_cli(fmt::format("run {}/../scenarios/timing_ps_sync.yaml -q --trace --out {} --set platform.hosts={} "
                                "--set scheme.workers={} --set data.train_samples={}",
                                STRAGGLESIM_TEST_DIR, run, hosts, hosts - 1, train_samples))
                .exit_code,
            0);
  EXPECT_EQ(run_cli("plot " + run).exit_code, 0);
  return run;
}

TEST(PlotRun, AHostOfMoreStepsThanBarsCanShowIsItsShareComputingPerSlice) {
  // ps_sync in timing mode with 2 workers: 300 rounds, more steps than a bar each could show.
  const std::string run = plotted_timing_ps_sync(3, 38400);
  const auto rows = lines(run + "/plots/timeline.csv");
  ASSERT_EQ(rows.size(), 1u + 3 * 200) << "200 slices of each host";
  EXPECT_EQ(rows[0], "host,start_s,end_s,share_computing,share_straggling,share_failed");
  // Each host's shares, weighted by their slices, add up to its compute time in the trace.
  for (int host = 0; host < 3; ++host) {
    const std::vector<std::string> of_host(rows.begin() + 1 + 200 * host, rows.begin() + 1 + 200 * (host + 1));
    const double computing = compute_seconds(run + "/trace.json", host + 1);
    EXPECT_GT(computing, 0);
    EXPECT_NEAR(weighted_share(of_host, 0, 1), computing, 1e-9 * computing) << of_host[0];
  }
}

TEST(PlotRun, ATimelineOfMoreThan300HostsIsTheShareComputingOverTime) {
  // 302 hosts in timing mode, two rounds of ps_sync.
  const std::string run = plotted_timing_ps_sync(302, 38528);
  const auto rows = lines(run + "/plots/timeline.csv");
  ASSERT_EQ(rows.size(), 1u + 200);
  EXPECT_EQ(rows[0], "start_s,end_s,share_computing");
  // The shares, weighted by their slices, add up to the trace's compute time over the hosts.
  const double weighted = weighted_share(rows, 1, 0);
  const double computing = compute_seconds(run + "/trace.json");
  EXPECT_NEAR(weighted * 302, computing, 1e-9 * computing);
}

}  // namespace

namespace {

std::string single_run(const std::string& options = "") {
  const std::string run = temp_path("run");
  EXPECT_EQ(run_cli("run " + kExamples + "single.yaml -q --out " + run + options).exit_code, 0);
  return run;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(PlotRun, DrawingAgainReplacesItsOwnPlotsAndRunningAgainTakesThemWithTheRun) {
  const std::string run = single_run();
  ASSERT_EQ(run_cli("plot " + run).exit_code, 0);
  const auto listed = nlohmann::json::parse(read_file(run + "/plots/stragglesim.json"));
  EXPECT_EQ(listed["files"], nlohmann::json({"accuracy_loss.csv", "accuracy_loss.png"}));
  const auto again = run_cli("plot " + run);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  const auto rerun = run_cli("run " + kExamples + "single.yaml -q --out " + run);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_FALSE(fs::exists(run + "/plots")) << "the plots of the results replaced";
}

TEST(PlotRun, NeverDrawsOverNorTakesAwayAUsersFiles) {
  const std::string run = single_run();
  fs::create_directory(run + "/plots");
  write(run + "/plots/accuracy_loss.png", "mine");
  auto r = run_cli("plot " + run);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(run + "/plots: holds files stragglesim did not draw"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(run + "/plots/accuracy_loss.png"), "mine");

  fs::remove_all(run + "/plots");
  ASSERT_EQ(run_cli("plot " + run).exit_code, 0);
  write(run + "/plots/notes.txt", "mine");
  r = run_cli("plot " + run);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds notes.txt, which its stragglesim.json does not list as drawn by stragglesim"),
            std::string::npos)
      << r.err;
  r = run_cli("run " + kExamples + "single.yaml -q --out " + run);
  EXPECT_EQ(r.exit_code, 2) << "replacing the run would take the user's file with it";
  EXPECT_NE(r.err.find("notes.txt"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(run + "/plots/notes.txt"), "mine");

  fs::remove_all(run + "/plots");
  write(run + "/plots", "mine");
  r = run_cli("plot " + run);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(run + "/plots: is not a directory stragglesim made"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(run + "/plots"), "mine");
}

TEST(PlotRun, AnInputNotAsStragglesimWritesItIsAnErrorNamingTheFile) {
  const std::string run = single_run(" --trace");
  const std::string trace = read_file(run + "/trace.json");
  write(run + "/trace.json", trace.substr(0, trace.size() / 2));
  write(run + "/epochs.csv", "epoch,seconds\n1,2\n");
  const auto r = run_cli("plot " + run);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error: " + run + "/trace.json: not as stragglesim writes it (JSONDecodeError"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("error: " + run + "/epochs.csv: not as stragglesim writes it (ValueError: expected the columns "
                       "epoch, simulated_time_s, test_accuracy, train_loss, test_loss; simulated_time_s, "),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Traceback"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(run + "/plots")) << "nothing drawn, no plots directory left";
}

TEST(PlotRun, SaysWhatIsNeitherARunNorASweep) {
  const std::string missing = temp_path("missing");
  auto r = run_cli("plot " + missing);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + missing + ": no such directory\n");
  const std::string other = temp_path("other");
  fs::create_directory(other);
  r = run_cli("plot " + other);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: " + other + ": neither a run's results nor a sweep's: no " + other + "/summary.json nor " +
                       other + "/sweep.csv\n");
  EXPECT_TRUE(fs::is_empty(other));
  r = run_cli("plot ''");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no results directory given"), std::string::npos) << r.err;
}

TEST(PlotRun, ATimelineOfACappedTraceSaysItEndsBeforeTheRun) {
  const std::string run = temp_path("run");
  ASSERT_EQ(run_cli("run " + kExamples + "ps_sync.yaml -q --trace --out " + run).exit_code, 0);
  auto trace = nlohmann::json::parse(read_file(run + "/trace.json"));
  trace["otherData"]["events_left_out"] = 7;  // as a run past the trace's cap writes it
  write(run + "/trace.json", trace.dump());
  const auto r = run_cli("plot " + run);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("timeline: the trace left out 7 computations and messages; the timeline ends at"),
            std::string::npos)
      << r.out;
}

}  // namespace
