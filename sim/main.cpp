// Command line: wires the layers together; no logic of its own.
#include "cluster/cluster.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>

namespace {

constexpr int kBadInput = 2;     // the scenario or a file it names is wrong
constexpr int kRunFailed = 1;    // a valid scenario could not be run to its end

int validate(const std::string& path) {
  const auto scenario = ssim::scenario::load(path);
  ssim::run::check_platform(scenario);
  std::cout << path << ": valid (" << scenario.name << ")\n";
  return 0;
}

int run(const std::string& path, std::string out_dir, bool quiet) {
  const auto scenario = ssim::scenario::load(path);
  if (out_dir.empty()) out_dir = ssim::run::default_out_dir(scenario);
  const auto outcome = ssim::run::run_scenario(scenario, out_dir);
  if (!quiet) std::cout << outcome.text << "  results in " << out_dir << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"stragglesim: distributed machine learning on a simulated cluster, with real training"};
  app.require_subcommand(1);
  std::string scenario_path, out_dir;
  bool quiet = false;

  auto* run_command = app.add_subcommand("run", "Run a scenario and write its results");
  run_command->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  run_command->add_option("--out", out_dir, "Results directory (default: results/<scenario name>)");
  run_command->add_flag("--quiet,-q", quiet, "Print nothing on success");

  auto* validate_command = app.add_subcommand("validate", "Check a scenario without running it");
  validate_command->add_option("scenario", scenario_path, "Scenario YAML file")->required();

  CLI11_PARSE(app, argc, argv);
  try {
    if (*validate_command) return validate(scenario_path);
    return run(scenario_path, out_dir, quiet);
  } catch (const ssim::scenario::ScenarioError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kBadInput;
  } catch (const ssim::cluster::PlatformError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << scenario_path << ": run failed, no results written: " << e.what() << "\n";
    return kRunFailed;
  }
}
