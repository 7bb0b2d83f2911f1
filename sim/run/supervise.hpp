// Runs a job in a child process and stands by, so that whatever happens to the job (a signal, a
// crash inside SimGrid) the user gets a clear message, a meaningful exit code and no leftovers.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

namespace ssim::run {

// Runs `job` in a child process and returns its exit code. If SIGINT, SIGTERM or SIGHUP reaches
// this process, the child is stopped and 128 + the signal is returned; if the child dies by a
// signal, that is reported on standard error as `what` crashing and 1 is returned. Either way,
// the staging directory the child had made for `target` is removed.
int run_supervised(const std::function<int()>& job, const std::filesystem::path& target, const std::string& what);

}  // namespace ssim::run
