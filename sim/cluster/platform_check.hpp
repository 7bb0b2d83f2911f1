// Whether a loaded platform can carry a run: SimGrid loads platforms it then cannot simulate
// (hosts that compute nothing, links that never deliver, routes it does not have) and fails on
// them mid-run, or hangs. These are found here, before anything runs.
#pragma once
#include "cluster/cluster.hpp"
#include "cluster/roles.hpp"
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ssim::cluster {

// The role pairs (from, to) a layout's scheme sends on: the server and each worker, both ways,
// when there is a server; otherwise each worker and its ring neighbours, both ways.
std::vector<std::pair<int, int>> communicating_roles(const RoleLayout& layout);

// Called before SimGrid is asked for the route between two hosts: on some platforms it crashes
// there, and whoever watches can then tell which route it was.
using RouteAnnouncer = std::function<void(const std::string& from, const std::string& to)>;

// Every host of a role computes (finite speed > 0, one core or more); every route the roles use
// exists and crosses only links of finite bandwidth > 0 and finite latency >= 0. Throws
// PlatformError naming the file (with the line of the host or link element when it has one),
// what is wrong and what was expected.
void check_platform(const Cluster& cluster, const RoleLayout& layout, const RouteAnnouncer& announce = {});

}  // namespace ssim::cluster
