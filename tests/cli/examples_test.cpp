// scenarios/examples/ holds one small scenario per scheme, named after it; each runs to its end with
// finite numbers, as a user copying it would see.
#include "cli.hpp"
#include "corpus.hpp"
#include "scenario/scheme_catalog.hpp"
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>

using namespace ssim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kExamples = std::string(STRAGGLESIM_TEST_DIR) + "/../scenarios/examples/";

TEST(Examples, EverySchemeHasOneAndEveryOneIsAScheme) {
  std::vector<std::string> schemes, examples;
  for (const auto& entry : ssim::scenario::scheme_catalog()) schemes.emplace_back(entry.name);
  for (const auto& file : corpus_files(kExamples)) examples.push_back(fs::path(file).stem().string());
  std::sort(schemes.begin(), schemes.end());
  EXPECT_EQ(examples, schemes);
}

class Example : public ::testing::TestWithParam<std::string> {};

TEST_P(Example, RunsToItsEndWithTheSchemeItIsNamedAfter) {
  const std::string scheme = GetParam();
  const std::string out = temp_path("out");
  const auto r = run_cli("run " + kExamples + scheme + ".yaml --quiet --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(read_file(out + "/summary.json"));
  EXPECT_EQ(summary["status"], "completed");
  EXPECT_EQ(summary["scheme"], scheme);
  EXPECT_GT(summary["simulated_time_s"].get<double>(), 0);
}

std::vector<std::string> scheme_names() {
  std::vector<std::string> names;
  for (const auto& entry : ssim::scenario::scheme_catalog()) names.emplace_back(entry.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Schemes, Example, ::testing::ValuesIn(scheme_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
