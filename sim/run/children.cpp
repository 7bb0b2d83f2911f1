#include "run/children.hpp"
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ssim::run {
namespace {

// To the process group when the child has made it, else to the child alone.
void signal_group(pid_t pid, int signal) {
  if (::kill(-pid, signal) != 0) ::kill(pid, signal);
}

}  // namespace

Children::Children() {
  sigemptyset(&taken_);
  sigaddset(&taken_, SIGCHLD);
  sigaddset(&taken_, SIGINT);
  sigaddset(&taken_, SIGTERM);
  sigaddset(&taken_, SIGHUP);  // a closed terminal: stop as for Ctrl-C, so no point's staging is left behind
  sigprocmask(SIG_BLOCK, &taken_, &previous_mask_);
}

Children::~Children() {
  stop_all();
  sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
}

pid_t Children::start(const std::function<int()>& work, const std::string& log_path) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("cannot start a process: ") + strerror(errno));
  if (pid > 0) {
    setpgid(pid, pid);  // also in the child: whichever runs first, the group exists before it is signalled
    pids_.insert(pid);
    return pid;
  }
  setpgid(0, 0);
  // The child: die with the parent, so that a killed sweep leaves nothing running behind it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
  sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
  const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log >= 0) {
    dup2(log, STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    close(log);
  }
  int code = 1;
  try {
    code = work();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  _exit(code);
}

std::optional<Children::Ended> Children::reap() {
  int status = 0;
  const pid_t pid = waitpid(-1, &status, WNOHANG);
  if (pid <= 0) return std::nullopt;
  pids_.erase(pid);
  if (WIFSIGNALED(status)) return Ended{pid, -1, WTERMSIG(status)};
  return Ended{pid, WEXITSTATUS(status), 0};
}

std::optional<Children::Ended> Children::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (auto ended = reap()) return ended;
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds(0)) return std::nullopt;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    const timespec wait_for{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
    const int signal = sigtimedwait(&taken_, nullptr, &wait_for);
    if (signal == SIGINT || signal == SIGTERM || signal == SIGHUP) interrupting_signal_ = signal;
    if (interrupted() && signal != SIGCHLD && signal > 0) return std::nullopt;
  }
}

void Children::kill(pid_t pid) {
  if (pids_.count(pid)) signal_group(pid, SIGKILL);
}

void Children::stop_all() {
  for (const pid_t pid : pids_) signal_group(pid, SIGTERM);
  for (const pid_t pid : pids_) waitpid(pid, nullptr, 0);
  pids_.clear();
}

std::string child_error(const std::string& log_path) {
  std::ifstream log(log_path);
  std::string line, error;
  while (std::getline(log, line))
    if (line.starts_with("error: ")) error = line.substr(7);
  return error;
}

}  // namespace ssim::run
