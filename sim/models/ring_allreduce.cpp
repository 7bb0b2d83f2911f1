#include "models/ring_allreduce.hpp"
#include "models/order_statistics.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

namespace ssim::models {

namespace {

// One step: every worker sends a chunk of `bytes` to its successor at the same time.
double step_time(const std::vector<Flow>& neighbours, double bytes) {
  if (neighbours.empty()) return 0;
  const auto arrivals = arrival_times(neighbours, std::vector<double>(neighbours.size(), 0.0), bytes);
  return *std::max_element(arrivals.begin(), arrivals.end());
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
  const double slowest_speed = *std::min_element(in.worker_speeds.begin(), in.worker_speeds.end());
  const double chunk_bytes = chunks.largest() * in.bytes_per_value;
  const double step = step_time(in.neighbours, chunk_bytes);
  const double add = chunks.largest() / slowest_speed;
  const double update = (in.values + in.optimizer_flops) / slowest_speed;
  const double allreduce = 2.0 * (n - 1) * step + (n - 1) * add;

  double compute_total = 0;
  for (const auto& group : in.workload) {
    std::vector<double> times;
    for (double speed : in.worker_speeds) times.push_back(group.worker_flops / speed);
    compute_total +=
        group.count * expected_kth_under_straggling(times, in.straggle_probability, in.straggle_slowdown, 0);
  }
  const long rounds = total_rounds(in.workload);
  Prediction prediction;
  prediction.time_s = compute_total + rounds * (allreduce + update);
  prediction.formula =
      "T = I * (max T_A + 2(N-1) * (alpha + S/(N*beta)) + (N-1) * T_add + T_update); a step moves one chunk "
      "from every worker to its successor at once";
  prediction.values = fmt::format(
      "N = {}, I = {}, S = {} bytes, chunk = {} bytes, step = {:.6g} s, mean max T_A = {:.6g} s, T_add = {:.6g} s, "
      "T_update = {:.6g} s, all-reduce = {:.6g} s, T = {:.6g} s",
      n, rounds, in.values * in.bytes_per_value, chunk_bytes, step, rounds ? compute_total / rounds : 0.0, add,
      update, allreduce, prediction.time_s);
  return prediction;
}

}  // namespace ssim::models
