// Runs one scenario from start to results, or checks that it could run.
#pragma once
#include "run/datasets.hpp"
#include "scenario/scenario.hpp"
#include "schemes/scheme.hpp"
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

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

// One scenario simulated as every run simulates it (run_scenario, and the tests of the schemes):
// the cluster of its scheme's layout, with a generated platform written to `work_dir`, the
// scheme's actors run on it, and what they did. A run that diverged ended when it diverged.
struct Simulation {
  std::unique_ptr<cluster::Cluster> cluster;  // its ledger and failures, for the results
  schemes::RunResult result;
};
Simulation simulate(const scenario::Scenario& scenario, const Datasets& datasets, const std::string& work_dir,
                    const RunListener& listener = {});

// Results go to `out_dir`, which is replaced only when the run has finished, and only if
// stragglesim wrote it (see output_dir.hpp; run::OutputError otherwise): a run that fails leaves
// no results behind (and no half-written directory). The data and the memory the run needs are
// checked first (run/check_data.hpp, run/memory_estimate.hpp). `command_line` is recorded with
// the results.
Outcome run_scenario(const scenario::Scenario& scenario, const std::string& out_dir, const RunListener& listener = {},
                     const std::string& command_line = "");

// `out_dir` resolved, once it is known that the scenario's results may go there (OutputError).
std::filesystem::path checked_output(const scenario::Scenario& scenario, const std::string& out_dir);

// Everything short of running: the platform loads and holds the roles, stragglers name hosts
// that exist, and the hosts and routes the roles use can carry the run (cluster::check_platform).
// Done in a child process, so that SimGrid failing on the platform is an error, not a crash.
// Throws cluster::PlatformError.
void check_platform(const scenario::Scenario& scenario);

std::string default_out_dir(const scenario::Scenario& scenario);  // results/<name>

}  // namespace ssim::run
