#include "nn/dense.hpp"
#include "nn/network.hpp"
#include "nn/optimizer.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <random>

namespace ssim::nn {
namespace {

const NetworkSpec kSmall = dense_network({6, 5, 4, 3}, Activation::relu, Loss::cross_entropy, {}, 9);

// The units of each dense layer of a spec, in order.
std::vector<int> dense_units(const NetworkSpec& spec) {
  std::vector<int> units;
  for (const LayerSpec& layer : spec.layers) units.push_back(std::get<DenseSpec>(layer.kind).units);
  return units;
}

TEST(Network, LayersAreDenseAndActivationsInOrder) {
  const Network network(kSmall);
  ASSERT_EQ(network.layer_count(), 5);
  EXPECT_NE(dynamic_cast<const Dense*>(&network.layer(0)), nullptr);
  EXPECT_EQ(dynamic_cast<const Dense*>(&network.layer(1)), nullptr);
  EXPECT_EQ(network.layer(1).output_size(), 5);
  EXPECT_EQ(network.layer(4).output_size(), 3);
  EXPECT_EQ(network.parameter_count(), 6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3);
  EXPECT_EQ(network.gradients().size(), network.parameter_count());
  EXPECT_EQ(network.parameter_offset(2), 35);
  EXPECT_EQ(network.parameter_offset(5), network.parameter_count());
}

TEST(Network, WritingParametersChangesTheNetwork) {
  Network network(kSmall);
  const Matrix inputs = testing::random_matrix(6, 4, 1);
  network.parameters().setZero();
  // Zero weights and biases give equal logits, so every class gets probability 1/3.
  EXPECT_TRUE(network.predict(inputs).isApproxToConstant(1.0f / 3));
  network.parameters().tail(3) << 0, 0, 5;  // the last layer's biases
  Eigen::Index predicted;
  network.predict(inputs).col(0).maxCoeff(&predicted);
  EXPECT_EQ(predicted, 2);
}

TEST(Network, CopyIsDeepAndUsesItsOwnStorage) {
  const Network original(kSmall);
  const Vector original_parameters = original.parameters();
  const Matrix inputs = testing::random_matrix(6, 4, 1);
  const Labels labels = testing::random_labels(4, 3, 2);
  const Matrix original_predictions = original.predict(inputs);

  Network copy(original);
  EXPECT_EQ(copy.parameters(), original_parameters);
  EXPECT_EQ(copy.predict(inputs), original_predictions);
  copy.parameters().setZero();
  copy.compute_gradients(inputs, labels);
  EXPECT_EQ(original.parameters(), original_parameters);
  EXPECT_TRUE(original.gradients().isZero());
  EXPECT_EQ(original.predict(inputs), original_predictions);
  EXPECT_TRUE(copy.predict(inputs).isApproxToConstant(1.0f / 3));  // the copy's layers see its zeros

  Network assigned(dense_network({6, 3}, Activation::sigmoid, Loss::mse, {Init::Kind::xavier}, 1));
  assigned = original;
  EXPECT_EQ(assigned.spec().input, kSmall.input);
  EXPECT_EQ(dense_units(assigned.spec()), dense_units(kSmall));
  assigned.parameters().setZero();
  EXPECT_EQ(original.parameters(), original_parameters);
  EXPECT_TRUE(assigned.predict(inputs).isApproxToConstant(1.0f / 3));
}

TEST(Network, MovedNetworkKeepsItsParametersAndLayers) {
  Network source(kSmall);
  const Vector parameters = source.parameters();
  const Matrix inputs = testing::random_matrix(6, 4, 1);
  const Matrix predictions = source.predict(inputs);
  Network moved(std::move(source));
  EXPECT_EQ(moved.parameters(), parameters);
  EXPECT_EQ(moved.predict(inputs), predictions);
}

TEST(Network, ComputeGradientsReturnsTheSameLossAsLoss) {
  Network network(kSmall);
  const Matrix inputs = testing::random_matrix(6, 8, 3);
  const Labels labels = testing::random_labels(8, 3, 4);
  const float loss = network.loss(inputs, labels);
  EXPECT_FLOAT_EQ(network.compute_gradients(inputs, labels), loss);
  EXPECT_FALSE(network.gradients().isZero());
  // A batch of one sample repeated has the same mean gradient as that sample alone.
  const Vector batch_gradient = network.gradients();
  const Matrix repeated = inputs.col(0).replicate(1, 3);
  network.compute_gradients(repeated, Labels::Constant(3, labels(0)));
  const Vector repeated_gradient = network.gradients();
  network.compute_gradients(inputs.leftCols(1), labels.head(1));
  EXPECT_TRUE(network.gradients().isApprox(repeated_gradient, 1e-5f));
  EXPECT_FALSE(network.gradients().isApprox(batch_gradient, 1e-3f));
}

TEST(Network, AccuracyIsTheFractionOfLargestOutputsOnTheLabel) {
  // A 2-2 network with identity weights predicts the larger input.
  Network network(dense_network({2, 2}, Activation::relu, Loss::mse, {}, 0));
  network.parameters() << 1, 0, 0, 1, 0, 0;
  Matrix inputs(2, 4);
  inputs << 1, 0, 3, 0,
            0, 1, 2, 5;
  EXPECT_DOUBLE_EQ(network.accuracy(inputs, (Labels(4) << 0, 1, 0, 0).finished()), 0.75);
  EXPECT_EQ(network.predict(inputs), inputs);  // MSE predictions are the linear outputs
}

TEST(Network, RejectsBadSpecsAndInputs) {
  EXPECT_THROW(dense_network({5}, Activation::relu, Loss::cross_entropy, {}, 0), std::invalid_argument);
  EXPECT_THROW(Network(NetworkSpec{}), std::invalid_argument);  // no layers
  EXPECT_THROW(Network(dense_network({5, 0, 3}, Activation::relu, Loss::cross_entropy, {}, 0)), std::invalid_argument);
  Network network(kSmall);
  EXPECT_THROW(network.compute_gradients(Matrix::Zero(5, 2), Labels::Zero(2)), std::invalid_argument);
  EXPECT_THROW(network.compute_gradients(Matrix::Zero(6, 2), Labels::Zero(3)), std::invalid_argument);
  EXPECT_THROW(network.accuracy(Matrix::Zero(6, 2), Labels::Zero(3)), std::invalid_argument);
}

// Two Gaussian blobs in the plane, one per class.
void make_blobs(Eigen::Index samples, std::uint64_t seed, Matrix& inputs, Labels& labels) {
  std::mt19937_64 random(seed);
  std::normal_distribution<float> noise(0.0f, 0.5f);
  inputs.resize(2, samples);
  labels.resize(samples);
  for (Eigen::Index i = 0; i < samples; ++i) {
    labels(i) = int(i % 2);
    const float centre = labels(i) == 0 ? -1.0f : 1.0f;
    inputs(0, i) = centre + noise(random);
    inputs(1, i) = centre + noise(random);
  }
}

TEST(Network, LearnsTwoGaussianBlobsWithSgd) {
  Network network(dense_network({2, 8, 2}, Activation::relu, Loss::cross_entropy, {}, 4));
  auto sgd = make_optimizer({.type = OptimizerSpec::Type::sgd, .learning_rate = 0.1f}, network.parameter_count());
  Matrix train_inputs, test_inputs;
  Labels train_labels, test_labels;
  make_blobs(640, 1, train_inputs, train_labels);
  make_blobs(1000, 2, test_inputs, test_labels);
  const float initial_loss = network.loss(test_inputs, test_labels);
  for (int epoch = 0; epoch < 5; ++epoch)
    for (Eigen::Index start = 0; start < train_inputs.cols(); start += 32) {
      network.compute_gradients(train_inputs.middleCols(start, 32), train_labels.segment(start, 32));
      sgd->step(network.parameters(), network.gradients());
    }
  EXPECT_GT(network.accuracy(test_inputs, test_labels), 0.95);
  EXPECT_LT(network.loss(test_inputs, test_labels), 0.5f * initial_loss);
}

}  // namespace
}  // namespace ssim::nn
