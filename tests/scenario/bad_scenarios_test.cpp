// Every file in tests/bad_scenarios/ holds one mistake and starts with "# expect: TEXT";
// loading it must throw a ScenarioError whose message contains TEXT. Each file is a test.
#include "scenario/load.hpp"
#include "corpus.hpp"
#include <gtest/gtest.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ssim::scenario {
namespace {

namespace fs = std::filesystem;
using ssim::testing::expectation_of;

class BadScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(BadScenario, ThrowsTheExpectedError) {
  const std::string path = GetParam();
  const std::string expected = expectation_of(path);
  // The expectation must pin the position, not just the wording.
  ASSERT_TRUE(expected.starts_with(fs::path(path).filename().string() + ":"))
      << path << " must start with '# expect: " << fs::path(path).filename().string() << ":LINE:COL: ...'";
  try {
    load(path);
    FAIL() << path << " loaded without error";
  } catch (const ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos)
        << "expected: " << expected << "\n     got: " << error.what();
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadScenario, ::testing::ValuesIn(ssim::testing::corpus_files(STRAGGLESIM_TEST_DIR "/bad_scenarios")), test_name);

}  // namespace
}  // namespace ssim::scenario
