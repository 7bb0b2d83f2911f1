#include "nn/flops.hpp"

#include <stdexcept>

namespace ssim::nn {
namespace {

struct ElementCost {
  double forward, backward;
};

ElementCost activation_cost(Activation activation) {
  switch (activation) {
    case Activation::linear: return {0, 0};
    case Activation::relu: return {1, 1};
    case Activation::leaky_relu: return {2, 2};
    case Activation::sigmoid: return {4, 3};
    case Activation::tanh: return {1, 3};
  }
  throw std::invalid_argument("unknown activation");
}

}  // namespace

double dense_forward_flops(Eigen::Index inputs, Eigen::Index outputs, Eigen::Index batch) {
  const double in = double(inputs), out = double(outputs), b = double(batch);
  return 2 * in * out * b + out * b;
}

double dense_backward_flops(Eigen::Index inputs, Eigen::Index outputs, Eigen::Index batch,
                            bool input_gradient) {
  const double in = double(inputs), out = double(outputs), b = double(batch);
  const double parameter_gradients = 2 * in * out * b + out * b;
  return parameter_gradients + (input_gradient ? 2 * in * out * b : 0.0);
}

double activation_forward_flops(Activation activation, Eigen::Index units, Eigen::Index batch) {
  return activation_cost(activation).forward * double(units) * double(batch);
}

double activation_backward_flops(Activation activation, Eigen::Index units, Eigen::Index batch) {
  return activation_cost(activation).backward * double(units) * double(batch);
}

double loss_forward_flops(Loss loss, Eigen::Index classes, Eigen::Index batch) {
  const double elements = double(classes) * double(batch), samples = double(batch);
  switch (loss) {
    case Loss::cross_entropy: return 5 * elements + 4 * samples;
    case Loss::mse: return 2 * elements + samples;
  }
  throw std::invalid_argument("unknown loss");
}

double loss_backward_flops(Loss loss, Eigen::Index classes, Eigen::Index batch) {
  const double elements = double(classes) * double(batch), samples = double(batch);
  switch (loss) {
    case Loss::cross_entropy: return elements + samples;
    case Loss::mse: return elements;
  }
  throw std::invalid_argument("unknown loss");
}

double sgd_step_flops(Eigen::Index parameter_count, bool momentum) {
  return (momentum ? 4.0 : 2.0) * double(parameter_count);
}

double adam_step_flops(Eigen::Index parameter_count) { return 12.0 * double(parameter_count); }

}  // namespace ssim::nn
