#include "nn/dense.hpp"

#include "nn/cpu_independence.hpp"
#include "nn/flops.hpp"
#include "nn/init.hpp"

#include <new>
#include <stdexcept>

namespace ssim::nn {

Dense::Dense(Shape input, Eigen::Index outputs, Init weight_init, Init bias_init)
    : input_(input),
      weight_init_(weight_init),
      bias_init_(bias_init),
      weights_(nullptr, outputs, input.size()),
      bias_(nullptr, outputs),
      weight_gradient_(nullptr, outputs, input.size()),
      bias_gradient_(nullptr, outputs) {
  if (input.size() <= 0 || outputs <= 0) throw std::invalid_argument("Dense: sizes must be positive");
  pin_cpu_dependent_settings();
}

Eigen::Index Dense::parameter_count() const { return weights_.size() + bias_.size(); }

void Dense::bind(float* parameters, float* gradients) {
  const Eigen::Index rows = output_size(), cols = input_size();
  // Placement new is how Eigen re-points a Map at other storage.
  new (&weights_) Eigen::Map<Matrix>(parameters, rows, cols);
  new (&bias_) Eigen::Map<Vector>(parameters + rows * cols, rows);
  new (&weight_gradient_) Eigen::Map<Matrix>(gradients, rows, cols);
  new (&bias_gradient_) Eigen::Map<Vector>(gradients + rows * cols, rows);
}

void Dense::initialise(std::mt19937_64& random) {
  const double fan_in = double(input_size()), fan_out = double(output_size());
  Eigen::Map<Vector> weights(weights_.data(), weights_.size());
  nn::initialise(weight_init_, weights, fan_in, fan_out, random);
  nn::initialise(bias_init_, bias_, fan_in, fan_out, random);
}

void Dense::infer(const Matrix& input, Matrix& output) const {
  output.noalias() = weights_ * input;
  output.colwise() += bias_;
}

void Dense::backward(const Matrix& input, const Matrix& /*output*/, const Matrix& output_gradient,
                     Matrix* input_gradient) {
  weight_gradient_.noalias() = output_gradient * input.transpose();
  bias_gradient_.noalias() = output_gradient.rowwise().sum();
  if (input_gradient) input_gradient->noalias() = weights_.transpose() * output_gradient;
}

double Dense::forward_flops(Eigen::Index batch) const {
  return dense_forward_flops(input_size(), output_size(), batch);
}

double Dense::backward_flops(Eigen::Index batch, bool input_gradient) const {
  return dense_backward_flops(input_size(), output_size(), batch, input_gradient);
}

}  // namespace ssim::nn
