#include "models/parameter_server.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>
#include <tuple>

namespace ssim::models {

namespace {

struct Message {  // one transfer of the run
  int worker;
  long round;     // gradient: the round computed; parameters: the round they start
  bool gradient;
  int pass;       // the round whose recursion step created it
  double start;
  double arrival = 0;
  bool sent = true;  // false: a gradient of a round its worker skipped, never sent
};

struct Worker {
  long taking = 0;      // the round it computes (or has computed and sent); -1: waiting for a message
  double taken_at = 0;  // when it took that round's parameters
  double sent_at = 0;   // when it sent its last gradient
  int gradient = -1;    // that gradient's message
};

// The recursion of the header, round by round.
class Schedule {
 public:
  explicit Schedule(const ParameterServerInput& in)
      : in_(in), n_(static_cast<int>(in.worker_speeds.size())), needed_(in.wait_for > 0 ? std::min(in.wait_for, n_) : n_),
        parameters_(n_), workers_(n_) {
    if (in.gather.size() != std::size_t(n_) || in.broadcast.size() != std::size_t(n_))
      throw std::invalid_argument("parameter_server: one gather and one broadcast flow per worker");
  }

  double run() {
    const long rounds = static_cast<long>(in_.round_flops.size());
    pass_begin_.push_back(0);
    double sent = 0;  // S_r
    for (long r = 0; r < rounds; ++r) {
      step(r, sent);
      sent = in_.server_speed.finish(collect(r, sent), in_.server_flops(needed_));
    }
    broadcast(rounds, sent);
    network(first_pass(rounds, sent), rounds);
    double end = sent;
    for (int w = 0; w < n_; ++w) end = std::max(end, messages_[parameters_[w].back()].arrival);
    return end;
  }

 private:
  void broadcast(long r, double at) {
    pass_begin_.push_back(messages_.size());
    for (int w = 0; w < n_; ++w) {
      parameters_[w].push_back(static_cast<int>(messages_.size()));
      messages_.push_back({.worker = w, .round = r, .gradient = false, .pass = static_cast<int>(r), .start = at});
    }
  }

  // Round r's parameters leave at S_r; each worker's take of a round, and its gradient, follow from
  // when they arrive; the network shares their links with the gradients: repeat until the
  // gradients' send times no longer change.
  void step(long r, double sent) {
    if (r > 0) broadcast(r, sent);  // pass r begins
    const int first = first_pass(r, sent);
    const auto before = workers_;
    const std::size_t kept = messages_.size();
    std::vector<double> starts;
    for (int iteration = 0;; ++iteration) {
      if (iteration > 1000) throw std::logic_error("parameter_server: the round's schedule does not settle");
      network(first, r);
      std::vector<double> next;
      std::vector<Message> created;
      workers_ = before;
      for (std::size_t i = pass_begin_[std::max(0L, r - 1)]; i < kept; ++i)  // undo the last try's skips
        messages_[i].sent = messages_[i].sent || (messages_[i].pass == r - 1 && messages_[i].gradient);
      for (int w = 0; w < n_; ++w) {
        auto& worker = workers_[w];
        if (r > 0) {
          const double arrived = messages_[parameters_[w][r - 1]].arrival;
          if (worker.taking == r - 1 && arrived <= worker.taken_at) {
            messages_[worker.gradient].sent = false;  // round r's parameters were there already: r-1 skipped
            worker.taking = r;
          } else {
            if (worker.taking == r - 1) worker.sent_at = messages_[worker.gradient].start;
            worker.taking = r;
            worker.taken_at = std::max(worker.sent_at, arrived);
          }
        }
        const double factor = in_.straggle_factor ? in_.straggle_factor(w, r) : 1.0;
        const double done = in_.worker_speeds[w].finish(worker.taken_at, in_.round_flops[r] * factor);
        worker.gradient = static_cast<int>(kept + created.size());
        created.push_back({.worker = w, .round = r, .gradient = true, .pass = static_cast<int>(r), .start = done});
        next.push_back(done);
      }
      messages_.resize(kept);
      messages_.insert(messages_.end(), created.begin(), created.end());
      if (next == starts) break;
      starts = std::move(next);
    }
    network(first, r);
  }

  // The server reads gradients in the order they were sent, from where it stopped, and stops at
  // the needed-th of round r.
  double collect(long r, double from) {
    std::vector<int> order;
    for (std::size_t i = unread_from_; i < messages_.size(); ++i)
      if (messages_[i].gradient && messages_[i].sent && key(messages_[i]) > read_) order.push_back(static_cast<int>(i));
    std::sort(order.begin(), order.end(), [&](int a, int b) { return key(messages_[a]) < key(messages_[b]); });
    double t = from;
    int heard = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const auto& m = messages_[order[k]];
      t = std::max(t, m.arrival);
      read_ = key(m);
      if (m.round == r && ++heard == needed_) {
        unread_from_ = messages_.size();
        for (std::size_t later = k + 1; later < order.size(); ++later)
          unread_from_ = std::min(unread_from_, static_cast<std::size_t>(order[later]));
        return t;
      }
    }
    throw std::logic_error("parameter_server: a round heard fewer gradients than it waits for");
  }
  static std::tuple<double, int> key(const Message& m) { return {m.start, m.worker}; }

