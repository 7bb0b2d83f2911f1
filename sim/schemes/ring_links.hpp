// A worker's links in a ring of workers (a workers-only layout, worker p in place p): its
// connections from its predecessor p-1 and its successor p+1 (schemes/connections.hpp: messages
// taken in the order they arrive, the predecessor's first of those arriving at one instant), and
// the inboxes of those two for its own messages. A neighbour silent for longer than the timeout
// has broken the ring. Ring all-reduce and RingTMP are built on it.
#pragma once
#include "cluster/cluster.hpp"
#include "schemes/actors.hpp"
#include "schemes/connections.hpp"
#include <memory>
#include <vector>

namespace ssim::schemes {

// The inbox of worker `to` for the messages of worker `from`.
simgrid::s4u::Mailbox* ring_inbox(const Actors& actors, int to, int from);
// The inboxes of the worker in `position`: from its predecessor, then from its successor, once
// when they are one worker.
std::vector<simgrid::s4u::Mailbox*> ring_inboxes(const Actors& actors, int position, int size);

template <class Message>  // Message needs `double wire_bytes`
class RingLinks {
 public:
  // Called by the worker's actor: opens its inboxes.
  RingLinks(cluster::Cluster& cluster, const Actors& actors, int position, int size, double timeout)
      : position_(position),
        size_(size),
        timeout_(timeout),
        connections_(cluster, ring_inboxes(actors, position, size)),
        successor_(ring_inbox(actors, (position + 1) % size, position)),
        predecessor_(ring_inbox(actors, (position + size - 1) % size, position)) {}

  int position() const { return position_; }
  int size() const { return size_; }
  simgrid::s4u::Mailbox* successor() const { return successor_; }
  simgrid::s4u::Mailbox* predecessor() const { return predecessor_; }

  // The next message, or nullptr when none came within the timeout: the ring is broken.
  std::unique_ptr<Message> receive() {
    auto message = connections_.receive(simgrid::s4u::Engine::get_clock() + timeout_);
    broken_ = !message;
    return message ? std::move(message->body) : nullptr;
  }
  bool broken() const { return broken_; }
  void leave() { connections_.close(); }

 private:
  int position_, size_;
  double timeout_;
  Connections<Message> connections_;
  simgrid::s4u::Mailbox *successor_, *predecessor_;
  bool broken_ = false;
};

}  // namespace ssim::schemes
