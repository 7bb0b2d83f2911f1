// Fully connected layer: output = W * input + b, with W (outputs x inputs). Takes a sample of any
// shape as the flat vector it is stored as. Its parameter slice holds W column-major, then b.
#pragma once
#include "nn/layer.hpp"
#include "nn/weights_and_bias.hpp"

namespace ssim::nn {

class Dense final : public Layer {
 public:
  Dense(Shape input, Eigen::Index outputs, Init weight_init = {}, Init bias_init = {Init::Kind::constant});

  Shape input_shape() const override { return input_; }
  Shape output_shape() const override { return {int(params_.weights.rows()), 1, 1}; }
  Eigen::Index parameter_count() const override;
  void bind(float* parameters, float* gradients) override;
  void initialise(std::mt19937_64& random) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Dense>(*this); }

  void infer(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;

  double forward_flops(Eigen::Index batch) const override;
  double backward_flops(Eigen::Index batch, bool input_gradient) const override;

  Eigen::Map<Matrix>& weights() { return params_.weights; }
  const Eigen::Map<Matrix>& weights() const { return params_.weights; }
  Eigen::Map<Vector>& bias() { return params_.bias; }
  const Eigen::Map<Vector>& bias() const { return params_.bias; }
  const Eigen::Map<Matrix>& weight_gradient() const { return params_.weight_gradient; }
  const Eigen::Map<Vector>& bias_gradient() const { return params_.bias_gradient; }

 private:
  Shape input_;
  WeightsAndBias params_;
};

}  // namespace ssim::nn
