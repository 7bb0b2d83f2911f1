#include "nn/activation.hpp"
#include "nn/dense.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ssim::nn {
namespace {

Matrix matrix(Eigen::Index rows, Eigen::Index cols, std::initializer_list<float> row_major) {
  Matrix result(rows, cols);
  auto value = row_major.begin();
  for (Eigen::Index r = 0; r < rows; ++r)
    for (Eigen::Index c = 0; c < cols; ++c) result(r, c) = *value++;
  return result;
}

class DenseTwoByTwo : public ::testing::Test {
 protected:
  // W = [1 2; 3 4], b = (0.5, -1), stored column-major then the bias.
  float parameters_[6] = {1, 3, 2, 4, 0.5f, -1};
  float gradients_[6] = {};
  Dense dense_{{2, 1, 1}, 2};
  void SetUp() override { dense_.bind(parameters_, gradients_); }
};

TEST_F(DenseTwoByTwo, BindsWeightsColumnMajorThenBias) {
  EXPECT_EQ(dense_.parameter_count(), 6);
  EXPECT_EQ(dense_.weights()(0, 1), 2.0f);
  EXPECT_EQ(dense_.weights()(1, 0), 3.0f);
  EXPECT_EQ(dense_.bias()(1), -1.0f);
}

TEST_F(DenseTwoByTwo, ForwardGivesHandComputedOutput) {
  const Matrix input = matrix(2, 2, {1, 2, 0, -1});  // samples (1, 0) and (2, -1)
  Matrix output;
  dense_.forward(input, output);
  // (1*1 + 2*0 + 0.5, 3*1 + 4*0 - 1) and (1*2 - 2*1 + 0.5, 3*2 - 4*1 - 1)
  EXPECT_TRUE(output.isApprox(matrix(2, 2, {1.5f, 0.5f, 2, 1})));
}

TEST_F(DenseTwoByTwo, BackwardGivesHandComputedGradients) {
  const Matrix input = matrix(2, 2, {1, 2, 0, -1});
  const Matrix output_gradient = matrix(2, 2, {1, 2, 0, -1});
  Matrix output, input_gradient;
  dense_.forward(input, output);
  dense_.backward(input, output, output_gradient, &input_gradient);
  EXPECT_TRUE(dense_.weight_gradient().isApprox(matrix(2, 2, {5, -2, -2, 1})));  // dY * X^T
  EXPECT_TRUE(dense_.bias_gradient().isApprox((Vector(2) << 3, -1).finished()));  // row sums of dY
  EXPECT_TRUE(input_gradient.isApprox(matrix(2, 2, {1, -1, 2, 0})));             // W^T * dY
  // The gradients land in the bound flat storage.
  EXPECT_EQ(gradients_[0], 5.0f);
  EXPECT_EQ(gradients_[4], 3.0f);
}

TEST_F(DenseTwoByTwo, BackwardWithoutInputGradientStillFillsParameterGradients) {
  const Matrix input = matrix(2, 1, {1, 0});
  Matrix output;
  dense_.forward(input, output);
  dense_.backward(input, output, matrix(2, 1, {1, 1}), nullptr);
  EXPECT_TRUE(dense_.weight_gradient().isApprox(matrix(2, 2, {1, 0, 1, 0})));
}

TEST(Activation, ReluForwardAndBackward) {
  ReLU relu({3, 1, 1});
  const Matrix input = matrix(3, 1, {-1, 0.5f, 2});
  Matrix output, input_gradient;
  relu.forward(input, output);
  EXPECT_TRUE(output.isApprox(matrix(3, 1, {0, 0.5f, 2})));
  relu.backward(input, output, matrix(3, 1, {7, 8, 9}), &input_gradient);
  EXPECT_TRUE(input_gradient.isApprox(matrix(3, 1, {0, 8, 9})));
}

TEST(Activation, LeakyReluKeepsOnePercentOfTheNegativeSide) {
  LeakyReLU leaky({2, 1, 1}, 0.01f);
  const Matrix input = matrix(2, 1, {-2, 3});
  Matrix output, input_gradient;
  leaky.forward(input, output);
  EXPECT_FLOAT_EQ(output(0), -0.02f);
  EXPECT_FLOAT_EQ(output(1), 3.0f);
  leaky.backward(input, output, matrix(2, 1, {5, 5}), &input_gradient);
  EXPECT_FLOAT_EQ(input_gradient(0), 0.05f);
  EXPECT_FLOAT_EQ(input_gradient(1), 5.0f);
}

TEST(Activation, SigmoidValuesDerivativeAndSaturation) {
  Sigmoid sigmoid({3, 1, 1});
  const Matrix input = matrix(3, 1, {0, 2, -200});
  Matrix output, input_gradient;
  sigmoid.forward(input, output);
  EXPECT_FLOAT_EQ(output(0), 0.5f);
  EXPECT_FLOAT_EQ(output(1), float(1.0 / (1.0 + std::exp(-2.0))));
  EXPECT_EQ(output(2), 0.0f);  // no NaN from exp overflow
  sigmoid.backward(input, output, matrix(3, 1, {1, 1, 1}), &input_gradient);
  EXPECT_FLOAT_EQ(input_gradient(0), 0.25f);
  EXPECT_EQ(input_gradient(2), 0.0f);
}

TEST(Activation, MakeActivationBuildsTheRequestedKind) {
  EXPECT_EQ(make_activation(Activation::sigmoid, {4, 1, 1})->kind(), Activation::sigmoid);
  EXPECT_EQ(make_activation(Activation::leaky_relu, {4, 1, 1})->output_size(), 4);
  EXPECT_EQ(make_activation(Activation::relu, {4, 1, 1})->parameter_count(), 0);
}

}  // namespace
}  // namespace ssim::nn
