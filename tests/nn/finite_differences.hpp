// Central differences of a layer's training pass, to check its backward pass. The scalar checked
// is L = sum(weights .* output) with fixed random weights, so dL/d(output) = weights; it is summed
// in double so that float rounding of the sum does not swamp the difference quotient.
#pragma once
#include "nn/layer.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace ssim::nn::testing {

inline double weighted_sum(const Matrix& output, const Matrix& weights) {
  return (output.cast<double>().array() * weights.cast<double>().array()).sum();
}

struct DifferenceStep {
  float step = 1e-2f;
  double tolerance = 1e-3;  // absolute, plus the same relative to the numeric derivative
};

// Binds the layer to random parameters, then checks every parameter gradient and every entry of
// the input gradient. `before_forward` runs before each training pass (a dropout layer reseeds
// there, so that every pass draws the same mask).
inline void expect_layer_gradients_match(Layer& layer, Matrix input, DifferenceStep difference = {},
                                         const std::function<void(Layer&)>& before_forward = {}) {
  Vector parameters = Vector::Zero(layer.parameter_count());
  if (parameters.size() > 0) parameters = 0.5f * random_matrix(parameters.size(), 1, 31).col(0);
  Vector gradients = Vector::Zero(parameters.size());
  layer.bind(parameters.data(), gradients.data());
  const Matrix weights = random_matrix(layer.output_size(), input.cols(), 32);
  auto loss = [&] {
    if (before_forward) before_forward(layer);
    Matrix output;
    layer.forward(input, output);
    return weighted_sum(output, weights);
  };
  auto numeric = [&](float& value) {
    const float original = value;
    value = original + difference.step;
    const double up = loss();
    value = original - difference.step;
    const double down = loss();
    value = original;
    return (up - down) / (2.0 * double(difference.step));
  };

  if (before_forward) before_forward(layer);
  Matrix output, input_gradient;
  layer.forward(input, output);
  ASSERT_EQ(output.rows(), layer.output_size());
  layer.backward(input, output, weights, &input_gradient);
  const Vector parameter_gradient = gradients;
  ASSERT_EQ(input_gradient.rows(), input.rows());
  ASSERT_EQ(input_gradient.cols(), input.cols());

  for (Eigen::Index i = 0; i < parameters.size(); ++i) {
    const double expected = numeric(parameters(i));
    EXPECT_NEAR(parameter_gradient(i), expected, difference.tolerance * (1 + std::abs(expected))) << "parameter " << i;
  }
  for (Eigen::Index i = 0; i < input.size(); ++i) {
    const double expected = numeric(input.data()[i]);
    EXPECT_NEAR(input_gradient.data()[i], expected, difference.tolerance * (1 + std::abs(expected))) << "input " << i;
  }
}

}  // namespace ssim::nn::testing
