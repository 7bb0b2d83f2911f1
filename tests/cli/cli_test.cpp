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
const std::string kFixtures = std::string(STRAGGLESIM_TEST_DIR) + "/cli/fixtures/";
}

TEST(Cli, HelpListsTheCommands) {
  const auto r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("run"), std::string::npos);
  EXPECT_NE(r.out.find("validate"), std::string::npos);
}

TEST(Cli, HelpListsTheSchemesWithWhatEachDoes) {
  const auto r = run_cli("--help");
  EXPECT_NE(r.out.find("Schemes (scheme.name):\n  single            one worker trains alone\n"
                       "  ps_sync           a parameter server and synchronous workers\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  ring_tmp          seed 004's ring model-parallel pipeline"), std::string::npos) << r.out;
  // The longest name still leaves a space before its description.
  EXPECT_NE(r.out.find("  infer_replicated  serving:"), std::string::npos) << r.out;
}

TEST(Cli, VersionNamesTheBuild) {
  const auto r = run_cli("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("stragglesim ", 0), 0u) << r.out;
  EXPECT_GT(r.out.size(), std::string("stragglesim \n").size()) << r.out;
}

TEST(Cli, SchemesListsEachWithWhatItNeedsAndItsOwnKeys) {
  const auto r = run_cli("schemes");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("takes name, workers, epochs, batch_size, optimizer, bytes_per_value"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nps_sync\n  a parameter server and synchronous workers\n  trains\n"
                       "  model: layers; hosts: the workers and a server; runs in timing mode too\n"
                       "  keys: wait_for, round_timeout\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\ninfer_partitioned\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("model: partition, node, decoder; hosts: the workers and a frontend\n"
                       "  keys: train_erasures, wait_for, deadline\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nring_allreduce\n  peers averaging gradients around a ring\n  trains\n"
                       "  model: layers; hosts: one per worker; runs in timing mode too\n\n"),
            std::string::npos)
      << "a scheme without keys of its own lists none: " << r.out;
}

// A mistake on the command line is bad input like a mistake in the file: exit 2, never CLI11's own codes.
TEST(Cli, ACommandLineMistakeExitsWith2) {
  const std::string scenario = kFixtures + "small_ps.yaml";
  const std::vector<std::string> mistakes{"", "frobnicate", "run", "run " + scenario + " --frob",
                                          "run " + scenario + " " + scenario,
                                          "sweep " + kFixtures + "small_sweep.yaml -j 0"};
  for (const auto& arguments : mistakes) {
    const auto r = run_cli(arguments);
    EXPECT_EQ(r.exit_code, 2) << "'" << arguments << "': " << r.err;
    EXPECT_FALSE(r.err.empty()) << arguments;
  }
  EXPECT_EQ(run_cli("run --help").exit_code, 0);
  EXPECT_EQ(run_cli("frobnicate").err,
            "error: frobnicate is not a command; the commands are run sweep validate describe compare schemes plot\n"
            "Run with --help for more information.\n");
}

TEST(Cli, EveryBadScenarioIsRejectedWithItsErrorAndExitCode2) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(std::string(STRAGGLESIM_TEST_DIR) + "/bad_scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    std::string first_line;
    std::getline(in, first_line);
    const std::string marker = "# expect: ";
    ASSERT_EQ(first_line.rfind(marker, 0), 0u) << entry.path();
    const std::string expected = first_line.substr(marker.size());
    for (const char* command : {"validate", "run"}) {
      const std::string out_dir = temp_path("out");
      const std::string out_option = std::string(command) == "run" ? " --out " + out_dir : "";
      const auto r = run_cli(std::string(command) + " " + entry.path().string() + out_option);
      EXPECT_EQ(r.exit_code, 2) << entry.path() << ": " << r.err;
      EXPECT_NE(r.err.find(expected), std::string::npos) << entry.path() << " said: " << r.err;
      EXPECT_FALSE(fs::exists(out_dir)) << "a rejected scenario must leave no results";
    }
    ++checked;
  }
  EXPECT_GE(checked, 7);
}

