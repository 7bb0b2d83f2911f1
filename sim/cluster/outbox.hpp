// The sends of one actor that does not wait for them, seen through without SimGrid's detached
// sends. SimGrid 3.32 keeps every detached send of the simulation in one list and searches it
// whenever one arrives; with N senders each step (a ring all-reduce), that search makes an
// all-reduce cost N^3. Here each actor keeps its own few sends and forgets them once arrived.
#pragma once
#include "cluster/cluster.hpp"
#include <deque>

namespace ssim::cluster {

template <class T>
class Outbox {
 public:
  explicit Outbox(Cluster& cluster) : cluster_(cluster) {}
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Sends as Cluster::post does, then forgets the earlier sends that have arrived. A send's finish
  // time is set once it arrived, which the actor can read without a simcall; only wait() makes
  // SimGrid forget it (test() keeps it in the actor's list of activities), and on an arrived send
  // wait() returns at once.
  void post(simgrid::s4u::Mailbox* to, std::unique_ptr<T> message) {
    T* payload = message.get();
    if (auto comm = cluster_.post_kept(to, std::move(message))) sends_.push_back({std::move(comm), payload});
    while (!sends_.empty() && sends_.front().comm->get_finish_time() >= 0) {
      sends_.front().comm->wait();
      sends_.pop_front();
    }
  }
  // Waits until every send has arrived or failed. Called before the actor ends, which would
  // otherwise cancel the sends still on their way; takes simulated time only for those.
  void flush() {
    for (auto& send : sends_) {
      try {
        send.comm->wait();
      } catch (const simgrid::NetworkFailureException&) {  // the receiver's host failed: lost
        delete send.payload;
      }
    }
    sends_.clear();
  }

 private:
  struct Send {
    simgrid::s4u::CommPtr comm;
    T* payload;  // the receiver's once it arrived; ours to free if it failed
  };

  Cluster& cluster_;
  std::deque<Send> sends_;
};

}  // namespace ssim::cluster
