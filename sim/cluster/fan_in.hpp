// The inbox of one reader with many writers, read as one mailbox: each message in the order it was
// posted, waiting for it to arrive when it is still on its way. Each writer has a lane, a mailbox
// of its own, because SimGrid 3.32 takes a message out of a mailbox by shifting every message
// behind it: a server reading N workers' messages from one mailbox would pay N^2 a round.
#pragma once
#include "cluster/cluster.hpp"
#include "cluster/outbox.hpp"
#include <deque>
#include <string>
#include <vector>

namespace ssim::cluster {

template <class T>
class FanIn {
 public:
  FanIn(Cluster& cluster, const std::string& name, int writers) : cluster_(cluster) {
    for (int w = 0; w < writers; ++w) lanes_.push_back(simgrid::s4u::Mailbox::by_name(name + "#" + std::to_string(w)));
  }

  // Called by the reader, before the writers post.
  void open() {
    for (auto* lane : lanes_) cluster_.inbox(lane->get_name());
  }
  // The reader leaves: later messages go nowhere (Cluster::close).
  void close() {
    for (auto* lane : lanes_) cluster_.close(lane);
  }

  // Called by writer `writer`, which sees its sends through with `outbox`.
  void post(Outbox<T>& outbox, int writer, std::unique_ptr<T> message) {
    if (!outbox.post(lanes_.at(writer), std::move(message))) return;  // lost: the reader's host failed
    posted_.push_back(writer);
    unread_->release();
  }

  // As Cluster::receive: the next message, nullptr when none arrived by the simulated time
  // `deadline`; one lost with its writer's host is skipped. As with one mailbox, a message still
  // on its way at the deadline is lost: SimGrid drops the receiving end of a transfer that timed out.
  std::unique_ptr<T> receive(double deadline) {
    while (true) {
      const double left = deadline - simgrid::s4u::Engine::get_clock();
      if (left <= 0 || unread_->acquire_timeout(left)) return nullptr;
      auto* lane = lanes_[posted_.front()];
      posted_.pop_front();
      try {
        return cluster_.template receive_once<T>(lane, deadline);
      } catch (const simgrid::NetworkFailureException&) {
      }
    }
  }

 private:

  Cluster& cluster_;
  std::vector<simgrid::s4u::Mailbox*> lanes_;
  std::deque<int> posted_;  // the writers of the messages not read yet, in the order they were posted
  simgrid::s4u::SemaphorePtr unread_ = simgrid::s4u::Semaphore::create(0);  // a token per message posted
};

}  // namespace ssim::cluster
