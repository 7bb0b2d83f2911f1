// The simulated cluster of one run: SimGrid configured and loaded with the scenario's platform,
// roles placed on hosts, stragglers and failures installed, and every computation and message
// accounted in the ledger. Schemes talk to SimGrid through this, so their actors read as protocols.
#pragma once
#include "common/input_error.hpp"
#include "cluster/ledger.hpp"
#include "cluster/roles.hpp"
#include "cluster/straggling.hpp"
#include "cluster/trace.hpp"
#include "models/flow_network.hpp"
#include "models/shared_link.hpp"
#include "models/speed_timeline.hpp"
#include "scenario/scenario.hpp"
#include <algorithm>
#include <functional>
#include <optional>
#include <map>
#include <memory>
#include <simgrid/s4u.hpp>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <unordered_map>
#include <vector>

namespace ssim::cluster {

// A platform that cannot hold the scheme's roles, or a straggler naming an unknown host.
class PlatformError : public InputError {
 public:
  using InputError::InputError;
};

// Thrown inside an actor when training produced a number that is not finite: the run stops there
// and is reported as diverged rather than completed.
class Diverged : public std::runtime_error {
 public:
  Diverged(const std::string& what, int epoch, long step) : std::runtime_error(what), epoch(epoch), step(step) {}
  int epoch;  // 1-based
  long step;  // 1-based, counted as the scheme counts its steps
};

struct Divergence {
  std::string what;
  int epoch;
  long step;
  double time_s;
};

// A send made with Cluster::post_kept: `posted` is false when the message was lost (its
// destination had failed); `comm` is null when it went to a closed inbox, where it stays untracked.
struct KeptSend {
  bool posted = false;
  simgrid::s4u::CommPtr comm;
};

struct Failure {
  std::string host;
  std::string role;
  double time_s;
};

class Cluster {
 public:
  // Creates the one SimGrid engine of this process. A generated platform is written to
  // `work_dir`/platform.xml so the run can be reproduced from it.
  Cluster(const scenario::Scenario& scenario, const RoleLayout& layout, const std::string& work_dir);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  simgrid::s4u::Engine& engine() { return *engine_; }
  simgrid::s4u::Host* host(int role_index) const { return hosts_.at(role_index); }
  simgrid::s4u::Host* worker_host(int worker) const { return hosts_.at(layout_.first_worker + worker); }
  int workers() const { return layout_.workers; }
  const std::string& platform_file() const { return platform_file_; }

  // Starts an actor. An exception it lets out stops the whole simulation: Diverged is recorded
  // (see divergence()); any other one makes run() throw, naming the actor. SimGrid's own
  // exceptions (a host or link that failed) keep their usual meaning.
  void spawn(const std::string& name, simgrid::s4u::Host* host, std::function<void()> body);
  // Runs the simulation until no actor is left; returns that simulated time.
  double run();
  const std::optional<Divergence>& divergence() const { return divergence_; }
  double end_time() const { return end_time_; }

  // Executes `flops` on the calling actor's host, `slowdown` times longer (per-iteration straggling).
  void compute(double flops, double slowdown = 1.0);
  // The same for an actor that waits on the computation beside messages (Activity::wait_any) and
  // may cancel it: finish_compute accounts the flops done and the time busy since `started_at`.
  simgrid::s4u::ExecPtr start_compute(double flops, double slowdown = 1.0);
  void finish_compute(const simgrid::s4u::ExecPtr& exec, double flops, double started_at);
  double straggle_factor(int worker, long iteration) const { return random_.factor(worker, iteration); }
  const RandomStraggling& random_straggling() const { return random_; }

