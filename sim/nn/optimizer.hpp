// Optimizers update a flat parameter vector from a flat gradient vector.
#pragma once
#include "nn/tensor.hpp"
#include <memory>

namespace ssim::nn {

struct OptimizerSpec {
  enum class Type { sgd, adam } type = Type::sgd;
  float learning_rate = 0.1f;
  float momentum = 0.0f;  // sgd only
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;  // adam only
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual void step(Vector& parameters, const Vector& gradients) = 0;
  virtual double step_flops(Eigen::Index parameter_count) const = 0;  // analytic count of one step
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec, Eigen::Index parameter_count);
// The step_flops of the optimizer make_optimizer(spec, ...) makes, without making it (its state is
// as large as the model).
double step_flops(const OptimizerSpec& spec, Eigen::Index parameter_count);

}  // namespace ssim::nn
