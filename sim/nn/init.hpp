// Weight initialisers. Draws come from a std::mt19937_64 turned into uniforms and normals by our
// own formulas (not std::*_distribution, whose output differs between standard libraries), so a
// seed gives the same network everywhere. Biases start at zero.
//  - normal: N(0, 0.01^2), the classic small-weight start.
//  - truncated_normal: N(0, 0.01^2) redrawn until within 2 standard deviations of 0.
//  - he: N(0, 2 / fan_in), for ReLU-like activations.
//  - xavier: uniform in +-sqrt(6 / (fan_in + fan_out)).
#pragma once
#include "nn/network.hpp"

#include <random>

namespace ssim::nn {

inline constexpr float kSmallNormalStd = 0.01f;

// `weights` is outputs x inputs: fan_in = cols, fan_out = rows. Fills column by column.
void initialise_weights(Init init, Eigen::Ref<Matrix> weights, std::mt19937_64& random);

}  // namespace ssim::nn
