// The actors of a run, one per role of its layout (cluster/roles.hpp), each named after its role
// ("server", "worker-3"), as is the inbox it reads: one naming scheme for every scheme.
#pragma once
#include "cluster/cluster.hpp"
#include <functional>
#include <string>

namespace ssim::schemes {

class Actors {
 public:
  Actors(cluster::Cluster& cluster, const cluster::RoleLayout& layout) : cluster_(cluster), layout_(layout) {}

  int workers() const { return layout_.workers; }
  int worker_role(int worker) const { return layout_.first_worker + worker; }
  const std::string& name(int role) const { return layout_.roles.at(role); }

  // Starts the actor of `role` on its host.
  void launch(int role, std::function<void()> body) const;
  // Starts every worker's actor, worker 0 first.
  void launch_workers(const std::function<void(int worker)>& body) const;

  // Called by the actor of `role`: opens its inbox (Cluster::inbox).
  simgrid::s4u::Mailbox* open_inbox(int role) const;
  // The inbox of `role`, to send to.
  simgrid::s4u::Mailbox* inbox(int role) const;
  simgrid::s4u::Mailbox* worker_inbox(int worker) const { return inbox(worker_role(worker)); }
  // The inbox of `role` for the messages of `from` alone (schemes/connections.hpp).
  simgrid::s4u::Mailbox* connection(int role, int from) const;

 private:
  cluster::Cluster& cluster_;
  const cluster::RoleLayout& layout_;
};

}  // namespace ssim::schemes
