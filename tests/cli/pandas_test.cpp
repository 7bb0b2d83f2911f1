// The CSVs a run and a sweep write load with pandas.read_csv and no options (python3-pandas, from
// Debian): every row and column, numbers as numbers (tests/cli/load_csvs_with_pandas.py), names
// holding commas and quotes too.
#include "cli.hpp"
#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>

using namespace ssim::testing;

namespace {

const std::string kTests = STRAGGLESIM_TEST_DIR;

TEST(Pandas, ReadsEveryCsvOfARunAndASweepWithoutOptions) {
  const std::string sweep = temp_path("sweep"), serving = temp_path("serving"), odd = temp_path("odd");
  ASSERT_EQ(run_cli("sweep " + kTests + "/cli/fixtures/small_sweep.yaml -q -j 2 --out " + sweep).exit_code, 0);
  ASSERT_EQ(run_cli("run " + kTests + "/../scenarios/examples/infer_parity.yaml -q --out " + serving).exit_code, 0);
  ASSERT_EQ(run_cli("run " + kTests + "/cli/fixtures/odd_names.yaml -q --out " + odd).exit_code, 0);
  const std::string out = temp_path("stdout");
  // Debian's pandas belongs to Debian's python3, which a user's PATH may put second.
  const int status = std::system(("/usr/bin/python3 " + kTests + "/cli/load_csvs_with_pandas.py " + sweep + " " +
                                  serving + " " + odd + " >" + out + " 2>&1")
                                     .c_str());
  const std::string said = read_file(out);
  ASSERT_TRUE(WIFEXITED(status)) << said;
  EXPECT_EQ(WEXITSTATUS(status), 0) << said;
  // sweep.csv, each point's epochs, hosts and links, the plots' tables; the serving run's five;
  // the epochs, hosts, links and messages of a run on hosts and links named with commas and quotes.
  EXPECT_GE(std::stoi(said), 29) << said;
}

}  // namespace
