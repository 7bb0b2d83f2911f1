// Max and average pooling over windows of each channel. With ceil rounding the last window may
// hang over the input's edge; it then covers only the values inside (max of those, or their mean).
// A max pool's training pass keeps where each maximum came from (the first, on ties).
#pragma once
#include "nn/layer.hpp"

#include <vector>

namespace ssim::nn {

class Pool2d final : public Layer {
 public:
  Pool2d(Shape input, const Pool2dSpec& spec);

  Shape input_shape() const override { return input_; }
  Shape output_shape() const override { return output_; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Pool2d>(*this); }

  void forward(const Matrix& input, Matrix& output) override;
  void infer(const Matrix& input, Matrix& output) const override;
  void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                Matrix* input_gradient) override;

  // Per output value, with v the values its window covers: max forward v - 1 (maxima), backward 1
  // (routing the gradient); average forward v (v - 1 adds, one scale), backward v + 1 (a scale,
  // v adds). Backward costs nothing without an input gradient: a pool has no parameters.
  double forward_flops(Eigen::Index batch) const override;
  double backward_flops(Eigen::Index batch, bool input_gradient) const override;

 private:
  struct Window {
    int begin, end;  // input rows (or columns) covered, end exclusive
  };
  Window window(int output, int stride, int size, int extent) const;
  template <class Visit>
  void for_each_window(Eigen::Index batch, Visit visit) const;
  void pool(const Matrix& input, Matrix& output, std::vector<Eigen::Index>* argmax) const;

  Shape input_, output_;
  Pool2dSpec spec_;
  int stride_h_, stride_w_;
  double covered_;  // per sample and channel: input values covered, summed over the windows
  std::vector<Eigen::Index> argmax_;  // max: per output value of the latest training pass, the input index
};

}  // namespace ssim::nn
