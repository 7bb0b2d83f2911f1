// Small deterministic random inputs for the nn tests.
#pragma once
#include "nn/tensor.hpp"

#include <random>

namespace ssim::nn::testing {

inline Matrix random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  return Matrix::NullaryExpr(rows, cols, [&] { return normal(random); });
}

inline Labels random_labels(Eigen::Index count, int classes, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> label(0, classes - 1);
  return Labels::NullaryExpr(count, [&] { return label(random); });
}

}  // namespace ssim::nn::testing