TEST(Cli, PlatformFileWithTooFewHostsIsRejected) {
  const auto r = run_cli("validate " + kFixtures + "too_few_hosts_file.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("ring_8.xml: 8 hosts available but the scheme needs 9"), std::string::npos) << r.err;
}

TEST(Cli, RunningTwiceGivesByteIdenticalResults) {
  const std::string a = temp_path("a"), b = temp_path("b");
  ASSERT_EQ(run_cli("run " + kFixtures + "small_ps.yaml --quiet --out " + a).exit_code, 0);
  ASSERT_EQ(run_cli("run " + kFixtures + "small_ps.yaml --quiet --out " + b).exit_code, 0);
  for (const char* file : {"summary.json", "epochs.csv", "hosts.csv", "platform.xml"}) {
    const auto first = read_file(a + "/" + file);
    EXPECT_FALSE(first.empty()) << file;
    EXPECT_EQ(first, read_file(b + "/" + file)) << file;
  }
}

TEST(Cli, SummaryNamesTheFailedWorkerAndStillMeasuresAccuracy) {
  const std::string out = temp_path("out");
  const auto r = run_cli("run " + kFixtures + "small_ps.yaml --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("host host-3 (worker-2) failed at t = 0.01 s"), std::string::npos) << r.out;
  const auto summary = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_EQ(summary["status"], "completed");
  ASSERT_EQ(summary["failures"].size(), 1u);
  EXPECT_EQ(summary["failures"][0]["host"], "host-3");
  EXPECT_EQ(summary["failures"][0]["time_s"], 0.01);
  EXPECT_GT(summary["final_test_accuracy"].get<double>(), 0.5);
  EXPECT_EQ(summary["epochs"], 2);
  // hosts.csv: one row per host with its failure time; the failed host's bytes stop early.
  const auto hosts = read_file(out + "/hosts.csv");
  EXPECT_EQ(hosts.rfind("host,role,busy_s,idle_s,flops,bytes_out,bytes_in,messages_out,messages_in,failed_at_s\n", 0), 0u);
  EXPECT_NE(hosts.find("host-3,worker-2,"), std::string::npos);
  EXPECT_NE(hosts.find(",0.01\n"), std::string::npos);
}

TEST(Cli, ARunThatCannotStartLeavesNoResults) {
  const std::string out = temp_path("out");
  const auto r = run_cli("run " + kFixtures + "does_not_exist.yaml --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("does_not_exist.yaml"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, QuickstartTrainsFashionMnistToAtLeast82Percent) {
  const std::string out = temp_path("out");
  const auto r = run_cli("run " + std::string(STRAGGLESIM_TEST_DIR) + "/../scenarios/quickstart.yaml --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_GE(summary["final_test_accuracy"].get<double>(), 0.82);
  EXPECT_NEAR(summary["model"]["simulated_over_predicted"].get<double>(), 1.0, 0.01);
  EXPECT_EQ(summary["epochs"], 3);
  EXPECT_NE(r.out.find("simulated time"), std::string::npos);
  fs::remove_all(out);
}

TEST(Cli, ARunOffATerminalPrintsALinePerEpochAndQuietPrintsNothing) {
  const auto r = run_cli("run " + kFixtures + "small_ps.yaml --out " + temp_path("out"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1/2 epochs, simulated 0.06964 s, test accuracy 68.75%\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2/2 epochs, simulated 0.1052 s, test accuracy 94.79%\n"), std::string::npos) << r.err;
  const auto quiet = run_cli("run " + kFixtures + "small_ps.yaml --quiet --out " + temp_path("quiet"));
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(quiet.out, "");
}

TEST(Cli, RunningASweepFileRunsItsValuesAsWrittenAndSaysSo) {
  const std::string out = temp_path("out");
  const auto r = run_cli("run " + kFixtures + "small_sweep.yaml --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("has a sweep section; 'run' runs its values as written"), std::string::npos) << r.err;
  const auto summary = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_EQ(summary["scheme"], "ps_sync");
  EXPECT_EQ(summary["seed"], 5);
}
