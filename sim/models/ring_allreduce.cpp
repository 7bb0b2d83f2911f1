#include "models/ring_allreduce.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <stdexcept>

namespace ssim::models {

namespace {

// Each worker's hop time for a message of `bytes` to its successor, all N hops carrying one at once.
std::vector<double> hop_times(const std::vector<Flow>& neighbours, double bytes) {
  if (neighbours.empty()) return {};
  return arrival_times(neighbours, std::vector<double>(neighbours.size(), 0.0), bytes);
}

// Whether two hops have the same busiest link: then a hop is charged its share with all of them on
// it, and a ring out of step, where they overlap less, takes less.
bool hops_share_a_link(const std::vector<Flow>& neighbours) {
  std::set<int> links;
  for (const auto& flow : neighbours)
    if (!links.insert(flow.bottleneck).second) return true;
  return false;
}

int wrap(int chunk, int n) { return (chunk % n + n) % n; }

// The recursion of the header, step by step: when each worker can go on, and when its last send arrived.
class RingSchedule {
 public:
  RingSchedule(const RingAllreduceInput& in, const RingChunks& chunks)
      : in_(in), chunks_(chunks), n_(chunks.count()), ready_(n_, 0.0), sent_(n_, 0.0), arrival_(n_, 0.0) {
    for (int c = 0; c < n_; ++c)
      if (!hops_.count(chunks.size(c))) hops_[chunks.size(c)] = hop_times(in.neighbours, chunks.size(c) * in.bytes_per_value);
  }

  void iteration(long i) {
    for (int w = 0; w < n_; ++w) {
      const double factor = in_.straggle_factor ? in_.straggle_factor(w, i) : 1.0;
      ready_[w] = speed(w).finish(ready_[w], in_.iteration_flops[i] * factor);
    }
    for (int s = 0; s < n_ - 1; ++s) step(s, /*reduce=*/true);
    for (int s = 0; s < n_ - 1; ++s) step(s, /*reduce=*/false);
    for (int w = 0; w < n_; ++w) ready_[w] = speed(w).finish(ready_[w], double(in_.values) + in_.optimizer_flops);
  }
  // The run ends when every worker has updated and its last chunk has arrived.
  double end() const {
    double t = 0;
    for (int w = 0; w < n_; ++w) t = std::max({t, ready_[w], sent_[w]});
    return t;
  }

 private:
  // Reduce-scatter step s: w sends chunk w-s and adds chunk w-s-1; all-gather: w sends chunk
  // w+1-s and takes chunk w-s (as schemes/ring_allreduce.cpp does).
  void step(int s, bool reduce) {
    for (int w = 0; w < n_; ++w) {
      const long values = chunks_.size(wrap(reduce ? w - s : w + 1 - s, n_));
      ready_[w] = std::max(ready_[w], sent_[w]);  // the previous chunk to the successor has arrived
      arrival_[w] = ready_[w] + hops_.at(values)[w];
      sent_[w] = arrival_[w];
    }
    for (int w = 0; w < n_; ++w) {
      const double taken = std::max(ready_[w], arrival_[wrap(w - 1, n_)]);
      ready_[w] = reduce ? speed(w).finish(taken, double(chunks_.size(wrap(w - s - 1, n_)))) : taken;
    }
  }
  const SpeedTimeline& speed(int w) const { return in_.worker_speeds[w]; }

  const RingAllreduceInput& in_;
  const RingChunks& chunks_;
  int n_;
  std::map<long, std::vector<double>> hops_;  // by chunk size in values: each worker's hop time
  std::vector<double> ready_, sent_, arrival_;
};

// The paper's lock-step form, for the reader: every step charged the slowest worker and hop.
struct LockStep {
  double step = 0, add = 0, update = 0, compute = 0, time = 0;
};

LockStep lock_step(const RingAllreduceInput& in, const RingChunks& chunks) {
  const int n = chunks.count();
  double slowest = in.worker_speeds.front().final_speed();
  for (const auto& w : in.worker_speeds) slowest = std::min(slowest, w.final_speed());
  LockStep l;
  const auto hops = hop_times(in.neighbours, chunks.largest() * in.bytes_per_value);
  l.step = hops.empty() ? 0 : *std::max_element(hops.begin(), hops.end());
  l.add = chunks.largest() / slowest;
  l.update = (in.values + in.optimizer_flops) / slowest;
  for (double flops : in.iteration_flops) l.compute += flops / slowest;
  const double iterations = double(in.iteration_flops.size());
  l.time = l.compute + iterations * (2.0 * (n - 1) * l.step + (n - 1) * l.add + l.update);
  return l;
}

}  // namespace

RingChunks::RingChunks(long values, int chunks) {
  if (values < 0 || chunks < 1) throw std::invalid_argument("RingChunks: needs values >= 0 and chunks >= 1");
  const long base = values / chunks, larger = values % chunks;
  starts_.push_back(0);
  for (int c = 0; c < chunks; ++c) starts_.push_back(starts_.back() + base + (c < larger ? 1 : 0));
}

std::vector<double> ring_allreduce_bytes_sent(const RingChunks& chunks, double bytes_per_value) {
  const int n = chunks.count();
  const long values = chunks.start(n);
  std::vector<double> bytes;
  for (int w = 0; w < n; ++w)
    bytes.push_back((2 * values - chunks.size((w + 1) % n) - chunks.size((w + 2) % n)) * bytes_per_value);
  return bytes;
}

double ring_allreduce_bytes_per_worker(double gradient_bytes, int workers) {
  return 2.0 * (workers - 1) / workers * gradient_bytes;
}

Prediction ring_allreduce(const RingAllreduceInput& in) {
  const int n = static_cast<int>(in.worker_speeds.size());
  const RingChunks chunks(in.values, n);
  RingSchedule schedule(in, chunks);
  const long iterations = static_cast<long>(in.iteration_flops.size());
  for (long i = 0; i < iterations; ++i) schedule.iteration(i);
  const LockStep l = lock_step(in, chunks);
  Prediction prediction;
  prediction.time_s = schedule.end();
  if (hops_share_a_link(in.neighbours)) prediction.kind = Prediction::Kind::upper_bound;
  prediction.formula =
      "max-plus recursion over workers w and steps s: post(w,s) = max(taken(w,s-1), arrived(w,s-1)); "
      "arrived(w,s) = post(w,s) + hop(w); taken(w,s) = max(post(w,s), arrived(w-1,s)) + add(w); compute, add and "
      "update at each host's speed of the moment; hops sharing a link are charged their share with all of them on it "
      "(then an upper bound: a ring out of step overlaps them less). Lock-step form (seed 003): T = I * (max T_A + 2(N-1) * "
      "(alpha + S/(N*beta)) + (N-1) * T_add + T_update)";
  prediction.values = fmt::format(
      "N = {}, I = {}, S = {} bytes, chunk = {} bytes, T = {:.6g} s; lock-step form: step = {:.6g} s, "
      "mean max T_A = {:.6g} s, T_add = {:.6g} s, T_update = {:.6g} s, T = {:.6g} s",
      n, iterations, in.values * in.bytes_per_value, chunks.largest() * in.bytes_per_value, prediction.time_s, l.step,
      iterations ? l.compute / iterations : 0.0, l.add, l.update, l.time);
  return prediction;
}

}  // namespace ssim::models
