// `stragglesim compare` sets runs side by side and names the scenario keys that differ.
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

const std::string kSmallPs = std::string(STRAGGLESIM_TEST_DIR) + "/cli/fixtures/small_ps.yaml";

// The words of the line of `text` whose first word is `key`; empty when there is none.
std::vector<std::string> row(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string word; words >> word;) row.push_back(word);
    if (!row.empty() && row[0] == key) return row;
  }
  return {};
}

std::string run_small_ps(const std::string& name, const std::string& sets) {
  const std::string out = temp_path(name);
  const auto r = run_cli("run " + kSmallPs + " -q --out " + out + sets);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

double summary_number(const std::string& dir, const std::string& key) {
  return nlohmann::json::parse(read_file(dir + "/summary.json"))[key].get<double>();
}

TEST(Compare, SetsTheSummariesSideBySideAndNamesTheScenarioKeysThatDiffer) {
  const auto three = run_small_ps("three", "");
  const auto two = run_small_ps("two", " --set scheme.workers=2 --set platform.hosts=3 --set stragglers=[]");
  const auto r = run_cli("compare " + three + " " + two);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(row(r.out, "run"), (std::vector<std::string>{"run", three, two}));
  EXPECT_EQ(row(r.out, "workers"), (std::vector<std::string>{"workers", "3", "2"}));
  EXPECT_EQ(row(r.out, "simulated_time_s"),
            (std::vector<std::string>{"simulated_time_s", fmt::format("{:.6g}", summary_number(three, "simulated_time_s")),
                                      fmt::format("{:.6g}", summary_number(two, "simulated_time_s"))}));
  EXPECT_EQ(row(r.out, "scheme.workers"), (std::vector<std::string>{"scheme.workers", "3", "2"}));
  EXPECT_EQ(row(r.out, "platform.hosts"), (std::vector<std::string>{"platform.hosts", "4", "3"}));
  // The first run's stragglers, which the second has none of, are each a row with a dash.
  EXPECT_EQ(row(r.out, "stragglers[0].probability"), (std::vector<std::string>{"stragglers[0].probability", "0.2", "-"}));
  EXPECT_EQ(row(r.out, "stragglers[1].fail_at"), (std::vector<std::string>{"stragglers[1].fail_at", "0.01", "-"}));
  EXPECT_TRUE(row(r.out, "scheme.epochs").empty()) << "a key both runs share is not listed:\n" << r.out;
  EXPECT_TRUE(row(r.out, "seed").empty()) << r.out;
}

TEST(Compare, ARunBesideItselfDiffersInNothing) {
  const auto run = run_small_ps("run", "");
  const auto r = run_cli("compare " + run + " " + run);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nthe recorded scenarios are the same\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("differ"), std::string::npos) << r.out;
}

TEST(Compare, WhatIsNotARunIsBadInputNamingIt) {
  const auto run = run_small_ps("run", "");
  const std::string sweep = temp_path("sweep"), empty = temp_path("empty"), listed = temp_path("listed");
  fs::create_directories(sweep);
  std::ofstream(sweep + "/sweep.csv") << "point\n";
  fs::create_directories(empty);
  fs::create_directories(listed);
  std::ofstream(listed + "/summary.json") << "[1, 2]\n";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"compare " + run, "At least 2 required but received 1"},
      {"compare " + run + " " + empty + "/nothing", empty + "/nothing: no such directory"},
      {"compare " + run + " " + empty, empty + ": not a run's results directory (no summary.json)"},
      {"compare " + run + " " + listed, listed + "/summary.json: not a summary stragglesim wrote: expected an object "
                                                 "with a status (text) and simulated_time_s (a number)"},
      {"compare " + sweep + " " + run, sweep + ": a sweep's results directory; compare its runs, " + sweep + "/points/<point>"}};
  for (const auto& [arguments, expected] : cases) {
    const auto r = run_cli(arguments);
    EXPECT_EQ(r.exit_code, 2) << arguments;
    EXPECT_NE(r.err.find(expected), std::string::npos) << arguments << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << arguments << ": " << r.out;
  }
}

}  // namespace
