// Work done in child processes, several at once: SimGrid allows one simulation per process, and
// work that crashes (a sweep's point, SimGrid on a platform it cannot take) must not take this
// process with it.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <sys/types.h>

namespace ssim::run {

class Children {
 public:
  // From here on, SIGCHLD, SIGINT, SIGTERM and SIGHUP are taken by wait() rather than by handlers.
  Children();
  // Stops any child still running.
  ~Children();
  Children(const Children&) = delete;
  Children& operator=(const Children&) = delete;

  // Runs `work` in a new process, leader of a process group of its own, with standard output and
  // error going to `log_path`; the process exits with what `work` returns, and is killed if this
  // one dies.
  pid_t start(const std::function<int()>& work, const std::string& log_path);

  struct Ended {
    pid_t pid;
    int exit_code;     // when it exited
    int signal;        // when a signal killed it (0 otherwise)
  };
  // The next child to end, or nothing if none ended within `timeout` (or none is running).
  std::optional<Ended> wait(std::chrono::milliseconds timeout);

  int running() const { return static_cast<int>(pids_.size()); }
  // Set once SIGINT, SIGTERM or SIGHUP has reached this process.
  bool interrupted() const { return interrupted_; }
  // Sends SIGKILL to a child's process group (whatever it started goes too); wait() reports it.
  void kill(pid_t pid);
  // Sends SIGTERM to every running child's process group and waits for them all.
  void stop_all();

 private:
  std::optional<Ended> reap();

  sigset_t taken_{};
  sigset_t previous_mask_{};
  std::set<pid_t> pids_;
  bool interrupted_ = false;
};

// What a child said last in its log as "error: WHAT" (the way an exception it let out is
// written), or nothing.
std::string child_error(const std::string& log_path);

}  // namespace ssim::run
