#include "nn/activation.hpp"

#include "nn/flops.hpp"

#include <stdexcept>

namespace ssim::nn {

ElementwiseLayer::ElementwiseLayer(Eigen::Index units) : units_(units) {
  if (units <= 0) throw std::invalid_argument("activation: unit count must be positive");
}

double ElementwiseLayer::forward_flops(Eigen::Index batch) const {
  return activation_forward_flops(kind(), units_, batch);
}

double ElementwiseLayer::backward_flops(Eigen::Index batch, bool input_gradient) const {
  // An activation has no parameters: without an input gradient it has nothing to do.
  return input_gradient ? activation_backward_flops(kind(), units_, batch) : 0.0;
}

void ReLU::forward(const Matrix& input, Matrix& output) const {
  output = input.cwiseMax(0.0f);
}

void ReLU::backward(const Matrix&, const Matrix& output, const Matrix& output_gradient,
                    Matrix* input_gradient) {
  if (!input_gradient) return;
  *input_gradient = (output.array() > 0.0f).select(output_gradient, 0.0f);
}

void LeakyReLU::forward(const Matrix& input, Matrix& output) const {
  // max(x, a*x) equals the leaky ReLU for any slope a in (0, 1).
  output = input.cwiseMax(kNegativeSlope * input);
}

void LeakyReLU::backward(const Matrix&, const Matrix& output, const Matrix& output_gradient,
                         Matrix* input_gradient) {
  if (!input_gradient) return;
  // The output has the sign of the input, so it tells which side of the kink we are on.
  *input_gradient = (output.array() > 0.0f).select(output_gradient, kNegativeSlope * output_gradient);
}

void Sigmoid::forward(const Matrix& input, Matrix& output) const {
  // exp(-x) overflows to +inf for very negative x, which still gives the right limit 0.
  output = (1.0f + (-input.array()).exp()).inverse().matrix();
}

void Sigmoid::backward(const Matrix&, const Matrix& output, const Matrix& output_gradient,
                       Matrix* input_gradient) {
  if (!input_gradient) return;
  *input_gradient = (output_gradient.array() * output.array() * (1.0f - output.array())).matrix();
}

std::unique_ptr<ElementwiseLayer> make_activation(Activation kind, Eigen::Index units) {
  switch (kind) {
    case Activation::relu: return std::make_unique<ReLU>(units);
    case Activation::leaky_relu: return std::make_unique<LeakyReLU>(units);
    case Activation::sigmoid: return std::make_unique<Sigmoid>(units);
  }
  throw std::invalid_argument("unknown activation");
}

}  // namespace ssim::nn
