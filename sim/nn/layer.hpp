// The layers a Network is made of (dense, conv2d, pooling, flatten, dropout, activations), each
// knowing the shape of one sample on either side. Layers hold no activations of their own: the
// caller passes each call's input and output, so a pipeline stage can run any contiguous range of
// them (Network::forward_range / backward_range). What a training pass keeps for its backward pass
// (a pooling's argmax, a dropout's mask, a convolution's unfolded input) stays in the layer, so a
// layer serves one batch at a time; a replica of the network serves another.
#pragma once
#include "nn/spec.hpp"
#include "nn/tensor.hpp"

#include <memory>
#include <random>

namespace ssim::nn {

class Layer {
 public:
  virtual ~Layer() = default;

  virtual Shape input_shape() const = 0;
  virtual Shape output_shape() const = 0;
  Eigen::Index input_size() const { return input_shape().size(); }
  Eigen::Index output_size() const { return output_shape().size(); }

  virtual Eigen::Index parameter_count() const { return 0; }
  // Points the layer's parameters and gradients at slices of the network's flat vectors.
  virtual void bind(float* /*parameters*/, float* /*gradients*/) {}
  // Draws the starting parameters; the network calls it once per layer, in layer order.
  virtual void initialise(std::mt19937_64& /*random*/) {}
  // Where a dropout layer's masks come from; other layers ignore it.
  virtual void reseed(std::uint64_t /*seed*/) {}
  // A copy with the same state; its parameters must be bound again.
  virtual std::unique_ptr<Layer> clone() const = 0;

  // Training pass: may keep what backward needs.
  virtual void forward(const Matrix& input, Matrix& output) { infer(input, output); }
  // Evaluation pass: keeps nothing, and dropout is off.
  virtual void infer(const Matrix& input, Matrix& output) const = 0;
  // `input` and `output` are what the latest forward saw and produced; `output_gradient` is
  // dL/d(output). Overwrites this layer's parameter gradients, and writes dL/d(input) when
  // input_gradient is not null (null skips that work, e.g. for the first layer).
  virtual void backward(const Matrix& input, const Matrix& output, const Matrix& output_gradient,
                        Matrix* input_gradient) = 0;

  // Flops of forward, infer and backward for a batch (nn/flops.hpp gives the conventions).
  virtual double forward_flops(Eigen::Index batch) const = 0;
  virtual double infer_flops(Eigen::Index batch) const { return forward_flops(batch); }
  virtual double backward_flops(Eigen::Index batch, bool input_gradient) const = 0;
};

}  // namespace ssim::nn
