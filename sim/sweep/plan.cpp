#include "sweep/plan.hpp"
#include "run/run.hpp"
#include "sweep/children.hpp"
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

namespace ssim::sweep {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kLongestName = 200;

std::string topology_name(const scenario::Platform& platform) {
  switch (platform.topology) {
    case scenario::Platform::Topology::star: return "star";
    case scenario::Platform::Topology::ring: return "ring";
    case scenario::Platform::Topology::file: return fs::path(platform.file).filename().string();
  }
  return "";
}

// Everything the platform check reads: points that agree on it pass or fail it together.
std::string platform_fingerprint(const scenario::Scenario& s) {
  std::string text = fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(s.platform.topology),
                                 s.platform.hosts, s.platform.host_speed, s.platform.bandwidth, s.platform.latency,
                                 s.platform.file, static_cast<int>(s.network_model), static_cast<int>(s.scheme.name),
                                 s.scheme.workers, s.model.layers.size(), s.scheme.placement.size());
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

}  // namespace

std::string run_dir_name(const scenario::Sweep& sweep, const scenario::SweepPoint& point) {
  std::string name;
  for (std::size_t a = 0; a < sweep.axes.size(); ++a)
    name += fmt::format("{}={}+", sweep.axes[a].path, sweep.axes[a].values[point.choice[a]]);
  name += fmt::format("seed={}", point.seed);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '=' && c != '+' && c != '-' && c != '_') c = '_';
  if (name.size() > kLongestName) name = fmt::format("{}-{:016x}", name.substr(0, kLongestName), std::hash<std::string>{}(name));
  return name;
}

SweepPlan plan_sweep(const std::string& path, const std::vector<scenario::Override>& overrides, int jobs) {
  SweepPlan plan{path, overrides, scenario::load(path, overrides), {}};
  if (!plan.base.sweep)
    throw scenario::ScenarioError(fmt::format("{}: has no sweep section to run (use 'run' for a single scenario)", path));
  const scenario::Sweep& sweep = *plan.base.sweep;

  std::map<std::string, std::vector<std::string>> problems;  // message -> the points it affects, in order
  std::vector<std::string> order;
  auto report = [&](const std::string& message, const std::string& point) {
    if (!problems.count(message)) order.push_back(message);
    problems[message].push_back(point);
  };
  std::map<std::string, std::pair<scenario::Scenario, std::vector<std::string>>> platforms;
  std::map<std::string, std::string> run_dirs;
  for (const auto& point : scenario::sweep_points(sweep)) {
    const std::string described = fmt::format("{} ({})", point.index, scenario::describe_point(sweep, point));
    const std::string dir = run_dir_name(sweep, point);
    if (auto [other, fresh] = run_dirs.emplace(dir, described); !fresh)
      report(fmt::format("points {} and {} would share the run directory points/{}", other->second, described, dir),
             described);
    try {
      const auto scenario = scenario::load_point(path, overrides, point);
      PointColumns columns{point.index,          "points/" + dir,       {},
                           point.seed,           "",                    topology_name(scenario.platform),
                           scenario.scheme.workers};
      for (std::size_t a = 0; a < sweep.axes.size(); ++a) columns.values.push_back(sweep.axes[a].values[point.choice[a]]);
      columns.scheme = schemes::find_scheme(scenario.scheme.name).name;
      plan.points.push_back({point, columns});
      auto& platform = platforms[platform_fingerprint(scenario)];
      if (platform.second.empty()) platform.first = scenario;
      platform.second.push_back(described);
    } catch (const scenario::ScenarioError& error) {
      report(error.what(), described);
    }
  }

  // SimGrid loads one platform per process, so each distinct one is checked in a child.
  const fs::path logs = fs::temp_directory_path() / fmt::format("stragglesim-check-{}", getpid());
  fs::create_directories(logs);
  {
    Children children;
    std::map<pid_t, std::pair<std::string, std::string>> checking;  // pid -> fingerprint, log
    auto finish_one = [&] {
      while (true) {
        const auto ended = children.wait(std::chrono::seconds(1));
        if (children.interrupted()) throw SweepError("interrupted while checking the sweep's platforms");
        if (!ended) continue;
        const auto& [fingerprint, log] = checking.at(ended->pid);
        if (ended->exit_code != 0) {
          for (const auto& described : platforms.at(fingerprint).second) {
            const std::string error = child_error(log);
            report(error.empty() ? "the platform check failed" : error, described);
          }
        }
        checking.erase(ended->pid);
        return;
      }
    };
    std::size_t started = 0;
    for (const auto& [fingerprint, platform] : platforms) {
      if (children.running() >= jobs) finish_one();
      const std::string log = (logs / fmt::format("check-{}.log", started++)).string();
      const scenario::Scenario& scenario = platform.first;
      const pid_t pid = children.start(
          [&] {
            run::check_platform(scenario);
            return 0;
          },
          log);
      checking.emplace(pid, std::pair{fingerprint, log});
    }
    while (children.running() > 0) finish_one();
  }
  fs::remove_all(logs);

  if (order.empty()) return plan;
  std::set<std::string> invalid;
  for (const auto& [message, points] : problems) invalid.insert(points.begin(), points.end());
  std::string text =
      fmt::format("{}: {} of {} sweep points cannot run:", path, invalid.size(), scenario::sweep_points(sweep).size());
  for (const auto& message : order) text += fmt::format("\n  {}\n    in {}", message, name_points(problems[message]));
  throw SweepInvalid(text);
}

}  // namespace ssim::sweep
