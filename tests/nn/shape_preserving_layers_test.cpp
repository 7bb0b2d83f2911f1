// Dropout, flatten, tanh and leaky ReLU: hand values and gradients against central differences.
#include "nn/activation.hpp"
#include "nn/dropout.hpp"
#include "nn/flatten.hpp"
#include "finite_differences.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ssim::nn {
namespace {

// Values at least 0.1 away from 0, so that a step of 0.01 never crosses a kink.
Matrix away_from_zero(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  const Matrix values = testing::random_matrix(rows, cols, seed);
  return values.unaryExpr([](float v) { return v < 0 ? v - 0.1f : v + 0.1f; });
}

TEST(Dropout, MaskDropsAboutTheRateAndScalesTheRest) {
  Dropout dropout({4, 10, 10}, 0.25, 7);
  const Matrix input = Matrix::Constant(400, 8, 2.0f);
  Matrix output;
  dropout.forward(input, output);
  const Matrix& mask = dropout.mask();
  const auto dropped = (mask.array() == 0.0f).count();
  EXPECT_EQ(dropped + (mask.array() == float(1 / 0.75)).count(), mask.size());  // 0 or 1 / (1 - rate)
  EXPECT_NEAR(double(dropped) / double(mask.size()), 0.25, 0.02);               // 3,200 draws
  EXPECT_EQ(output, (2.0f * mask).eval());
  Matrix inferred;
  dropout.infer(input, inferred);
  EXPECT_EQ(inferred, input);
}

TEST(Dropout, BackwardUsesTheMaskOfTheLatestForward) {
  Dropout dropout({6, 1, 1}, 0.5, 3);
  const Matrix input = testing::random_matrix(6, 4, 1);
  Matrix first, second, input_gradient;
  dropout.forward(input, first);
  const Matrix first_mask = dropout.mask();
  dropout.forward(input, second);
  ASSERT_NE(dropout.mask(), first_mask);  // every pass draws anew
  const Matrix output_gradient = testing::random_matrix(6, 4, 2);
  dropout.backward(input, second, output_gradient, &input_gradient);
  EXPECT_EQ(input_gradient, output_gradient.cwiseProduct(dropout.mask()));
}

TEST(Dropout, GradientsMatchCentralDifferencesWithAFixedMask) {
  Dropout dropout({3, 2, 2}, 0.4, 11);
  // Reseeding before each pass makes every pass draw the same mask.
  testing::expect_layer_gradients_match(dropout, testing::random_matrix(12, 3, 4), {1e-2f, 1e-3},
                                        [](Layer& layer) { layer.reseed(99); });
  EXPECT_GT((dropout.mask().array() == 0.0f).count(), 0);
  EXPECT_GT((dropout.mask().array() != 0.0f).count(), 0);
}

TEST(Dropout, FlopsPerValue) {
  const Dropout dropout({2, 3, 4}, 0.5, 0);
  EXPECT_DOUBLE_EQ(dropout.forward_flops(5), 2.0 * 24 * 5);  // a draw compared, a product
  EXPECT_DOUBLE_EQ(dropout.infer_flops(5), 0.0);
  EXPECT_DOUBLE_EQ(dropout.backward_flops(5, true), 24.0 * 5);
  EXPECT_DOUBLE_EQ(dropout.backward_flops(5, false), 0.0);
}

TEST(Dropout, RejectsRatesOutsideZeroToOne) {
  EXPECT_THROW(Dropout({1, 1, 1}, 1.0, 0), std::invalid_argument);
  EXPECT_THROW(Dropout({1, 1, 1}, -0.1, 0), std::invalid_argument);
}

TEST(Flatten, KeepsTheValuesAndMakesAVector) {
  Flatten flatten({3, 2, 2});
  EXPECT_EQ(flatten.output_shape(), (Shape{12, 1, 1}));
  testing::expect_layer_gradients_match(flatten, testing::random_matrix(12, 2, 5));
  const Matrix input = testing::random_matrix(12, 2, 6);
  Matrix output;
  flatten.forward(input, output);
  EXPECT_EQ(output, input);
  EXPECT_DOUBLE_EQ(flatten.forward_flops(2) + flatten.backward_flops(2, true), 0.0);
}

TEST(Tanh, ValuesAndGradients) {
  Tanh tanh_layer({2, 2, 1});
  Matrix output;
  tanh_layer.forward((Matrix(4, 1) << 0, 1, -2, 30).finished(), output);
  EXPECT_EQ(output(0), 0.0f);
  EXPECT_FLOAT_EQ(output(1), float(std::tanh(1.0)));
  EXPECT_FLOAT_EQ(output(2), float(std::tanh(-2.0)));
  EXPECT_EQ(output(3), 1.0f);
  testing::expect_layer_gradients_match(tanh_layer, testing::random_matrix(4, 3, 7), {1e-3f, 1e-3});
}

TEST(LeakyRelu, NonDefaultSlopeValuesAndGradients) {
  LeakyReLU leaky({3, 1, 1}, 0.2f);
  Matrix output;
  leaky.forward((Matrix(3, 1) << -2, 0.5f, 3).finished(), output);
  EXPECT_EQ(output, (Matrix(3, 1) << -0.4f, 0.5f, 3).finished());
  testing::expect_layer_gradients_match(leaky, away_from_zero(3, 4, 8), {1e-2f, 1e-3});
  EXPECT_FLOAT_EQ(make_activation(Activation::leaky_relu, {3, 1, 1}, 0.2f)->backward_flops(1, true), 6.0f);
  EXPECT_THROW(LeakyReLU({1, 1, 1}, -0.5f), std::invalid_argument);
}

TEST(Relu, GradientsMatchCentralDifferences) {
  ReLU relu({2, 3, 1});
  testing::expect_layer_gradients_match(relu, away_from_zero(6, 2, 9), {1e-2f, 1e-3});
}

}  // namespace
}  // namespace ssim::nn
