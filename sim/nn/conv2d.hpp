// 2-D convolution (cross-correlation, as in every framework) with stride, padding and dilation.
// Samples are height x width x channels with the channels fastest (nn/spec.hpp, Shape), so the
// unfolded input (im2col: one column per output position, K = kernel area x input channels rows)
// meets the weights in one GEMM whose result is already the output:
//   Y (filters x positions*samples) = W (filters x K) * P (K x positions*samples) + b.
// The parameter slice holds W column-major (K index = (ky * kernel_width + kx) * channels + c),
// then b. The batch goes through in chunks of samples whose part of P fits in the (pinned) L2
// size, each multiplied right after it is unfolded; backward unfolds each chunk again from its
// input rather than keep P of the whole batch, which would go to memory and back.
#pragma once
#include "nn/layer.hpp"
#include "nn/shapes.hpp"
#include "nn/weights_and_bias.hpp"

namespace ssim::nn {

class Conv2d final : public Layer {
 public:
  Conv2d(Shape input, const Conv2dSpec& spec, Init weight_init = {}, Init bias_init = {Init::Kind::constant});

  Shape input_shape() const override { return input_; }
  Shape output_shape() const override { return output_; }
  Eigen::Index parameter_count() const override;
  void bind(float* parameters, float* gradients) override;
  void initialise(std::mt19937_64& random) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Conv2d>(*this); }

  void forward(const Matrix& input, Matrix& output) override;
  void infer(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;

  double forward_flops(Eigen::Index batch) const override;
  double backward_flops(Eigen::Index batch, bool input_gradient) const override;

  Eigen::Index kernel_size() const { return params_.weights.cols(); }  // K
  Eigen::Map<Matrix>& weights() { return params_.weights; }
  const Eigen::Map<Matrix>& weights() const { return params_.weights; }
  Eigen::Map<Vector>& bias() { return params_.bias; }
  const Eigen::Map<Vector>& bias() const { return params_.bias; }

 private:
  // Samples per chunk: as many as keep a chunk's part of P within the (pinned) L2 size, at least one.
  Eigen::Index samples_per_chunk() const;
  // Calls visit(sample, offset in the chunk's P of the row's first tap, offset in the sample's
  // input of the first tap inside, kx_begin, kx_end) for every kernel row at every output position
  // of samples [first, first + count): kernel columns [kx_begin, kx_end) land inside the input
  // (none when the row lies in the padding).
  template <class Visit>
  void for_each_kernel_row(Eigen::Index first, Eigen::Index count, Visit visit) const;
  // P of samples [first, first + count) of `input` (its columns are samples).
  void unfold(const Matrix& input, Eigen::Index first, Eigen::Index count, float* unfolded) const;
  // Adds the columns of those samples' dP back onto the input positions they were read from.
  void fold(const float* unfolded_gradient, Eigen::Index first, Eigen::Index count, Matrix& input_gradient) const;
  // The output, with `unfolded` and `transposed` as scratch for a chunk's P and Y^T.
  void convolve(const Matrix& input, Matrix& output, Matrix& unfolded, Matrix& transposed) const;

  Shape input_, output_;
  Conv2dSpec spec_;
  Padding1d pad_h_, pad_w_;
  double in_bounds_taps_;  // per sample: kernel taps that land inside the input, over all positions
  WeightsAndBias params_;
  // P, Y^T and dP of one chunk, and dW^T: kept so that training allocates nothing.
  Matrix unfolded_;
  Matrix output_transposed_;
  Matrix unfolded_gradient_;
  Matrix weight_gradient_transposed_;
};

}  // namespace ssim::nn
