#include "models/order_statistics.hpp"
#include <cmath>
#include <gtest/gtest.h>

using namespace ssim::models;

namespace {

void expect_distribution(const Discrete& d, const std::vector<double>& values, const std::vector<double>& probabilities) {
  ASSERT_EQ(d.values.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_DOUBLE_EQ(d.values[i], values[i]) << i;
    EXPECT_NEAR(d.probabilities[i], probabilities[i], 1e-15) << i;
  }
}

}  // namespace

TEST(Discrete, PairsAreSortedAndEqualValuesMerged) {
  const auto d = Discrete::from_pairs({{3, 0.25}, {1, 0.5}, {3, 0.25}, {2, 0}});
  expect_distribution(d, {1, 3}, {0.5, 0.5});
  EXPECT_DOUBLE_EQ(d.mean(), 2);
  EXPECT_DOUBLE_EQ(d.second_moment(), 5);
  EXPECT_DOUBLE_EQ(d.cdf(0.9), 0);
  EXPECT_DOUBLE_EQ(d.cdf(1), 0.5);
  EXPECT_DOUBLE_EQ(d.cdf(5), 1);
  EXPECT_THROW(Discrete::from_pairs({{1, 0.5}}), std::invalid_argument);
  EXPECT_THROW(Discrete::from_pairs({{1, 1.5}, {2, -0.5}}), std::invalid_argument);
}

TEST(Discrete, QuantileIsTheSmallestPointWhoseCdfReachesIt) {
  // 1 w.p. 0.5, 2 w.p. 0.45, 10 w.p. 0.05: CDF 0.5, 0.95, 1.
  const auto d = Discrete::from_pairs({{1, 0.5}, {2, 0.45}, {10, 0.05}});
  EXPECT_DOUBLE_EQ(d.quantile(0), 1);
  EXPECT_DOUBLE_EQ(d.quantile(0.5), 1);
  EXPECT_DOUBLE_EQ(d.quantile(0.50001), 2);
  EXPECT_DOUBLE_EQ(d.quantile(0.95), 2);
  EXPECT_DOUBLE_EQ(d.quantile(0.99), 10);
  EXPECT_DOUBLE_EQ(d.quantile(1), 10);
  EXPECT_DOUBLE_EQ(d.max(), 10);
  EXPECT_DOUBLE_EQ(d.shifted(1).quantile(0.5), 2);
}

TEST(Discrete, BinomialStepsOfExtraTime) {
  // 5 + 2 K, K ~ Binomial(2, 0.5): 5, 7, 9 w.p. 1/4, 1/2, 1/4.
  expect_distribution(Discrete::binomial(5, 2, 2, 0.5), {5, 7, 9}, {0.25, 0.5, 0.25});
  expect_distribution(Discrete::binomial(5, 2, 3, 0), {5}, {1});
  expect_distribution(Discrete::binomial(5, 2, 3, 1), {11}, {1});
}

TEST(OrderStatistics, KthOfThreeTwoPointVariables) {
  // X1 = 1 or 4 (p 0.5), X2 = 2 or 5 (p 0.2), X3 = 3 or 6 (p 0.1); P(X_i <= t):
  //   t:   1    2    3    4    5    6
  //   F1: .5   .5   .5    1    1    1
  //   F2:  0   .8   .8   .8    1    1
  //   F3:  0    0   .9   .9   .9    1
  const std::vector<Discrete> x{Discrete::two_point(1, 4, 0.5), Discrete::two_point(2, 5, 0.2),
                                Discrete::two_point(3, 6, 0.1)};
  // Smallest: P(min <= t) = 1 - prod(1 - F_i): .5, .9, .99, 1.
  expect_distribution(kth_smallest(x, 1), {1, 2, 3, 4}, {0.5, 0.4, 0.09, 0.01});
  // Largest: P(max <= t) = prod F_i: 0, 0, .36, .72, .9, 1.
  expect_distribution(kth_smallest(x, 3), {3, 4, 5, 6}, {0.36, 0.36, 0.18, 0.1});
  // Second: P(at least two <= t). t=2: .5*.8 = .4. t=3: F = .5, .8, .9:
  // .5*.8*.1 + .5*.2*.9 + .5*.8*.9 + .5*.8*.9 = .04 + .09 + .36 + .36 = .85 (pairs, and all three).
  // t=4: F = 1, .8, .9: 1 - P(at most one) = 1 - (.2*.1) = .98. t=5: 1.
  const auto second = kth_smallest(x, 2);
  expect_distribution(second, {2, 3, 4, 5}, {0.4, 0.45, 0.13, 0.02});
  EXPECT_NEAR(second.mean(), 2 * 0.4 + 3 * 0.45 + 4 * 0.13 + 5 * 0.02, 1e-15);
  EXPECT_THROW(kth_smallest(x, 0), std::invalid_argument);
  EXPECT_THROW(kth_smallest(x, 4), std::invalid_argument);
}

