// A sequential network whose parameters live in one flat vector, so schemes can send,
// average and reduce them as a single tensor. Layers view slices of that vector. Built from a
// NetworkSpec: each of its layers becomes one layer here, followed by its activation's layer
// unless that is linear.
#pragma once
#include "nn/spec.hpp"
#include "nn/tensor.hpp"
#include <memory>
#include <string>
#include <vector>

namespace ssim::nn {

class Layer;

// Network layers [first, last).
struct LayerRange {
  int first = 0, last = 0;
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
  Vector& gradients();               // for a scheme that sums other workers' into it in place
  Eigen::Index parameter_count() const;

  // Forward + backward on a batch; fills gradients() and returns the mean loss.
  float compute_gradients(const Matrix& inputs, const Labels& labels);
  // The same, and also writes dL/d(inputs), which the overload above skips: for a network whose
  // input is the output of other networks that train with it.
  float compute_gradients(const Matrix& inputs, const Labels& labels, Matrix& input_gradient);
  Matrix predict(const Matrix& inputs) const;        // output activations, one column per sample
  Matrix outputs(const Matrix& inputs) const;        // the last layer's raw outputs (logits), no loss
  double accuracy(const Matrix& inputs, const Labels& labels) const;  // fraction in [0, 1]
  float loss(const Matrix& inputs, const Labels& labels) const;       // mean loss, no gradients
  struct Evaluation {
    float loss;
    double accuracy;
  };
  Evaluation evaluate(const Matrix& inputs, const Labels& labels) const;  // both, in one pass

  // Analytic flop counts of the work above, per batch (see nn/flops.hpp for the conventions).
  double forward_flops(Eigen::Index batch) const;
  double backward_flops(Eigen::Index batch) const;   // everything compute_gradients does after forward
  double train_step_flops(Eigen::Index batch) const { return forward_flops(batch) + backward_flops(batch); }
  // backward_flops with the first layer's input gradient counted: the compute_gradients that writes it.
  double backward_flops_with_input_gradient(Eigen::Index batch) const;

  const NetworkSpec& spec() const;
  Shape input_shape() const { return spec().input; }
  Eigen::Index output_size() const;  // the classes

  // Dropout masks are drawn from (spec seed, stream): replicas that train on different data
  // (workers, pipeline batches) set different streams. A new network is on stream 0; a copy
  // continues the original's draws.
  void reseed_dropout(std::uint64_t stream);

  // Flops of predict/accuracy on a batch: the layers' evaluation passes, without the loss.
  double infer_flops(Eigen::Index batch) const;

  // Layer ranges, for schemes that split the network over hosts (pipelines). The layers are those
  // of nn/layer.hpp, in order; the loss (nn/loss.hpp) takes the last one's output. Each layer's
  // slice of parameters() holds its weights then its biases, slices in layer order.
  int layer_count() const;
  const Layer& layer(int index) const;
  // The layers that spec().layers[spec_layer] became: the layer and its activation, if any.
  LayerRange layers_of(int spec_layer) const;
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

// The fraction of columns of `outputs` (one sample each) whose largest value is at the label's row.
// Throws std::invalid_argument unless there is one label per column.
double accuracy_of(const Matrix& outputs, const Labels& labels);

}  // namespace ssim::nn
