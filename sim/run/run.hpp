// Runs one scenario from start to results, or checks that it could run.
#pragma once
#include "scenario/scenario.hpp"
#include "schemes/scheme.hpp"
#include <functional>
#include <string>
#include <string_view>

namespace ssim::run {

struct Outcome {
  schemes::RunResult result;
  std::string text;  // the terminal summary
};

// What a run tells while it goes: each epoch's record, and the simulated clock as it advances.
struct RunListener {
  std::function<void(const schemes::EpochRecord&)> epoch_done;
  std::function<void(double simulated_time_s)> time_advanced;
};

// Results go to `out_dir`, which is replaced only when the run has finished: a run that fails
// leaves no results behind (and no half-written directory).
Outcome run_scenario(const scenario::Scenario& scenario, const std::string& out_dir, const RunListener& listener = {});

// Everything short of running: the platform loads and holds the roles, stragglers name hosts
// that exist, and the hosts and routes the roles use can carry the run (cluster::check_platform).
// Done in a child process, so that SimGrid failing on the platform is an error, not a crash.
// Throws cluster::PlatformError.
void check_platform(const scenario::Scenario& scenario);

std::string default_out_dir(const scenario::Scenario& scenario);  // results/<name>

// Where the process `pid` writes a run's results until they are complete: OUT_DIR.partial-PID.
std::string staging_dir(const std::string& out_dir, long pid);
inline constexpr std::string_view kStagingMarker = ".partial-";

}  // namespace ssim::run
