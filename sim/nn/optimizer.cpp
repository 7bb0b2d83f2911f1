#include "nn/optimizer.hpp"

#include "nn/flops.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ssim::nn {
namespace {

void check_sizes(const Vector& parameters, const Vector& gradients, Eigen::Index expected) {
  if (parameters.size() != expected || gradients.size() != expected)
    throw std::invalid_argument("Optimizer::step: expected " + std::to_string(expected) +
                                " parameters and gradients, got " + std::to_string(parameters.size()) +
                                " and " + std::to_string(gradients.size()));
}

// Classic momentum: v = m*v + g; p -= lr*v. Without momentum: p -= lr*g.
class Sgd final : public Optimizer {
 public:
  Sgd(const OptimizerSpec& spec, Eigen::Index parameter_count)
      : learning_rate_(spec.learning_rate), momentum_(spec.momentum), parameter_count_(parameter_count) {
    if (momentum_ != 0.0f) velocity_ = Vector::Zero(parameter_count);
  }

  void step(Vector& parameters, const Vector& gradients) override {
    check_sizes(parameters, gradients, parameter_count_);
    if (momentum_ == 0.0f) {
      parameters -= learning_rate_ * gradients;
      return;
    }
    velocity_ = momentum_ * velocity_ + gradients;
    parameters -= learning_rate_ * velocity_;
  }

  double step_flops(Eigen::Index parameter_count) const override {
    return sgd_step_flops(parameter_count, momentum_ != 0.0f);
  }

 private:
  float learning_rate_, momentum_;
  Eigen::Index parameter_count_;
  Vector velocity_;
};

// Adam (Kingma & Ba) with bias correction, in the paper's efficient form: the corrections fold
// into the step size and epsilon, which is the same update as lr * m_hat / (sqrt(v_hat) + eps).
class Adam final : public Optimizer {
 public:
  Adam(const OptimizerSpec& spec, Eigen::Index parameter_count)
      : spec_(spec),
        first_moment_(Vector::Zero(parameter_count)),
        second_moment_(Vector::Zero(parameter_count)) {}

  void step(Vector& parameters, const Vector& gradients) override {
    check_sizes(parameters, gradients, first_moment_.size());
    ++steps_;
    const double first_correction = 1.0 - std::pow(double(spec_.beta1), steps_);
    const double second_correction_root = std::sqrt(1.0 - std::pow(double(spec_.beta2), steps_));
    const float step_size = float(spec_.learning_rate * second_correction_root / first_correction);
    const float epsilon = float(spec_.epsilon * second_correction_root);
    first_moment_ = spec_.beta1 * first_moment_ + (1.0f - spec_.beta1) * gradients;
    second_moment_ = spec_.beta2 * second_moment_ + (1.0f - spec_.beta2) * gradients.cwiseAbs2();
    parameters.array() -= step_size * first_moment_.array() / (second_moment_.array().sqrt() + epsilon);
  }

  double step_flops(Eigen::Index parameter_count) const override { return adam_step_flops(parameter_count); }

 private:
  OptimizerSpec spec_;
  Vector first_moment_, second_moment_;
  int steps_ = 0;
};

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec, Eigen::Index parameter_count) {
  if (parameter_count < 0) throw std::invalid_argument("make_optimizer: negative parameter count");
  switch (spec.type) {
    case OptimizerSpec::Type::sgd: return std::make_unique<Sgd>(spec, parameter_count);
    case OptimizerSpec::Type::adam: return std::make_unique<Adam>(spec, parameter_count);
  }
  throw std::invalid_argument("make_optimizer: unknown optimizer type");
}

double step_flops(const OptimizerSpec& spec, Eigen::Index parameter_count) {
  switch (spec.type) {
    case OptimizerSpec::Type::sgd: return sgd_step_flops(parameter_count, spec.momentum != 0.0f);
    case OptimizerSpec::Type::adam: return adam_step_flops(parameter_count);
  }
  throw std::invalid_argument("step_flops: unknown optimizer type");
}

}  // namespace ssim::nn
