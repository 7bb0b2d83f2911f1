// The sends of one actor that does not wait for them, seen through without SimGrid's detached
// sends. SimGrid 3.32 keeps every detached send of the simulation in one list and searches it
// whenever one arrives; with N senders each step (a ring all-reduce), that search makes an
// all-reduce cost N^3. Here each actor keeps its own few sends and forgets them once arrived.
// Messages lost on the way are the cluster's to free (Cluster::post_kept).
#pragma once
#include "cluster/cluster.hpp"
#include <algorithm>
#include <deque>
#include <utility>

namespace ssim::cluster {

template <class T>
class Outbox {
 public:
  explicit Outbox(Cluster& cluster) : cluster_(cluster) {}
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Sends as Cluster::post does, then forgets the earlier sends that have arrived; false when the
  // message was lost at once (its destination had failed). A send's finish time is set once it
  // arrived, which the actor can read without a simcall; only wait() makes SimGrid forget it
  // (test() keeps it in the actor's list of activities), and on an arrived send wait() returns at once.
  bool post(simgrid::s4u::Mailbox* to, std::unique_ptr<T> message) {
    auto sent = cluster_.post_kept(to, std::move(message));
    if (!sent.posted) return false;
    if (sent.comm) sends_.push_back(std::move(sent.comm));
    else ++unreadable_;
    while (!sends_.empty() && sends_.front()->get_finish_time() >= 0) {
      see_through(*sends_.front());
      sends_.pop_front();
    }
    return true;
  }
  // Waits until every send has arrived or failed; takes simulated time only for those still on
  // their way. Called before the actor ends, which would otherwise cancel them.
  void flush() {
    for (auto& send : sends_) see_through(*send);
    sends_.clear();
  }
  // Waits until every send has arrived, or until the simulated time `deadline` and cancels those
  // still on their way; returns how many arrived. A send to a closed inbox never does.
  int deliver(double deadline) {
    for (auto& send : sends_) {
      try {
        send->wait_for(std::max(0.0, deadline - simgrid::s4u::Engine::get_clock()));
        ++arrived_;
      } catch (const simgrid::TimeoutException&) {
        send->cancel();
      } catch (const simgrid::NetworkFailureException&) {  // lost with the receiver's host
      }
    }
    sends_.clear();
    if (unreadable_ > 0) simgrid::s4u::this_actor::sleep_until(deadline);  // waited for in vain
    unreadable_ = 0;
    return std::exchange(arrived_, 0);
  }

 private:
  void see_through(simgrid::s4u::Comm& send) {
    try {
      send.wait();
      ++arrived_;
    } catch (const simgrid::NetworkFailureException&) {  // lost with the receiver's host
    } catch (const simgrid::TimeoutException&) {  // the receiver stopped waiting for it on the way
    }
  }

  Cluster& cluster_;
  std::deque<simgrid::s4u::CommPtr> sends_;
  int arrived_ = 0;     // since the last deliver
  int unreadable_ = 0;  // sends to closed inboxes since the last deliver
};

}  // namespace ssim::cluster
