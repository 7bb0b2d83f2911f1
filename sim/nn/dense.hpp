// Fully connected layer: output = W * input + b, with W (outputs x inputs).
// Its parameter slice holds W column-major, then b.
#pragma once
#include "nn/layer.hpp"

namespace ssim::nn {

class Dense final : public Layer {
 public:
  Dense(Eigen::Index inputs, Eigen::Index outputs);

  Eigen::Index input_size() const override { return weights_.cols(); }
  Eigen::Index output_size() const override { return weights_.rows(); }
  Eigen::Index parameter_count() const override;
  void bind(float* parameters, float* gradients) override;

  void forward(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;

  double forward_flops(Eigen::Index batch) const override;
  double backward_flops(Eigen::Index batch, bool input_gradient) const override;

  Eigen::Map<Matrix>& weights() { return weights_; }
  const Eigen::Map<Matrix>& weights() const { return weights_; }
  Eigen::Map<Vector>& bias() { return bias_; }
  const Eigen::Map<Vector>& bias() const { return bias_; }
  const Eigen::Map<Matrix>& weight_gradient() const { return weight_gradient_; }
  const Eigen::Map<Vector>& bias_gradient() const { return bias_gradient_; }

 private:
  // Unbound maps keep the shape (with a null data pointer) until bind().
  Eigen::Map<Matrix> weights_;
  Eigen::Map<Vector> bias_;
  Eigen::Map<Matrix> weight_gradient_;
  Eigen::Map<Vector> bias_gradient_;
};

}  // namespace ssim::nn
