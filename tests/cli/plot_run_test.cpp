// `stragglesim plot RUN_DIR` draws one run: accuracy and loss against time, the hosts' timeline
// (from its trace), bytes per link and, serving, the latency CDF; each PNG with its numbers as CSV.
#include "cli.hpp"
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
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
  ASSERT_EQ(run_cli("run " + kExamples + "infer_parity.yaml -q --trace --out " + run).exit_code, 0);
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
  EXPECT_EQ(lines(run + "/plots/timeline.csv").size(), 1 + spans);
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

}  // namespace

namespace {

TEST(PlotRun, ATimelineOfMoreThan300HostsIsTheShareComputingOverTime) {
  // 302 hosts in timing mode, two rounds of ps_sync.
  const std::string run = temp_path("run");
  ASSERT_EQ(run_cli("run " + std::string(STRAGGLESIM_TEST_DIR) + "/../scenarios/timing_ps_sync.yaml -q --trace --out " +
                    run + " --set platform.hosts=302 --set scheme.workers=301 --set data.train_samples=38528")
                .exit_code,
            0);
  ASSERT_EQ(run_cli("plot " + run).exit_code, 0);
  const auto rows = lines(run + "/plots/timeline.csv");
  ASSERT_EQ(rows.size(), 1u + 200);
  EXPECT_EQ(rows[0], "start_s,end_s,share_computing");
  // The shares, weighted by their slices, add up to the trace's compute time over the hosts.
  double weighted = 0, slice = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto first = rows[i].find(','), second = rows[i].find(',', first + 1);
    slice = std::stod(rows[i].substr(first + 1, second - first - 1)) - std::stod(rows[i].substr(0, first));
    const double share = std::stod(rows[i].substr(second + 1));
    EXPECT_GE(share, 0);
    EXPECT_LE(share, 1 + 1e-12);
    weighted += share * slice;
  }
  const auto trace = nlohmann::json::parse(read_file(run + "/trace.json"));
  double computing = 0;
  for (const auto& e : trace["traceEvents"])
    if (e["ph"] == "X" && e.value("cat", "") == "compute") computing += e["dur"].get<double>() / 1e6;
  EXPECT_NEAR(weighted * 302, computing, 1e-9 * computing);
}

}  // namespace
