#include "sweep/plan.hpp"
#include "common/fnv1a.hpp"
#include "run/run.hpp"
#include "scenario/canonical.hpp"
#include "scenario/choices.hpp"
#include "scenario/fields.hpp"
#include "run/check_data.hpp"
#include "run/children.hpp"
#include "run/memory_estimate.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>

namespace ssim::sweep {
namespace fs = std::filesystem;
using run::Children;
using run::child_error;
namespace {

constexpr std::size_t kLongestName = 200;

std::string topology_name(const scenario::Platform& platform) {
  if (platform.topology == scenario::Platform::Topology::file) return fs::path(platform.file).filename().string();
  return std::string(scenario::name_of(platform.topology, scenario::kTopologies));
}

// Everything the platform check reads: points that agree on it pass or fail it together.
std::string platform_fingerprint(const scenario::Scenario& s) {
  const cluster::RoleLayout layout = schemes::find_scheme(s.scheme.name).layout(s);
  std::string text = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{:016x}", static_cast<int>(s.platform.topology),
                                 s.platform.hosts, s.platform.host_speed, s.platform.bandwidth, s.platform.latency,
                                 s.platform.file, static_cast<int>(s.network_model), layout.first_worker,
                                 layout.workers, fnv1a(fmt::format("{}", fmt::join(layout.roles, "|"))));
  for (const auto& role : s.platform.roles) text += "|r" + role;
  for (const auto& straggler : s.stragglers)
    text += fmt::format("|s{}:{}:{}", static_cast<int>(straggler.kind), straggler.worker.value_or(-1),
                        straggler.host.value_or(""));
  return text;
}

// "point 3 (a=1 seed=2)", or "points 3 (…), 7 (…) and 5 more"
std::string name_points(const std::vector<std::string>& points) {
  constexpr std::size_t kNamed = 3;
  std::string text = points.size() == 1 ? "point " : "points ";
  for (std::size_t i = 0; i < std::min(points.size(), kNamed); ++i) text += (i ? ", " : "") + points[i];
  if (points.size() > kNamed) text += fmt::format(" and {} more", points.size() - kNamed);
  return text;
}

// Loads each platform as a run would and returns the errors, by fingerprint. SimGrid loads one
// platform per process, so each is checked in a child, `jobs` at once.
std::map<std::string, std::string> failed_platform_checks(const std::map<std::string, scenario::Scenario>& platforms,
                                                          int jobs) {
  const fs::path logs = fs::temp_directory_path() / fmt::format("stragglesim-check-{}", getpid());
  fs::create_directories(logs);
  std::map<std::string, std::string> failed;
  std::map<pid_t, std::pair<std::string, std::string>> checking;  // pid -> fingerprint, log
  Children children;
  auto finish_one = [&] {
    std::optional<Children::Ended> ended;
    while (!ended && !children.interrupted()) ended = children.wait(std::chrono::seconds(1));
    if (!ended) return;
    const auto& [fingerprint, log] = checking.at(ended->pid);
    if (ended->exit_code != 0) {
      const std::string error = child_error(log);
      failed.emplace(fingerprint, error.empty() ? "the platform check failed" : error);
    }
    checking.erase(ended->pid);
  };
  std::size_t started = 0;
  for (const auto& [fingerprint, scenario] : platforms) {
    while (children.running() >= jobs && !children.interrupted()) finish_one();
    if (children.interrupted()) break;
    const std::string log = (logs / fmt::format("check-{}.log", started++)).string();
    const scenario::Scenario& checked = scenario;
    const pid_t pid = children.start(
        [&] {
          run::check_platform(checked);
          return 0;
        },
        log);
    checking.emplace(pid, std::pair{fingerprint, log});
  }
  while (children.running() > 0 && !children.interrupted()) finish_one();
  children.stop_all();
  fs::remove_all(logs);
  if (children.interrupted()) throw SweepError("interrupted while checking the sweep's platforms");
  return failed;
}

// The data and memory checks a run makes first, on every point; each data set is loaded once, and
// only one is held at a time.
template <class Report>
void check_data_of_points(const scenario::Sweep& sweep, const std::vector<PlannedPoint>& points, Report&& report) {
  std::map<std::string, std::vector<const PlannedPoint*>> by_data;
  for (const auto& planned : points) by_data[run::data_key(planned.scenario)].push_back(&planned);
  for (const auto& [key, sharing] : by_data) {
    std::optional<run::Datasets> datasets;
    for (const PlannedPoint* planned : sharing) {
      const std::string described =
          fmt::format("{} ({})", planned->point.index, scenario::describe_point(sweep, planned->point));
      try {
        if (!datasets) datasets = run::check_data(planned->scenario);
        else run::check_data_fits(planned->scenario, *datasets);
        run::check_memory(planned->scenario, *datasets);
      } catch (const scenario::ScenarioError& error) {
        report(error.what(), described);
      }
    }
  }
}

}  // namespace

