// Command line: wires the layers together; no logic of its own.
#include "cluster/cluster.hpp"
#include "report/compare.hpp"
#include "report/describe.hpp"
#include "report/progress.hpp"
#include "report/run_progress.hpp"
#include "report/scheme_listing.hpp"
#include "run/output_dir.hpp"
#include "run/check_data.hpp"
#include "run/provenance.hpp"
#include "run/memory_estimate.hpp"
#include "run/run.hpp"
#include "run/supervise.hpp"
#include "scenario/load.hpp"
#include "scenario/scheme_catalog.hpp"
#include "sweep/plan.hpp"
#include "sweep/plots.hpp"
#include "sweep/runner.hpp"
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <algorithm>
#include <functional>
#include <iostream>
#include <unistd.h>
#include <vector>

namespace {

constexpr int kBadInput = 2;       // the scenario or a file it names is wrong
constexpr int kRunFailed = 1;      // a valid scenario could not be run to its end (or a sweep point)

// The schemes a scenario can name, each with what it does, after the commands in --help.
std::string scheme_list() {
  std::string text = "Schemes (scheme.name):";
  for (const auto& scheme : ssim::scenario::scheme_catalog())
    text += fmt::format("\n  {:<18}{}", scheme.name, scheme.description);
  return text;
}

std::vector<ssim::scenario::Override> overrides(const std::vector<std::string>& texts) {
  std::vector<ssim::scenario::Override> parsed;
  for (const auto& text : texts) parsed.push_back(ssim::scenario::parse_override(text));
  return parsed;
}

int cores() { return std::max(1, static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN))); }

int validate(const std::string& path, const std::vector<std::string>& sets, int jobs) {
  const auto scenario = ssim::scenario::load(path, overrides(sets));
  if (scenario.sweep) {
    const auto plan = ssim::sweep::plan_sweep(scenario, overrides(sets), jobs);
    std::cout << path << ": valid sweep of " << plan.points.size() << " points (" << scenario.name << ")\n";
    return 0;
  }
  ssim::run::check_memory(scenario, ssim::run::check_data(scenario));
  ssim::run::check_platform(scenario);
  std::cout << path << ": valid (" << scenario.name << ")\n";
  return 0;
}

// The model layer by layer; loads and checks the scenario, but no data and no simulation.
int describe(const std::string& path, const std::vector<std::string>& sets, bool json) {
  const auto scenario = ssim::scenario::load(path, overrides(sets));
  std::vector<ssim::report::NamedDescription> parts;
  if (scenario.model.partitioned) {  // its node, then its decoder
    const auto descriptions = ssim::report::describe_partitioned_model(scenario);
    parts = {{"node", descriptions[0]}, {"decoder", descriptions[1]}};
  }
  if (scenario.model.coded) parts = ssim::report::describe_coded_model(scenario);
  if (!parts.empty()) {
    nlohmann::json all = nlohmann::json::object();
    for (std::size_t i = 0; i < parts.size(); ++i) {
      all[parts[i].key] = ssim::report::to_json(parts[i].description);
      if (!json) std::cout << (i > 0 ? "\n" : "") << ssim::report::to_text(parts[i].description);
    }
    if (json) std::cout << all.dump(2) << "\n";
    return 0;
  }
  const auto description = ssim::report::describe_model(scenario);
  if (json) std::cout << ssim::report::to_json(description).dump(2) << "\n";
  else std::cout << ssim::report::to_text(description);
  return 0;
}

// The run's progress on `display`: its epochs if it trains, else its simulated time.
ssim::run::RunListener run_progress(ssim::report::ProgressDisplay& display, const ssim::scenario::Scenario& scenario) {
  const bool trains = ssim::schemes::find_scheme(scenario.scheme.name).parts(scenario).training;
  auto progress = std::make_shared<ssim::report::RunProgress>(display, trains ? scenario.scheme.epochs : 0);
  return {[progress](const ssim::schemes::EpochRecord& record) { progress->epoch_done(record); },
          [progress](double now_s) { progress->time_advanced(now_s); }};
}

// Errors as exit codes, with the message on standard error.
int reporting_errors(const std::string& scenario_path, const std::function<int()>& command) {
  try {
    return command();
  } catch (const ssim::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "error: " << scenario_path << ": run failed, no results written: " << e.what() << "\n";
    return kRunFailed;
  }
}

// The simulation runs in a child process, so that a signal or a crash never leaves a
// half-written results directory behind.
int run(const std::string& path, const std::vector<std::string>& sets, std::string out_dir, bool quiet,
        const std::string& command_line) {
  const auto scenario = ssim::scenario::load(path, overrides(sets));
  if (scenario.sweep && !quiet)
    std::cerr << "note: " << path << " has a sweep section; 'run' runs its values as written, 'sweep' runs every point\n";
  if (out_dir.empty()) out_dir = ssim::run::default_out_dir(scenario);
  const auto target = ssim::run::checked_output(scenario, out_dir);
  auto job = [&] {
    return reporting_errors(path, [&] {
      ssim::run::Outcome outcome;
      {
        ssim::report::ProgressDisplay display(ssim::report::ProgressDisplay::mode_for_stderr(quiet), std::cerr);
        outcome = ssim::run::run_scenario(scenario, out_dir, run_progress(display, scenario), command_line);
      }
      if (!quiet) std::cout << outcome.text << "  results in " << out_dir << "\n";
      return 0;
    });
  };
  return ssim::run::run_supervised(job, target, path);
}

