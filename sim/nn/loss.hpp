// The loss that follows the last dense layer, on that layer's output. Losses and gradients are
// means over the batch.
//  - cross_entropy: softmax of the outputs (taken as logits), then cross-entropy with the label;
//    computed through log-sum-exp, so large logits neither overflow nor lose the loss.
//  - mse: sum over the outputs of (output - one_hot(label))^2, applied directly to the linear
//    outputs (no output activation), averaged over the batch.
#pragma once
#include "nn/network.hpp"

namespace ssim::nn {

class OutputLoss {
 public:
  explicit OutputLoss(Loss kind) : kind_(kind) {}
  Loss kind() const { return kind_; }

  float value(const Matrix& outputs, const Labels& labels);
  // Also writes dL/d(outputs) of the mean loss. The 1/batch of the mean is applied here, so the
  // parameter gradients that backpropagate from it are already means.
  float value_and_gradient(const Matrix& outputs, const Labels& labels, Matrix& output_gradient);
  // What a network shows as its prediction: class probabilities for cross_entropy, the outputs
  // themselves for mse.
  void predictions(const Matrix& outputs, Matrix& predictions);

  double forward_flops(Eigen::Index classes, Eigen::Index batch) const;
  double backward_flops(Eigen::Index classes, Eigen::Index batch) const;

 private:
  // Writes exp(outputs - column max) and returns the mean cross-entropy.
  float exponentials_and_cross_entropy(const Matrix& outputs, const Labels& labels, Matrix& exponentials);
  // Writes outputs - one_hot(labels) and returns the mean squared error.
  static float residuals_and_squared_error(const Matrix& outputs, const Labels& labels, Matrix& residuals);

  Loss kind_;
  // Per-sample scratch, kept so that batches of an unchanged size allocate nothing.
  Eigen::RowVectorXf column_max_, column_sum_;
  Matrix scratch_;
};

}  // namespace ssim::nn
