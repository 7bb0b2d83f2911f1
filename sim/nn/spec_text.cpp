#include "nn/spec_text.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <type_traits>

namespace ssim::nn {
namespace {

std::string pair(int a, int b) { return fmt::format("{}x{}", a, b); }

std::string padding(const Conv2dSpec& conv) {
  switch (conv.padding) {
    case Conv2dSpec::Padding::valid: return "valid";
    case Conv2dSpec::Padding::same: return "same";
    case Conv2dSpec::Padding::explicit_: return "pad " + pair(conv.pad_height, conv.pad_width);
  }
  throw std::invalid_argument("unknown padding");
}

std::string kind_text(const LayerSpec& layer) {
  return std::visit(
      [](const auto& kind) -> std::string {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<Kind, DenseSpec>) {
          return fmt::format("dense {}", kind.units);
        } else if constexpr (std::is_same_v<Kind, Conv2dSpec>) {
          return fmt::format("conv2d {} {} stride {} {} dilation {}", kind.filters,
                             pair(kind.kernel_height, kind.kernel_width), pair(kind.stride_height, kind.stride_width),
                             padding(kind), pair(kind.dilation_height, kind.dilation_width));
        } else if constexpr (std::is_same_v<Kind, Pool2dSpec>) {
          const int stride_h = kind.stride_height > 0 ? kind.stride_height : kind.size_height;
          const int stride_w = kind.stride_width > 0 ? kind.stride_width : kind.size_width;
          return fmt::format("{} {} stride {}{}", kind.kind == Pool2dSpec::Kind::max ? "maxpool2d" : "avgpool2d",
                             pair(kind.size_height, kind.size_width), pair(stride_h, stride_w),
                             kind.ceil ? " ceil" : "");
        } else if constexpr (std::is_same_v<Kind, FlattenSpec>) {
          return "flatten";
        } else {
          return fmt::format("dropout {}", kind.rate);
        }
      },
      layer.kind);
}

bool has_parameters(const LayerSpec& layer) {
  return std::holds_alternative<DenseSpec>(layer.kind) || std::holds_alternative<Conv2dSpec>(layer.kind);
}

}  // namespace

std::string to_string(Activation activation) {
  switch (activation) {
    case Activation::linear: return "linear";
    case Activation::relu: return "relu";
    case Activation::leaky_relu: return "leaky_relu";
    case Activation::sigmoid: return "sigmoid";
    case Activation::tanh: return "tanh";
  }
  throw std::invalid_argument("unknown activation");
}

std::string to_string(Loss loss) { return loss == Loss::cross_entropy ? "cross_entropy" : "mse"; }

std::string to_string(const Init& init) {
  switch (init.kind) {
    case Init::Kind::he: return "he";
    case Init::Kind::xavier: return "xavier";
    case Init::Kind::normal: return fmt::format("normal({})", init.std);
    case Init::Kind::truncated_normal: return fmt::format("truncated_normal({}, {})", init.std, init.bound);
    case Init::Kind::constant: return fmt::format("constant({})", init.value);
  }
  throw std::invalid_argument("unknown initialiser");
}

std::string to_string(const LayerSpec& layer) {
  std::string text = kind_text(layer);
  if (!has_parameters(layer)) return text;
  text += ", " + to_string(layer.activation);
  if (layer.activation == Activation::leaky_relu) text += fmt::format("({})", layer.leaky_slope);
  return text + ", weights " + to_string(layer.weight_init) + ", biases " + to_string(layer.bias_init);
}

}  // namespace ssim::nn
