#include "sweep/plots.hpp"
#include "run/output_dir.hpp"
#include "run/plots_dir.hpp"
#include <fcntl.h>
#include <fmt/format.h>
#include <filesystem>
#include <iostream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace ssim::sweep {

namespace {

// Runs `script` on `results_dir` with Debian's python3; its exit code, 127 if python3 cannot be
// started, 1 if it died.
int run_script(const std::string& script, const std::string& results_dir, bool quiet) {
  // Debian's matplotlib belongs to Debian's python3, which a user's PATH may put second.
  const std::string python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
  std::vector<char*> argv = {const_cast<char*>(python.c_str()), const_cast<char*>(script.c_str()),
                             const_cast<char*>(results_dir.c_str()), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  std::cout.flush();  // what was said before comes before the script's lines
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) return 127;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) return 1;
  return WEXITSTATUS(status);
}

}  // namespace

int draw_plots(const std::string& results_dir, bool quiet) {
  namespace fs = std::filesystem;
  const fs::path dir(results_dir);
  std::error_code error;
  const bool run = fs::exists(dir / "summary.json", error);
  std::string problem;
  if (results_dir.empty())
    problem = "no results directory given";
  else if (!fs::is_directory(dir, error))
    problem = results_dir + ": no such directory";
  else if (!run && !fs::exists(dir / "sweep.csv", error))
    problem = fmt::format("{}: neither a run's results nor a sweep's: no {} nor {}", results_dir,
                          (dir / "summary.json").string(), (dir / "sweep.csv").string());
  if (!problem.empty()) {
    std::cerr << "error: " << problem << "\n";
    return 2;
  }
  bool made = false;
  try {
    run::check_plots_dir(dir);
    made = run::make_plots_dir(dir);
  } catch (const run::OutputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  const int code = run_script(run ? STRAGGLESIM_RUN_PLOT_SCRIPT : STRAGGLESIM_PLOT_SCRIPT, results_dir, quiet);
  try {
    run::record_plots(dir, made);  // what the script drew, even if it stopped half way
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return code != 0 ? code : 2;
  }
  return code;
}

}  // namespace ssim::sweep
