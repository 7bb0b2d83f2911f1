#include "run/run.hpp"
#include "report/trace_files.hpp"
#include "report/results.hpp"
#include "run/datasets.hpp"
#include "run/output_dir.hpp"
#include "run/provenance.hpp"
#include "run/check_data.hpp"
#include "run/memory_estimate.hpp"
#include "run/platform_probe.hpp"
#include "schemes/epoch_log.hpp"
#include "common/scope_exit.hpp"
#include <chrono>
#include <simgrid/s4u/Engine.hpp>

namespace ssim::run {

namespace fs = std::filesystem;

namespace {

// The files a run reads, which its results directory must never hold.
std::vector<std::string> inputs_of(const scenario::Scenario& scenario) {
  std::vector<std::string> inputs{scenario.source, scenario.data.path};
  if (scenario.platform.topology == scenario::Platform::Topology::file) inputs.push_back(scenario.platform.file);
  return inputs;
}

}  // namespace

std::string default_out_dir(const scenario::Scenario& scenario) { return "results/" + scenario.name; }

fs::path checked_output(const scenario::Scenario& scenario, const std::string& out_dir) {
  const fs::path target = resolve_output(out_dir);
  check_output_target(target, inputs_of(scenario));
  return target;
}

Outcome run_scenario(const scenario::Scenario& scenario, const std::string& out_dir, const RunListener& listener,
                     const std::string& command_line) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path target = checked_output(scenario, out_dir);
  check_platform(scenario);
  const auto datasets = check_data(scenario);
  check_memory(scenario, datasets);
  StagingDirectory staging(target);
  auto simulation = simulate(scenario, datasets, staging.path().string(), listener);
  Outcome outcome{std::move(simulation.result), {}};
  report::write_results(staging.path().string(), scenario, outcome.result, *simulation.cluster);
  if (const auto* trace = simulation.cluster->trace())
    report::write_trace(staging.path().string(), *trace, *simulation.cluster, outcome.result);
  outcome.text =
      report::text_summary(report::summary_json(scenario, outcome.result, *simulation.cluster), outcome.result);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
  write_provenance(staging.path(), scenario, {command_line, wall.count()});
  staging.commit();
  return outcome;
}

Simulation simulate(const scenario::Scenario& scenario, const Datasets& datasets, const std::string& work_dir,
                    const RunListener& listener) {
  const auto& scheme = schemes::find_scheme(scenario.scheme.name);
  const auto layout = scheme.layout(scenario);
  Simulation simulation{std::make_unique<cluster::Cluster>(scenario, layout, work_dir), {}};
  schemes::set_epoch_listener(listener.epoch_done);
  const ScopeExit forget([] { schemes::set_epoch_listener({}); });
  if (listener.time_advanced)
    simgrid::s4u::Engine::on_time_advance_cb([&](double) { listener.time_advanced(simgrid::s4u::Engine::get_clock()); });
  auto& result = simulation.result;
  result = scheme.run({scenario, datasets.train, datasets.test, layout, datasets.sizes().train}, *simulation.cluster);
  if (const auto& diverged = simulation.cluster->divergence()) {  // it ended there
    result.simulated_time_s = diverged->time_s;
    if (result.training) result.training->simulated_time_s = diverged->time_s;
  }
  return simulation;
}

void check_platform(const scenario::Scenario& scenario) {
  probe_platform(scenario, schemes::find_scheme(scenario.scheme.name).layout(scenario));
}

}  // namespace ssim::run
