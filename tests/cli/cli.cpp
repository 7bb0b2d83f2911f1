#include "cli.hpp"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ssim::testing {

namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_path(const std::string& name) {
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::replace(test.begin(), test.end(), '/', '_');  // a parameterized test's name is NAME/PARAMETER
  const auto path = fs::temp_directory_path() / ("ssim-cli-" + std::to_string(getpid()) + "-" + test + "-" + name);
  fs::remove_all(path);
  return path.string();
}

CliResult run_cli(const std::string& arguments) { return run_cli_in(".", arguments); }

CliResult run_cli_in(const std::string& working_dir, const std::string& arguments) {
  const std::string out = temp_path("stdout"), err = temp_path("stderr");
  const std::string command =
      "cd '" + working_dir + "' && " + std::string(STRAGGLESIM_BINARY) + " " + arguments + " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

}  // namespace ssim::testing
