// Inverted dropout: while training each value is zeroed with probability `rate` and the others are
// scaled by 1 / (1 - rate), so evaluation (infer) passes the input through unchanged. The masks
// come from the layer's own generator, seeded by the network (Network::reseed_dropout), and the
// latest one is kept for the backward pass.
#pragma once
#include "nn/layer.hpp"

namespace ssim::nn {

class Dropout final : public Layer {
 public:
  Dropout(Shape shape, double rate, std::uint64_t seed);
  Shape input_shape() const override { return shape_; }
  Shape output_shape() const override { return shape_; }
  void reseed(std::uint64_t seed) override { random_.seed(seed); }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Dropout>(*this); }

  void forward(const Matrix& input, Matrix& output) override;
  void infer(const Matrix& input, Matrix& output) const override { output = input; }
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;

  // Per value: a draw compared with the rate and a product; backward one product.
  double forward_flops(Eigen::Index batch) const override { return 2.0 * double(shape_.size() * batch); }
  double infer_flops(Eigen::Index) const override { return 0.0; }
  double backward_flops(Eigen::Index batch, bool input_gradient) const override {
    return input_gradient ? double(shape_.size() * batch) : 0.0;
  }

  double rate() const { return rate_; }
  const Matrix& mask() const { return mask_; }  // of the latest forward: 0 or 1 / (1 - rate)

 private:
  Shape shape_;
  double rate_;
  std::uint64_t drop_below_;  // a 24-bit draw below this drops the value
  std::mt19937_64 random_;
  Matrix mask_;
};

}  // namespace ssim::nn
