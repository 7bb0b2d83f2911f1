// stragglesim never destroys what it did not write, and leaves nothing half-written behind.
#include "cli.hpp"
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace ssim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kScenario = std::string(STRAGGLESIM_TEST_DIR) + "/cli/fixtures/small_ps.yaml";

// A working directory holding a copy of the scenario and a file of the user's.
fs::path user_folder() {
  const fs::path dir = temp_path("user");
  fs::create_directories(dir / "notes");
  fs::copy_file(kScenario, dir / "scenario.yaml");
  std::ofstream(dir / "notes" / "ideas.txt") << "my notes\n";
  return dir;
}

void expect_user_files_intact(const fs::path& dir) {
  EXPECT_TRUE(fs::exists(dir / "scenario.yaml"));
  EXPECT_EQ(read_file((dir / "notes" / "ideas.txt").string()), "my notes\n");
}

std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (name.find(".partial-") != std::string::npos || name.find(".replaced-") != std::string::npos)
      found.push_back(name);
  }
  return found;
}

}  // namespace

TEST(OutputSafety, RefusesTheWorkingDirectoryAndItsParent) {
  const auto dir = user_folder();
  for (const char* out : {".", "..", "./", "notes/.."}) {
    const auto r = run_cli_in(dir, "run scenario.yaml --quiet --out " + std::string(out));
    EXPECT_EQ(r.exit_code, 2) << out;
    EXPECT_NE(r.err.find("the working directory"), std::string::npos) << out << ": " << r.err;
  }
  expect_user_files_intact(dir);
}

TEST(OutputSafety, RefusesAFolderOfTheUsersAndAFile) {
  const auto dir = user_folder();
  auto r = run_cli_in(dir, "run scenario.yaml --quiet --out notes/");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("notes: holds files that stragglesim did not write"), std::string::npos) << r.err;
  r = run_cli_in(dir, "run scenario.yaml --quiet --out notes/ideas.txt");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exists and is not a directory"), std::string::npos) << r.err;
  expect_user_files_intact(dir);
  EXPECT_TRUE(leftovers(dir / "notes").empty());
}

TEST(OutputSafety, RefusesAFolderHoldingTheScenario) {
  const auto dir = user_folder();
  fs::create_directories(dir / "inputs");
  fs::copy_file(kScenario, dir / "inputs" / "s.yaml");
  const auto r = run_cli_in(dir, "run inputs/s.yaml --quiet --out inputs");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds inputs/s.yaml, which this run reads"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir / "inputs" / "s.yaml"));
}

TEST(OutputSafety, ReplacesItsOwnResultsWithOrWithoutATrailingSlash) {
  const auto dir = user_folder();
  ASSERT_EQ(run_cli_in(dir, "run scenario.yaml --quiet --out results/x/").exit_code, 0);
  ASSERT_TRUE(fs::exists(dir / "results" / "x" / "summary.json"));
  std::ofstream(dir / "results" / "x" / "summary.json") << "old";
  const auto r = run_cli_in(dir, "run scenario.yaml --quiet --out results/x");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file((dir / "results" / "x" / "summary.json").string()), "old");
  EXPECT_TRUE(leftovers(dir / "results").empty());
  EXPECT_EQ(fs::directory_iterator(dir / "results")->path().filename(), "x");
}

TEST(OutputSafety, ResultsRecordTheirProvenance) {
  const auto dir = user_folder();
  ASSERT_EQ(run_cli_in(dir, "run scenario.yaml --quiet --set scheme.epochs=1 --out r").exit_code, 0);
  const auto manifest = read_file((dir / "r" / "stragglesim.json").string());
  EXPECT_NE(manifest.find(R"("command": "stragglesim run scenario.yaml --quiet --set scheme.epochs=1 --out r")"),
            std::string::npos)
      << manifest;
  EXPECT_NE(manifest.find(R"("version": ")"), std::string::npos);
  EXPECT_NE(manifest.find(R"("wall_time_s": )"), std::string::npos);
  // The resolved scenario has the --set value applied and reruns to the same results.
  const auto resolved = read_file((dir / "r" / "scenario.yaml").string());
  EXPECT_NE(resolved.find("epochs: 1"), std::string::npos) << resolved;
  ASSERT_EQ(run_cli_in(dir, "run r/scenario.yaml --quiet --out again").exit_code, 0);
  EXPECT_EQ(read_file((dir / "r" / "summary.json").string()), read_file((dir / "again" / "summary.json").string()));
}

TEST(OutputSafety, StagingLeftByADeadProcessIsRemovedByTheNextRun) {
  const auto dir = user_folder();
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);
  const fs::path stale = dir / "results" / ("x.partial-" + std::to_string(dead));
  fs::create_directories(stale);
  std::ofstream(stale / "stragglesim.json") << R"({"written_by": "stragglesim", "complete": false})";
  const fs::path not_ours = dir / "results" / "x.partial-1";  // pid 1 is alive, and it holds no manifest
  fs::create_directories(not_ours);
  ASSERT_EQ(run_cli_in(dir, "run scenario.yaml --quiet --out results/x").exit_code, 0);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(not_ours));
}

