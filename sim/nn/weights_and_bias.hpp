// The parameters of a dense or convolution layer: weights (rows x cols, column-major), then biases
// (rows), viewed in the network's flat parameter and gradient vectors once bound.
#pragma once
#include "nn/spec.hpp"
#include "nn/tensor.hpp"

#include <random>

namespace ssim::nn {

struct WeightsAndBias {
  WeightsAndBias(Eigen::Index rows, Eigen::Index cols, Init weight_init, Init bias_init);
  Eigen::Index size() const { return weights.size() + bias.size(); }
  // Points the maps at the layer's slice of the network's parameters and gradients.
  void bind(float* parameters, float* gradients);
  // Draws the weights, then the biases.
  void initialise(double fan_in, double fan_out, std::mt19937_64& random);

  Init weight_init, bias_init;
  // Unbound maps keep the shape (with a null data pointer) until bind().
  Eigen::Map<Matrix> weights;
  Eigen::Map<Vector> bias;
  Eigen::Map<Matrix> weight_gradient;
  Eigen::Map<Vector> bias_gradient;
};

}  // namespace ssim::nn
