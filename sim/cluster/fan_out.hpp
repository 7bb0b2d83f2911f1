// Messages from one actor to many at once, without SimGrid's detached sends and without one actor
// keeping them all: SimGrid 3.32 walks an actor's whole list of activities whenever one of them
// ends, so an actor keeping N sends pays N^2 to see them through. Relays on the sender's host,
// about sqrt(N) of them, each keep the sends to one block of receivers. They send in turn, at the
// instant the sender asked, in receiver order: the flows the sender would have started itself.
#pragma once
#include "cluster/cluster.hpp"
#include "cluster/outbox.hpp"
#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ssim::cluster {

template <class T>
class FanOut {
 public:
  using Make = std::function<std::unique_ptr<T>(int receiver)>;

  // Starts the relays on `host`; `inboxes[r]` is receiver r's.
  FanOut(Cluster& cluster, simgrid::s4u::Host* host, const std::string& name, std::vector<simgrid::s4u::Mailbox*> inboxes)
      : cluster_(cluster), inboxes_(std::move(inboxes)) {
    const int receivers = static_cast<int>(inboxes_.size());
    const int count = std::max(1, static_cast<int>(std::ceil(std::sqrt(receivers))));
    block_ = (receivers + count - 1) / count;
    relays_.resize(count);
    for (int g = 0; g < count; ++g)
      cluster_.spawn(name + "-relay-" + std::to_string(g), host, [this, g] { relay(g); });
  }
  FanOut(const FanOut&) = delete;
  FanOut& operator=(const FanOut&) = delete;

  // Called by the sender: sends make(r) to each receiver r of `to`, at once, without waiting.
  void send(const std::set<int>& to, Make make) { start({Job::Kind::send, {to.begin(), to.end()}, std::move(make)}); }
  // Sends as send does, then waits until each message has arrived, or until the simulated time
  // `deadline` and cancels those still on their way; returns how many arrived.
  int deliver(const std::set<int>& to, Make make, double deadline) {
    start({Job::Kind::deliver, {to.begin(), to.end()}, std::move(make), deadline});
    for (std::size_t g = 0; g < relays_.size(); ++g) delivered_->acquire();
    return std::exchange(arrived_, 0);
  }
  // Called by the sender once it sends no more: the relays see their sends through and end.
  void stop() { start({Job::Kind::stop, {}, {}}); }

 private:
  struct Job {
    enum class Kind { send, deliver, stop } kind;
    std::vector<int> to;  // ascending
    Make make;
    double deadline = 0;
  };
  struct Relay {
    std::deque<std::shared_ptr<const Job>> jobs;
    simgrid::s4u::SemaphorePtr ready = simgrid::s4u::Semaphore::create(0);  // a token per job
  };

  void start(Job job) { pass(0, std::make_shared<const Job>(std::move(job))); }
  void pass(std::size_t g, std::shared_ptr<const Job> job) {
    if (g >= relays_.size()) return;
    relays_[g].jobs.push_back(std::move(job));
    relays_[g].ready->release();
  }

  void relay(int g) {
    Outbox<T> outbox(cluster_);
    auto& self = relays_[g];
    while (true) {
      self.ready->acquire();
      const auto job = self.jobs.front();
      self.jobs.pop_front();
      if (job->kind == Job::Kind::stop) {
        pass(g + 1, job);
        outbox.flush();
        return;
      }
      Outbox<T> final_sends(cluster_);  // waited for apart from the earlier sends still on their way
      auto& sends = job->kind == Job::Kind::deliver ? final_sends : outbox;
      const auto first = std::lower_bound(job->to.begin(), job->to.end(), g * block_);
      const auto last = std::lower_bound(first, job->to.end(), (g + 1) * block_);
      for (auto r = first; r != last; ++r) sends.post(inboxes_[*r], job->make(*r));
      pass(g + 1, job);  // the next block is sent after this one, at the same instant
      if (job->kind == Job::Kind::deliver) {
        arrived_ += final_sends.deliver(job->deadline);
        delivered_->release();
      }
    }
  }

  Cluster& cluster_;
  std::vector<simgrid::s4u::Mailbox*> inboxes_;
  int block_ = 1;  // receivers per relay
  std::vector<Relay> relays_;
  simgrid::s4u::SemaphorePtr delivered_ = simgrid::s4u::Semaphore::create(0);  // a token per relay done
  int arrived_ = 0;  // of the delivery under way
};

}  // namespace ssim::cluster
