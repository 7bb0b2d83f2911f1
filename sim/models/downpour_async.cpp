#include "models/downpour_async.hpp"
#include <algorithm>
#include <deque>
#include <fmt/format.h>
#include <numeric>
#include <stdexcept>

namespace ssim::models {

bool pushes_after(long step, long steps, int push_every) { return (step + 1) % push_every == 0 || step + 1 == steps; }

namespace {

// The schedule of the header, event by event: the workers' loops, the server's connections and
// the messages on the network.
class AsyncSchedule {
 public:
  explicit AsyncSchedule(const DownpourAsyncInput& in)
      : in_(in), net_(in.routes), workers_(in.steps.size()), connections_(in.steps.size()) {}

  void run() {
    for (std::size_t w = 0; w < workers_.size(); ++w) begin_step(static_cast<int>(w), 0.0);
    while (true) {
      double t = net_.next_event();
      for (const auto& w : workers_)
        if (w.phase == Phase::computing) t = std::min(t, w.compute_end);
      if (applying_) t = std::min(t, server_free_);
      if (t == FlowNetwork::kNever) break;
      const auto arrivals = net_.advance_to(t);
      for (std::size_t w = 0; w < workers_.size(); ++w)
        if (workers_[w].phase == Phase::computing && workers_[w].compute_end == t) computed(static_cast<int>(w), t);
      for (int id : arrivals) arrived(id, t);
      if (applying_ && server_free_ == t) applying_ = false;
      serve(t);
    }
    for (const auto& sent : connections_)
      if (!sent.empty()) throw std::logic_error("downpour_async: a message the server never took");
  }

  double end() const { return end_; }
  double finished(int w) const { return workers_[w].finished; }
  long pushes(int w) const { return workers_[w].pushes; }
  double staleness_sum(int w) const { return workers_[w].staleness_sum; }

 private:
  enum class Kind { fetch, push, done, reply };
  static constexpr double kNotYet = -1;
  enum class Phase { awaiting_reply, computing, awaiting_push, finished };
  struct Message {
    Kind kind;
    int worker;
    long version;  // push: the version its worker last fetched; reply: the version it carries
  };
  struct Worker {
    Phase phase = Phase::finished;
    long step = 0;
    double compute_end = 0;
    int awaited = -1;  // the push it waits to see arrive
    long fetched_version = 0;
    double finished = 0;
    long pushes = 0;
    double staleness_sum = 0;
  };

  int post(Kind kind, int w, double bytes, double t, long version) {
    const int route = kind == Kind::reply ? 2 * w + 1 : 2 * w;
    const int id = net_.send(route, bytes, t);
    messages_.push_back({kind, w, version});
    arrival_.push_back(kNotYet);
    if (kind != Kind::reply) connections_[w].push_back(id);
    return id;
  }

  void begin_step(int w, double t) {
    auto& worker = workers_[w];
    if (worker.step == in_.steps[w]) {
      post(Kind::done, w, in_.request_bytes, t, 0);
      worker.phase = Phase::finished;
      worker.finished = t;
    } else if (worker.step % in_.fetch_every == 0) {
      post(Kind::fetch, w, in_.request_bytes, t, 0);
      worker.phase = Phase::awaiting_reply;
    } else {
      compute(w, t);
    }
  }

  void compute(int w, double t) {
    auto& worker = workers_[w];
    const auto& pass = in_.pass_flops[w];
    const double factor = in_.straggle_factor ? in_.straggle_factor(w, worker.step) : 1.0;
    worker.phase = Phase::computing;
    worker.compute_end = in_.worker_speeds[w].finish(t, pass[worker.step % static_cast<long>(pass.size())] * factor);
  }

  void computed(int w, double t) {
    auto& worker = workers_[w];
    const long steps = in_.steps[w];
    if (pushes_after(worker.step, steps, in_.push_every)) {
      const int id = post(Kind::push, w, in_.parameter_bytes, t, worker.fetched_version);
      const bool followed = worker.step + 1 == steps || (worker.step + 1) % in_.fetch_every == 0;
      if (followed) {
        worker.phase = Phase::awaiting_push;
        worker.awaited = id;
        return;
      }
    }
    ++worker.step;
    begin_step(w, t);
  }

  void arrived(int id, double t) {
    arrival_[id] = t;
    const auto& message = messages_[id];
    auto& worker = workers_[message.worker];
    if (message.kind == Kind::reply) {
      worker.fetched_version = message.version;
      compute(message.worker, t);
    } else if (message.kind == Kind::push && worker.phase == Phase::awaiting_push && worker.awaited == id) {
      ++worker.step;
      begin_step(message.worker, t);
    }
  }

  // The worker whose next message arrived first, the lowest of those whose arrived at one instant;
  // -1 when none has arrived.
  int first_arrived() const {
    int first = -1;
    for (std::size_t w = 0; w < connections_.size(); ++w) {
      if (connections_[w].empty() || arrival_[connections_[w].front()] == kNotYet) continue;
      if (first < 0 || arrival_[connections_[w].front()] < arrival_[connections_[first].front()])
        first = static_cast<int>(w);
    }
    return first;
  }

