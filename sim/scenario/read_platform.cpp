#include "scenario/choices.hpp"
#include "scenario/paths.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <algorithm>

namespace ssim::scenario {
namespace {

// Every time the simulator derives (a step, a message, the default round timeout: ten rounds of
// the fault-free model) is a flop count over a host speed or a byte count over a bandwidth, scaled
// by at most the slowdown bound (1e12, read_stragglers.cpp) and a small factor. A run that fits in
// memory counts well under 1e30 flops or bytes, so from 1e-3 flop/s or bytes/s up every such time
// stays below 1e46 s, far from overflowing a double (1.8e308); at 1e-300 the default timeout was
// infinite. The top, an exaflop or exabyte per second per host or link, is beyond any machine and
// keeps the shortest step of a tiny model (a few flops) above 1e-18 s, well clear of zero.
bool within_rates(double value) { return value >= 1e-3 && value <= 1e18; }
constexpr Range kRate{"from 1e-3 to 1e18", within_rates};
// Latency adds to every message and so to every derived timeout; a billion seconds (31 years) a
// hop is beyond any network and keeps the sum of a run's latencies finite.
bool within_latencies(double value) { return value >= 0 && value <= 1e9; }
constexpr Range kLatency{">= 0 and at most 1e9 s", within_latencies};
// SimGrid builds every host, link and route of a generated platform before a run starts: 50,000
// hosts took 7.5 s and 180 MB, so a million take minutes and 3 GB (run/memory_estimate.hpp), and
// the 100 million once accepted hung for hours.
constexpr int kMostHosts = 1'000'000;

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
  platform.hosts = read_integer(hosts, 1, kMostHosts);
  if (has_server(scheme) && platform.hosts < scheme.workers + 1)
    hosts.fail(fmt::format("{} cannot hold a server and {}", count_of(platform.hosts, "host"),
                           count_of(scheme.workers, "worker")));
  if (!has_server(scheme) && platform.hosts < scheme.workers)
    hosts.fail(fmt::format("{} cannot hold {}", count_of(platform.hosts, "host"), count_of(scheme.workers, "worker")));
  if (auto speed = map.optional("host_speed")) platform.host_speed = read_quantity(*speed, Unit::speed, kRate);
  if (auto bandwidth = map.optional("bandwidth")) platform.bandwidth = read_quantity(*bandwidth, Unit::bandwidth, kRate);
  if (auto latency = map.optional("latency")) platform.latency = read_quantity(*latency, Unit::duration, kLatency);
  return platform;
}

}  // namespace

Platform read_platform(const Field& field, const Scheme& scheme, const std::filesystem::path& base_dir) {
  const MapFields map(field, {"topology", "hosts", "host_speed", "bandwidth", "latency", "file", "roles"});
  return map.has("file") ? read_file_platform(map, base_dir) : read_generated_platform(map, scheme);
}

}  // namespace ssim::scenario
