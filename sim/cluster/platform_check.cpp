#include "cluster/platform_check.hpp"
#include "cluster/platform_locations.hpp"
#include <cmath>
#include <fmt/format.h>

namespace ssim::cluster {

namespace sg4 = simgrid::s4u;

namespace {

std::string role_name(const RoleLayout& layout, int role) {
  return role < layout.first_worker ? layout.roles[role]
                                    : fmt::format("worker {}", role - layout.first_worker);
}

void check_host(const std::string& file, const sg4::Host* host, const std::string& role) {
  const double speed = host->get_pstate_speed(host->get_pstate());
  // As with bandwidth, below 1 flop/s a computation's time is as good as infinite.
  if (!std::isfinite(speed) || speed < 1)
    throw PlatformError(fmt::format("{}: host '{}' ({}) has speed {} flop/s; expected a finite value >= 1 flop/s",
                                    element_location(file, "host", host->get_name()), host->get_name(), role, speed));
  if (host->get_core_count() < 1)
    throw PlatformError(fmt::format("{}: host '{}' ({}) has {} cores; expected 1 or more",
                                    element_location(file, "host", host->get_name()), host->get_name(), role,
                                    host->get_core_count()));
}

// A full-duplex link is two in a route, NAME_UP and NAME_DOWN, written once as NAME.
std::string written_link_name(const std::string& name) {
  for (const std::string suffix : {"_UP", "_DOWN"})
    if (name.size() > suffix.size() && name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
  return name;
}

void check_link(const std::string& file, const sg4::Link* link, const std::string& route) {
  const auto where = [&] { return element_location(file, "link", written_link_name(link->get_name())); };
  const double bandwidth = link->get_bandwidth(), latency = link->get_latency();
  // Far below 1 byte/s a message's time (and a timeout derived from it) overflows to infinity,
  // which SimGrid aborts on as surely as it hangs at 0; far above 1e18 B/s (as generated
  // platforms allow) a message's time vanishes below SimGrid's precision and it never completes.
  if (!std::isfinite(bandwidth) || bandwidth < 1 || bandwidth > 1e18)
    throw PlatformError(fmt::format("{}: link '{}' on the route {} has bandwidth {} B/s; expected a value from 1 "
                                    "to 1e18 B/s",
                                    where(), link->get_name(), route, bandwidth));
  if (!std::isfinite(latency) || latency < 0)
    throw PlatformError(fmt::format("{}: link '{}' on the route {} has latency {} s; expected a finite value >= 0",
                                    where(), link->get_name(), route, latency));
}

}  // namespace

std::vector<std::pair<int, int>> communicating_roles(const RoleLayout& layout) {
  std::vector<std::pair<int, int>> pairs;
  const int n = layout.workers, first = layout.first_worker;
  for (int w = 0; w < n; ++w) {
    if (first > 0) {
      pairs.emplace_back(0, first + w);
      pairs.emplace_back(first + w, 0);
    } else if (n > 1 && (n > 2 || w == 0)) {  // two peers are each other's both neighbours
      pairs.emplace_back(first + w, first + (w + 1) % n);
      pairs.emplace_back(first + (w + 1) % n, first + w);
    }
  }
  return pairs;
}

void check_platform(const Cluster& cluster, const RoleLayout& layout, const RouteAnnouncer& announce) {
  const std::string& file = cluster.platform_file();
  for (int role = 0; role < static_cast<int>(layout.roles.size()); ++role)
    check_host(file, cluster.host(role), role_name(layout, role));
  for (const auto& [from, to] : communicating_roles(layout)) {
    const sg4::Host *source = cluster.host(from), *destination = cluster.host(to);
    if (source == destination) continue;
    const std::string route = fmt::format("{} -> {}", source->get_name(), destination->get_name());
    if (announce) announce(source->get_name(), destination->get_name());
    // Named outside the lambda: clang before 16 cannot capture structured bindings.
    const std::string from_role = role_name(layout, from), to_role = role_name(layout, to);
    const auto no_route = [&](const std::string& detail) {
      return PlatformError(fmt::format("{}: no route {} ({} to {}{}); expected a <route> from each host to every "
                                       "host it sends to, both ways",
                                       file, route, from_role, to_role, detail));
    };
    std::vector<sg4::Link*> links;
    double latency = 0;
    try {
      source->route_to(destination, links, &latency);
    } catch (const std::exception& e) {  // some routings say so (a Full zone just has no links)
      throw no_route(fmt::format(": {}", e.what()));
    }
    if (links.empty()) throw no_route("");
    for (const auto* link : links) check_link(file, link, route);
  }
}

}  // namespace ssim::cluster
