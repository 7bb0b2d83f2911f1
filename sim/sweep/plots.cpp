#include "sweep/plots.hpp"
#include <fcntl.h>
#include <iostream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace ssim::sweep {

int draw_plots(const std::string& results_dir, bool quiet) {
  // Debian's matplotlib belongs to Debian's python3, which a user's PATH may put second.
  const std::string python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
  const bool run = access((results_dir + "/summary.json").c_str(), F_OK) == 0;
  const std::string script = run ? STRAGGLESIM_RUN_PLOT_SCRIPT : STRAGGLESIM_PLOT_SCRIPT;
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

}  // namespace ssim::sweep
