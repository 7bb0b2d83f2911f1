// Element-wise activation layers. Each derives its backward pass from its output, which is all
// that ReLU, LeakyReLU and Sigmoid need.
#pragma once
#include "nn/layer.hpp"
#include "nn/network.hpp"

#include <memory>

namespace ssim::nn {

class ElementwiseLayer : public Layer {
 public:
  explicit ElementwiseLayer(Eigen::Index units);
  Eigen::Index input_size() const override { return units_; }
  Eigen::Index output_size() const override { return units_; }
  double forward_flops(Eigen::Index batch) const override;
  double backward_flops(Eigen::Index batch, bool input_gradient) const override;
  virtual Activation kind() const = 0;

 private:
  Eigen::Index units_;
};

class ReLU final : public ElementwiseLayer {
 public:
  using ElementwiseLayer::ElementwiseLayer;
  Activation kind() const override { return Activation::relu; }
  void forward(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;
};

class LeakyReLU final : public ElementwiseLayer {
 public:
  static constexpr float kNegativeSlope = 0.01f;
  using ElementwiseLayer::ElementwiseLayer;
  Activation kind() const override { return Activation::leaky_relu; }
  void forward(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;
};

class Sigmoid final : public ElementwiseLayer {
 public:
  using ElementwiseLayer::ElementwiseLayer;
  Activation kind() const override { return Activation::sigmoid; }
  void forward(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;
};

std::unique_ptr<ElementwiseLayer> make_activation(Activation kind, Eigen::Index units);

}  // namespace ssim::nn
