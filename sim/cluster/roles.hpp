// Which host plays which role. Schemes ask for roles by name; workers are numbered 0..N-1.
#pragma once
#include <string>
#include <vector>

namespace ssim::cluster {

struct RoleLayout {
  std::vector<std::string> roles;  // one per host used, in placement order, e.g. {"server", "worker-0", ...}
  int first_worker = 0;            // index in `roles` of worker 0; workers are consecutive
  int workers = 0;
};

// One host running everything; or a server on the first host and N workers after it.
RoleLayout single_host_layout();
RoleLayout server_workers_layout(int workers);
// N peer workers and no server, worker w on the w-th host.
RoleLayout workers_only_layout(int workers);

// Host names in a natural order: host-2 before host-10.
bool natural_less(const std::string& a, const std::string& b);

}  // namespace ssim::cluster