  // Whenever it is free, the server takes the message that arrived first.
  void serve(double t) {
    for (int w; !applying_ && (w = first_arrived()) >= 0;) {
      const auto message = messages_[connections_[w].front()];
      connections_[w].pop_front();
      switch (message.kind) {
        case Kind::fetch:
          post(Kind::reply, message.worker, in_.parameter_bytes, t, version_);
          break;
        case Kind::push: {
          auto& worker = workers_[message.worker];
          worker.staleness_sum += static_cast<double>(version_ - message.version);
          ++worker.pushes;
          ++version_;
          server_free_ = in_.server_speed.finish(t, in_.push_flops);
          applying_ = true;
          end_ = std::max(end_, server_free_);
          break;
        }
        case Kind::done:
        case Kind::reply:
          end_ = std::max(end_, t);
          break;
      }
    }
  }

  const DownpourAsyncInput& in_;
  FlowNetwork net_;
  std::vector<Worker> workers_;
  std::vector<Message> messages_;  // by network id
  std::vector<double> arrival_;    // by network id: when it arrived, or kNotYet
  std::vector<std::deque<int>> connections_;  // per worker: its messages to the server not yet taken
  bool applying_ = false;
  double server_free_ = 0;
  long version_ = 0;
  double end_ = 0;
};

// A message's time over its route alone: latency + bytes / its slowest link.
double alone(const Routes& routes, int route, double bytes) {
  const auto& r = routes.routes.at(route);
  double slowest = 0;
  for (int link : r.links) slowest = std::max(slowest, bytes / routes.bandwidths[link]);
  return r.latency_s + slowest;
}

// The paper's picture, for the reader: each worker at its own pace with every message alone, the
// server's CPU a bound of its own.
double paper_time(const DownpourAsyncInput& in, long total_pushes, double apply) {
  double slowest = 0;
  for (std::size_t w = 0; w < in.steps.size(); ++w) {
    const int i = static_cast<int>(w);
    const double round_trip = alone(in.routes, 2 * i, in.request_bytes) + alone(in.routes, 2 * i + 1, in.parameter_bytes);
    double t = 0;
    for (long s = 0; s < in.steps[w]; ++s) {
      if (s % in.fetch_every == 0) t += round_trip;
      const auto& pass = in.pass_flops[w];
      t = in.worker_speeds[w].finish(t, pass[s % static_cast<long>(pass.size())]);
      if (pushes_after(s, in.steps[w], in.push_every) && (s + 1 == in.steps[w] || (s + 1) % in.fetch_every == 0))
        t += alone(in.routes, 2 * i, in.parameter_bytes);
    }
    slowest = std::max(slowest, t);
  }
  return std::max(slowest + apply, static_cast<double>(total_pushes) * apply);
}

}  // namespace

DownpourAsyncPrediction downpour_async(const DownpourAsyncInput& in) {
  const std::size_t workers = in.steps.size();
  if (in.pass_flops.size() != workers || in.worker_speeds.size() != workers || in.samples.size() != workers ||
      in.routes.routes.size() != 2 * workers)
    throw std::invalid_argument("downpour_async: per worker its steps, flops, samples, speed and two routes");
  AsyncSchedule schedule(in);
  schedule.run();

  DownpourAsyncPrediction out;
  long total_pushes = 0;
  double staleness = 0;
  for (std::size_t w = 0; w < workers; ++w) {
    const int i = static_cast<int>(w);
    out.worker_time.push_back(schedule.finished(i));
    out.staleness.push_back(schedule.pushes(i) ? schedule.staleness_sum(i) / static_cast<double>(schedule.pushes(i)) : 0.0);
    total_pushes += schedule.pushes(i);
    staleness += schedule.staleness_sum(i);
  }
  if (total_pushes) out.mean_staleness = staleness / static_cast<double>(total_pushes);
  const double time = schedule.end();
  const double samples = std::accumulate(in.samples.begin(), in.samples.end(), 0.0);
  out.throughput = time > 0 ? samples / time : 0.0;
  const double apply = in.push_flops / in.server_speed.final_speed();
  out.paper_time = paper_time(in, total_pushes, apply);

  auto& prediction = out.prediction;
  prediction.time_s = time;
  prediction.formula =
      "each worker's loop (fetch: request, wait for the reply; compute each step at its host's speed of the moment "
      "x its straggle factor; push every push_every steps, awaiting it before a fetch or the end) against a server "
      "that takes the messages in the order they arrived, once free (at one instant, worker by worker), applying a push at its "
      "speed of the moment; messages share their routes' links (max-min). Paper's picture: T = max(max_w T_w + "
      "apply, pushes * apply), T_w = sum T_A,w + fetches * (request + reply) + ordered pushes, each message alone";
  const auto slowest = std::max_element(out.worker_time.begin(), out.worker_time.end());
  prediction.values = fmt::format(
      "N = {}, fetch every {}, push every {}, last worker done at {:.6g} s, apply {:.6g} s x {} pushes = {:.6g} s, "
      "T = {:.6g} s, throughput {:.6g} samples/s, mean staleness {:.3g}; paper's picture T = {:.6g} s",
      workers, in.fetch_every, in.push_every, slowest == out.worker_time.end() ? 0.0 : *slowest, apply, total_pushes,
      static_cast<double>(total_pushes) * apply, time, out.throughput, out.mean_staleness, out.paper_time);
  return out;
}

}  // namespace ssim::models
