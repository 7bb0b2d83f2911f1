// NetworkCosts counts from a spec what a Network built from it counts, without its parameters.
#include "nn/flops.hpp"
#include "nn/network.hpp"
#include "nn/network_costs.hpp"
#include "nn/optimizer.hpp"

#include <gtest/gtest.h>

namespace ssim::nn {
namespace {

Conv2dSpec conv(int filters, int kernel, Conv2dSpec::Padding padding = Conv2dSpec::Padding::valid, int stride = 1,
                int dilation = 1) {
  Conv2dSpec spec;
  spec.filters = filters;
  spec.kernel_height = spec.kernel_width = kernel;
  spec.padding = padding;
  spec.stride_height = spec.stride_width = stride;
  spec.dilation_height = spec.dilation_width = dilation;
  return spec;
}

Pool2dSpec pool(Pool2dSpec::Kind kind, int size, bool ceil) {
  Pool2dSpec spec;
  spec.kind = kind;
  spec.size_height = spec.size_width = size;
  spec.ceil = ceil;
  return spec;
}

NetworkSpec spec_of(Shape input, std::vector<LayerSpec> layers, Loss loss) {
  NetworkSpec spec;
  spec.input = input;
  spec.layers = std::move(layers);
  spec.loss = loss;
  spec.seed = 5;
  return spec;
}

// The quickstart's MLP, a sigmoid MLP under MSE, a CNN of seed 000's kind (same padding, max pooling
// rounded up, leaky ReLU, dropout) and one with strides, dilation and average pooling.
std::vector<NetworkSpec> architectures() {
  return {
      dense_network({784, 50, 50, 10}, Activation::relu, Loss::cross_entropy, {}, 1),
      dense_network({13, 7, 5, 3}, Activation::sigmoid, Loss::mse, {}, 2),
      spec_of({1, 28, 28},
              {layer_spec(conv(8, 5, Conv2dSpec::Padding::same), Activation::leaky_relu),
               layer_spec(pool(Pool2dSpec::Kind::max, 2, true)), layer_spec(DropoutSpec{0.25}),
               layer_spec(conv(16, 3), Activation::relu), layer_spec(pool(Pool2dSpec::Kind::max, 2, false)),
               layer_spec(FlattenSpec{}), layer_spec(DenseSpec{32}, Activation::tanh), layer_spec(DenseSpec{10})},
              Loss::cross_entropy),
      spec_of({3, 17, 15},
              {layer_spec(conv(4, 3, Conv2dSpec::Padding::same, 2, 1), Activation::sigmoid),
               layer_spec(conv(6, 3, Conv2dSpec::Padding::valid, 1, 2), Activation::relu),
               layer_spec(pool(Pool2dSpec::Kind::average, 2, true)), layer_spec(DenseSpec{4})},
              Loss::mse),
  };
}

TEST(NetworkCosts, CountsWhatTheNetworkCounts) {
  for (const NetworkSpec& spec : architectures()) {
    const Network network(spec);
    const NetworkCosts costs(spec);
    SCOPED_TRACE(network.parameter_count());
    EXPECT_EQ(costs.parameter_count(), network.parameter_count());
    for (Eigen::Index batch : {1, 7, 64}) {
      EXPECT_EQ(costs.forward_flops(batch), network.forward_flops(batch)) << batch;
      EXPECT_EQ(costs.backward_flops(batch), network.backward_flops(batch)) << batch;
      EXPECT_EQ(costs.train_step_flops(batch), network.train_step_flops(batch)) << batch;
    }
  }
}

TEST(NetworkCosts, TheQuickstartMlpByHand) {
  const NetworkCosts costs(architectures()[0]);
  EXPECT_EQ(costs.parameter_count(), 784 * 50 + 50 + 50 * 50 + 50 + 50 * 10 + 10);  // 42,310
  EXPECT_DOUBLE_EQ(costs.train_step_flops(64), 5'418'496.0 + 5'799'744.0);       // tests/nn/flops_test.cpp
}

TEST(NetworkCosts, OptimizerStepFlopsWithoutItsState) {
  OptimizerSpec sgd, momentum, adam;
  momentum.momentum = 0.9f;
  adam.type = OptimizerSpec::Type::adam;
  EXPECT_DOUBLE_EQ(step_flops(sgd, 1000), 2000);
  EXPECT_DOUBLE_EQ(step_flops(momentum, 1000), 4000);
  EXPECT_DOUBLE_EQ(step_flops(adam, 1000), 12000);
  for (const OptimizerSpec& spec : {sgd, momentum, adam})
    EXPECT_EQ(step_flops(spec, 42'310), make_optimizer(spec, 42'310)->step_flops(42'310));
}

}  // namespace
}  // namespace ssim::nn