  // The earliest pass with a message still on its way at `at`: the network is shared from there.
  int first_pass(long r, double at) {
    while (in_flight_from_ < messages_.size() &&
           (!messages_[in_flight_from_].sent || messages_[in_flight_from_].arrival <= at))
      ++in_flight_from_;
    int first = static_cast<int>(r);
    for (std::size_t i = in_flight_from_; i < messages_.size(); ++i)
      if (messages_[i].sent && messages_[i].arrival > at) first = std::min(first, messages_[i].pass);
    return first;
  }

  // Arrival times of the messages of passes first..last, sharing the network.
  void network(int first, long last) {
    std::vector<int> ids;
    std::vector<Flow> flows;
    std::vector<double> starts;
    for (std::size_t i = pass_begin_[first]; i < messages_.size(); ++i) {
      const auto& m = messages_[i];
      if (!m.sent || m.pass > last) continue;
      ids.push_back(static_cast<int>(i));
      flows.push_back(m.gradient ? in_.gather[m.worker] : in_.broadcast[m.worker]);
      starts.push_back(m.start);
    }
    const auto arrivals = arrival_times(flows, starts, in_.message_bytes);
    for (std::size_t k = 0; k < ids.size(); ++k) messages_[ids[k]].arrival = arrivals[k];
  }

  const ParameterServerInput& in_;
  int n_, needed_;
  std::vector<Message> messages_;
  std::vector<std::vector<int>> parameters_;  // per worker: its parameters' messages, from round 1
  std::vector<Worker> workers_;
  std::vector<std::size_t> pass_begin_;     // the first message of each pass
  std::tuple<double, int> read_{-1.0, -1};  // the last gradient the server read: (sent at, worker)
  std::size_t unread_from_ = 0;             // messages before it are read, or never sent
  std::size_t in_flight_from_ = 0;          // messages before it have arrived, or were never sent
};

// The paper's lock-step form, for the reader: every round charged the slowest worker, a gather
// and a broadcast of all messages at once, and the update.
struct LockStep {
  double compute = 0, gather = 0, broadcast = 0, update = 0, time = 0;
};

LockStep lock_step(const ParameterServerInput& in, int needed) {
  LockStep l;
  const std::size_t n = in.worker_speeds.size();
  auto last = [](const std::vector<double>& times) { return *std::max_element(times.begin(), times.end()); };
  l.gather = last(arrival_times(in.gather, std::vector<double>(n, 0.0), in.message_bytes));
  l.broadcast = last(arrival_times(in.broadcast, std::vector<double>(n, 0.0), in.message_bytes));
  l.update = in.server_flops(needed) / in.server_speed.final_speed();
  for (double flops : in.round_flops) {
    double slowest = 0;
    for (const auto& speed : in.worker_speeds) slowest = std::max(slowest, flops / speed.final_speed());
    l.compute += slowest;
  }
  l.time = l.compute + double(in.round_flops.size()) * (l.gather + l.update + l.broadcast);
  return l;
}

}  // namespace

Prediction parameter_server(const ParameterServerInput& in) {
  const int n = static_cast<int>(in.worker_speeds.size());
  if (n == 0) throw std::invalid_argument("parameter_server: needs workers");
  const int needed = in.wait_for > 0 ? std::min(in.wait_for, n) : n;
  Schedule schedule(in);
  Prediction prediction;
  prediction.time_s = schedule.run();
  const long rounds = static_cast<long>(in.round_flops.size());
  const LockStep l = lock_step(in, needed);
  prediction.formula =
      "recursion over rounds r: S_0 = 0; worker w takes the newest parameters arrived once it has sent its last "
      "gradient, computes at its host's speed of the moment times its straggle factor, and sends; the server reads "
      "the gradients in the order sent and updates after the k-th of round r: S_{r+1} = read_k(r) + update; "
      "T = last arrival of the final parameters; messages share links as SimGrid shares them. Lock-step form "
      "(seeds 003/004): T = I * (c + max T_A), c = gather + update + broadcast";
  prediction.values = fmt::format(
      "I = {}, N = {}, k = {}, T = {:.6g} s; lock-step form: mean max T_A = {:.6g} s, c = {:.6g} s (gather "
      "{:.6g} s, update {:.6g} s, broadcast {:.6g} s), T = {:.6g} s",
      rounds, n, needed, prediction.time_s, rounds ? l.compute / double(rounds) : 0.0, l.gather + l.update + l.broadcast,
      l.gather, l.update, l.broadcast, l.time);
  return prediction;
}

}  // namespace ssim::models
