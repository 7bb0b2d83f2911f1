#include "scenario/choices.hpp"
#include "scenario/paths.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <algorithm>

namespace ssim::scenario {
namespace {

// "1 host", "3 hosts"
std::string count_of(int n, std::string_view noun) { return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s"); }

std::vector<std::string> read_roles(const Field& field) {
  std::vector<std::string> roles;
  for (const Field& element : list_elements(field, "a list of host names, server first")) {
    std::string host = read_string(element);
    if (host.empty()) element.fail_expected("a host name");
    if (std::find(roles.begin(), roles.end(), host) != roles.end())
      element.fail(fmt::format("host '{}' is listed twice", host));
    roles.push_back(std::move(host));
  }
  return roles;
}

// The host count of a SimGrid file is only known once the simulator has parsed it.
Platform read_file_platform(const MapFields& map, const std::filesystem::path& base_dir) {
  for (const char* key : {"topology", "hosts", "host_speed", "bandwidth", "latency"})
    map.forbid(key, "with platform.file (the file describes the hosts and links)");
  Platform platform;
  platform.topology = Platform::Topology::file;
  platform.file = read_existing_file(map.required("file"), base_dir);
  if (auto roles = map.optional("roles")) platform.roles = read_roles(*roles);
  return platform;
}

Platform read_generated_platform(const MapFields& map, const Scheme& scheme) {
  map.forbid("roles", "without platform.file (generated hosts take roles in order)");
  if (!map.has("topology")) map.fail("missing required key 'topology' (or 'file' for a SimGrid platform file)");
  Platform platform;
  platform.topology = read_choice(map.required("topology"), kTopologies);
  const Field hosts = map.required("hosts");
  platform.hosts = read_integer(hosts, 1);
  if (has_server(scheme.name) && platform.hosts < scheme.workers + 1)
    hosts.fail(fmt::format("{} cannot hold a server and {}", count_of(platform.hosts, "host"),
                           count_of(scheme.workers, "worker")));
  if (!has_server(scheme.name) && platform.hosts < scheme.workers)
    hosts.fail(fmt::format("{} cannot hold {}", count_of(platform.hosts, "host"), count_of(scheme.workers, "worker")));
  if (auto speed = map.optional("host_speed")) platform.host_speed = read_quantity(*speed, Unit::speed, kPositive);
  if (auto bandwidth = map.optional("bandwidth"))
    platform.bandwidth = read_quantity(*bandwidth, Unit::bandwidth, kPositive);
  if (auto latency = map.optional("latency")) platform.latency = read_quantity(*latency, Unit::duration, kNonNegative);
  return platform;
}

}  // namespace

Platform read_platform(const Field& field, const Scheme& scheme, const std::filesystem::path& base_dir) {
  const MapFields map(field, {"topology", "hosts", "host_speed", "bandwidth", "latency", "file", "roles"});
  return map.has("file") ? read_file_platform(map, base_dir) : read_generated_platform(map, scheme);
}

}  // namespace ssim::scenario
