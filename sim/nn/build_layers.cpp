#include "nn/build_layers.hpp"

#include "nn/activation.hpp"
#include "nn/conv2d.hpp"
#include "nn/dense.hpp"
#include "nn/dropout.hpp"
#include "nn/flatten.hpp"
#include "nn/pool2d.hpp"

#include <stdexcept>
#include <type_traits>

namespace ssim::nn {
namespace {

// splitmix64's finaliser: spreads (seed, stream, layer) over the generator's seed space.
std::uint64_t mix(std::uint64_t value) {
  value += 0x9E3779B97F4A7C15ull;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
  return value ^ (value >> 31);
}

std::unique_ptr<Layer> make_layer(const LayerSpec& spec, Shape input, std::uint64_t dropout_seed) {
  return std::visit(
      [&](const auto& kind) -> std::unique_ptr<Layer> {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<Kind, DenseSpec>)
          return std::make_unique<Dense>(input, kind.units, spec.weight_init, spec.bias_init);
        else if constexpr (std::is_same_v<Kind, Conv2dSpec>)
          return std::make_unique<Conv2d>(input, kind, spec.weight_init, spec.bias_init);
        else if constexpr (std::is_same_v<Kind, Pool2dSpec>)
          return std::make_unique<Pool2d>(input, kind);
        else if constexpr (std::is_same_v<Kind, FlattenSpec>)
          return std::make_unique<Flatten>(input);
        else
          return std::make_unique<Dropout>(input, kind.rate, dropout_seed);
      },
      spec.kind);
}

}  // namespace

std::uint64_t dropout_seed(std::uint64_t seed, std::uint64_t stream, int layer) {
  return mix(mix(mix(seed) ^ stream) ^ std::uint64_t(layer));
}

BuiltLayers build_layers(const NetworkSpec& spec) {
  if (spec.layers.empty()) throw std::invalid_argument("NetworkSpec: no layers");
  BuiltLayers built;
  Shape shape = spec.input;
  for (const LayerSpec& layer_spec : spec.layers) {
    const int first = int(built.layers.size());
    built.layers.push_back(make_layer(layer_spec, shape, dropout_seed(spec.seed, 0, first)));
    shape = built.layers.back()->output_shape();
    if (auto activation = make_activation(layer_spec.activation, shape, float(layer_spec.leaky_slope)))
      built.layers.push_back(std::move(activation));
    built.spec_layers.push_back({first, int(built.layers.size())});
  }
  return built;
}

}  // namespace ssim::nn
