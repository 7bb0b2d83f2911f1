// Runs a scenario's scheme in a child process (SimGrid allows one simulation per process), so one
// test can compare several runs; it is simulated as every run is (run::simulate). The child returns
// what the tests look at, as JSON.
#pragma once
#include "cluster/ledger.hpp"
#include "scenario/scenario.hpp"
#include "schemes/scheme.hpp"
#include "nn/tensor.hpp"
#include <nlohmann/json.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ssim::testing {

// What one host did, from the run's ledger.
struct HostTraffic {
  double bytes_out = 0, bytes_in = 0;
  long messages_out = 0, messages_in = 0;
};

struct IsolatedRun {
  double simulated_time_s = 0;
  double predicted_time_s = 0;
  long steps = 0;
  bool training_completed = false;
  std::optional<double> final_test_accuracy;  // none in timing mode
  std::vector<float> parameters;
  std::vector<std::string> failed_hosts;
  std::vector<double> failure_times;
  long stale_messages = 0;
  long timed_out_rounds = 0;
  std::vector<std::optional<double>> epoch_accuracies;
  std::vector<HostTraffic> hosts;   // in role order: the server (if any) first
  nlohmann::json counters;          // the scheme's own counters, as in summary.json
  double ratio() const { return simulated_time_s / predicted_time_s; }
};

IsolatedRun run_isolated(const scenario::Scenario& scenario);

// Runs the scenario as `stragglesim run` does (run::run_scenario), in a child process, its results
// written into `dir`. Throws when the run fails.
void run_into(const scenario::Scenario& scenario, const std::filesystem::path& dir);

// A run in this process, which then holds its one SimGrid engine (one such run per test): its
// result and every host's record, in role order (the server or frontend first).
struct InProcessRun {
  schemes::RunResult result;
  std::vector<cluster::HostRecord> hosts;
};
InProcessRun run_in_process(const scenario::Scenario& scenario);

// A small, fast scenario on synthetic data; `overrides` is YAML merged over the defaults section by
// section (e.g. "scheme: {name: ps_sync, workers: 2, epochs: 1}").
scenario::Scenario small_scenario(const std::string& overrides);

}  // namespace ssim::testing
