#include "nn/dense.hpp"
#include "nn/init.hpp"
#include "nn/network.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ssim::nn {
namespace {

double standard_deviation(const Matrix& values) {
  const double mean = values.cast<double>().mean();
  return std::sqrt((values.cast<double>().array() - mean).square().mean());
}

// Weights of a cols -> rows dense layer: fan_in = cols, fan_out = rows.
Matrix initialised(Init init, Eigen::Index rows, Eigen::Index cols, std::uint64_t seed = 3) {
  Matrix weights(rows, cols);
  std::mt19937_64 random(seed);
  Eigen::Map<Vector> values(weights.data(), weights.size());
  initialise(init, values, double(cols), double(rows), random);
  return weights;
}

TEST(Init, HeStdOfA784By50LayerIsWithinFivePercent) {
  const Matrix weights = initialised({Init::Kind::he}, 50, 784);
  const double expected = std::sqrt(2.0 / 784);
  EXPECT_NEAR(standard_deviation(weights), expected, 0.05 * expected);
  EXPECT_NEAR(weights.mean(), 0.0, 0.05 * expected);
}

TEST(Init, NormalHasTheDocumentedSmallStd) {
  EXPECT_NEAR(standard_deviation(initialised(kSmallNormal, 50, 784)), kSmallNormalStd, 0.05 * kSmallNormalStd);
}

TEST(Init, TruncatedNormalStaysWithinTwoStd) {
  const Matrix weights = initialised(kSmallTruncatedNormal, 50, 784);
  EXPECT_LE(weights.cwiseAbs().maxCoeff(), 2 * kSmallNormalStd);
  EXPECT_GT(weights.cwiseAbs().maxCoeff(), 1.9f * kSmallNormalStd);
  // A normal cut at 2 std keeps 0.88 of its std.
  EXPECT_NEAR(standard_deviation(weights), 0.8796 * kSmallNormalStd, 0.05 * kSmallNormalStd);
}

TEST(Init, XavierIsUniformWithinItsBound) {
  const Matrix weights = initialised({Init::Kind::xavier}, 50, 784);
  const double bound = std::sqrt(6.0 / (784 + 50));
  EXPECT_LE(weights.cwiseAbs().maxCoeff(), bound);
  EXPECT_GT(weights.cwiseAbs().maxCoeff(), 0.99 * bound);
  EXPECT_NEAR(standard_deviation(weights), bound / std::sqrt(3.0), 0.05 * bound / std::sqrt(3.0));
}

TEST(Init, NetworkIsDeterministicInItsSeed) {
  for (Init init : {kSmallNormal, kSmallTruncatedNormal, Init{Init::Kind::he}, Init{Init::Kind::xavier}}) {
    const NetworkSpec spec = dense_network({6, 5, 3}, Activation::relu, Loss::cross_entropy, init, 42);
    NetworkSpec other_seed = spec;
    other_seed.seed = 43;
    EXPECT_EQ(Network(spec).parameters(), Network(spec).parameters());
    EXPECT_NE(Network(spec).parameters(), Network(other_seed).parameters());
  }
}

TEST(Init, BiasesStartAtZeroAndWeightsDoNot) {
  const Network network(dense_network({6, 5, 3}, Activation::relu, Loss::cross_entropy, {}, 1));
  for (int i = 0; i < network.layer_count(); i += 2) {
    const auto& dense = dynamic_cast<const Dense&>(network.layer(i));
    EXPECT_TRUE(dense.bias().isZero());
    EXPECT_EQ((dense.weights().array() == 0).count(), 0);
  }
}

}  // namespace
}  // namespace ssim::nn

namespace ssim::nn {
namespace {

TEST(Init, ConstantSetsEveryValue) {
  const Matrix values = initialised({Init::Kind::constant, 0, 0, 0.25}, 3, 4);
  EXPECT_TRUE(values.isConstant(0.25f));
}

TEST(Init, NormalHasTheGivenStd) {
  const Matrix values = initialised({Init::Kind::normal, 0.3}, 100, 100);
  EXPECT_NEAR(standard_deviation(values), 0.3, 0.015);
  EXPECT_NEAR(values.mean(), 0.0, 0.015);
}

TEST(Init, TruncatedNormalNeverExceedsItsBound) {
  // A bound of half the std redraws most values: all stay within it and come close to it.
  const Init init{Init::Kind::truncated_normal, 0.2, 0.1};
  const Matrix values = initialised(init, 100, 100);
  EXPECT_LE(values.cwiseAbs().maxCoeff(), 0.1f);
  EXPECT_GT(values.cwiseAbs().maxCoeff(), 0.099f);
  // Cut at z = 0.5 the normal is nearly flat: close to uniform on [-0.1, 0.1] (std 0.0577), a bit less.
  EXPECT_NEAR(standard_deviation(values), 0.0566, 0.002);
  EXPECT_THROW(initialised({Init::Kind::truncated_normal, 0.0, 0.1}, 2, 2), std::invalid_argument);
}

TEST(Init, EachLayerHasItsOwnBiasInit) {
  NetworkSpec spec = dense_network({4, 3, 2}, Activation::relu, Loss::cross_entropy, {}, 5);
  spec.layers[0].bias_init = {Init::Kind::constant, 0, 0, 0.1};
  spec.layers[1].bias_init = {Init::Kind::normal, 1.0};
  const Network network(spec);
  EXPECT_TRUE(dynamic_cast<const Dense&>(network.layer(0)).bias().isConstant(0.1f));
  const Vector last_bias = dynamic_cast<const Dense&>(network.layer(2)).bias();
  EXPECT_NE(last_bias(0), last_bias(1));
  EXPECT_FALSE(last_bias.isZero());
}

}  // namespace
}  // namespace ssim::nn
