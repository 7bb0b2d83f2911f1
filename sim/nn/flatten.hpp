// Flatten: a sample of any shape as the vector it is already stored as. Moves no data but the copy
// the layer interface asks for, and costs no flops.
#pragma once
#include "nn/layer.hpp"

namespace ssim::nn {

class Flatten final : public Layer {
 public:
  explicit Flatten(Shape input) : input_(input) {}
  Shape input_shape() const override { return input_; }
  Shape output_shape() const override { return {int(input_.size()), 1, 1}; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Flatten>(*this); }
  void infer(const Matrix& input, Matrix& output) const override { output = input; }
  void backward(const Matrix&, const Matrix&, const Matrix& output_gradient, Matrix* input_gradient) override {
    if (input_gradient) *input_gradient = output_gradient;
  }
  double forward_flops(Eigen::Index) const override { return 0.0; }
  double backward_flops(Eigen::Index, bool) const override { return 0.0; }

 private:
  Shape input_;
};

}  // namespace ssim::nn
