#include "nn/loss.hpp"

#include "nn/flops.hpp"

#include <stdexcept>

namespace ssim::nn {
namespace {

void check_labels(const Matrix& outputs, const Labels& labels) {
  if (labels.size() != outputs.cols())
    throw std::invalid_argument("loss: one label per sample (column) is needed");
  if (labels.size() == 0) throw std::invalid_argument("loss: empty batch");
  if ((labels.array() < 0).any() || (labels.array() >= outputs.rows()).any())
    throw std::invalid_argument("loss: label outside [0, number of outputs)");
}

}  // namespace

float OutputLoss::exponentials_and_cross_entropy(const Matrix& outputs, const Labels& labels,
                                                 Matrix& exponentials) {
  column_max_ = outputs.colwise().maxCoeff();
  exponentials = (outputs.rowwise() - column_max_).array().exp().matrix();
  column_sum_ = exponentials.colwise().sum();
  // -log softmax(z)_label = log(sum exp(z - max)) + max - z_label
  double label_logits = 0.0;
  for (Eigen::Index sample = 0; sample < outputs.cols(); ++sample)
    label_logits += outputs(labels(sample), sample);
  const double total = (column_sum_.array().log() + column_max_.array()).sum() - label_logits;
  return float(total / double(outputs.cols()));
}

float OutputLoss::residuals_and_squared_error(const Matrix& outputs, const Labels& labels,
                                              Matrix& residuals) {
  residuals = outputs;
  for (Eigen::Index sample = 0; sample < outputs.cols(); ++sample) residuals(labels(sample), sample) -= 1.0f;
  return residuals.squaredNorm() / float(outputs.cols());
}

float OutputLoss::value(const Matrix& outputs, const Labels& labels) {
  check_labels(outputs, labels);
  return kind_ == Loss::cross_entropy ? exponentials_and_cross_entropy(outputs, labels, scratch_)
                                      : residuals_and_squared_error(outputs, labels, scratch_);
}

float OutputLoss::value_and_gradient(const Matrix& outputs, const Labels& labels, Matrix& output_gradient) {
  check_labels(outputs, labels);
  const float batch = float(outputs.cols());
  if (kind_ == Loss::mse) {
    const float loss = residuals_and_squared_error(outputs, labels, output_gradient);
    output_gradient *= 2.0f / batch;
    return loss;
  }
  const float loss = exponentials_and_cross_entropy(outputs, labels, output_gradient);
  output_gradient.array().rowwise() /= column_sum_.array();  // now the softmax probabilities
  // d(mean CE)/dz = (softmax - one_hot) / batch
  for (Eigen::Index sample = 0; sample < outputs.cols(); ++sample) output_gradient(labels(sample), sample) -= 1.0f;
  output_gradient *= 1.0f / batch;
  return loss;
}

void OutputLoss::predictions(const Matrix& outputs, Matrix& predictions) {
  if (kind_ == Loss::mse) {
    predictions = outputs;
    return;
  }
  column_max_ = outputs.colwise().maxCoeff();
  predictions = (outputs.rowwise() - column_max_).array().exp().matrix();
  column_sum_ = predictions.colwise().sum();
  predictions.array().rowwise() /= column_sum_.array();
}

double OutputLoss::forward_flops(Eigen::Index classes, Eigen::Index batch) const {
  return loss_forward_flops(kind_, classes, batch);
}

double OutputLoss::backward_flops(Eigen::Index classes, Eigen::Index batch) const {
  return loss_backward_flops(kind_, classes, batch);
}

}  // namespace ssim::nn
