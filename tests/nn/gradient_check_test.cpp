// Checks compute_gradients against central finite differences of an independent double-precision
// evaluation of the same network (read from the flat parameter vector), for every parameter. Double
// precision keeps the difference quotient exact enough, and its tiny step cannot cross a ReLU kink.
#include "nn/network.hpp"
#include "nn/spec_text.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>

namespace ssim::nn {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd activate(Activation activation, const MatrixXd& z) {
  switch (activation) {
    case Activation::relu: return z.cwiseMax(0.0);
    case Activation::leaky_relu: return (z.array() > 0).select(z, 0.01 * z);
    case Activation::sigmoid: return (1.0 / (1.0 + (-z.array()).exp())).matrix();
    case Activation::tanh: return z.array().tanh().matrix();
    case Activation::linear: return z;
  }
  return z;
}

// The dense network of nn::dense_network(sizes, activation, loss, ...).
double reference_loss(const std::vector<int>& sizes, Activation activation, Loss loss, const VectorXd& parameters,
                      const MatrixXd& inputs, const Labels& labels) {
  MatrixXd values = inputs;
  Eigen::Index offset = 0;
  const std::size_t dense_count = sizes.size() - 1;
  for (std::size_t layer = 0; layer < dense_count; ++layer) {
    const Eigen::Index in = sizes[layer], out = sizes[layer + 1];
    const Eigen::Map<const MatrixXd> weights(parameters.data() + offset, out, in);
    const Eigen::Map<const VectorXd> bias(parameters.data() + offset + out * in, out);
    offset += out * in + out;
    MatrixXd z = weights * values;
    z.colwise() += bias;
    values = layer + 1 < dense_count ? activate(activation, z) : z;
  }
  double total = 0.0;
  for (Eigen::Index sample = 0; sample < values.cols(); ++sample) {
    const VectorXd column = values.col(sample);
    if (loss == Loss::cross_entropy) {
      total += std::log((column.array() - column.maxCoeff()).exp().sum()) + column.maxCoeff() -
               column(labels(sample));
    } else {
      VectorXd target = VectorXd::Zero(column.size());
      target(labels(sample)) = 1.0;
      total += (column - target).squaredNorm();
    }
  }
  return total / double(values.cols());
}

using Case = std::tuple<Activation, Loss, std::vector<int>>;

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const auto& [activation, loss, sizes] = info.param;
  std::string name = to_string(activation) + "_" + to_string(loss);
  for (int size : sizes) name.append("_").append(std::to_string(size));
  return name;
}

class GradientCheck : public ::testing::TestWithParam<Case> {};

TEST_P(GradientCheck, EveryParameterMatchesCentralDifferences) {
  const auto& [activation, loss, sizes] = GetParam();
  Network network(dense_network(sizes, activation, loss, {Init::Kind::xavier}, 11));
  // Non-zero biases, so that their gradients and their effect on the activations are exercised.
  network.parameters() += 0.1f * testing::random_matrix(network.parameter_count(), 1, 5).col(0);
  const Eigen::Index batch = 7;
  const Matrix inputs = testing::random_matrix(sizes.front(), batch, 6);
  const Labels labels = testing::random_labels(batch, sizes.back(), 7);

  const float loss_value = network.compute_gradients(inputs, labels);
  const VectorXd parameters = network.parameters().cast<double>();
  const MatrixXd inputs_double = inputs.cast<double>();
  EXPECT_NEAR(loss_value, reference_loss(sizes, activation, loss, parameters, inputs_double, labels), 1e-5 * (1 + loss_value));

  constexpr double kStep = 1e-6;
  for (Eigen::Index i = 0; i < parameters.size(); ++i) {
    VectorXd shifted = parameters;
    shifted(i) += kStep;
    const double up = reference_loss(sizes, activation, loss, shifted, inputs_double, labels);
    shifted(i) -= 2 * kStep;
    const double down = reference_loss(sizes, activation, loss, shifted, inputs_double, labels);
    const double numeric = (up - down) / (2 * kStep);
    EXPECT_NEAR(network.gradients()(i), numeric, 2e-5 + 1e-3 * std::abs(numeric)) << "parameter " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllActivationsAndLosses, GradientCheck,
    ::testing::Combine(::testing::Values(Activation::relu, Activation::sigmoid, Activation::leaky_relu, Activation::tanh),
                       ::testing::Values(Loss::cross_entropy, Loss::mse),
                       ::testing::Values(std::vector<int>{5, 4, 3}, std::vector<int>{6, 5, 4, 3})),
    case_name);

}  // namespace
}  // namespace ssim::nn
