// The plain layers a Network is made of: dense, activation, dense, activation, ..., dense.
// Layers hold no activations of their own: the caller passes each call's input and output, so a
// pipeline stage can run any contiguous range of them (Network::forward_range / backward_range).
#pragma once
#include "nn/tensor.hpp"

namespace ssim::nn {

class Layer {
 public:
  virtual ~Layer() = default;

  virtual Eigen::Index input_size() const = 0;
  virtual Eigen::Index output_size() const = 0;
  virtual Eigen::Index parameter_count() const { return 0; }
  // Points the layer's parameters and gradients at slices of the network's flat vectors.
  virtual void bind(float* /*parameters*/, float* /*gradients*/) {}

  virtual void forward(const Matrix& input, Matrix& output) const = 0;
  // `input` and `output` are what forward saw and produced; `output_gradient` is dL/d(output).
  // Overwrites this layer's parameter gradients, and writes dL/d(input) when input_gradient is
  // not null (null skips that work, e.g. for the first layer).
  virtual void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                        Matrix* input_gradient) = 0;

  virtual double forward_flops(Eigen::Index batch) const = 0;
  virtual double backward_flops(Eigen::Index batch, bool input_gradient) const = 0;
};

}  // namespace ssim::nn
