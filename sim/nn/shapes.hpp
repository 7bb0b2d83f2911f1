// Shape arithmetic: what each layer makes of a sample's shape. Throws std::invalid_argument,
// saying why, when a layer does not fit its input (a kernel larger than the padded input, say).
#pragma once
#include "nn/spec.hpp"

#include <string>

namespace ssim::nn {

// Padding added before and after the input along one dimension.
struct Padding1d {
  int before = 0, after = 0;
};

// Extent of a kernel of `size` taps spread `dilation` apart.
inline int dilated_extent(int size, int dilation) { return (size - 1) * dilation + 1; }

// Conv2d along one dimension: same pads so that the output is ceil(input / stride), the odd pad
// after (as TensorFlow does); valid pads nothing.
Padding1d conv_padding(Conv2dSpec::Padding padding, int explicit_pad, int input, int kernel, int stride,
                       int dilation);
// Output size along one dimension of a sliding window; ceil rounds up but keeps the last window
// starting inside the input (with its padding before), as PyTorch does.
int window_output(int input, int extent, int stride, Padding1d padding, bool ceil);

Shape output_shape(const LayerSpec& layer, Shape input);
Shape conv_output(const Conv2dSpec& conv, Shape input);
Shape pool_output(const Pool2dSpec& pool, Shape input);
// Every layer's output shape, in order; the first layer takes `input`.
std::vector<Shape> output_shapes(const NetworkSpec& spec);

// Weights and biases of a layer on `input`, and of a whole network.
double parameter_count(const LayerSpec& layer, Shape input);
double parameter_count(const NetworkSpec& spec);

std::string to_string(Shape shape);  // "1x28x28" (channels x height x width), or "10" for a vector

}  // namespace ssim::nn
