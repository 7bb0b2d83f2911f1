// `trace: true` (or --trace) writes trace.json in Chrome's trace event format and messages.csv;
// both agree with the run's own accounts (hosts.csv, summary.json) and with the platform's speeds.
#include "cli.hpp"
#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace ssim::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kExamples = std::string(STRAGGLESIM_TEST_DIR) + "/../scenarios/examples/";

std::string traced(const std::string& example, const std::string& options = " --trace") {
  const std::string out = temp_path(example);
  const auto r = run_cli("run " + kExamples + example + ".yaml -q --out " + out + options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream cells_of(line);
    for (std::string cell; std::getline(cells_of, cell, ',');) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

// The process id of each host in trace.json, from its process_name "host (role)".
std::map<std::string, int> host_pids(const json& events) {
  std::map<std::string, int> pids;
  for (const auto& e : events)
    if (e["ph"] == "M" && e["name"] == "process_name") {
      const auto name = e["args"]["name"].get<std::string>();
      pids[name.substr(0, name.find(' '))] = e["pid"];
    }
  return pids;
}

TEST(Trace, ComputeSpansTakeTheirFlopsAtTheHostsSpeedAndMessagesAreThoseTheHostsCounted) {
  // 4 workers on 1 Gflop/s hosts, worker 2 always 3x slower.
  const auto out = traced("ps_sync");
  const auto trace = json::parse(read_file(out + "/trace.json"));
  const auto& events = trace["traceEvents"];
  const auto pids = host_pids(events);
  ASSERT_EQ(pids.size(), 6u) << "the run and 5 hosts";
  const int slow = pids.at("host-3");  // worker 2: host 0 is the server
  long computations = 0;
  std::map<int, double> covered;  // compute and idle time per host
  for (const auto& e : events) {
    if (e["ph"] != "X") continue;
    covered[e["pid"]] += e["dur"].get<double>();
    if (e.value("cat", "") != "compute") continue;
    ++computations;
    const double seconds = e["args"]["flops"].get<double>() / 1e9 * (e["pid"] == slow ? 3 : 1);
    EXPECT_NEAR(e["dur"].get<double>(), seconds * 1e6, 1e-6 * seconds * 1e6) << e.dump();
    EXPECT_EQ(e["args"]["slowdown"], 1) << "a fixed slowdown is the host's speed, not a straggle";
  }
  const auto summary = json::parse(read_file(out + "/summary.json"));
  const long rounds = summary["iterations"];
  EXPECT_EQ(computations, rounds * 4 + rounds) << "each worker's step and the server's update, every round";
  // Compute and idle spans cover each host's whole run, once.
  const double end_us = summary["simulated_time_s"].get<double>() * 1e6;
  for (const auto& [host, pid] : pids)
    if (host != "run") {
      EXPECT_NEAR(covered[pid], end_us, 1e-6 * end_us) << host;
    }

  const auto messages = csv_rows(out + "/messages.csv");
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages[0], (std::vector<std::string>{"sent_s", "received_s", "from", "to", "kind", "inbox", "bytes"}));
  const auto hosts = csv_rows(out + "/hosts.csv");
  long counted = 0;
  for (std::size_t i = 1; i < hosts.size(); ++i) counted += std::stol(hosts[i][7]);  // messages_out
  EXPECT_EQ(static_cast<long>(messages.size()) - 1, counted);
  double bytes = 0;
  for (std::size_t i = 1; i < messages.size(); ++i) {
    bytes += std::stod(messages[i][6]);
    ASSERT_FALSE(messages[i][1].empty()) << "every message of a run without failures is read";
    EXPECT_GE(std::stod(messages[i][1]), std::stod(messages[i][0]));
    EXPECT_TRUE(messages[i][2] == "host-0" || messages[i][3] == "host-0") << "a star's messages go through the server";
  }
  EXPECT_DOUBLE_EQ(bytes, summary["total_bytes_sent"].get<double>());
  long epochs = 0;
  for (const auto& e : events) epochs += e.value("cat", "") == "epoch";
  EXPECT_EQ(epochs, summary["epochs"].get<long>());
  EXPECT_EQ(trace["otherData"]["events_left_out"], 0);
}

TEST(Trace, ARandomStraggleIsNamedAndTakesItsFactorLonger) {
  const auto out = traced("downpour");  // each step 4x slower with probability 0.1
  const auto trace = json::parse(read_file(out + "/trace.json"));
  long straggles = 0, steps = 0;
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] != "X" || e.value("cat", "") != "compute") continue;
    const double slowdown = e["args"]["slowdown"];
    const double seconds = e["args"]["flops"].get<double>() * slowdown / 1e9;
    EXPECT_NEAR(e["dur"].get<double>(), seconds * 1e6, 1e-6 * seconds * 1e6) << e.dump();
    if (slowdown == 4) {
      ++straggles;
      EXPECT_EQ(e["name"], "compute (straggling x4)");
    }
    ++steps;
  }
  EXPECT_GT(straggles, 0);
  EXPECT_LT(straggles, steps / 4) << "about one step in ten";
}

TEST(Trace, AFailedHostIsFailedFromItsFailureToTheEndAndIdleNoLonger) {
  const auto out = traced("infer_parity");  // worker 1 (host-2) fails at 100 ms
  const auto trace = json::parse(read_file(out + "/trace.json"));
  const auto& events = trace["traceEvents"];
  const int failed = host_pids(events).at("host-2");
  long failed_spans = 0;
  for (const auto& e : events) {
    if (e["ph"] != "X" || e["pid"] != failed) continue;
    if (e.value("cat", "") == "failed") {
      ++failed_spans;
      EXPECT_DOUBLE_EQ(e["ts"].get<double>(), 1e5);
    } else {
      EXPECT_LE(e["ts"].get<double>() + e["dur"].get<double>(), 1e5 * (1 + 1e-12)) << e.dump();
    }
  }
  EXPECT_EQ(failed_spans, 1);
  // Every message is a row, those sent to the failed host after its failure too, never read.
  const auto messages = csv_rows(out + "/messages.csv");
  const auto summary = json::parse(read_file(out + "/summary.json"));
  double bytes = 0;
  long lost = 0;
  for (std::size_t i = 1; i < messages.size(); ++i) {
    bytes += std::stod(messages[i][6]);
    if (messages[i][3] == "host-2" && std::stod(messages[i][0]) > 0.1) {
      EXPECT_EQ(messages[i][1], "") << "a message to a failed host is never read";
      ++lost;
    }
  }
  EXPECT_GT(lost, 0);
  EXPECT_DOUBLE_EQ(bytes, summary["total_bytes_sent"].get<double>());
  long queries = 0;
  for (const auto& e : events) queries += e.value("cat", "") == "query";
  EXPECT_EQ(queries, 500);
}

TEST(Trace, IsWrittenOnlyWhenAskedAndTheScenarioKeyAsksAsTheFlagDoes) {
  const auto plain = traced("single", "");
  EXPECT_FALSE(fs::exists(plain + "/trace.json"));
  EXPECT_FALSE(fs::exists(plain + "/messages.csv"));
  const auto keyed = traced("single", " --set trace=true");
  EXPECT_TRUE(fs::exists(keyed + "/trace.json"));
  EXPECT_EQ(read_file(keyed + "/messages.csv"), "sent_s,received_s,from,to,kind,inbox,bytes\n") << "one host sends nothing";
  EXPECT_EQ(read_file(plain + "/summary.json"), read_file(keyed + "/summary.json")) << "tracing changes no result";
}

}  // namespace
