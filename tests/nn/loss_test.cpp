#include "nn/loss.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ssim::nn {
namespace {

TEST(SoftmaxCrossEntropy, MatchesHandValuesOnKnownLogits) {
  Matrix logits(3, 2);
  logits << 1, 0,
            2, 0,
            3, 0;
  const Labels labels = (Labels(2) << 2, 0).finished();
  // -log(e^3 / (e + e^2 + e^3)) = log(1 + e^-1 + e^-2), and log(3) for equal logits.
  const double first = std::log(1.0 + std::exp(-1.0) + std::exp(-2.0));
  const double second = std::log(3.0);
  OutputLoss loss(Loss::cross_entropy);
  Matrix gradient;
  EXPECT_NEAR(loss.value_and_gradient(logits, labels, gradient), (first + second) / 2, 1e-6);
  EXPECT_NEAR(loss.value(logits, labels), (first + second) / 2, 1e-6);

  // (softmax - one_hot) / batch
  const double norm = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(gradient(0, 0), std::exp(1.0) / norm / 2, 1e-6);
  EXPECT_NEAR(gradient(1, 0), std::exp(2.0) / norm / 2, 1e-6);
  EXPECT_NEAR(gradient(2, 0), (std::exp(3.0) / norm - 1) / 2, 1e-6);
  EXPECT_NEAR(gradient(0, 1), (1.0 / 3 - 1) / 2, 1e-6);
  EXPECT_NEAR(gradient(1, 1), 1.0 / 6, 1e-6);
}

TEST(SoftmaxCrossEntropy, StaysFiniteForHugeLogits) {
  Matrix logits(3, 1);
  logits << 1000, 0, -1000;
  const Labels labels = (Labels(1) << 1).finished();
  OutputLoss loss(Loss::cross_entropy);
  Matrix gradient;
  EXPECT_NEAR(loss.value_and_gradient(logits, labels, gradient), 1000.0f, 1e-3);
  EXPECT_TRUE(gradient.allFinite());
  EXPECT_NEAR(gradient(0), 1.0f, 1e-6);
  EXPECT_NEAR(gradient(1), -1.0f, 1e-6);
  EXPECT_EQ(gradient(2), 0.0f);
}

TEST(SoftmaxCrossEntropy, PredictionsAreProbabilities) {
  Matrix logits(4, 3);
  logits << 1, -5, 900,
            2, 0, 0,
            3, 5, -900,
            4, 1, 1;
  OutputLoss loss(Loss::cross_entropy);
  Matrix probabilities;
  loss.predictions(logits, probabilities);
  EXPECT_TRUE(probabilities.allFinite());
  EXPECT_TRUE((probabilities.array() >= 0).all());
  for (Eigen::Index sample = 0; sample < 3; ++sample) EXPECT_NEAR(probabilities.col(sample).sum(), 1.0f, 1e-6);
  EXPECT_NEAR(probabilities(0, 2), 1.0f, 1e-6);
}

TEST(MeanSquaredError, ComparesLinearOutputsWithOneHotLabels) {
  Matrix outputs(3, 2);
  outputs << 0.5, 0,
             -1, 1,
             2, 0;
  const Labels labels = (Labels(2) << 0, 1).finished();
  // Residuals (-0.5, -1, 2) and (0, 0, 0): squared sums 5.25 and 0, mean 2.625.
  OutputLoss loss(Loss::mse);
  Matrix gradient;
  EXPECT_FLOAT_EQ(loss.value_and_gradient(outputs, labels, gradient), 2.625f);
  Matrix expected(3, 2);
  expected << -0.5, 0,  // 2 * residual / batch
              -1, 0,
              2, 0;
  EXPECT_TRUE(gradient.isApprox(expected));
  Matrix predictions;
  loss.predictions(outputs, predictions);
  EXPECT_EQ(predictions, outputs);
}

TEST(OutputLoss, RejectsLabelsThatDoNotFit) {
  OutputLoss loss(Loss::cross_entropy);
  const Matrix outputs = Matrix::Zero(3, 2);
  EXPECT_THROW(loss.value(outputs, (Labels(1) << 0).finished()), std::invalid_argument);
  EXPECT_THROW(loss.value(outputs, (Labels(2) << 0, 3).finished()), std::invalid_argument);
  EXPECT_THROW(loss.value(outputs, (Labels(2) << -1, 0).finished()), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::nn
