#include "nn/flops.hpp"
#include "nn/layer.hpp"
#include "nn/network.hpp"
#include "nn/optimizer.hpp"

#include <gtest/gtest.h>

namespace ssim::nn {
namespace {

const NetworkSpec kMnistMlp = dense_network({784, 50, 50, 10}, Activation::relu, Loss::cross_entropy, {}, 0);

TEST(Flops, MnistMlpAtBatch64) {
  const Network network(kMnistMlp);
  const double forward = (2.0 * 784 * 50 * 64 + 50 * 64)  // dense 1: W*X + bias
                         + 50 * 64                         // ReLU
                         + (2.0 * 50 * 50 * 64 + 50 * 64)  // dense 2
                         + 50 * 64                         // ReLU
                         + (2.0 * 50 * 10 * 64 + 10 * 64)  // dense 3
                         + (5.0 * 10 * 64 + 4 * 64);       // softmax + cross-entropy
  EXPECT_DOUBLE_EQ(forward, 5'418'496.0);
  EXPECT_DOUBLE_EQ(network.forward_flops(64), forward);

  const double backward = (10.0 * 64 + 64)                                     // loss gradient, mean scaling
                          + (2.0 * 50 * 10 * 64 + 10 * 64 + 2.0 * 50 * 10 * 64)  // dense 3: dW, db, dX
                          + 50 * 64                                            // ReLU
                          + (2.0 * 50 * 50 * 64 + 50 * 64 + 2.0 * 50 * 50 * 64)  // dense 2
                          + 50 * 64                                            // ReLU
                          + (2.0 * 784 * 50 * 64 + 50 * 64);                   // dense 1: no dX
  EXPECT_DOUBLE_EQ(backward, 5'799'744.0);
  EXPECT_DOUBLE_EQ(network.backward_flops(64), backward);
  EXPECT_DOUBLE_EQ(network.train_step_flops(64), forward + backward);
}

TEST(Flops, MnistMlpAtBatch1) {
  const Network network(kMnistMlp);
  // 78,450 + 50 + 5,050 + 50 + 1,010 + 54
  EXPECT_DOUBLE_EQ(network.forward_flops(1), 84'664.0);
  // 11 + 2,010 + 50 + 10,050 + 50 + 78,450
  EXPECT_DOUBLE_EQ(network.backward_flops(1), 90'621.0);
}

TEST(Flops, TheInputGradientAddsTheFirstLayersProduct) {
  const Network network(kMnistMlp);
  EXPECT_DOUBLE_EQ(network.backward_flops_with_input_gradient(64), 5'799'744.0 + 2.0 * 784 * 50 * 64);
}

TEST(Flops, SigmoidAndMseUseTheirOwnCosts) {
  const Network network(dense_network({3, 2, 2}, Activation::sigmoid, Loss::mse, {}, 0));
  // dense 60 + 10, sigmoid 4 * 10, dense 40 + 10, MSE 2 * 10 + 5
  EXPECT_DOUBLE_EQ(network.forward_flops(5), 70 + 40 + 50 + 25);
  // MSE 10, dense 40 + 10 + 40, sigmoid 3 * 10, dense 60 + 10
  EXPECT_DOUBLE_EQ(network.backward_flops(5), 10 + 90 + 30 + 70);
  EXPECT_DOUBLE_EQ(activation_forward_flops(Activation::leaky_relu, 3, 2), 12);
}

TEST(Flops, LayerRangesAddUpToTheLayersOfTheWholeNetwork) {
  const Network network(kMnistMlp);
  const int layers = network.layer_count();
  const double loss_forward = loss_forward_flops(Loss::cross_entropy, 10, 64);
  const double loss_backward = loss_backward_flops(Loss::cross_entropy, 10, 64);
  for (int cut = 1; cut < layers; ++cut) {
    EXPECT_DOUBLE_EQ(network.forward_flops(64, 0, cut) + network.forward_flops(64, cut, layers) + loss_forward,
                     network.forward_flops(64));
    // A stage that does not start at layer 0 computes its input gradient for the stage before.
    EXPECT_DOUBLE_EQ(network.backward_flops(64, cut, layers),
                     [&] {
                       double sum = 0;
                       for (int i = cut; i < layers; ++i) sum += network.layer(i).backward_flops(64, true);
                       return sum;
                     }());
  }
  EXPECT_DOUBLE_EQ(network.backward_flops(64, 0, layers) + loss_backward, network.backward_flops(64));
}

TEST(Flops, OptimizerSteps) {
  const Eigen::Index n = 784 * 50 + 50 + 50 * 50 + 50 + 50 * 10 + 10;
  EXPECT_EQ(Network(kMnistMlp).parameter_count(), n);
  EXPECT_DOUBLE_EQ(make_optimizer({.type = OptimizerSpec::Type::sgd}, n)->step_flops(n), 2.0 * n);
  EXPECT_DOUBLE_EQ(make_optimizer({.type = OptimizerSpec::Type::sgd, .momentum = 0.9f}, n)->step_flops(n), 4.0 * n);
  EXPECT_DOUBLE_EQ(make_optimizer({.type = OptimizerSpec::Type::adam}, n)->step_flops(n), 12.0 * n);
}

}  // namespace
}  // namespace ssim::nn
