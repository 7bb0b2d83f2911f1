// A worker's links in a ring of workers (a workers-only layout, worker p in place p): its own
// inbox, and the inboxes of its successor p+1 and its predecessor p-1. A neighbour silent for
// longer than the timeout has broken the ring. Ring all-reduce and RingTMP are built on it.
#pragma once
#include "cluster/cluster.hpp"
#include "schemes/actors.hpp"
#include <memory>

namespace ssim::schemes {

class RingLinks {
 public:
  // Called by the worker's actor: opens its inbox.
  RingLinks(cluster::Cluster& cluster, const Actors& actors, int position, int size, double timeout);

  int position() const { return position_; }
  int size() const { return size_; }
  simgrid::s4u::Mailbox* successor() const { return successor_; }
  simgrid::s4u::Mailbox* predecessor() const { return predecessor_; }

  // The next message, or nullptr when none came within the timeout: the ring is broken.
  template <class Message>
  std::unique_ptr<Message> receive() {
    auto message = cluster_.receive<Message>(inbox_, simgrid::s4u::Engine::get_clock() + timeout_);
    broken_ = !message;
    return message;
  }
  bool broken() const { return broken_; }
  void leave() { cluster_.close(inbox_); }

 private:
  cluster::Cluster& cluster_;
  int position_, size_;
  double timeout_;
  simgrid::s4u::Mailbox *inbox_, *successor_, *predecessor_;
  bool broken_ = false;
};

}  // namespace ssim::schemes
