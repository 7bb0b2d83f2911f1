// Runs the stragglesim executable as a user would and captures what it says.
#pragma once
#include <string>

namespace ssim::testing {

struct CliResult {
  int exit_code;
  std::string out, err;
};

CliResult run_cli(const std::string& arguments);
CliResult run_cli_in(const std::string& working_dir, const std::string& arguments);
std::string read_file(const std::string& path);
std::string temp_path(const std::string& name);  // unique per test, removed first

}  // namespace ssim::testing