// Each signal stops the run with 128 + its number and removes the staging directory.
TEST(OutputSafety, SignalsLeaveNoStagingAndExitWith128PlusTheSignal) {
  const auto dir = user_folder();
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
    const pid_t pid = fork();
    if (pid == 0) {
      chdir(dir.c_str());
      freopen("/dev/null", "w", stderr);
      execl(STRAGGLESIM_BINARY, STRAGGLESIM_BINARY, "run", "scenario.yaml", "--quiet", "--set",
            "scheme.epochs=100000", "--out", "results/long", nullptr);
      _exit(127);
    }
    // Wait until the run is under way: its staging directory exists.
    bool staged = false;
    for (int i = 0; i < 600 && !staged; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      staged = fs::exists(dir / "results") && !leftovers(dir / "results").empty();
    }
    ASSERT_TRUE(staged) << "the run never started";
    kill(pid, signal);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 128 + signal);
    EXPECT_TRUE(leftovers(dir / "results").empty());
    EXPECT_FALSE(fs::exists(dir / "results" / "long"));
  }
}

// A full disk is a failed run (exit 1) that leaves the previous results as they were.
TEST(OutputSafety, AFullDiskFailsTheRunAndKeepsTheOldResults) {
  const auto dir = user_folder();
  const fs::path disk = dir / "disk";
  fs::create_directories(disk);
  // Tests run as root (CI does): a small tmpfs is the disk that fills up.
  ASSERT_EQ(mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=1m"), 0) << "mounting a tmpfs needs root";
  struct Unmount {
    fs::path path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{disk};
  ASSERT_EQ(run_cli_in(dir, "run scenario.yaml --quiet --out disk/r").exit_code, 0);
  const auto old_summary = read_file((disk / "r" / "summary.json").string());
  // Shrink the disk to what it holds now: the next file written finds it full.
  ASSERT_EQ(mount("tmpfs", disk.c_str(), "tmpfs", MS_REMOUNT, "size=1%"), 0);
  const auto usage = fs::space(disk);
  ASSERT_EQ(mount("tmpfs", disk.c_str(), "tmpfs", MS_REMOUNT,
                  ("size=" + std::to_string(usage.capacity - usage.available + 4096)).c_str()),
            0);
  const auto r = run_cli_in(dir, "run scenario.yaml --quiet --set seed=4 --out disk/r");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_EQ(read_file((disk / "r" / "summary.json").string()), old_summary);
  EXPECT_TRUE(leftovers(disk).empty());
}

// Results the user has added a file to are theirs too: a rerun would take the file with them.
TEST(OutputSafety, RefusesResultsTheUserAddedAFileTo) {
  const auto dir = user_folder();
  ASSERT_EQ(run_cli_in(dir, "run scenario.yaml --quiet --out r").exit_code, 0);
  std::ofstream(dir / "r" / "analysis.txt") << "mine\n";
  const auto r = run_cli_in(dir, "run scenario.yaml --quiet --out r");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds analysis.txt, which its stragglesim.json does not list"), std::string::npos) << r.err;
  EXPECT_EQ(read_file((dir / "r" / "analysis.txt").string()), "mine\n");
  // A manifest copied into a folder of the user's does not make it stragglesim's.
  fs::copy_file(dir / "r" / "stragglesim.json", dir / "notes" / "stragglesim.json");
  EXPECT_EQ(run_cli_in(dir, "run scenario.yaml --quiet --out notes").exit_code, 2);
  expect_user_files_intact(dir);
}

TEST(OutputSafety, RefusesALinkToNothingAPathBelowAFileAndAManifestThatIsAFolder) {
  const auto dir = user_folder();
  fs::create_directory_symlink(dir / "nowhere", dir / "link");
  auto r = run_cli_in(dir, "run scenario.yaml --quiet --out link");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is a symbolic link that leads to no directory"), std::string::npos) << r.err;
  r = run_cli_in(dir, "run scenario.yaml --quiet --out notes/ideas.txt/r");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("ideas.txt is not a directory"), std::string::npos) << r.err;
  fs::create_directories(dir / "odd" / "stragglesim.json");
  r = run_cli_in(dir, "run scenario.yaml --quiet --out odd");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("it has no stragglesim.json"), std::string::npos) << r.err;
  expect_user_files_intact(dir);
  EXPECT_TRUE(fs::exists(dir / "odd" / "stragglesim.json"));
}

// A sweep's folder gathers points over several commands, so it is never replaced: it may only be
// new, empty or a sweep's own, and never hold the working directory.
TEST(OutputSafety, ASweepWritesOnlyIntoANewOrEmptyFolderOrItsOwn) {
  const auto dir = user_folder();
  const std::string sweep = std::string(STRAGGLESIM_TEST_DIR) + "/cli/fixtures/small_sweep.yaml";
  auto r = run_cli_in(dir, "sweep " + sweep + " --quiet --no-plots --out .");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is the working directory"), std::string::npos) << r.err;
  r = run_cli_in(dir, "sweep " + sweep + " --quiet --no-plots --out notes");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("holds files that a sweep did not write"), std::string::npos) << r.err;
  ASSERT_EQ(run_cli_in(dir, "run scenario.yaml --quiet --out r").exit_code, 0);
  r = run_cli_in(dir, "sweep " + sweep + " --quiet --no-plots --out r");
  EXPECT_EQ(r.exit_code, 2) << "a run's results are not a sweep's";
  expect_user_files_intact(dir);
  EXPECT_EQ(fs::directory_iterator(dir / "notes")->path().filename(), "ideas.txt");
  EXPECT_FALSE(fs::exists(dir / "sweep.csv"));
  EXPECT_FALSE(fs::exists(dir / "points"));
}
