// What a network is made of, as plain data: the sample shape, the layers in order and the loss.
// Scenarios fill it in (scenario/read_model.cpp) and Network builds itself from it. Free of Eigen,
// so the scenario layer can use the same words without a translation table.
#pragma once
#include <cstdint>
#include <variant>
#include <vector>

namespace ssim::nn {

enum class Activation { linear, relu, leaky_relu, sigmoid, tanh };
enum class Loss { cross_entropy, mse };  // cross_entropy = softmax + CE on the last layer

// How a layer's weights (or biases) start. Draws are reproducible from the network's seed
// (nn/init.hpp).
struct Init {
  enum class Kind { he, xavier, normal, truncated_normal, constant };
  Kind kind = Kind::he;
  double std = 0.01;    // normal, truncated_normal
  double bound = 0.02;  // truncated_normal: draws outside [-bound, bound] are redrawn
  double value = 0.0;   // constant
};

// The logical shape of one sample. In a batch matrix a sample is one column holding
// height x width x channels values with the channels fastest (index (y * width + x) * channels + c),
// so a convolution over a whole batch is a single GEMM (nn/conv2d.hpp).
struct Shape {
  int channels = 1, height = 1, width = 1;
  long size() const { return long(channels) * height * width; }
  bool operator==(const Shape&) const = default;
};

struct DenseSpec {
  int units = 0;
};

struct Conv2dSpec {
  enum class Padding { valid, same, explicit_ };
  int filters = 0;
  int kernel_height = 0, kernel_width = 0;
  int stride_height = 1, stride_width = 1;
  Padding padding = Padding::valid;
  int pad_height = 0, pad_width = 0;  // explicit_: zeros added on each side
  int dilation_height = 1, dilation_width = 1;
};

struct Pool2dSpec {
  enum class Kind { max, average };
  Kind kind = Kind::max;
  int size_height = 0, size_width = 0;
  int stride_height = 0, stride_width = 0;  // 0 = the size
  bool ceil = false;  // round the output size up: the last window may hang over the edge
};

struct FlattenSpec {};

struct DropoutSpec {
  double rate = 0.0;  // probability that a unit is zeroed while training
};

struct LayerSpec {
  std::variant<DenseSpec, Conv2dSpec, Pool2dSpec, FlattenSpec, DropoutSpec> kind;
  // Dense and conv2d only: what follows the layer, and how its parameters start.
  Activation activation = Activation::linear;
  double leaky_slope = 0.01;  // leaky_relu: the slope for negative inputs
  Init weight_init;
  Init bias_init{Init::Kind::constant};
};

struct NetworkSpec {
  Shape input;
  std::vector<LayerSpec> layers;
  Loss loss = Loss::cross_entropy;
  std::uint64_t seed = 0;
};

// A layer of `kind` (DenseSpec, Conv2dSpec, ...) followed by `activation`, default starts.
template <class Kind>
LayerSpec layer_spec(Kind kind, Activation activation = Activation::linear) {
  LayerSpec spec;
  spec.kind = kind;
  spec.activation = activation;
  return spec;
}

// The dense shorthand: sizes {784, 50, 10} give dense layers 784->50->10, every hidden one followed
// by `hidden`, the last one linear; weights drawn by `init`, biases zero.
NetworkSpec dense_network(const std::vector<int>& sizes, Activation hidden, Loss loss, Init init, std::uint64_t seed);

}  // namespace ssim::nn
