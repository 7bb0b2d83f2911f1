#include "run/platform_probe.hpp"
#include "cluster/platform_check.hpp"
#include "cluster/platform_locations.hpp"
#include "run/children.hpp"
#include "scenario/choices.hpp"
#include "scenario/fields.hpp"
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <optional>
#include <unistd.h>

namespace ssim::run {

namespace fs = std::filesystem;

namespace {

// What the child tells in its log before each step SimGrid may die in.
constexpr std::string_view kLoading = "probe: loading the platform";
constexpr std::string_view kRoute = "probe: route ";

int check_in_child(const scenario::Scenario& scenario, const cluster::RoleLayout& layout, const fs::path& scratch) {
  std::cerr << kLoading << std::endl;
  const cluster::Cluster cluster(scenario, layout, scratch.string());
  cluster::check_platform(cluster, layout, [](const std::string& from, const std::string& to) {
    std::cerr << kRoute << from << " -> " << to << std::endl;
  });
  return 0;
}

// The step the child was in when it died, and the last thing said after it began: SimGrid's
// error (the text of its "[...] file.cpp:N: [category/CRITICAL] WHAT" line), not the backtrace
// it prints after it.
struct LastStep {
  std::string step, said;
};

LastStep last_step(const fs::path& log_path) {
  std::ifstream log(log_path);
  LastStep last;
  bool in_backtrace = false;
  for (std::string line; std::getline(log, line);) {
    if (line.starts_with("probe: ")) {
      last = {line, ""};
      in_backtrace = false;
    } else if (line.starts_with("Backtrace")) {
      in_backtrace = true;
    } else if (!in_backtrace && line.find_first_not_of(" \t") != std::string::npos) {
      constexpr std::string_view kCritical = "CRITICAL] ";
      const auto critical = line.find(kCritical);
      last.said = critical == std::string::npos ? line : line.substr(critical + kCritical.size());
    }
  }
  return last;
}

std::string crash_message(const std::string& platform_file, const LastStep& last, const Children::Ended& ended) {
  const std::string said = !last.said.empty() ? last.said
                           : ended.signal   ? strsignal(ended.signal)
                                            : fmt::format("exit code {}", ended.exit_code);
  if (last.step.starts_with(kRoute))
    return fmt::format("{}: SimGrid crashed computing the route {} ({}); its routing of this platform cannot be "
                       "used, write the routes out or choose another topology",
                       platform_file, last.step.substr(kRoute.size()), said);
  return fmt::format("{}: SimGrid could not load this platform: {}",
                     cluster::mentioned_element_location(platform_file, said), said);
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

void probe_platform(const scenario::Scenario& scenario, const cluster::RoleLayout& layout) {
  const fs::path scratch = fs::temp_directory_path() / fmt::format("stragglesim-probe-{}", getpid());
  fs::create_directories(scratch);
  const fs::path log = scratch / "probe.log";
  std::optional<Children::Ended> ended;
  int interrupted_by = 0;
  {
    Children children;
    children.start([&] { return check_in_child(scenario, layout, scratch); }, log.string());
    while (!ended && !children.interrupted()) ended = children.wait(std::chrono::seconds(1));
    interrupted_by = children.interrupting_signal();
  }
  const std::string error = child_error(log.string());
  const LastStep last = last_step(log);
  fs::remove_all(scratch);
  if (interrupted_by) {  // the signal was taken to stop the child: give it its usual effect here
    std::raise(interrupted_by);
    throw std::runtime_error("interrupted while checking the platform");
  }
  if (ended->signal == 0 && ended->exit_code == 0) return;
  // A generated platform was written in a directory now gone: its messages name the scenario.
  const bool generated = scenario.platform.topology != scenario::Platform::Topology::file;
  const std::string platform =
      generated ? fmt::format("{}: platform (generated {})", scenario.source,
                              scenario::name_of(scenario.platform.topology, scenario::kTopologies))
                : scenario.platform.file;
  std::string message = ended->signal == 0 && !error.empty() ? error : crash_message(platform, last, *ended);
  if (generated) replace_all(message, (scratch / "platform.xml").string(), platform);
  throw cluster::PlatformError(message);
}

}  // namespace ssim::run
