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

template <class Draw>
void fill(Eigen::Ref<Vector> values, Draw draw) {
  for (Eigen::Index i = 0; i < values.size(); ++i) values(i) = float(draw());
}

}  // namespace

void initialise(const Init& init, Eigen::Ref<Vector> values, double fan_in, double fan_out, std::mt19937_64& random) {
  switch (init.kind) {
    case Init::Kind::normal:
      return fill(values, [&] { return init.std * standard_normal(random); });
    case Init::Kind::truncated_normal: {
      if (!(init.std > 0 && init.bound > 0))
        throw std::invalid_argument("truncated_normal needs a positive std and bound");
      // In units of the standard deviation, so the shorthand's cut at exactly 2 stays exact.
      const double cut = init.bound / init.std;
      return fill(values, [&] {
        for (;;)
          if (const double z = standard_normal(random); std::abs(z) <= cut) return init.std * z;
      });
    }
    case Init::Kind::he: {
      const double std = std::sqrt(2.0 / fan_in);
      return fill(values, [&] { return std * standard_normal(random); });
    }
    case Init::Kind::xavier: {
      const double bound = std::sqrt(6.0 / (fan_in + fan_out));
      return fill(values, [&] { return bound * (2.0 * uniform01(random) - 1.0); });
    }
    case Init::Kind::constant: values.setConstant(float(init.value)); return;
  }
  throw std::invalid_argument("unknown initialiser");
}

}  // namespace ssim::nn
