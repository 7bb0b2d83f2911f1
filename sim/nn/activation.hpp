// Element-wise activation layers. Each derives its backward pass from its output, which is all
// that ReLU, LeakyReLU, Sigmoid and Tanh need.
#pragma once
#include "nn/layer.hpp"

#include <memory>

namespace ssim::nn {

class ElementwiseLayer : public Layer {
 public:
  explicit ElementwiseLayer(Shape shape);
  Shape input_shape() const override { return shape_; }
  Shape output_shape() const override { return shape_; }
  double forward_flops(Eigen::Index batch) const override;
  double backward_flops(Eigen::Index batch, bool input_gradient) const override;
  virtual Activation kind() const = 0;

 private:
  Shape shape_;
};

class ReLU final : public ElementwiseLayer {
 public:
  using ElementwiseLayer::ElementwiseLayer;
  Activation kind() const override { return Activation::relu; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<ReLU>(*this); }
  void infer(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;
};

class LeakyReLU final : public ElementwiseLayer {
 public:
  // slope >= 0: the output then has the sign of the input, which backward relies on.
  LeakyReLU(Shape shape, float negative_slope);
  Activation kind() const override { return Activation::leaky_relu; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<LeakyReLU>(*this); }
  void infer(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;
  float negative_slope() const { return negative_slope_; }

 private:
  float negative_slope_;
};

class Sigmoid final : public ElementwiseLayer {
 public:
  using ElementwiseLayer::ElementwiseLayer;
  Activation kind() const override { return Activation::sigmoid; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Sigmoid>(*this); }
  void infer(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;
};

class Tanh final : public ElementwiseLayer {
 public:
  using ElementwiseLayer::ElementwiseLayer;
  Activation kind() const override { return Activation::tanh; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Tanh>(*this); }
  void infer(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;
};

// The layer for `kind` over samples of `shape`; null for linear, which is no layer at all.
std::unique_ptr<ElementwiseLayer> make_activation(Activation kind, Shape shape, float leaky_slope = 0.01f);

}  // namespace ssim::nn
