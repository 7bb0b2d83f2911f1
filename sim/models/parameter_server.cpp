#include "models/parameter_server.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <random>

namespace ssim::models {

double kth_smallest(std::vector<double> values, int k) {
  const int n = static_cast<int>(values.size());
  if (n == 0) return 0;
  k = (k <= 0 || k > n) ? n : k;
  std::nth_element(values.begin(), values.begin() + (k - 1), values.end());
  return values[k - 1];
}

double expected_under_straggling(const std::vector<double>& base, double p, double slowdown,
                                 const std::function<double(const std::vector<double>&)>& f) {
  const int n = static_cast<int>(base.size());
  if (p <= 0 || slowdown == 1 || n == 0) return f(base);
  std::vector<double> times(n);
  auto masked = [&](auto is_slow) {
    for (int w = 0; w < n; ++w) times[w] = base[w] * (is_slow(w) ? slowdown : 1.0);
    return f(times);
  };
  if (n <= 12) {
    double expected = 0;
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
      double probability = 1;
      for (int w = 0; w < n; ++w) probability *= (mask >> w & 1u) ? p : 1 - p;
      expected += probability * masked([&](int w) { return mask >> w & 1u; });
    }
    return expected;
  }
  std::mt19937_64 rng(0x5eed);
  std::uniform_real_distribution<double> uniform(0, 1);
  const int draws = 4096;
  double sum = 0;
  for (int d = 0; d < draws; ++d) sum += masked([&](int) { return uniform(rng) < p; });
  return sum / draws;
}

Prediction parameter_server(const ParameterServerInput& in) {
  const int workers = static_cast<int>(in.worker_speeds.size());
  const double update = in.server_flops_per_round / in.server_speed;
  const auto broadcast_arrivals = arrival_times(in.broadcast, std::vector<double>(workers, 0.0), in.message_bytes);
  const double broadcast = *std::max_element(broadcast_arrivals.begin(), broadcast_arrivals.end());
  // A worker starts computing when its parameters arrive: the broadcast's arrivals differ when
  // its flows share a link unequally, and so then do the gradients' starts.
  auto gather_end = [&](const std::vector<double>& compute) {
    std::vector<double> starts(compute.size());
    for (std::size_t w = 0; w < compute.size(); ++w) starts[w] = broadcast_arrivals[w] + compute[w];
    return kth_smallest(arrival_times(in.gather, starts, in.message_bytes), in.wait_for);
  };
  auto kth_compute = [&](const std::vector<double>& compute) { return kth_smallest(compute, in.wait_for); };

  double total = 0, compute_total = 0;
  for (const auto& group : in.workload) {
    std::vector<double> times;
    for (double speed : in.worker_speeds) times.push_back(group.worker_flops / speed);
    const double p = in.straggle_probability, s = in.straggle_slowdown;
    total += group.count * (expected_under_straggling(times, p, s, gather_end) + update);
    compute_total += group.count * expected_under_straggling(times, p, s, kth_compute);
  }
  const long rounds = total_rounds(in.workload);
  Prediction prediction;
  prediction.time_s = total;
  prediction.formula =
      "T = I * (c + max T_A), c = gather + update + broadcast; messages on one link at once share its bandwidth "
      "in proportion to 1 / their route latency, as SimGrid does";
  prediction.values = fmt::format("I = {}, mean max T_A = {:.6g} s, mean c = {:.6g} s (update {:.6g} s, broadcast "
                                  "{:.6g} s), T = {:.6g} s",
                                  rounds, rounds ? compute_total / rounds : 0.0,
                                  rounds ? (total - compute_total) / rounds : 0.0, update, broadcast, total);
  return prediction;
}

}  // namespace ssim::models