  // Sends without waiting (the network still carries it for its full time); a message to a
  // failed host, or one lost when a host fails on the way, is freed. T needs `double wire_bytes`.
  template <class T>
  void post(simgrid::s4u::Mailbox* to, std::unique_ptr<T> message);
  // Like post, but the caller keeps the send and sees it through (cluster/outbox.hpp) rather than
  // SimGrid tracking it as detached. Its message must be read with receive or receive_newest; one
  // never read is freed when the cluster is.
  template <class T>
  KeptSend post_kept(simgrid::s4u::Mailbox* to, std::unique_ptr<T> message);
  // The next message, or nullptr when none arrived by the simulated time `deadline`.
  template <class T>
  std::unique_ptr<T> receive(simgrid::s4u::Mailbox* from, double deadline);
  // One try of receive: throws simgrid::NetworkFailureException when the next message was lost
  // with its sender's host.
  template <class T>
  std::unique_ptr<T> receive_once(simgrid::s4u::Mailbox* from, double deadline);
  // Like receive, then skips to the newest of the messages already arrived (a lagging reader).
  template <class T>
  std::unique_ptr<T> receive_newest(simgrid::s4u::Mailbox* from, double deadline);
  // Starts receiving into `*data` for an actor that waits beside other activities; once the
  // message is there, received() accounts it and hands it over.
  template <class T>
  simgrid::s4u::CommPtr receive_async(simgrid::s4u::Mailbox* from, T** data) { return from->get_async<T>(data); }
  template <class T>
  std::unique_ptr<T> received(T* message) {
    took(message);
    account_received(message->wire_bytes);
    trace_received(message);
    return std::unique_ptr<T>(message);
  }
  // A mailbox whose messages travel as soon as they are posted, as into a socket buffer, rather
  // than when the owner asks for them.
  simgrid::s4u::Mailbox* inbox(const std::string& name);
  // The owner is leaving: later messages stay in the mailbox and travel nowhere.
  void close(simgrid::s4u::Mailbox* inbox);

  // These host-to-host flows as the models see them: route latency, busiest link (where the
  // flow's share is the smallest, each of these flows weighing 1 / its sharing penalty), both as
  // the network model carries them, SimGrid's sharing penalty, and every link of the route
  // (models/shared_link.hpp).
  std::vector<models::Flow> flows(const std::vector<std::pair<simgrid::s4u::Host*, simgrid::s4u::Host*>>& pairs) const;
  // The routes of these host-to-host messages link by link (models/flow_network.hpp), their links
  // numbered in one table, as the network model carries them.
  models::Routes routes(const std::vector<std::pair<simgrid::s4u::Host*, simgrid::s4u::Host*>>& pairs) const;
  // Flop/s of a role's host with its fixed slowdowns (windows excluded).
  double steady_speed(int role_index) const;
  // A role's host speed over time, fixed and windowed slowdowns included.
  models::SpeedTimeline speed_timeline(int role_index) const;

  Ledger& ledger() { return ledger_; }
  const std::vector<Failure>& failures() const { return failures_; }
  // What each host did when, when the scenario asks for a trace; null otherwise.
  const Trace* trace() const { return trace_.get(); }

 private:
  // Counts a message sent; false when its destination host has failed (the message is lost).
  bool account_sent(simgrid::s4u::Mailbox* to, double bytes);
  void account_received(double bytes);
  // Records a message sent; `lost`: to a failed host, so never to be read.
  template <class T>
  void trace_sent(const T* message, const simgrid::s4u::Mailbox* to, bool lost);
  void trace_sent(const void* message, const std::string& kind, const simgrid::s4u::Mailbox* to, double bytes);
  void trace_received(const void* message);
  // A message read by its receiver: no longer ours to free (see unreceived_).
  void took(const void* message) {
    if (!unreceived_.empty()) unreceived_.erase(message);
  }
  HostRecord& record_of(const simgrid::s4u::Host* host);
  void install_stragglers(const scenario::Scenario& scenario);

