// Every scenario under scenarios/ loads: `stragglesim validate` checks it (each point of a sweep)
// without running it, so that none is left behind by a change of the scenario format.
#include "cli.hpp"
#include "corpus.hpp"
#include <gtest/gtest.h>
#include <string>

using namespace ssim::testing;

namespace {

const std::string kScenarios = std::string(STRAGGLESIM_TEST_DIR) + "/../scenarios";

TEST(CommittedScenarios, EveryOneIsValid) {
  const auto scenarios = corpus_files(kScenarios);
  ASSERT_GE(scenarios.size(), 10u);  // the directory was found and read
  for (const auto& scenario : scenarios) {
    const auto r = run_cli("validate " + scenario);
    EXPECT_EQ(r.exit_code, 0) << scenario << ": " << r.err;
    EXPECT_NE(r.out.find(": valid"), std::string::npos) << scenario << ": " << r.out;
  }
}

}  // namespace
