#include "nn/dense.hpp"

#include "nn/cpu_independence.hpp"
#include "nn/flops.hpp"

#include <stdexcept>

namespace ssim::nn {

Dense::Dense(Shape input, Eigen::Index outputs, Init weight_init, Init bias_init)
    : input_(input),
      params_(outputs, input.size(), weight_init, bias_init) {
  if (input.size() <= 0 || outputs <= 0) throw std::invalid_argument("Dense: sizes must be positive");
  pin_cpu_dependent_settings();
}

Eigen::Index Dense::parameter_count() const { return params_.size(); }

void Dense::bind(float* parameters, float* gradients) { params_.bind(parameters, gradients); }

void Dense::initialise(std::mt19937_64& random) {
  params_.initialise(double(input_size()), double(output_size()), random);
}

void Dense::infer(const Matrix& input, Matrix& output) const {
  output.noalias() = params_.weights * input;
  output.colwise() += params_.bias;
}

void Dense::backward(const Matrix& input, const Matrix& /*output*/, const Matrix& output_gradient,
                     Matrix* input_gradient) {
  params_.weight_gradient.noalias() = output_gradient * input.transpose();
  params_.bias_gradient.noalias() = output_gradient.rowwise().sum();
  if (input_gradient) input_gradient->noalias() = params_.weights.transpose() * output_gradient;
}

double Dense::forward_flops(Eigen::Index batch) const {
  return dense_forward_flops(input_size(), output_size(), batch);
}

double Dense::backward_flops(Eigen::Index batch, bool input_gradient) const {
  return dense_backward_flops(input_size(), output_size(), batch, input_gradient);
}

}  // namespace ssim::nn
