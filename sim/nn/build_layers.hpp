// The layers a NetworkSpec describes, built but not yet bound to parameters: what a Network
// assembles, and what `describe` reads shapes, parameter counts and flops from without allocating
// a model that may be too large to hold.
#pragma once
#include "nn/network.hpp"

#include <memory>
#include <vector>

namespace ssim::nn {

struct BuiltLayers {
  std::vector<std::unique_ptr<Layer>> layers;
  std::vector<LayerRange> spec_layers;  // what each spec layer became: the layer and its activation
};

BuiltLayers build_layers(const NetworkSpec& spec);

// Where layer `layer`'s dropout masks come from on `stream` (Network::reseed_dropout).
std::uint64_t dropout_seed(std::uint64_t seed, std::uint64_t stream, int layer);

}  // namespace ssim::nn
