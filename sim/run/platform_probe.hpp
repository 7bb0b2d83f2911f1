// A scenario's platform loaded and checked (cluster::check_platform) in a child process: SimGrid
// aborts or crashes on some platforms (a host of no core, an <actor> in a platform, a dragonfly
// route its own code cannot compute), and that must take only the child down.
#pragma once
#include "cluster/roles.hpp"
#include "scenario/scenario.hpp"

namespace ssim::run {

// Throws cluster::PlatformError: the check's own message, or what SimGrid said before it died
// and where (loading the file, or computing which route). This process makes no SimGrid engine,
// so it can make its own afterwards.
void probe_platform(const scenario::Scenario& scenario, const cluster::RoleLayout& layout);

}  // namespace ssim::run
