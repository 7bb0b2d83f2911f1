// Scenarios that load but cannot run: the data files they name are broken or do not fit the
// model or scheme (tests/bad_scenarios/data/), or the run would not fit in memory
// (tests/bad_scenarios/memory/). Both validate and run must refuse them with exit 2, at the key.
#include "cli.hpp"
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using namespace ssim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBadScenarios = std::string(STRAGGLESIM_TEST_DIR) + "/bad_scenarios/";

// "# expect: A ... B": the message holds A, then later B; " ... " stands for what depends on the
// machine (absolute paths, its memory).
std::vector<std::string> expected_pieces(const fs::path& scenario) {
  std::ifstream in(scenario);
  std::string line;
  std::getline(in, line);
  const std::string marker = "# expect: ";
  if (line.rfind(marker, 0) != 0) return {};
  line.erase(0, marker.size());
  std::vector<std::string> pieces;
  for (std::size_t start = 0;;) {
    const auto gap = line.find(" ... ", start);
    pieces.push_back(line.substr(start, gap - start));
    if (gap == std::string::npos) return pieces;
    start = gap + 5;
  }
}

bool holds_in_order(const std::string& text, const std::vector<std::string>& pieces) {
  std::size_t at = 0;
  for (const auto& piece : pieces) {
    at = text.find(piece, at);
    if (at == std::string::npos) return false;
    at += piece.size();
  }
  return true;
}

void expect_refused(const std::string& folder, int at_least) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(kBadScenarios + folder)) {
    if (entry.path().extension() != ".yaml") continue;
    const auto pieces = expected_pieces(entry.path());
    ASSERT_FALSE(pieces.empty()) << entry.path() << " has no '# expect: ' line";
    ASSERT_EQ(pieces.front().rfind(entry.path().filename().string() + ":", 0), 0u)
        << entry.path() << ": the expectation must start with its position";
    for (const char* command : {"validate", "run"}) {
      const std::string out_dir = temp_path("out");
      const std::string out_option = std::string(command) == "run" ? " --out " + out_dir : "";
      const auto r = run_cli(std::string(command) + " " + entry.path().string() + out_option);
      EXPECT_EQ(r.exit_code, 2) << command << " " << entry.path() << ": " << r.err;
      EXPECT_TRUE(holds_in_order(r.err, pieces)) << command << " " << entry.path() << " said: " << r.err;
      EXPECT_FALSE(fs::exists(out_dir)) << "a rejected scenario must leave no results";
    }
    ++checked;
  }
  EXPECT_GE(checked, at_least);
}

}  // namespace

TEST(CheckedBeforeRunning, BrokenDataIsRefusedAtDataPath) { expect_refused("data", 14); }

TEST(CheckedBeforeRunning, RunBeyondMemoryIsRefused) { expect_refused("memory", 1); }

TEST(CheckedBeforeRunning, NamedPipeIsRefusedWithoutWaitingForAWriter) {
  const std::string fifo = temp_path("scenario.yaml");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const char* command : {"validate", "run"}) {
    const auto r = run_cli(std::string(command) + " " + fifo);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(fifo + ": expected a scenario file, not a named pipe"), std::string::npos) << r.err;
  }
  fs::remove(fifo);
}

// fetch_every and push_every far beyond a run's steps: ten times them no longer fits an int, which
// once made the server's silence timeout negative and every worker look dead.
TEST(CheckedBeforeRunning, HugeFetchAndPushIntervalsStillTrain) {
  const std::string out = temp_path("out");
  const auto r = run_cli("run " + kBadScenarios + "../cli/fixtures/small_ps.yaml --quiet --out " + out +
                         " --set scheme='{name: downpour_async, workers: 3, epochs: 1, batch_size: 16, "
                         "fetch_every: 300000000, push_every: 300000000}' --set stragglers=[]");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_EQ(summary["status"], "completed");
  EXPECT_EQ(summary["iterations"], 3);  // one push per worker, at its last step
}
