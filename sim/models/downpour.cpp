#include "models/downpour.hpp"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace ssim::models {
namespace {

// P(K <= k) for K ~ Binomial(n, p), k = 0..n.
std::vector<double> binomial_cdf(long n, double p) {
  std::vector<double> cdf(static_cast<std::size_t>(n) + 1);
  double total = 0;
  for (long k = 0; k <= n; ++k) {
    const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) +
                           (n - k) * std::log1p(-p);
    total += std::exp(log_pmf);
    cdf[static_cast<std::size_t>(k)] = std::min(total, 1.0);
  }
  cdf.back() = 1;
  return cdf;
}

}  // namespace

double expected_last_finish(const std::vector<double>& base, const std::vector<double>& extra,
                            const std::vector<long>& steps, double p) {
  if (base.empty()) return 0;
  if (p <= 0 || p >= 1) {
    double last = 0;
    for (std::size_t w = 0; w < base.size(); ++w) last = std::max(last, base[w] + (p >= 1 ? steps[w] * extra[w] : 0.0));
    return last;
  }
  std::vector<std::vector<double>> cdf;
  std::vector<double> finishes;
  for (std::size_t w = 0; w < base.size(); ++w) {
    cdf.push_back(binomial_cdf(steps[w], p));
    for (long k = 0; k <= steps[w]; ++k) finishes.push_back(base[w] + k * extra[w]);
  }
  std::sort(finishes.begin(), finishes.end());
  finishes.erase(std::unique(finishes.begin(), finishes.end()), finishes.end());
  // P(every worker done by t), then E[last] = sum of t * P(last = t) over the possible finishes.
  auto all_done_by = [&](double t) {
    double probability = 1;
    for (std::size_t w = 0; w < base.size(); ++w) {
      if (t < base[w] * (1 - 1e-12)) return 0.0;
      if (extra[w] <= 0) continue;
      const auto k = static_cast<long>(std::floor((t - base[w]) / extra[w] * (1 + 1e-12) + 1e-9));
      probability *= cdf[w][static_cast<std::size_t>(std::min(k, steps[w]))];
    }
    return probability;
  };
  double expected = 0, below = 0;
  for (double t : finishes) {
    const double by_t = all_done_by(t);
    expected += t * (by_t - below);
    below = by_t;
  }
  return expected;
}

Prediction downpour(const DownpourInput& in) {
  const std::size_t workers = in.worker_speeds.size();
  const auto dispatched = arrival_times(in.dispatch, std::vector<double>(workers, 0.0), in.dispatch_bytes);
  std::vector<double> trained(workers), slowed_step(workers);
  double slowest_training = 0;
  for (std::size_t w = 0; w < workers; ++w) {
    const double training = in.worker_flops[w] / in.worker_speeds[w];
    slowest_training = std::max(slowest_training, training);
    trained[w] = dispatched[w] + training;
    slowed_step[w] = in.worker_steps[w] ? training / in.worker_steps[w] * (in.straggle_slowdown - 1) : 0.0;
  }
  double gather_end = 0;
  if (in.straggle_probability > 0 && in.straggle_slowdown > 1) {
    double crossing = 0;  // the last update crosses alone
    for (const auto& flow : in.gather) crossing = std::max(crossing, flow.latency_s + in.update_bytes / flow.bandwidth);
    gather_end = expected_last_finish(trained, slowed_step, in.worker_steps, in.straggle_probability) + crossing;
  } else if (workers) {
    const auto gathered = arrival_times(in.gather, trained, in.update_bytes);
    gather_end = *std::max_element(gathered.begin(), gathered.end());
  }
  const double aggregate = in.manager_flops / in.manager_speed;
  const double epoch = gather_end + aggregate;
  const double dispatch_end = workers ? *std::max_element(dispatched.begin(), dispatched.end()) : 0.0;

  Prediction p;
  p.time_s = in.epochs * epoch;
  p.formula =
      "T = E * (max_w (dispatch_w + train_w) -> gather + aggregate); the N dispatches share the manager's link, "
      "messages on one link at once share its bandwidth in proportion to 1 / their route latency, as SimGrid does";
  p.values = fmt::format(
      "E = {}, dispatch {:.6g} s (last arrival), slowest train {:.6g} s, gather ends {:.6g} s, "
      "aggregate {:.6g} s, epoch {:.6g} s, T = {:.6g} s",
      in.epochs, dispatch_end, slowest_training, gather_end, aggregate, epoch, p.time_s);
  return p;
}

}  // namespace ssim::models