int sweep(const std::string& path, const std::vector<std::string>& sets, const std::string& out_dir,
          const std::string& shard, int jobs, const std::string& point_timeout, bool quiet, bool plots) {
  ssim::sweep::SweepOptions options;
  options.scenario_path = path;
  options.overrides = overrides(sets);
  options.out_dir = out_dir;
  options.quiet = quiet;
  options.plots = plots;
  if (!point_timeout.empty()) options.point_timeout_s = ssim::sweep::parse_point_timeout(point_timeout);
  if (!shard.empty()) {
    options.shard = ssim::sweep::parse_shard(shard);
  } else if (auto rank = ssim::sweep::launcher_shard()) {
    options.shard = rank;
    options.from_launcher = true;
  }
  options.jobs = jobs > 0 ? jobs : std::max(1, cores() / (options.from_launcher ? ssim::sweep::ranks_on_this_machine() : 1));
  const auto outcome = ssim::sweep::run_sweep(options);
  switch (outcome.end) {
    case ssim::sweep::SweepEnd::done: return 0;
    case ssim::sweep::SweepEnd::points_failed: return kRunFailed;
    case ssim::sweep::SweepEnd::interrupted: return 128 + outcome.signal;  // as a shell reports the signal
  }
  return kRunFailed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"stragglesim: distributed machine learning on a simulated cluster, with real training"};
  app.require_subcommand(1);
  app.footer(scheme_list());
  app.set_version_flag("--version", std::string("stragglesim ") + ssim::run::version());
  std::string scenario_path, out_dir, shard, results_dir, point_timeout;
  std::vector<std::string> sets, compared;
  bool quiet = false, no_plots = false, json = false, trace = false;
  int jobs = 0;
  const std::string set_help = "Change one scenario value, as KEY=VALUE with a dotted key (scheme.workers=8); repeatable";
  const std::string jobs_help = "Processes at once (default: one per core)";

  auto* run_command = app.add_subcommand("run", "Run a scenario and write its results");
  run_command->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  run_command->add_option("--out", out_dir, "Results directory (default: results/<scenario name>)");
  run_command->add_option("--set", sets, set_help);
  run_command->add_flag("--quiet,-q", quiet, "Print nothing on success, and no progress");
  run_command->add_flag("--trace", trace, "Write trace.json (Perfetto, chrome://tracing) and messages.csv: --set trace=true");

  auto* sweep_command = app.add_subcommand("sweep", "Run every point of a scenario's sweep section");
  sweep_command->add_option("scenario", scenario_path, "Scenario YAML file with a sweep section")->required();
  sweep_command->add_option("--out", out_dir, "Results directory (default: results/<scenario name>)");
  sweep_command->add_option("--set", sets, set_help + ", applied under every point");
  sweep_command->add_option("-j,--jobs", jobs, jobs_help)->check(CLI::PositiveNumber);
  sweep_command->add_option("--point-timeout", point_timeout,
                            "Fail a point still running after SECONDS of wall-clock time (default: no limit)");
  sweep_command->add_option("--shard", shard, "Run share I of N (0 <= I < N) of the points, for N machines");
  sweep_command->add_flag("--quiet,-q", quiet, "Print nothing but errors, and no progress");
  sweep_command->add_flag("--no-plots", no_plots, "Do not draw the plots at the end");
  sweep_command->add_flag("--trace", trace, "Trace every point (trace.json, messages.csv): --set trace=true");

  auto* validate_command = app.add_subcommand("validate", "Check a scenario (every point of a sweep) without running it");
  validate_command->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  validate_command->add_option("--set", sets, set_help);
  validate_command->add_option("-j,--jobs", jobs, jobs_help)->check(CLI::PositiveNumber);

  auto* describe_command = app.add_subcommand(
      "describe", "Print a scenario's model layer by layer: output shapes, parameters and forward flops per sample");
  describe_command->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  describe_command->add_option("--set", sets, set_help);
  describe_command->add_flag("--json", json, "Print it as JSON");

  auto* compare_command = app.add_subcommand(
      "compare", "Set runs' results side by side, with the scenario keys that differ between them");
  compare_command->add_option("runs", compared, "Results directories of two runs or more")->required()->expected(2, -1);

  auto* schemes_command =
      app.add_subcommand("schemes", "List the schemes: what each does and needs, and the keys of its scheme section");

  auto* plot_command = app.add_subcommand("plot", "Draw the plots of a run's or a sweep's results (python3-matplotlib)");
  plot_command->add_option("results", results_dir, "A run's results directory, or a sweep's (holding sweep.csv)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A word where a command belongs: name it, which CLI11 does not.
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::cerr << "error: " << argv[1] << " is not a command; the commands are";
      for (const auto* command : app.get_subcommands({})) std::cerr << ' ' << command->get_name();
      std::cerr << "\nRun with --help for more information.\n";
      return kBadInput;
    }
    // CLI11 prints the help (exit 0) or the mistake; a mistake on the command line is bad input.
    return app.exit(e) == 0 ? 0 : kBadInput;
  }
  if (trace) sets.emplace_back("trace=true");
  std::string command_line = "stragglesim";
  for (int i = 1; i < argc; ++i) command_line += std::string(" ") + argv[i];
  return reporting_errors(scenario_path, [&] {
    if (*compare_command) {
      std::cout << ssim::report::compare_runs(compared);
      return 0;
    }
    if (*schemes_command) {
      std::cout << ssim::report::scheme_listing();
      return 0;
    }
    if (*plot_command) return ssim::sweep::draw_plots(results_dir, false);
    if (*describe_command) return describe(scenario_path, sets, json);
    if (*validate_command) return validate(scenario_path, sets, jobs > 0 ? jobs : cores());
    if (*sweep_command) return sweep(scenario_path, sets, out_dir, shard, jobs, point_timeout, quiet, !no_plots);
    return run(scenario_path, sets, out_dir, quiet, command_line);
  });
}
