#include "nn/activation.hpp"

#include "nn/flops.hpp"

#include <stdexcept>

namespace ssim::nn {

ElementwiseLayer::ElementwiseLayer(Shape shape) : shape_(shape) {
  if (shape.size() <= 0) throw std::invalid_argument("activation: unit count must be positive");
}

double ElementwiseLayer::forward_flops(Eigen::Index batch) const {
  return activation_forward_flops(kind(), shape_.size(), batch);
}

double ElementwiseLayer::backward_flops(Eigen::Index batch, bool input_gradient) const {
  // An activation has no parameters: without an input gradient it has nothing to do.
  return input_gradient ? activation_backward_flops(kind(), shape_.size(), batch) : 0.0;
}

void ReLU::infer(const Matrix& input, Matrix& output) const { output = input.cwiseMax(0.0f); }

// Plain loops, which the compiler turns into vector blends (Eigen's select is not vectorised; the
// library is built with -fno-trapping-math, which lets comparisons in loops be vectorised).
void ReLU::backward(const Matrix&, const Matrix& output, const Matrix& output_gradient, Matrix* input_gradient) {
  if (!input_gradient) return;
  input_gradient->resize(output.rows(), output.cols());
  const float *out = output.data(), *gradient = output_gradient.data();
  float* result = input_gradient->data();
  for (Eigen::Index i = 0; i < output.size(); ++i) result[i] = out[i] > 0.0f ? gradient[i] : 0.0f;
}

LeakyReLU::LeakyReLU(Shape shape, float negative_slope) : ElementwiseLayer(shape), negative_slope_(negative_slope) {
  if (!(negative_slope >= 0.0f)) throw std::invalid_argument("leaky_relu: the slope must not be negative");
}

void LeakyReLU::infer(const Matrix& input, Matrix& output) const {
  output.resize(input.rows(), input.cols());
  // The slope in a local: the compiler cannot tell that writing `out` leaves the member alone.
  const float slope = negative_slope_, *in = input.data();
  float* out = output.data();
  for (Eigen::Index i = 0; i < input.size(); ++i) out[i] = in[i] > 0.0f ? in[i] : slope * in[i];
}

void LeakyReLU::backward(const Matrix&, const Matrix& output, const Matrix& output_gradient,
                         Matrix* input_gradient) {
  if (!input_gradient) return;
  // The output has the sign of the input, so it tells which side of the kink we are on.
  input_gradient->resize(output.rows(), output.cols());
  const float slope = negative_slope_, *out = output.data(), *gradient = output_gradient.data();
  float* result = input_gradient->data();
  for (Eigen::Index i = 0; i < output.size(); ++i) result[i] = out[i] > 0.0f ? gradient[i] : slope * gradient[i];
}

void Sigmoid::infer(const Matrix& input, Matrix& output) const {
  // exp(-x) overflows to +inf for very negative x, which still gives the right limit 0.
  output = (1.0f + (-input.array()).exp()).inverse().matrix();
}

void Sigmoid::backward(const Matrix&, const Matrix& output, const Matrix& output_gradient, Matrix* input_gradient) {
  if (!input_gradient) return;
  *input_gradient = (output_gradient.array() * output.array() * (1.0f - output.array())).matrix();
}

void Tanh::infer(const Matrix& input, Matrix& output) const { output = input.array().tanh().matrix(); }

void Tanh::backward(const Matrix&, const Matrix& output, const Matrix& output_gradient, Matrix* input_gradient) {
  if (!input_gradient) return;
  *input_gradient = (output_gradient.array() * (1.0f - output.array().square())).matrix();
}

std::unique_ptr<ElementwiseLayer> make_activation(Activation kind, Shape shape, float leaky_slope) {
  switch (kind) {
    case Activation::linear: return nullptr;
    case Activation::relu: return std::make_unique<ReLU>(shape);
    case Activation::leaky_relu: return std::make_unique<LeakyReLU>(shape, leaky_slope);
    case Activation::sigmoid: return std::make_unique<Sigmoid>(shape);
    case Activation::tanh: return std::make_unique<Tanh>(shape);
  }
  throw std::invalid_argument("unknown activation");
}

}  // namespace ssim::nn
