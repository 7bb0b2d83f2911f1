// Order statistics of independent discrete times, and the expectations of straggling built on
// them: when the k-th of n workers is done if each is slowed at random.
#pragma once
#include <functional>
#include <vector>

namespace ssim::models {

// A discrete distribution: distinct support points in increasing order, each with its probability.
struct Discrete {
  std::vector<double> values;
  std::vector<double> probabilities;

  // From (value, probability) pairs in any order; equal values are merged, zero probabilities
  // dropped; the probabilities must be >= 0 and sum to 1 (within 1e-9).
  static Discrete from_pairs(std::vector<std::pair<double, double>> pairs);
  static Discrete point(double value);
  // Bernoulli straggling: `usual` with probability 1 - p, `slowed` with probability p.
  static Discrete two_point(double usual, double slowed, double p);
  // base + K * extra with K ~ Binomial(trials, p).
  static Discrete binomial(double base, double extra, long trials, double p);

  double mean() const;
  double second_moment() const;
  double min() const { return values.front(); }
  double max() const { return values.back(); }
  double cdf(double x) const;  // P(X <= x)
  // The smallest support point whose CDF reaches q (q in [0, 1]; 1e-12 of rounding is forgiven).
  double quantile(double q) const;
  Discrete shifted(double offset) const;
};

// The exact distribution of the k-th smallest (1 <= k <= n) of n independent variables: at
// each point t of their merged support, P(k-th <= t) = P(at least k of them are <= t), a
// Poisson-binomial tail over the probabilities P(X_i <= t).
Discrete kth_smallest(const std::vector<Discrete>& variables, int k);

// The distribution of a mixture: variable i chosen with probability weights[i] / sum of weights.
Discrete mixture(const std::vector<Discrete>& variables, const std::vector<double>& weights);

// The k-th smallest value (k <= 0 or k > size: the largest).
double kth_smallest(std::vector<double> values, int k);

// E[k-th smallest of the workers' times] when each worker's time is independently multiplied by
// `slowdown` with probability p (k <= 0: the largest).
double expected_kth_under_straggling(const std::vector<double>& base_times, double p, double slowdown, int k);

// E[f(times)] for any f under the same straggling: exact enumeration up to 12 workers, a
// fixed-seed average of 4096 draws beyond. For order statistics use expected_kth_under_straggling.
double expected_under_straggling(const std::vector<double>& base_times, double p, double slowdown,
                                 const std::function<double(const std::vector<double>&)>& f);

// E[max_w (base[w] + K_w * extra[w])] for independent K_w ~ Binomial(steps[w], p): when the last
// of several workers finishes if each of its steps takes extra[w] longer with probability p.
double expected_last_finish(const std::vector<double>& base, const std::vector<double>& extra,
                            const std::vector<long>& steps, double p);

}  // namespace ssim::models
