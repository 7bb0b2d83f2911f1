#include "nn/shapes.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace ssim::nn {
namespace {

std::string dims(int height, int width) { return std::to_string(height) + "x" + std::to_string(width); }

void check_positive(int value, const char* what) {
  if (value <= 0) throw std::invalid_argument(std::string(what) + " must be positive, not " + std::to_string(value));
}

}  // namespace

Shape conv_output(const Conv2dSpec& conv, Shape input) {
  check_positive(conv.filters, "filters");
  check_positive(conv.kernel_height, "kernel height");
  check_positive(conv.kernel_width, "kernel width");
  check_positive(conv.stride_height, "stride");
  check_positive(conv.stride_width, "stride");
  check_positive(conv.dilation_height, "dilation");
  check_positive(conv.dilation_width, "dilation");
  if (conv.pad_height < 0 || conv.pad_width < 0) throw std::invalid_argument("padding must not be negative");
  const int extent_h = dilated_extent(conv.kernel_height, conv.dilation_height);
  const int extent_w = dilated_extent(conv.kernel_width, conv.dilation_width);
  const Padding1d pad_h = conv_padding(conv.padding, conv.pad_height, input.height, conv.kernel_height,
                                       conv.stride_height, conv.dilation_height);
  const Padding1d pad_w = conv_padding(conv.padding, conv.pad_width, input.width, conv.kernel_width,
                                       conv.stride_width, conv.dilation_width);
  if (input.height + pad_h.before + pad_h.after < extent_h || input.width + pad_w.before + pad_w.after < extent_w)
    throw std::invalid_argument("a " + dims(extent_h, extent_w) + " kernel (dilation included) does not fit a " +
                                dims(input.height, input.width) + " input with its padding");
  return {conv.filters, window_output(input.height, extent_h, conv.stride_height, pad_h, false),
          window_output(input.width, extent_w, conv.stride_width, pad_w, false)};
}

Shape pool_output(const Pool2dSpec& pool, Shape input) {
  check_positive(pool.size_height, "pool size");
  check_positive(pool.size_width, "pool size");
  const int stride_h = pool.stride_height > 0 ? pool.stride_height : pool.size_height;
  const int stride_w = pool.stride_width > 0 ? pool.stride_width : pool.size_width;
  if (pool.stride_height < 0 || pool.stride_width < 0) throw std::invalid_argument("stride must be positive");
  // With ceil rounding a window only needs to start inside the input.
  const int need_h = pool.ceil ? 1 : pool.size_height, need_w = pool.ceil ? 1 : pool.size_width;
  if (input.height < need_h || input.width < need_w)
    throw std::invalid_argument("a " + dims(pool.size_height, pool.size_width) + " pool does not fit a " +
                                dims(input.height, input.width) + " input" +
                                (pool.ceil ? "" : " (ceil rounding would let it hang over the edge)"));
  return {input.channels, window_output(input.height, pool.size_height, stride_h, {}, pool.ceil),
          window_output(input.width, pool.size_width, stride_w, {}, pool.ceil)};
}

Padding1d conv_padding(Conv2dSpec::Padding padding, int explicit_pad, int input, int kernel, int stride,
                       int dilation) {
  switch (padding) {
    case Conv2dSpec::Padding::valid: return {};
    case Conv2dSpec::Padding::explicit_: return {explicit_pad, explicit_pad};
    case Conv2dSpec::Padding::same: {
      const int output = (input + stride - 1) / stride;
      const int total = std::max(0, (output - 1) * stride + dilated_extent(kernel, dilation) - input);
      return {total / 2, total - total / 2};
    }
  }
  throw std::invalid_argument("unknown padding");
}

int window_output(int input, int extent, int stride, Padding1d padding, bool ceil) {
  const int span = input + padding.before + padding.after - extent;
  if (!ceil) return span / stride + 1;
  int output = (span + stride - 1) / stride + 1;
  if (span < 0) output = 1;
  // The last window must start inside the input or its leading padding.
  if ((output - 1) * stride >= input + padding.before) --output;
  return output;
}

Shape output_shape(const LayerSpec& layer, Shape input) {
  if (input.channels <= 0 || input.height <= 0 || input.width <= 0)
    throw std::invalid_argument("input shape " + to_string(input) + " is empty");
  return std::visit(
      [&](const auto& kind) -> Shape {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<Kind, DenseSpec>) {
          check_positive(kind.units, "units");
          return {kind.units, 1, 1};
        } else if constexpr (std::is_same_v<Kind, Conv2dSpec>) {
          return conv_output(kind, input);
        } else if constexpr (std::is_same_v<Kind, Pool2dSpec>) {
          return pool_output(kind, input);
        } else if constexpr (std::is_same_v<Kind, FlattenSpec>) {
          return {int(input.size()), 1, 1};
        } else {
          if (!(kind.rate >= 0.0 && kind.rate < 1.0))
            throw std::invalid_argument("dropout rate must be in [0, 1), not " + std::to_string(kind.rate));
          return input;
        }
      },
      layer.kind);
}

std::vector<Shape> output_shapes(const NetworkSpec& spec) {
  std::vector<Shape> shapes;
  Shape shape = spec.input;
  for (const LayerSpec& layer : spec.layers) shapes.push_back(shape = output_shape(layer, shape));
  return shapes;
}

double parameter_count(const LayerSpec& layer, Shape input) {
  if (const auto* dense = std::get_if<DenseSpec>(&layer.kind)) return (double(input.size()) + 1.0) * dense->units;
  if (const auto* conv = std::get_if<Conv2dSpec>(&layer.kind))
    return (double(conv->kernel_height) * conv->kernel_width * input.channels + 1.0) * conv->filters;
  return 0.0;
}

double parameter_count(const NetworkSpec& spec) {
  double count = 0.0;
  Shape shape = spec.input;
  for (const LayerSpec& layer : spec.layers) {
    count += parameter_count(layer, shape);
    shape = output_shape(layer, shape);
  }
  return count;
}

std::string to_string(Shape shape) {
  if (shape.height == 1 && shape.width == 1) return std::to_string(shape.channels);
  return std::to_string(shape.channels) + "x" + dims(shape.height, shape.width);
}

}  // namespace ssim::nn
