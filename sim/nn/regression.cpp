#include "nn/regression.hpp"
#include <stdexcept>

namespace ssim::nn {
namespace {

void check_shapes(const Matrix& outputs, const Matrix& targets) {
  if (outputs.rows() != targets.rows() || outputs.cols() != targets.cols() || outputs.size() == 0)
    throw std::invalid_argument("mean squared error: outputs and targets of one non-empty shape are needed");
}

}  // namespace

float mean_squared_error(const Matrix& outputs, const Matrix& targets) {
  check_shapes(outputs, targets);
  return (outputs - targets).squaredNorm() / static_cast<float>(outputs.size());
}

float regression_gradients(Network& network, const Matrix& inputs, const Matrix& targets) {
  const int layers = network.layer_count();
  const Matrix& outputs = network.forward_range(0, layers, inputs);
  check_shapes(outputs, targets);
  const Matrix residuals = outputs - targets;
  const float loss = residuals.squaredNorm() / static_cast<float>(residuals.size());
  network.backward_range(0, layers, inputs, (2.0f / static_cast<float>(residuals.size())) * residuals);
  return loss;
}

double regression_step_flops(const Network& network, Eigen::Index batch) {
  const int layers = network.layer_count();
  const double values = static_cast<double>(network.output_size()) * static_cast<double>(batch);
  return network.forward_flops(batch, 0, layers) + network.backward_flops(batch, 0, layers) + 4 * values;
}

}  // namespace ssim::nn
