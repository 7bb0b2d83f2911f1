// A server's connections to its clients: one always-open inbox per client, read in the order the
// messages arrived, those arriving at one instant client by client. What a server reading one
// socket per client sees: a client's messages in the order it sent them, and no head-of-line
// blocking across clients. One inbox shared by every client hands messages over in the order they
// were sent instead, so one still crossing a slow link holds back one that has already arrived,
// and the order of messages sent at one instant is whatever order the senders ran in.
#pragma once
#include "cluster/cluster.hpp"
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace ssim::schemes {

template <class T>  // T needs `double wire_bytes`
class Connections {
 public:
  struct Message {
    int client;
    std::unique_ptr<T> body;
  };

  // Called by the server's actor: opens these inboxes, one per client.
  Connections(cluster::Cluster& cluster, const std::vector<simgrid::s4u::Mailbox*>& inboxes) : cluster_(cluster) {
    for (auto* inbox : inboxes) inboxes_.push_back(cluster.inbox(inbox->get_name()));
    incoming_.resize(inboxes_.size());
    receiving_.resize(inboxes_.size());
    for (std::size_t c = 0; c < inboxes_.size(); ++c) listen(c);
  }
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  // The server is leaving: its inboxes close (Cluster::close), and a message that arrived but was
  // never read is freed. Not a destructor: an actor killed with its host unwinds without simcalls.
  void close() {
    for (std::size_t c = 0; c < inboxes_.size(); ++c) {
      if (arrived(c)) {
        if (hand_over(c)) cluster_.received(incoming_[c]);
      } else {
        receiving_[c]->cancel();
      }
      cluster_.close(inboxes_[c]);
    }
  }
  // The message that arrived first, or nullopt when none arrives by the simulated time `deadline`.
  // A message lost with its sender's host is skipped.
  std::optional<Message> receive(double deadline) {
    while (true) {
      if (const auto client = first_arrived()) {
        const auto c = static_cast<std::size_t>(*client);
        if (!hand_over(c)) {  // its sender's host failed before it was read: lost with it
          listen(c);
          continue;
        }
        auto body = cluster_.received(incoming_[c]);
        listen(c);
        return Message{*client, std::move(body)};
      }
      const double left = deadline - simgrid::s4u::Engine::get_clock();
      if (left <= 0) return std::nullopt;
      try {
        if (simgrid::s4u::Activity::wait_any_for(receiving_, left) < 0) return std::nullopt;
      } catch (const simgrid::NetworkFailureException&) {
        relisten_failed();
      }
    }
  }

 private:
  void listen(std::size_t c) { receiving_[c] = cluster_.receive_async(inboxes_[c], &incoming_[c]); }

  // Completes the receive of a message that has arrived, without waiting; false when its sender's
  // host failed before it was read, which SimGrid counts as a failed transfer.
  bool hand_over(std::size_t c) {
    try {
      receiving_[c]->wait();
      return true;
    } catch (const simgrid::NetworkFailureException&) {
      return false;
    }
  }

  // SimGrid records a transfer's end when it happens, before any actor learns of it; every
  // transfer that ended at one instant has by then.
  bool arrived(std::size_t c) const { return receiving_[c]->get_finish_time() >= 0; }

  // The client whose next message arrived first, the lowest of those whose arrived at one instant.
  std::optional<int> first_arrived() const {
    std::optional<int> first;
    double when = 0;
    for (std::size_t c = 0; c < receiving_.size(); ++c)
      if (arrived(c) && (!first || receiving_[c]->get_finish_time() < when)) {
        first = static_cast<int>(c);
        when = receiving_[c]->get_finish_time();
      }
    return first;
  }

  // A sender's host failed while its message was on the wire: that message is lost. A transfer
  // that ended without arriving failed (testing it does not throw, as waiting on it does).
  void relisten_failed() {
    for (std::size_t c = 0; c < receiving_.size(); ++c) {
      if (arrived(c)) continue;
      try {
        if (receiving_[c]->test()) listen(c);
      } catch (const simgrid::NetworkFailureException&) {
        listen(c);
      }
    }
  }

  cluster::Cluster& cluster_;
  std::vector<simgrid::s4u::Mailbox*> inboxes_;
  std::vector<T*> incoming_;
  std::vector<simgrid::s4u::ActivityPtr> receiving_;
};

}  // namespace ssim::schemes
