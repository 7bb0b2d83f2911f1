// Training a network to regress target values rather than to classify labels (a parity model
// learns the sum of another network's logits). The loss is the mean squared error over every
// output value, L = sum (y - t)^2 / (m B) for m outputs and B samples, taken on the raw outputs of
// the last layer; its gradient goes back through Network::backward_range, so the network's own
// loss (its spec's) is not used.
#pragma once
#include "nn/network.hpp"

namespace ssim::nn {

// The loss of `outputs` against `targets` (same shape).
float mean_squared_error(const Matrix& outputs, const Matrix& targets);

// One regression step's gradients: fills network.gradients() (a mean over the batch, as
// compute_gradients does) and returns the loss before the step.
float regression_gradients(Network& network, const Matrix& inputs, const Matrix& targets);

// Flops of regression_gradients on a batch (nn/flops.hpp's conventions): the forward and backward
// passes, and the loss: 3 per output value forward (subtract, square, accumulate), 1 backward
// (scale the residual by 2 / (m B)).
double regression_step_flops(const Network& network, Eigen::Index batch);

}  // namespace ssim::nn
