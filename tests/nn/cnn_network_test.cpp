// A small CNN built from a NetworkSpec: gradients through compute_gradients against central
// differences, and what the network does with its dropout layers.
#include "nn/dropout.hpp"
#include "nn/flops.hpp"
#include "nn/layer.hpp"
#include "nn/network.hpp"
#include "random_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ssim::nn {
namespace {


// 2x6x5 input; conv 3x3x4 same + tanh; max pool 2 ceil (3x3); dropout 0.3; flatten; dense 36 -> 3.
NetworkSpec small_cnn(double dropout_rate = 0.3) {
  Conv2dSpec conv;
  conv.filters = 4;
  conv.kernel_height = conv.kernel_width = 3;
  conv.padding = Conv2dSpec::Padding::same;
  Pool2dSpec pool;
  pool.size_height = pool.size_width = 2;
  pool.ceil = true;
  NetworkSpec spec;
  spec.input = {2, 6, 5};
  spec.layers = {layer_spec(conv, Activation::tanh), layer_spec(pool), layer_spec(DropoutSpec{dropout_rate}), layer_spec(FlattenSpec{}),
                 layer_spec(DenseSpec{3})};
  spec.layers[0].bias_init = {Init::Kind::normal, 0.1};
  spec.seed = 3;
  return spec;
}

// Mean cross-entropy of the training pass, summed in double from the float logits.
double training_loss(Network& network, const Matrix& inputs, const Labels& labels) {
  network.reseed_dropout(1);
  const Eigen::MatrixXd logits = network.forward_range(0, network.layer_count(), inputs).cast<double>();
  double total = 0;
  for (Eigen::Index sample = 0; sample < logits.cols(); ++sample) {
    const double max = logits.col(sample).maxCoeff();
    total += std::log((logits.col(sample).array() - max).exp().sum()) + max - logits(labels(sample), sample);
  }
  return total / double(logits.cols());
}

TEST(CnnNetwork, GradientsMatchCentralDifferences) {
  Network network(small_cnn());
  const Matrix inputs = testing::random_matrix(60, 3, 1);
  const Labels labels = testing::random_labels(3, 3, 2);
  network.reseed_dropout(1);
  const float loss = network.compute_gradients(inputs, labels);
  const Vector gradients = network.gradients();
  EXPECT_NEAR(loss, training_loss(network, inputs, labels), 1e-5);
  const auto& dropout = dynamic_cast<const Dropout&>(network.layer(network.layers_of(2).first));
  ASSERT_GT((dropout.mask().array() == 0.0f).count(), 0);  // the check goes through dropped units too

  constexpr float kStep = 1e-3f;
  for (Eigen::Index i = 0; i < network.parameter_count(); ++i) {
    const float original = network.parameters()(i);
    network.parameters()(i) = original + kStep;
    const double up = training_loss(network, inputs, labels);
    network.parameters()(i) = original - kStep;
    const double down = training_loss(network, inputs, labels);
    network.parameters()(i) = original;
    const double numeric = (up - down) / (2.0 * kStep);
    EXPECT_NEAR(gradients(i), numeric, 2e-4 + 1e-2 * std::abs(numeric)) << "parameter " << i;
  }
}

TEST(CnnNetwork, LayersOfSpecLayers) {
  const Network network(small_cnn());
  ASSERT_EQ(network.layer_count(), 6);  // conv, tanh, pool, dropout, flatten, dense
  EXPECT_EQ(network.layers_of(0).first, 0);
  EXPECT_EQ(network.layers_of(0).last, 2);
  EXPECT_EQ(network.layers_of(1).first, 2);
  EXPECT_EQ(network.layers_of(1).last, 3);
  EXPECT_EQ(network.layers_of(4).first, 5);
  EXPECT_EQ(network.layers_of(4).last, 6);
  EXPECT_THROW(network.layers_of(5), std::out_of_range);
  EXPECT_EQ(network.layer(1).output_shape(), (Shape{4, 6, 5}));
  EXPECT_EQ(network.layer(2).output_shape(), (Shape{4, 3, 3}));
  EXPECT_EQ(network.parameter_count(), (9 * 2 + 1) * 4 + (36 + 1) * 3);
}

const Matrix& dropout_mask(const Network& network) {
  return dynamic_cast<const Dropout&>(network.layer(3)).mask();
}

TEST(CnnNetwork, ReseedDropoutChoosesTheMasks) {
  const Matrix inputs = testing::random_matrix(60, 4, 1);
  Network network(small_cnn());
  network.forward_range(0, 4, inputs);
  const Matrix first = dropout_mask(network);
  network.forward_range(0, 4, inputs);
  EXPECT_NE(dropout_mask(network), first);  // the generator moves on
  network.reseed_dropout(0);
  network.forward_range(0, 4, inputs);
  EXPECT_EQ(dropout_mask(network), first);  // stream 0 is where a new network starts
  network.reseed_dropout(7);
  network.forward_range(0, 4, inputs);
  EXPECT_NE(dropout_mask(network), first);
}

TEST(CnnNetwork, CopiesContinueTheOriginalsDraws) {
  const Matrix inputs = testing::random_matrix(60, 4, 1);
  Network original(small_cnn());
  original.forward_range(0, 4, inputs);
  Network copy(original);
  original.forward_range(0, 4, inputs);
  copy.forward_range(0, 4, inputs);
  EXPECT_EQ(dropout_mask(copy), dropout_mask(original));
  Network fresh(small_cnn());
  fresh.forward_range(0, 4, inputs);
  EXPECT_NE(dropout_mask(copy), dropout_mask(fresh));  // the copy is at its second draw
}

TEST(CnnNetwork, EvaluationIgnoresDropout) {
  NetworkSpec without = small_cnn();
  without.layers.erase(without.layers.begin() + 2);
  const Network with_dropout(small_cnn()), no_dropout(without);
  ASSERT_EQ(with_dropout.parameters(), no_dropout.parameters());  // dropout draws nothing at init
  const Matrix inputs = testing::random_matrix(60, 4, 1);
  const Labels labels = testing::random_labels(4, 3, 2);
  EXPECT_EQ(with_dropout.predict(inputs), no_dropout.predict(inputs));
  EXPECT_EQ(with_dropout.loss(inputs, labels), no_dropout.loss(inputs, labels));
}

TEST(CnnNetwork, InferFlopsLeaveOutDropoutAndTheLoss) {
  const Network network(small_cnn());
  const double conv = 2.0 * 18 * 4 * 30 + 4 * 30;  // K = 18, 4 filters, 30 positions; bias
  const double tanh = 4 * 30;
  const double pool = 4 * 30 - 4 * 9;  // every value covered once, minus one per output
  const double dropout = 2.0 * 36;
  const double dense = 2.0 * 36 * 3 + 3;
  EXPECT_DOUBLE_EQ(network.infer_flops(2), 2 * (conv + tanh + pool + dense));
  EXPECT_DOUBLE_EQ(network.forward_flops(2),
                   2 * (conv + tanh + pool + dropout + dense) + loss_forward_flops(Loss::cross_entropy, 3, 2));
}

}  // namespace
}  // namespace ssim::nn
