// One round of answers from a server's peers (the workers): the first `wait_for` answers of the
// round from the peers believed alive, until a deadline. A peer silent until the deadline is
// presumed dead; a peer presumed dead that answers (any round) is back, and the caller is told,
// e.g. to bring it up to date. Answers of another round (stale) and a second answer of a peer in
// the same round are dropped and counted. The synchronous parameter server gathers gradients this
// way, Downpour's manager the workers' updates.
#pragma once
#include "cluster/cluster.hpp"
#include <functional>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace ssim::schemes {

// Which peers a round that timed out leaves alive.
enum class OnTimeout {
  keep_answered,  // those that answered it: every other one is presumed dead, one that came back during it too
  drop_silent     // all but those it waited for and did not hear: one that came back during it stays
};

struct GatherPolicy {
  int wait_for = 0;  // answers a round needs (at most the peers alive); 0: one from every peer alive
  OnTimeout on_timeout = OnTimeout::drop_silent;
  double timeout_s = 0;  // from the round's start
};

// The bookkeeping of the rounds, apart from the messages: who is alive, what the round has heard.
class GatherBook {
 public:
  GatherBook(int peers, const GatherPolicy& policy);

  void start(long round);
  struct Heard {
    bool counts = false;   // an answer of this round, the first of its peer
    bool revived = false;  // its peer was presumed dead
  };
  Heard hear(int peer, long round);
  bool complete() const { return static_cast<int>(heard_.size()) >= needed_; }
  void time_out();

  const std::set<int>& alive() const { return alive_; }
  long timed_out_rounds() const { return timed_out_rounds_; }
  long stale_messages() const { return stale_messages_; }

 private:
  GatherPolicy policy_;
  std::set<int> alive_, expected_, heard_;
  long round_ = -1;
  int needed_ = 0;
  long timed_out_rounds_ = 0, stale_messages_ = 0;
};

// Answer: a message for Cluster::post with `round` (the round it answers) and `worker` (its peer, 0..peers-1).
template <class Answer>
class Gather {
 public:
  // Receive: the next answer, or nullptr when none arrived by the simulated time it is given.
  using Receive = std::function<std::unique_ptr<Answer>(double deadline)>;
  Gather(Receive receive, int peers, const GatherPolicy& policy)
      : receive_(std::move(receive)), timeout_s_(policy.timeout_s), book_(peers, policy) {}
  Gather(cluster::Cluster& cluster, simgrid::s4u::Mailbox* inbox, int peers, const GatherPolicy& policy)
      : Gather([&cluster, inbox](double deadline) { return cluster.template receive<Answer>(inbox, deadline); }, peers,
               policy) {}

  // The answers counted for `round`, in arrival order; `revived` is called for each peer that is
  // back, as its answer arrives.
  std::vector<std::unique_ptr<Answer>> collect(long round, const std::function<void(int peer)>& revived = {}) {
    const double deadline = simgrid::s4u::Engine::get_clock() + timeout_s_;
    book_.start(round);
    std::vector<std::unique_ptr<Answer>> answers;
    while (!book_.complete()) {
      auto answer = receive_(deadline);
      if (!answer) {
        book_.time_out();
        break;
      }
      const auto heard = book_.hear(answer->worker, answer->round);
      if (heard.revived && revived) revived(answer->worker);
      if (heard.counts) answers.push_back(std::move(answer));
    }
    return answers;
  }

  const std::set<int>& alive() const { return book_.alive(); }
  long timed_out_rounds() const { return book_.timed_out_rounds(); }
  long stale_messages() const { return book_.stale_messages(); }

 private:
  Receive receive_;
  double timeout_s_;
  GatherBook book_;
};

}  // namespace ssim::schemes
