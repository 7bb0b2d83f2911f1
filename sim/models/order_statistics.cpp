#include "models/order_statistics.hpp"
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace ssim::models {

Discrete Discrete::from_pairs(std::vector<std::pair<double, double>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  Discrete d;
  double total = 0;
  for (const auto& [value, probability] : pairs) {
    if (!(probability >= 0) || !std::isfinite(value))
      throw std::invalid_argument("Discrete: a probability below 0 or a value that is not finite");
    total += probability;
    if (probability == 0) continue;
    if (!d.values.empty() && d.values.back() == value) {
      d.probabilities.back() += probability;
    } else {
      d.values.push_back(value);
      d.probabilities.push_back(probability);
    }
  }
  if (d.values.empty() || std::abs(total - 1) > 1e-9)
    throw std::invalid_argument("Discrete: probabilities sum to " + std::to_string(total) + ", not 1");
  return d;
}

Discrete Discrete::point(double value) { return from_pairs({{value, 1.0}}); }

Discrete Discrete::two_point(double usual, double slowed, double p) {
  return from_pairs({{usual, 1 - p}, {slowed, p}});
}

Discrete Discrete::binomial(double base, double extra, long trials, double p) {
  if (trials < 0 || p < 0 || p > 1) throw std::invalid_argument("Discrete::binomial: needs trials >= 0, 0 <= p <= 1");
  if (p == 0 || extra == 0 || trials == 0) return point(base);
  if (p == 1) return point(base + static_cast<double>(trials) * extra);
  std::vector<std::pair<double, double>> pairs;
  const auto n = static_cast<double>(trials);
  for (long k = 0; k <= trials; ++k) {  // the probabilities of K = k, through logarithms so that large n do not overflow
    const auto kd = static_cast<double>(k);
    const double log_pmf =
        std::lgamma(n + 1) - std::lgamma(kd + 1) - std::lgamma(n - kd + 1) + kd * std::log(p) + (n - kd) * std::log1p(-p);
    pairs.emplace_back(base + kd * extra, std::exp(log_pmf));
  }
  return from_pairs(std::move(pairs));
}

double Discrete::mean() const {
  double sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) sum += values[i] * probabilities[i];
  return sum;
}

double Discrete::second_moment() const {
  double sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) sum += values[i] * values[i] * probabilities[i];
  return sum;
}

double Discrete::cdf(double x) const {
  double below = 0;
  for (std::size_t i = 0; i < values.size() && values[i] <= x; ++i) below += probabilities[i];
  return std::min(below, 1.0);
}

double Discrete::quantile(double q) const {
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("Discrete::quantile: q must be in [0, 1]");
  double below = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    below += probabilities[i];
    if (below >= q - 1e-12) return values[i];
  }
  return values.back();
}

Discrete Discrete::shifted(double offset) const {
  Discrete d = *this;
  for (double& v : d.values) v += offset;
  return d;
}

Discrete kth_smallest(const std::vector<Discrete>& variables, int k) {
  const int n = static_cast<int>(variables.size());
  if (k < 1 || k > n)
    throw std::invalid_argument("kth_smallest: k = " + std::to_string(k) + " of " + std::to_string(n) + " variables");
  std::vector<double> support;
  for (const auto& x : variables) support.insert(support.end(), x.values.begin(), x.values.end());
  std::sort(support.begin(), support.end());
  support.erase(std::unique(support.begin(), support.end()), support.end());

  std::vector<std::size_t> next(n, 0);  // first support point of each variable above the current t
  std::vector<double> below(n, 0.0);    // P(X_i <= t)
  std::vector<double> count(k);         // P(exactly c of the variables seen so far are <= t), c < k
  std::vector<std::pair<double, double>> pairs;
  double previous = 0;
  for (double t : support) {
    for (int i = 0; i < n; ++i)
      for (const auto& x = variables[i]; next[i] < x.values.size() && x.values[next[i]] <= t; ++next[i])
        below[i] = std::min(1.0, below[i] + x.probabilities[next[i]]);
    // P(at least k of n are <= t): a Poisson-binomial tail, counting up to k - 1 and gathering the
    // rest; for the largest (k = n) simply the product, which keeps many workers of many steps fast.
    double at_least_k = 1;
    if (k == n) {
      for (double b : below) at_least_k *= b;
    } else {
      at_least_k = 0;
      std::fill(count.begin(), count.end(), 0.0);
      count[0] = 1;
      for (int i = 0; i < n; ++i) {
        at_least_k += count[k - 1] * below[i];
        for (int c = k - 1; c > 0; --c) count[c] = count[c] * (1 - below[i]) + count[c - 1] * below[i];
        count[0] *= 1 - below[i];
      }
    }
    pairs.emplace_back(t, std::max(0.0, at_least_k - previous));
    previous = std::max(previous, at_least_k);
  }
  return Discrete::from_pairs(std::move(pairs));
}

Discrete mixture(const std::vector<Discrete>& variables, const std::vector<double>& weights) {
  if (variables.size() != weights.size() || variables.empty())
    throw std::invalid_argument("mixture: one weight per variable, at least one variable");
  double total = 0;
  for (double w : weights) total += w;
  std::vector<std::pair<double, double>> pairs;
  for (std::size_t i = 0; i < variables.size(); ++i)
    for (std::size_t j = 0; j < variables[i].values.size(); ++j)
      pairs.emplace_back(variables[i].values[j], variables[i].probabilities[j] * weights[i] / total);
  return Discrete::from_pairs(std::move(pairs));
}

double kth_smallest(std::vector<double> values, int k) {
  const int n = static_cast<int>(values.size());
  if (n == 0) return 0;
  k = (k <= 0 || k > n) ? n : k;
  std::nth_element(values.begin(), values.begin() + (k - 1), values.end());
  return values[k - 1];
}

double expected_kth_under_straggling(const std::vector<double>& base, double p, double slowdown, int k) {
  const int n = static_cast<int>(base.size());
  if (n == 0) return 0;
  std::vector<Discrete> times;
  for (double t : base) times.push_back(Discrete::two_point(t, t * slowdown, p));
  return kth_smallest(times, (k <= 0 || k > n) ? n : k).mean();
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

double expected_last_finish(const std::vector<double>& base, const std::vector<double>& extra,
                            const std::vector<long>& steps, double p) {
  if (base.empty()) return 0;
  std::vector<Discrete> finishes;
  for (std::size_t w = 0; w < base.size(); ++w)
    finishes.push_back(Discrete::binomial(base[w], std::max(0.0, extra[w]), steps[w], p));
  return kth_smallest(finishes, static_cast<int>(finishes.size())).mean();
}

}  // namespace ssim::models
