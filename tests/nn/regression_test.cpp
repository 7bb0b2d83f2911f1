// The regression step of a parity model: its loss is the mean squared error over every output
// value, its gradients match central differences of that loss, and its flops are the passes' and
// 4 per output value.
#include "nn/regression.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ssim::nn {
namespace {

// The loss of the network's outputs, summed in double so that float rounding does not swamp the
// difference quotient.
double loss_in_double(const Network& network, const Matrix& inputs, const Matrix& targets) {
  const Eigen::MatrixXd residuals = network.outputs(inputs).cast<double>() - targets.cast<double>();
  return residuals.squaredNorm() / double(residuals.size());
}

TEST(Regression, TheLossIsTheMeanOverEveryOutputValue) {
  Matrix outputs(2, 2), targets(2, 2);
  outputs << 1, 2, 3, 4;
  targets << 0, 2, 5, 1;
  // Squared differences 1, 0, 4, 9 over 4 values.
  EXPECT_FLOAT_EQ(mean_squared_error(outputs, targets), 3.5f);
}

TEST(Regression, EveryGradientMatchesCentralDifferences) {
  Network network(dense_network({5, 4, 3}, Activation::tanh, Loss::cross_entropy, {Init::Kind::xavier}, 3));
  network.parameters() += 0.1f * testing::random_matrix(network.parameter_count(), 1, 4).col(0);
  const Matrix inputs = testing::random_matrix(5, 6, 5), targets = testing::random_matrix(3, 6, 6);

  const float loss = regression_gradients(network, inputs, targets);
  EXPECT_NEAR(loss, loss_in_double(network, inputs, targets), 1e-6 * (1 + loss));
  const Vector gradients = network.gradients();
  constexpr float kStep = 1e-2f;
  for (Eigen::Index i = 0; i < network.parameter_count(); ++i) {
    float& value = network.parameters()(i);
    const float original = value;
    value = original + kStep;
    const double up = loss_in_double(network, inputs, targets);
    value = original - kStep;
    const double down = loss_in_double(network, inputs, targets);
    value = original;
    const double numeric = (up - down) / (2.0 * double(kStep));
    EXPECT_NEAR(gradients(i), numeric, 1e-3 * (1 + std::abs(numeric))) << "parameter " << i;
  }
}

TEST(Regression, AStepCostsItsPassesAndFourFlopsPerOutputValue) {
  const Network network(dense_network({5, 4, 3}, Activation::tanh, Loss::cross_entropy, {Init::Kind::xavier}, 3));
  const int layers = network.layer_count();
  EXPECT_DOUBLE_EQ(regression_step_flops(network, 7),
                   network.forward_flops(7, 0, layers) + network.backward_flops(7, 0, layers) + 4 * 3 * 7);
}

}  // namespace
}  // namespace ssim::nn
