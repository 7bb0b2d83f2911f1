#include "nn/optimizer.hpp"

#include <gtest/gtest.h>

namespace ssim::nn {
namespace {

Vector vector(std::initializer_list<float> values) {
  Vector result(Eigen::Index(values.size()));
  std::copy(values.begin(), values.end(), result.data());
  return result;
}

TEST(Sgd, PlainStepSubtractsScaledGradient) {
  auto sgd = make_optimizer({.type = OptimizerSpec::Type::sgd, .learning_rate = 0.1f}, 2);
  Vector parameters = vector({1, 2});
  sgd->step(parameters, vector({0.5f, -1}));
  EXPECT_FLOAT_EQ(parameters(0), 0.95f);
  EXPECT_FLOAT_EQ(parameters(1), 2.1f);
}

TEST(Sgd, MomentumAfterTwoStepsMatchesHandValue) {
  auto sgd = make_optimizer({.type = OptimizerSpec::Type::sgd, .learning_rate = 0.1f, .momentum = 0.9f}, 2);
  Vector parameters = vector({0, 0});
  sgd->step(parameters, vector({1, -2}));      // v = (1, -2),                      p = (-0.1, 0.2)
  sgd->step(parameters, vector({0.5f, 0.5f}));  // v = 0.9 v + g = (1.4, -1.3),     p = (-0.24, 0.33)
  EXPECT_NEAR(parameters(0), -0.24f, 1e-6);
  EXPECT_NEAR(parameters(1), 0.33f, 1e-6);
}

TEST(Adam, FirstStepMovesEachParameterByTheLearningRateAgainstTheGradientSign) {
  // With bias correction, m_hat = g and v_hat = g^2 after one step: the step is lr * g / |g|.
  auto adam = make_optimizer({.type = OptimizerSpec::Type::adam, .learning_rate = 0.01f}, 3);
  Vector parameters = vector({1, 1, 1});
  adam->step(parameters, vector({0.5f, -2, 1e-3f}));
  EXPECT_NEAR(parameters(0), 0.99f, 1e-6);
  EXPECT_NEAR(parameters(1), 1.01f, 1e-6);
  EXPECT_NEAR(parameters(2), 0.99f, 1e-6);
}

TEST(Adam, SecondStepMatchesHandValue) {
  auto adam = make_optimizer({.type = OptimizerSpec::Type::adam, .learning_rate = 0.01f}, 1);
  Vector parameters = vector({0});
  adam->step(parameters, vector({1}));   // m = 0.1, v = 0.001: step -0.01
  adam->step(parameters, vector({-1}));  // m = -0.01, v = 0.001999
  // m_hat = -0.01 / (1 - 0.9^2), v_hat = 0.001999 / (1 - 0.999^2) = 1
  const double m_hat = -0.01 / (1 - 0.81);
  EXPECT_NEAR(parameters(0), -0.01 - 0.01 * m_hat / (1.0 + 1e-8), 1e-6);
}

TEST(Optimizer, RejectsVectorsOfTheWrongSize) {
  auto sgd = make_optimizer({}, 3);
  Vector parameters = Vector::Zero(2);
  EXPECT_THROW(sgd->step(parameters, Vector::Zero(2)), std::invalid_argument);
  auto adam = make_optimizer({.type = OptimizerSpec::Type::adam}, 2);
  EXPECT_THROW(adam->step(parameters, Vector::Zero(3)), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::nn
