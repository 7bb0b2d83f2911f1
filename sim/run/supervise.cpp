#include "run/supervise.hpp"
#include "run/output_dir.hpp"
#include <csignal>
#include <cstring>
#include <fmt/format.h>
#include <iostream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ssim::run {

namespace {

void remove_staging(const std::filesystem::path& target, pid_t child) {
  const auto staging = staging_path(target, child);
  std::error_code ignored;
  if (is_stragglesim_output(staging)) std::filesystem::remove_all(staging, ignored);
}

}  // namespace

int run_supervised(const std::function<int()>& job, const std::filesystem::path& target, const std::string& what) {
  sigset_t taken, previous;
  sigemptyset(&taken);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&taken, s);
  sigprocmask(SIG_BLOCK, &taken, &previous);
  std::cout.flush();
  std::cerr.flush();
  const pid_t parent = getpid();
  const pid_t child = fork();
  if (child < 0) {
    sigprocmask(SIG_SETMASK, &previous, nullptr);
    throw std::runtime_error(std::string("cannot start the run: fork: ") + std::strerror(errno));
  }
  if (child == 0) {
    sigprocmask(SIG_SETMASK, &previous, nullptr);
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the supervisor
    if (getppid() != parent) _exit(1);
    const int code = job();
    std::cout.flush();
    std::cerr.flush();
    _exit(code);  // SimGrid's engine is not meant to be torn down at exit
  }
  int status = 0, interrupted_by = 0;
  while (true) {
    siginfo_t info;
    const int signal = sigwaitinfo(&taken, &info);
    if (signal < 0) continue;  // EINTR
    if (signal != SIGCHLD) {
      interrupted_by = signal;
      kill(child, SIGKILL);
    }
    const pid_t ended = waitpid(child, &status, interrupted_by ? 0 : WNOHANG);
    if (ended == child) break;
  }
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  if (interrupted_by) {
    remove_staging(target, child);
    std::cerr << fmt::format("\n{}: stopped by {}; no results written\n", what, strsignal(interrupted_by));
    return 128 + interrupted_by;
  }
  if (WIFSIGNALED(status)) {
    remove_staging(target, child);
    const int signal = WTERMSIG(status);
    if (signal == SIGINT || signal == SIGTERM || signal == SIGHUP) {  // sent to the child as well, as Ctrl-C does
      std::cerr << fmt::format("\n{}: stopped by {}; no results written\n", what, strsignal(signal));
      return 128 + signal;
    }
    std::cerr << fmt::format("error: {}: the run crashed ({}, signal {}); no results written\n", what,
                             strsignal(signal), signal);
    return 1;
  }
  return WEXITSTATUS(status);
}

}  // namespace ssim::run
