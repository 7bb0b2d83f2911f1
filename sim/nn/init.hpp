// Parameter initialisers. Draws come from a std::mt19937_64 turned into uniforms and normals by our
// own formulas (not std::*_distribution, whose output differs between standard libraries), so a
// seed gives the same network everywhere.
//  - he: N(0, 2 / fan_in), for ReLU-like activations.
//  - xavier: uniform in +-sqrt(6 / (fan_in + fan_out)).
//  - normal: N(0, std^2).
//  - truncated_normal: N(0, std^2), redrawn until within [-bound, bound].
//  - constant: every value set, nothing drawn.
#pragma once
#include "nn/spec.hpp"
#include "nn/tensor.hpp"

#include <random>

namespace ssim::nn {

inline constexpr double kSmallNormalStd = 0.01;
// The shorthand's `normal` and `truncated_normal`: small weights, truncated at 2 standard deviations.
inline constexpr Init kSmallNormal{Init::Kind::normal, kSmallNormalStd};
inline constexpr Init kSmallTruncatedNormal{Init::Kind::truncated_normal, kSmallNormalStd, 2 * kSmallNormalStd};

// Fills `values` in order. fan_in / fan_out: inputs and outputs each value connects (a dense layer's
// input and output sizes; a convolution's kernel area times its input or output channels).
void initialise(const Init& init, Eigen::Ref<Vector> values, double fan_in, double fan_out, std::mt19937_64& random);

}  // namespace ssim::nn
