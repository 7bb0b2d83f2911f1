// Per-link byte counters against the closed forms of seed 003.
#include "cli.hpp"
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ssim::testing;

namespace {

const std::string kFixtures = std::string(STRAGGLESIM_TEST_DIR) + "/cli/fixtures/";

// link name -> bytes, from links.csv
std::map<std::string, double> link_bytes(const std::string& dir) {
  std::istringstream csv(read_file(dir + "/links.csv"));
  std::string line;
  std::getline(csv, line);  // header
  std::map<std::string, double> bytes;
  while (std::getline(csv, line)) {
    std::vector<std::string> cells;
    std::istringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    bytes[cells.at(0)] = std::stod(cells.at(3));
  }
  return bytes;
}

}  // namespace

TEST(Links, RingAllreduceSendsTwoNMinusOneOverNOfTheGradientOverEachNeighbourLink) {
  const std::string out = temp_path("out");
  ASSERT_EQ(run_cli("run " + kFixtures + "ring_allreduce_small.yaml --quiet --out " + out).exit_code, 0);
  const auto summary = nlohmann::json::parse(read_file(out + "/summary.json"));
  const double iterations = summary["iterations"];
  EXPECT_EQ(iterations, 512 / 4 / 16);
  const double gradient_bytes = 676 * 4;
  const auto bytes = link_bytes(out);
  // Only the four links w -> w+1 carry anything (one direction around the ring), each exactly
  // 2(N-1)/N * S per iteration.
  ASSERT_EQ(bytes.size(), 4u);
  for (const auto& [link, b] : bytes) EXPECT_DOUBLE_EQ(b, iterations * 2 * 3 * gradient_bytes / 4) << link;
}

TEST(Links, ParameterServerSharesTheServersLinkAmongAllWorkers) {
  const std::string out = temp_path("out");
  ASSERT_EQ(run_cli("run " + kFixtures + "ring_allreduce_small.yaml --quiet --set scheme.name=ps_sync "
                    "--set scheme.workers=3 --set platform.topology=star --out " + out).exit_code, 0);
  const auto summary = nlohmann::json::parse(read_file(out + "/summary.json"));
  const double rounds = summary["iterations"];
  const double s = 676 * 4;
  const auto bytes = link_bytes(out);
  // The server (host-0) receives a gradient from each of 3 workers and sends each the parameters
  // every round; each worker's link carries one of each.
  EXPECT_DOUBLE_EQ(bytes.at("star_link_0_DOWN"), rounds * 3 * s);
  EXPECT_DOUBLE_EQ(bytes.at("star_link_0_UP"), rounds * 3 * s);
  for (const char* worker : {"1", "2", "3"}) {
    EXPECT_DOUBLE_EQ(bytes.at(std::string("star_link_") + worker + "_UP"), rounds * s);
    EXPECT_DOUBLE_EQ(bytes.at(std::string("star_link_") + worker + "_DOWN"), rounds * s);
  }
}
