#include "nn/init.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace ssim::nn {
namespace {

// 53 random bits -> a double in [0, 1).
double uniform01(std::mt19937_64& random) { return double(random() >> 11) * 0x1.0p-53; }

// Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
double standard_normal(std::mt19937_64& random) {
  const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform01(random)));
  return radius * std::cos(2.0 * std::numbers::pi * uniform01(random));
}

double truncated_standard_normal(std::mt19937_64& random) {
  constexpr double kCut = 2.0;
  for (;;) {
    const double value = standard_normal(random);
    if (std::abs(value) <= kCut) return value;
  }
}

template <class Draw>
void fill(Eigen::Ref<Matrix> weights, Draw draw) {
  // Column-major order, the order of the flat parameter vector.
  for (Eigen::Index column = 0; column < weights.cols(); ++column)
    for (Eigen::Index row = 0; row < weights.rows(); ++row) weights(row, column) = float(draw());
}

}  // namespace

void initialise_weights(Init init, Eigen::Ref<Matrix> weights, std::mt19937_64& random) {
  const double fan_in = double(weights.cols()), fan_out = double(weights.rows());
  switch (init) {
    case Init::normal:
      return fill(weights, [&] { return kSmallNormalStd * standard_normal(random); });
    case Init::truncated_normal:
      return fill(weights, [&] { return kSmallNormalStd * truncated_standard_normal(random); });
    case Init::he: {
      const double std = std::sqrt(2.0 / fan_in);
      return fill(weights, [&] { return std * standard_normal(random); });
    }
    case Init::xavier: {
      const double bound = std::sqrt(6.0 / (fan_in + fan_out));
      return fill(weights, [&] { return bound * (2.0 * uniform01(random) - 1.0); });
    }
  }
  throw std::invalid_argument("unknown initialiser");
}

}  // namespace ssim::nn
