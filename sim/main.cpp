// Command line: wires the layers together; no logic of its own.
#include "cluster/cluster.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <vector>

namespace {

constexpr int kBadInput = 2;     // the scenario or a file it names is wrong
constexpr int kRunFailed = 1;    // a valid scenario could not be run to its end

std::vector<ssim::scenario::Override> overrides(const std::vector<std::string>& texts) {
  std::vector<ssim::scenario::Override> parsed;
  for (const auto& text : texts) parsed.push_back(ssim::scenario::parse_override(text));
  return parsed;
}

int validate(const std::string& path, const std::vector<std::string>& sets) {
  const auto scenario = ssim::scenario::load(path, overrides(sets));
  ssim::run::check_platform(scenario);
  std::cout << path << ": valid (" << scenario.name << ")\n";
  return 0;
}

int run(const std::string& path, const std::vector<std::string>& sets, std::string out_dir, bool quiet) {
  const auto scenario = ssim::scenario::load(path, overrides(sets));
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
  std::vector<std::string> sets;
  bool quiet = false;
  const std::string set_help = "Change one scenario value, as KEY=VALUE with a dotted key (scheme.workers=8); repeatable";

  auto* run_command = app.add_subcommand("run", "Run a scenario and write its results");
  run_command->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  run_command->add_option("--out", out_dir, "Results directory (default: results/<scenario name>)");
  run_command->add_option("--set", sets, set_help);
  run_command->add_flag("--quiet,-q", quiet, "Print nothing on success");

  auto* validate_command = app.add_subcommand("validate", "Check a scenario without running it");
  validate_command->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  validate_command->add_option("--set", sets, set_help);

  CLI11_PARSE(app, argc, argv);
  try {
    if (*validate_command) return validate(scenario_path, sets);
    return run(scenario_path, sets, out_dir, quiet);
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
