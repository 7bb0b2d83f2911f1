// A layer spec as one line of text, every setting spelled out: what `describe` prints and what a
// scenario's canonical text (the sweep's scenario_hash) holds, so two specs with the same text
// build the same layer.
#pragma once
#include "nn/spec.hpp"

#include <string>

namespace ssim::nn {

std::string to_string(Activation activation);
std::string to_string(Loss loss);
std::string to_string(const Init& init);
std::string to_string(const LayerSpec& layer);  // e.g. "conv2d 20 5x5 stride 1x1 same dilation 1x1, leaky_relu(0.01)"

}  // namespace ssim::nn
