// A sequential network whose parameters live in one flat vector, so schemes can send,
// average and reduce them as a single tensor. Layers view slices of that vector.
#pragma once
#include "nn/tensor.hpp"
#include <memory>
#include <string>
#include <vector>

namespace ssim::nn {

class Layer;

enum class Activation { relu, sigmoid, leaky_relu };
enum class Loss { cross_entropy, mse };  // cross_entropy = softmax + CE on the last layer
enum class Init { normal, truncated_normal, he, xavier };

struct NetworkSpec {
  std::vector<int> layer_sizes;  // e.g. {784, 50, 50, 10}: three dense layers
  Activation activation = Activation::relu;
  Loss loss = Loss::cross_entropy;
  Init init = Init::he;
  std::uint64_t seed = 0;
};

class Network {
 public:
  explicit Network(const NetworkSpec& spec);
  // Copies share nothing: each simulated host owns its own replica.
  Network(const Network& other);
  Network& operator=(const Network& other);
  Network(Network&& other) noexcept;
  Network& operator=(Network&& other) noexcept;
  ~Network();

  Vector& parameters();              // flat, contiguous; writing it changes the layers
  const Vector& parameters() const;
  const Vector& gradients() const;   // mean over the batch, same layout as parameters()
  Eigen::Index parameter_count() const;

  // Forward + backward on a batch; fills gradients() and returns the mean loss.
  float compute_gradients(const Matrix& inputs, const Labels& labels);
  Matrix predict(const Matrix& inputs) const;        // output activations, one column per sample
  double accuracy(const Matrix& inputs, const Labels& labels) const;  // fraction in [0, 1]
  float loss(const Matrix& inputs, const Labels& labels) const;       // mean loss, no gradients

  // Analytic flop counts of the work above, per batch (see nn/flops.hpp for the conventions).
  double forward_flops(Eigen::Index batch) const;
  double backward_flops(Eigen::Index batch) const;   // everything compute_gradients does after forward
  double train_step_flops(Eigen::Index batch) const { return forward_flops(batch) + backward_flops(batch); }

  const NetworkSpec& spec() const;

  // Layer ranges, for schemes that split the network over hosts (pipelines). The layers are the
  // plain ones of nn/layer.hpp, in order: dense, activation, dense, ..., activation, dense, where
  // every hidden dense layer is followed by spec().activation; the loss (nn/loss.hpp) takes the
  // last dense layer's output. Each dense layer's slice of parameters() holds its weights
  // (outputs x inputs, column-major) then its biases, slices in layer order.
  int layer_count() const;
  const Layer& layer(int index) const;
  // Where the layer's slice starts; index == layer_count() gives parameter_count(), so the
  // slice of a range [first, last) is [parameter_offset(first), parameter_offset(last)).
  Eigen::Index parameter_offset(int index) const;

  // Runs layers [first, last) on `input`, which the caller owns and must pass again to
  // backward_range. Returns the output of layer last - 1, valid until that layer runs forward again.
  const Matrix& forward_range(int first, int last, const Matrix& input);
  // From dL/d(output of layer last - 1), overwrites the gradients() slices of layers [first, last),
  // using the activations of the latest forward_range over them. Returns dL/d(input); for
  // first == 0 that gradient (of the data) is neither computed nor counted, and the result is empty.
  const Matrix& backward_range(int first, int last, const Matrix& input, const Matrix& output_gradient);
  // Flops of the two calls above, without the loss (OutputLoss in nn/loss.hpp counts its own).
  double forward_flops(Eigen::Index batch, int first, int last) const;
  double backward_flops(Eigen::Index batch, int first, int last) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ssim::nn