std::string run_dir_name(const scenario::Sweep& sweep, const scenario::SweepPoint& point) {
  std::string name;
  for (std::size_t a = 0; a < sweep.axes.size(); ++a)
    name += fmt::format("{}={}+", sweep.axes[a].path, sweep.axes[a].values[point.choice[a]]);
  name += fmt::format("seed={}", point.seed);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '=' && c != '+' && c != '-' && c != '_') c = '_';
  // Hashed the same on every machine, so that run directories are too.
  if (name.size() > kLongestName) name = fmt::format("{}-{:016x}", name.substr(0, kLongestName), fnv1a(name));
  return name;
}

SweepPlan plan_sweep(const scenario::Scenario& base, const std::vector<scenario::Override>& overrides, int jobs) {
  const std::string& path = base.source;
  SweepPlan plan{overrides, base, {}, {.training = false, .serving = false}};
  if (!plan.base.sweep)
    throw scenario::ScenarioError(fmt::format("{}: has no sweep section to run (use 'run' for a single scenario)", path));
  const scenario::Sweep& sweep = *plan.base.sweep;

  std::map<std::string, std::vector<std::string>> problems;  // message -> the points it affects, in order
  std::vector<std::string> order;
  auto report = [&](const std::string& message, const std::string& point) {
    if (!problems.count(message)) order.push_back(message);
    problems[message].push_back(point);
  };
  std::map<std::string, scenario::Scenario> platforms;  // by fingerprint: the first point's
  std::map<std::string, std::vector<std::string>> platform_points;
  std::map<std::string, std::string> run_dirs;
  const auto points = scenario::sweep_points(sweep);
  for (const auto& point : points) {
    const std::string described = fmt::format("{} ({})", point.index, scenario::describe_point(sweep, point));
    const std::string dir = run_dir_name(sweep, point);
    if (auto [other, fresh] = run_dirs.emplace(dir, described); !fresh)
      report(fmt::format("points {} and {} would share the run directory points/{}", other->second, described, dir),
             described);
    try {
      const auto scenario = scenario::load_point(path, overrides, point);
      PointColumns columns;
      columns.index = point.index;
      columns.run_dir = "points/" + dir;
      for (std::size_t a = 0; a < sweep.axes.size(); ++a) columns.values.push_back(sweep.axes[a].values[point.choice[a]]);
      columns.seed = point.seed;
      columns.scheme = schemes::find_scheme(scenario.scheme.name).name;
      columns.topology = topology_name(scenario.platform);
      columns.workers = scenario.scheme.workers;
      columns.scenario_hash = scenario::scenario_hash(scenario);
      plan.points.push_back({point, scenario, columns});
      const auto parts = schemes::find_scheme(scenario.scheme.name).parts(scenario);
      plan.parts.training |= parts.training;
      plan.parts.serving |= parts.serving;
      const std::string fingerprint = platform_fingerprint(scenario);
      platforms.emplace(fingerprint, scenario);
      platform_points[fingerprint].push_back(described);
    } catch (const scenario::ScenarioError& error) {
      report(error.what(), described);
    }
  }

  for (const auto& [fingerprint, error] : failed_platform_checks(platforms, jobs))
    for (const auto& described : platform_points.at(fingerprint)) report(error, described);
  check_data_of_points(sweep, plan.points, report);

  if (order.empty()) return plan;
  std::set<std::string> invalid;
  for (const auto& [message, points] : problems) invalid.insert(points.begin(), points.end());
  std::string text =
      fmt::format("{}: {} of {} sweep points cannot run:", path, invalid.size(), points.size());
  for (const auto& message : order) text += fmt::format("\n  {}\n    in {}", message, name_points(problems[message]));
  throw SweepInvalid(text);
}

}  // namespace ssim::sweep