TEST(OrderStatistics, KthOfIdenticalBernoulliStragglersIsABinomialTail) {
  // n = 5 workers of time 1, each 3 with probability p = 0.3: the k-th is 3 exactly when fewer
  // than k are fast, P(Binomial(5, 0.7) < k).
  const int n = 5;
  const double p = 0.3;
  const std::vector<Discrete> x(n, Discrete::two_point(1, 3, p));
  for (int k = 1; k <= n; ++k) {
    double fewer_fast = 0;
    for (int fast = 0; fast < k; ++fast)
      fewer_fast += std::tgamma(n + 1.0) / std::tgamma(fast + 1.0) / std::tgamma(n - fast + 1.0) *
                    std::pow(1 - p, fast) * std::pow(p, n - fast);
    const auto d = kth_smallest(x, k);
    EXPECT_NEAR(d.cdf(1), 1 - fewer_fast, 1e-14) << k;
    EXPECT_NEAR(d.mean(), 1 + 2 * fewer_fast, 1e-14) << k;
  }
  // The 99th percentile of the slowest of 5: slow w.p. 1 - 0.7^5 = 0.83193 < 0.99.
  EXPECT_DOUBLE_EQ(kth_smallest(x, 5).quantile(0.99), 3);
  EXPECT_DOUBLE_EQ(kth_smallest(x, 1).quantile(0.99), 1);  // all slow: 0.3^5 = 0.00243
}

TEST(OrderStatistics, MixtureWeighsEachVariable) {
  // A query on the first pair of workers three times in four, on the second once.
  const auto m = mixture({Discrete::point(1), Discrete::two_point(2, 4, 0.5)}, {3, 1});
  expect_distribution(m, {1, 2, 4}, {0.75, 0.125, 0.125});
}

TEST(Straggling, ExpectedValueOfAnyFunctionUnderRandomStraggling) {
  // Two identical workers, each slowed 5x with probability 0.1. Waiting for both: the round is
  // slow unless both are fast: 1 + 4 * (1 - 0.9^2) = 1.76. Waiting for one: slow only if both
  // are slow: 1 + 4 * 0.01 = 1.04.
  auto kth = [](int k) { return [k](const std::vector<double>& t) { return kth_smallest(t, k); }; };
  EXPECT_NEAR(expected_under_straggling({1, 1}, 0.1, 5, kth(2)), 1.76, 1e-12);
  EXPECT_NEAR(expected_under_straggling({1, 1}, 0.1, 5, kth(1)), 1.04, 1e-12);
  EXPECT_DOUBLE_EQ(kth_smallest({1, 3, 2}, 0), 3);
  EXPECT_DOUBLE_EQ(kth_smallest({1, 3, 2}, 2), 2);
  // 12 workers are enumerated exactly: 1 + 2 * (1 - 0.9^12).
  EXPECT_NEAR(expected_under_straggling(std::vector<double>(12, 1.0), 0.1, 3, kth(12)),
              1 + 2 * (1 - std::pow(0.9, 12)), 1e-12);
  // 40 workers are sampled: within 2% of 1 + 2 * (1 - 0.9^40).
  EXPECT_NEAR(expected_under_straggling(std::vector<double>(40, 1.0), 0.1, 3, kth(40)),
              1 + 2 * (1 - std::pow(0.9, 40)), 0.02 * 2.97);
}

TEST(Straggling, ExactOrderStatisticsBeyondTwelveWorkers) {
  // 40 workers of time 1, 3x slower w.p. 0.1: the slowest is slow unless all are fast; the
  // 38th is slow when at least 3 are.
  EXPECT_NEAR(expected_kth_under_straggling(std::vector<double>(40, 1.0), 0.1, 3, 0), 1 + 2 * (1 - std::pow(0.9, 40)),
              1e-12);
  const double at_most_two_slow =
      std::pow(0.9, 40) + 40 * 0.1 * std::pow(0.9, 39) + 780 * 0.01 * std::pow(0.9, 38);
  EXPECT_NEAR(expected_kth_under_straggling(std::vector<double>(40, 1.0), 0.1, 3, 38), 1 + 2 * (1 - at_most_two_slow),
              1e-12);
  // Unequal workers: exactly as the enumeration gives.
  const std::vector<double> base{1, 1.5, 2, 0.5};
  auto third = [](const std::vector<double>& t) { return kth_smallest(t, 3); };
  EXPECT_NEAR(expected_kth_under_straggling(base, 0.2, 4, 3), expected_under_straggling(base, 0.2, 4, third), 1e-12);
}

TEST(Straggling, ExpectedLastFinishOfRandomlySlowedWorkers) {
  // One worker: base + n p extra. Two workers of 1 step, 1 + K s: the last is 2 s unless both are fast.
  EXPECT_NEAR(expected_last_finish({5}, {2}, {10}, 0.3), 5 + 10 * 0.3 * 2, 1e-9);
  EXPECT_NEAR(expected_last_finish({1, 1}, {1, 1}, {1, 1}, 0.5), 1 + 0.75, 1e-12);
  EXPECT_DOUBLE_EQ(expected_last_finish({1, 3}, {1, 1}, {1, 1}, 0), 3);
  // Many workers of many steps: about the mean plus a spread, never below the mean.
  const std::vector<double> base(10, 100.0), extra(10, 1.0);
  const std::vector<long> steps(10, 1000);
  const double last = expected_last_finish(base, extra, steps, 0.1);
  EXPECT_GT(last, 200);
  EXPECT_LT(last, 200 + 4 * std::sqrt(1000 * 0.1 * 0.9));
}
