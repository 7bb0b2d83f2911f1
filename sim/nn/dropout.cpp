#include "nn/dropout.hpp"

#include <cmath>
#include <stdexcept>

namespace ssim::nn {

Dropout::Dropout(Shape shape, double rate, std::uint64_t seed)
    : shape_(shape), rate_(rate), drop_below_(std::uint64_t(std::llround(rate * 0x1.0p24))), random_(seed) {
  if (!(rate >= 0.0 && rate < 1.0)) throw std::invalid_argument("dropout: rate must be in [0, 1)");
}

void Dropout::forward(const Matrix& input, Matrix& output) {
  // Integer draws against an integer threshold: the same mask on every machine.
  const float keep_scale = float(1.0 / (1.0 - rate_));
  mask_.resize(input.rows(), input.cols());
  float* mask = mask_.data();
  for (Eigen::Index i = 0; i < mask_.size(); ++i) mask[i] = (random_() >> 40) < drop_below_ ? 0.0f : keep_scale;
  output.noalias() = input.cwiseProduct(mask_);
}

void Dropout::backward(const Matrix&, const Matrix&, const Matrix& output_gradient, Matrix* input_gradient) {
  if (input_gradient) input_gradient->noalias() = output_gradient.cwiseProduct(mask_);
}

}  // namespace ssim::nn
