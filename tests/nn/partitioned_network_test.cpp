// The joint network of partitioned inference: its gradients against central differences (a node's
// come through the decoder), its loss and flops by hand, its parameters and seeds, and that joint
// training learns.
#include "common/splitmix.hpp"
#include "nn/partitioned_network.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace ssim::nn {
namespace {

LayerSpec dense(int units, Activation activation = Activation::linear) {
  return layer_spec(DenseSpec{units}, activation);
}

NetworkSpec spec_of(Shape input, std::vector<LayerSpec> layers, Loss loss = Loss::cross_entropy,
                    std::uint64_t seed = 0) {
  NetworkSpec spec;
  spec.input = input;
  spec.layers = std::move(layers);
  spec.loss = loss;
  spec.seed = seed;
  return spec;
}

// q = 3 nodes of dense 4 -> 2 + sigmoid, decoder dense 6 -> 3 with cross-entropy.
PartitionedNetwork dense_partitioned() {
  return PartitionedNetwork(spec_of({4, 1, 1}, {dense(2, Activation::sigmoid)}, Loss::cross_entropy, 9), 3,
                            spec_of({6, 1, 1}, {dense(3)}, Loss::cross_entropy, 10));
}

// q = 2 nodes of conv 3x3 (2 filters, same) + tanh on 1x3x4, then dense 24 -> 2; decoder dense
// 4 -> 3 with mse.
PartitionedNetwork conv_partitioned() {
  Conv2dSpec conv;
  conv.filters = 2;
  conv.kernel_height = conv.kernel_width = 3;
  conv.padding = Conv2dSpec::Padding::same;
  return PartitionedNetwork(spec_of({1, 3, 4}, {layer_spec(conv, Activation::tanh), dense(2)}, Loss::mse, 4), 2,
                            spec_of({4, 1, 1}, {dense(3)}, Loss::mse, 5));
}

std::vector<Matrix> random_parts(const PartitionedNetwork& network, Eigen::Index batch, std::uint64_t seed) {
  std::vector<Matrix> parts;
  for (int i = 0; i < network.parts(); ++i)
    parts.push_back(testing::random_matrix(network.node(i).input_shape().size(), batch, seed + std::uint64_t(i)));
  return parts;
}

// The mean loss through the evaluation passes, summed in double from the float decoder outputs.
double evaluation_loss(const PartitionedNetwork& network, const std::vector<Matrix>& parts, const Labels& labels) {
  const Eigen::Index m = network.node_outputs();
  Matrix concatenated(network.parts() * m, labels.size());
  for (int i = 0; i < network.parts(); ++i) concatenated.middleRows(i * m, m) = network.node_output(i, parts[std::size_t(i)]);
  const Eigen::MatrixXd outputs = network.decoder_outputs(concatenated).cast<double>();
  double total = 0.0;
  for (Eigen::Index sample = 0; sample < outputs.cols(); ++sample) {
    const Eigen::VectorXd column = outputs.col(sample);
    if (network.decoder().spec().loss == Loss::cross_entropy) {
      total += std::log((column.array() - column.maxCoeff()).exp().sum()) + column.maxCoeff() - column(labels(sample));
    } else {
      Eigen::VectorXd target = Eigen::VectorXd::Zero(column.size());
      target(labels(sample)) = 1.0;
      total += (column - target).squaredNorm();
    }
  }
  return total / double(outputs.cols());
}

// Every parameter of every node and of the decoder against central differences of evaluation_loss.
void expect_gradients_match(PartitionedNetwork network) {
  // Non-zero biases, so that their gradients are exercised too.
  network.set_flat_parameters(network.flat_parameters() +
                              0.1f * testing::random_matrix(network.parameter_count(), 1, 3).col(0));
  const Eigen::Index batch = 5;
  const std::vector<Matrix> parts = random_parts(network, batch, 20);
  const Labels labels = testing::random_labels(batch, int(network.decoder().output_size()), 30);
  const float loss = network.compute_gradients(parts, labels);
  EXPECT_NEAR(loss, evaluation_loss(network, parts, labels), 1e-5);

  constexpr float kStep = 1e-2f;
  auto check = [&](Network& piece, const std::string& name) {
    const Vector gradients = piece.gradients();
    ASSERT_GT(gradients.cwiseAbs().maxCoeff(), 1e-3f) << name << " gets no gradient";
    for (Eigen::Index k = 0; k < piece.parameter_count(); ++k) {
      float& value = piece.parameters()(k);
      const float original = value;
      value = original + kStep;
      const double up = evaluation_loss(network, parts, labels);
      value = original - kStep;
      const double down = evaluation_loss(network, parts, labels);
      value = original;
      const double expected = (up - down) / (2.0 * double(kStep));
      EXPECT_NEAR(gradients(k), expected, 1e-3 * (1.0 + std::abs(expected))) << name << " parameter " << k;
    }
  };
  for (int i = 0; i < network.parts(); ++i) check(network.node(i), "node " + std::to_string(i));
  check(network.decoder(), "decoder");
}

TEST(PartitionedNetwork, DenseGradientsMatchCentralDifferences) { expect_gradients_match(dense_partitioned()); }

TEST(PartitionedNetwork, ConvMseGradientsMatchCentralDifferences) { expect_gradients_match(conv_partitioned()); }

// Two nodes of dense 2 -> 1 (weights 0.5, bias 0), decoder dense 2 -> 2. Samples: parts (1, 2) and
// (3, 4), label 0; parts (0, 2) and (-2, 0), label 1. Node outputs: (1.5, 3.5) and (1, -1).
PartitionedNetwork constant_partitioned(Loss loss) {
  LayerSpec node_layer = dense(1);
  node_layer.weight_init = {Init::Kind::constant, 0.01, 0.02, 0.5};
  LayerSpec decoder_layer = dense(2);
  decoder_layer.weight_init = {Init::Kind::constant, 0.01, 0.02, 0.25};
  return PartitionedNetwork(spec_of({2, 1, 1}, {node_layer}), 2, spec_of({2, 1, 1}, {decoder_layer}, loss));
}

const std::vector<Matrix> kConstantParts = {(Matrix(2, 2) << 1, 0, 2, 2).finished(),
                                            (Matrix(2, 2) << 3, -2, 4, 0).finished()};
const Labels kConstantLabels = (Labels(2) << 0, 1).finished();

TEST(PartitionedNetwork, MseLossOfConstantWeightsByHand) {
  PartitionedNetwork network = constant_partitioned(Loss::mse);
  // Decoder outputs 0.25 * (1.5 + 3.5) = 1.25 twice, then 0 twice:
  // ((1.25 - 1)^2 + 1.25^2 + 0^2 + (0 - 1)^2) / 2 = (1.625 + 1) / 2.
  EXPECT_FLOAT_EQ(network.compute_gradients(kConstantParts, kConstantLabels), 1.3125f);
  EXPECT_TRUE(network.node_output(1, kConstantParts[1]).isApprox((Matrix(1, 2) << 3.5, -1).finished()));
}

TEST(PartitionedNetwork, CrossEntropyLossOfAnIdentityDecoderByHand) {
  PartitionedNetwork network = constant_partitioned(Loss::cross_entropy);
  Vector parameters = network.flat_parameters();
  parameters.tail(6) << 1, 0, 0, 1, 0, 0;  // decoder: identity weights, zero biases
  network.set_flat_parameters(parameters);
  // Logits (1.5, 3.5), label 0: log(e^1.5 + e^3.5) - 1.5 = log(1 + e^2); logits (1, -1), label 1:
  // log(e + e^-1) + 1 = log(1 + e^2) as well.
  const double expected = std::log(1.0 + std::exp(2.0));
  EXPECT_NEAR(network.compute_gradients(kConstantParts, kConstantLabels), expected, 1e-6);
}

TEST(PartitionedNetwork, FlatParametersRoundTrip) {
  PartitionedNetwork network = dense_partitioned();
  // 3 nodes of 4 * 2 + 2, decoder 6 * 3 + 3.
  ASSERT_EQ(network.parameter_count(), 3 * 10 + 21);
  const Vector values = testing::random_matrix(network.parameter_count(), 1, 8).col(0);
  network.set_flat_parameters(values);
  EXPECT_EQ(network.flat_parameters(), values);
  EXPECT_EQ(network.node(1).parameters(), values.segment(10, 10));
  EXPECT_EQ(network.decoder().parameters(), values.tail(21));
  EXPECT_THROW(network.set_flat_parameters(values.head(50)), std::invalid_argument);
}

TEST(PartitionedNetwork, NodesStartDifferentFromTheirOwnSeeds) {
  const PartitionedNetwork network = dense_partitioned();
  EXPECT_NE(network.node(0).parameters(), network.node(1).parameters());
  EXPECT_NE(network.node(1).parameters(), network.node(2).parameters());
  NetworkSpec node = spec_of({4, 1, 1}, {dense(2, Activation::sigmoid)}, Loss::cross_entropy, splitmix64(9 + 2));
  EXPECT_EQ(network.node(2).parameters(), Network(node).parameters());
  EXPECT_EQ(network.decoder().parameters(), Network(network.decoder().spec()).parameters());
}

TEST(PartitionedNetwork, RefusesShapesThatDoNotChain) {
  const NetworkSpec node = spec_of({4, 1, 1}, {dense(2)});
  EXPECT_THROW(PartitionedNetwork(node, 3, spec_of({5, 1, 1}, {dense(3)})), std::invalid_argument);
  EXPECT_THROW(PartitionedNetwork(node, 3, spec_of({1, 2, 3}, {dense(3)})), std::invalid_argument);
  EXPECT_THROW(PartitionedNetwork(node, 0, spec_of({0, 1, 1}, {dense(3)})), std::invalid_argument);
  PartitionedNetwork network = dense_partitioned();
  std::vector<Matrix> parts = random_parts(network, 4, 1);
  const Labels labels = testing::random_labels(4, 3, 2);
  parts.pop_back();
  EXPECT_THROW(network.compute_gradients(parts, labels), std::invalid_argument);
  EXPECT_THROW(network.node(3), std::out_of_range);
}

TEST(PartitionedNetwork, TrainStepFlopsAreTheSumOfThePieces) {
  const PartitionedNetwork network = dense_partitioned();
  constexpr double B = 5;
  const double node_forward = (2.0 * 4 * 2 * B + 2 * B)  // dense: W*X + bias
                              + 4.0 * 2 * B;             // sigmoid
  const double node_backward = (2.0 * 4 * 2 * B + 2 * B)  // dense: dW, db; no dX of the data
                               + 3.0 * 2 * B;              // sigmoid
  const double decoder_forward = (2.0 * 6 * 3 * B + 3 * B)  // dense
                                 + (5.0 * 3 * B + 4 * B);   // softmax + cross-entropy
  const double decoder_backward = (3.0 * B + B)                                    // loss gradient
                                  + (2.0 * 6 * 3 * B + 3 * B + 2.0 * 6 * 3 * B);  // dense: dW, db, dX
  EXPECT_DOUBLE_EQ(node_forward + node_backward, 50 * B);
  EXPECT_DOUBLE_EQ(decoder_forward + decoder_backward, 137 * B);
  EXPECT_DOUBLE_EQ(network.train_step_flops(5), 3 * (node_forward + node_backward) + decoder_forward + decoder_backward);
  EXPECT_DOUBLE_EQ(network.node_infer_flops(5), node_forward);
  EXPECT_DOUBLE_EQ(network.decoder_infer_flops(5), 39 * B);
}

// Two nodes see three features each; every feature is the label's sign plus noise.
TEST(PartitionedNetwork, AdamTrainingHalvesTheLoss) {
  PartitionedNetwork network(spec_of({3, 1, 1}, {dense(2, Activation::tanh)}, Loss::cross_entropy, 1), 2,
                             spec_of({4, 1, 1}, {dense(2)}, Loss::cross_entropy, 2));
  const Eigen::Index batch = 64;
  const Labels labels = testing::random_labels(batch, 2, 3);
  const Eigen::RowVectorXf sign = (2.0f * labels.cast<float>().array() - 1.0f).matrix().transpose();
  std::vector<Matrix> parts;
  for (std::uint64_t i = 0; i < 2; ++i) {
    Matrix part = 0.5f * testing::random_matrix(3, batch, 4 + i);
    part.rowwise() += sign;
    parts.push_back(part);
  }
  auto optimizers = network.make_optimizers({.type = OptimizerSpec::Type::adam, .learning_rate = 0.01f});
  ASSERT_EQ(optimizers.size(), 3u);
  const float before = network.compute_gradients(parts, labels);
  for (int step = 0; step < 300; ++step) {
    network.compute_gradients(parts, labels);
    network.step(optimizers);
  }
  const float after = network.compute_gradients(parts, labels);
  EXPECT_LT(after, 0.5f * before) << "before " << before << ", after " << after;
  optimizers.pop_back();
  EXPECT_THROW(network.step(optimizers), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::nn