  std::unique_ptr<simgrid::s4u::Engine> engine_;
  RoleLayout layout_;
  std::vector<simgrid::s4u::Host*> hosts_;
  std::vector<double> fixed_slowdown_;  // per role
  std::vector<std::vector<std::pair<double, double>>> speed_ratios_;  // per role: (date, speed ratio) steps
  std::string platform_file_;
  RandomStraggling random_;
  Ledger ledger_;
  std::vector<Failure> failures_;
  std::optional<Divergence> divergence_;
  std::optional<std::string> actor_error_;
  double end_time_ = 0;
  std::unordered_map<const simgrid::s4u::Host*, std::size_t> host_records_;  // ledger indices
  std::map<std::pair<const simgrid::s4u::Host*, const simgrid::s4u::Host*>, std::vector<std::size_t>> route_links_;
  std::map<const simgrid::s4u::Mailbox*, const simgrid::s4u::Host*> inbox_hosts_;  // open inboxes
  // Each link's id in models::Flow, the same in every call of flows(), so flows of separate calls
  // that cross one link share it in the models.
  mutable std::map<const simgrid::s4u::Link*, int> link_ids_;
  // The messages of kept sends not read yet, with their deleters. SimGrid frees the message of a
  // detached send that is never read, but leaves that of a kept one to its sender, which may
  // have ended or failed by then.
  std::unordered_map<const void*, void (*)(const void*)> unreceived_;
  std::unique_ptr<Trace> trace_;
};

template <class T>
void Cluster::trace_sent(const T* message, const simgrid::s4u::Mailbox* to, bool lost) {
  static const std::string kind = type_name(typeid(T).name());
  if (trace_) trace_sent(lost ? nullptr : message, kind, to, message->wire_bytes);
}

template <class T>
void Cluster::post(simgrid::s4u::Mailbox* to, std::unique_ptr<T> message) {
  const double bytes = message->wire_bytes;
  const bool delivered = account_sent(to, bytes);
  trace_sent(message.get(), to, !delivered);
  if (!delivered) return;
  to->put_init(message.release(), bytes)->detach([](void* m) { delete static_cast<T*>(m); });
}

template <class T>
KeptSend Cluster::post_kept(simgrid::s4u::Mailbox* to, std::unique_ptr<T> message) {
  const double bytes = message->wire_bytes;
  const bool delivered = account_sent(to, bytes);
  trace_sent(message.get(), to, !delivered);
  if (!delivered) return {};
  if (!inbox_hosts_.count(to)) {  // it would wait for a reader forever: nothing to see through
    to->put_init(message.release(), bytes)->detach([](void* m) { delete static_cast<T*>(m); });
    return {.posted = true, .comm = nullptr};
  }
  unreceived_.emplace(message.get(), [](const void* m) { delete static_cast<const T*>(m); });
  return {.posted = true, .comm = to->put_async(message.release(), bytes)};
}

template <class T>
std::unique_ptr<T> Cluster::receive_once(simgrid::s4u::Mailbox* from, double deadline) {
  const double left = deadline - simgrid::s4u::Engine::get_clock();
  if (left <= 0) return nullptr;
  try {
    std::unique_ptr<T> message(from->get<T>(left));
    took(message.get());
    account_received(message->wire_bytes);
    trace_received(message.get());
    return message;
  } catch (const simgrid::TimeoutException&) {
    return nullptr;
  }
}

template <class T>
std::unique_ptr<T> Cluster::receive(simgrid::s4u::Mailbox* from, double deadline) {
  while (true) {
    try {
      return receive_once<T>(from, deadline);
    } catch (const simgrid::NetworkFailureException&) {
      // the sender's host failed during the transfer: that message is lost, keep listening
    }
  }
}

template <class T>
std::unique_ptr<T> Cluster::receive_newest(simgrid::s4u::Mailbox* from, double deadline) {
  auto message = receive<T>(from, deadline);
  while (message && from->ready()) {
    message.reset(from->get<T>());  // already arrived: no waiting
    took(message.get());
    account_received(message->wire_bytes);
    trace_received(message.get());
  }
  return message;
}

}  // namespace ssim::cluster
