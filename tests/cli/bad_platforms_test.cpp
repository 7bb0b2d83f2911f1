// Every scenario in tests/bad_scenarios/platforms/ names a platform SimGrid loads (or dies
// loading) but that cannot carry the run. Each starts with "# expect: TEXT"; `validate` and `run`
// must both exit 2 saying TEXT, leave no results and never die of a signal. Each file is a test.
#include "cli.hpp"
#include "corpus.hpp"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace ssim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kPlatforms = std::string(STRAGGLESIM_TEST_DIR) + "/bad_scenarios/platforms";

class BadPlatform : public ::testing::TestWithParam<std::string> {};

TEST_P(BadPlatform, IsRejectedWithExit2AndNoResults) {
  const std::string path = GetParam();
  const std::string expected = expectation_of(path);
  ASSERT_FALSE(expected.empty()) << path << " must start with '# expect: TEXT'";
  for (const std::string command : {"validate", "run"}) {
    const std::string out_dir = temp_path("out");
    const auto r = run_cli(command + " " + path + (command == "run" ? " --out " + out_dir : ""));
    EXPECT_EQ(r.exit_code, 2) << command << " " << path << ": " << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << command << " said: " << r.err;
    EXPECT_FALSE(fs::exists(out_dir)) << "a rejected platform must leave no results";
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadPlatform, ::testing::ValuesIn(corpus_files(kPlatforms)), test_name);

}  // namespace

TEST(BadPlatformSweep, APlatformSimGridCrashesOnFailsItsPointsBeforeAnyRuns) {
  const std::string out = temp_path("out");
  for (const std::string& command : {std::string("validate"), "sweep --out " + out}) {
    const auto r = run_cli(command + " " + STRAGGLESIM_TEST_DIR + "/cli/fixtures/crashing_platform_sweep.yaml");
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
    EXPECT_NE(r.err.find("1 of 2 sweep points cannot run"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("dragonfly_72.xml: SimGrid crashed computing the route d0 -> d48"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("in point 1 (scheme.workers=48"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(out + "/points")) << "no point may run";
}
