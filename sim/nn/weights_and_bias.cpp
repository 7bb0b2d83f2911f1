#include "nn/weights_and_bias.hpp"

#include "nn/init.hpp"

#include <new>

namespace ssim::nn {

WeightsAndBias::WeightsAndBias(Eigen::Index rows, Eigen::Index cols, Init weight_init, Init bias_init)
    : weight_init(weight_init),
      bias_init(bias_init),
      weights(nullptr, rows, cols),
      bias(nullptr, rows),
      weight_gradient(nullptr, rows, cols),
      bias_gradient(nullptr, rows) {}

void WeightsAndBias::bind(float* parameters, float* gradients) {
  const Eigen::Index rows = weights.rows(), cols = weights.cols();
  // Placement new is how Eigen re-points a Map at other storage.
  new (&weights) Eigen::Map<Matrix>(parameters, rows, cols);
  new (&bias) Eigen::Map<Vector>(parameters + rows * cols, rows);
  new (&weight_gradient) Eigen::Map<Matrix>(gradients, rows, cols);
  new (&bias_gradient) Eigen::Map<Vector>(gradients + rows * cols, rows);
}

void WeightsAndBias::initialise(double fan_in, double fan_out, std::mt19937_64& random) {
  Eigen::Map<Vector> flat_weights(weights.data(), weights.size());
  nn::initialise(weight_init, flat_weights, fan_in, fan_out, random);
  nn::initialise(bias_init, bias, fan_in, fan_out, random);
}

}  // namespace ssim::nn
