// Lagrange weights: exact recovery of a polynomial from every subset of points, weights and
// amplification by hand, and the points refused.
#include "nn/lagrange.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <stdexcept>

namespace ssim::nn {
namespace {

// p(x) = 2 - 3x + x^2 / 2 + 4x^3, degree 3: four points determine it.
double cubic(double x) { return 2.0 - 3.0 * x + 0.5 * x * x + 4.0 * x * x * x; }

TEST(Lagrange, RecoversACubicFromEveryFourOfSixPoints) {
  const std::vector<double> alphas = worker_alphas(6);
  const std::vector<double> betas = {0.25, 0.5, 0.75, 1.0, 0.0};
  int subsets = 0;
  for (unsigned mask = 0; mask < 64u; ++mask) {
    if (std::popcount(mask) != 4) continue;
    ++subsets;
    std::vector<double> points;
    Eigen::VectorXd values(4);
    for (int n = 0; n < 6; ++n)
      if (mask & (1u << n)) {
        values(Eigen::Index(points.size())) = cubic(alphas[std::size_t(n)]);
        points.push_back(alphas[std::size_t(n)]);
      }
    const Eigen::VectorXd recovered = lagrange_weights(points, betas) * values;
    for (std::size_t j = 0; j < betas.size(); ++j)
      EXPECT_NEAR(recovered(Eigen::Index(j)), cubic(betas[j]), 1e-12) << "subset " << mask << ", beta " << betas[j];
  }
  EXPECT_EQ(subsets, 15);
}

// Through (1/3, p0) and (2/3, p1) the line is p0 (2 - 3x) + p1 (3x - 1).
TEST(Lagrange, TwoPointWeightsByHand) {
  const Eigen::MatrixXd weights = lagrange_weights({1.0 / 3.0, 2.0 / 3.0}, {0.5, 1.0});
  ASSERT_EQ(weights.rows(), 2);
  ASSERT_EQ(weights.cols(), 2);
  EXPECT_NEAR(weights(0, 0), 0.5, 1e-15);
  EXPECT_NEAR(weights(0, 1), 0.5, 1e-15);
  EXPECT_NEAR(weights(1, 0), -1.0, 1e-15);
  EXPECT_NEAR(weights(1, 1), 2.0, 1e-15);
  // Rows sum to |0.5| + |0.5| = 1 and |-1| + |2| = 3.
  EXPECT_NEAR(amplification(weights), 3.0, 1e-15);
}

TEST(Lagrange, ABetaAtAPointTakesThatValueExactly) {
  const Eigen::MatrixXd weights = lagrange_weights({0.25, 0.5, 0.75}, {0.5});
  EXPECT_EQ(weights(0, 0), 0.0);
  EXPECT_EQ(weights(0, 1), 1.0);
  EXPECT_EQ(weights(0, 2), 0.0);
  EXPECT_EQ(amplification(weights), 1.0);
}

// Points 1/4, 1/2, 3/4, any two, read at 1/2 and 1. At 1 the pairs give weights (-2, 3), (-1/2, 3/2)
// and (-1, 2): sums 5, 2 and 3; at 1/2 every pair sums to 1.
TEST(Lagrange, WorstAmplificationOverPairsByHand) {
  EXPECT_NEAR(worst_amplification(worker_alphas(3), 2, {0.5, 1.0}), 5.0, 1e-12);
  EXPECT_NEAR(worst_amplification(worker_alphas(3), 3, {0.5, 1.0}), amplification(lagrange_weights(worker_alphas(3), {0.5, 1.0})),
              1e-15);
  // All three at 1: (1 - 1/2)(1 - 3/4) / ((1/4 - 1/2)(1/4 - 3/4)) = 1, then -3 and 3; |.| sums to 7.
  EXPECT_NEAR(worst_amplification(worker_alphas(3), 3, {1.0}), 7.0, 1e-12);
  // With a limit it stops at the first subset over it: {1/4, 2/4} at beta 1 amplifies 3 + 2 = 5.
  EXPECT_NEAR(worst_amplification(worker_alphas(3), 2, {1.0}, 4.0), 5.0, 1e-12);
  EXPECT_NEAR(worst_amplification(worker_alphas(3), 2, {1.0}, 5.0), 5.0, 1e-12);  // none over 5: all tried
  EXPECT_THROW(worst_amplification(worker_alphas(3), 4, {1.0}), std::invalid_argument);
  EXPECT_THROW(worst_amplification(worker_alphas(3), 0, {1.0}), std::invalid_argument);
}

TEST(Lagrange, WorkerAlphasAreEvenlySpacedInsideZeroOne) {
  const std::vector<double> alphas = worker_alphas(3);
  ASSERT_EQ(alphas.size(), 3u);
  EXPECT_EQ(alphas[0], 0.25);
  EXPECT_EQ(alphas[1], 0.5);
  EXPECT_EQ(alphas[2], 0.75);
  EXPECT_THROW(worker_alphas(0), std::invalid_argument);
}

TEST(Lagrange, RefusesEqualOrNoPoints) {
  EXPECT_THROW(lagrange_weights({0.25, 0.5, 0.25}, {1.0}), std::invalid_argument);
  EXPECT_THROW(lagrange_weights({}, {1.0}), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::nn
