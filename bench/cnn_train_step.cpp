// Training throughput of three image CNNs on one thread, batch 64: one iteration is
// compute_gradients plus an SGD step with momentum on a fixed random batch. Items are samples;
// GFLOP/s is the analytic flop count of the step (nn/flops.hpp) over the time it took.
// bench/torch_peer.py times the same models in PyTorch.
#include "nn/network.hpp"
#include "nn/optimizer.hpp"

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace ssim::nn;


LayerSpec conv(int filters, int kernel, Conv2dSpec::Padding padding, Activation activation) {
  Conv2dSpec spec;
  spec.filters = filters;
  spec.kernel_height = spec.kernel_width = kernel;
  spec.padding = padding;
  return layer_spec(spec, activation);
}

LayerSpec max_pool(int size, bool ceil) {
  Pool2dSpec spec;
  spec.size_height = spec.size_width = size;
  spec.ceil = ceil;
  return layer_spec(spec);
}

NetworkSpec network(Shape input, std::vector<LayerSpec> layers) {
  NetworkSpec spec;
  spec.input = input;
  spec.layers = std::move(layers);
  spec.seed = 1;
  return spec;
}

constexpr auto kSame = Conv2dSpec::Padding::same, kValid = Conv2dSpec::Padding::valid;
constexpr auto kLeaky = Activation::leaky_relu, kRelu = Activation::relu;

// (a) LeNet-like on 1x28x28.
NetworkSpec lenet() {
  return network({1, 28, 28}, {conv(20, 5, kSame, kLeaky), max_pool(2, false), conv(20, 5, kSame, kLeaky),
                               max_pool(2, false), layer_spec(DenseSpec{10})});
}

// (b) A node's part of a 10-node Fashion-MNIST CNN: 3 rows of the image, 100 outputs.
NetworkSpec fashion_node() {
  return network({1, 3, 28}, {conv(32, 5, kSame, kLeaky), max_pool(2, true), conv(64, 5, kSame, kLeaky),
                              max_pool(2, true), layer_spec(DenseSpec{100})});
}

// (c) The Keras MNIST CNN: two valid 3x3 convolutions, pooling, dropout, two dense layers.
NetworkSpec keras_mnist() {
  return network({1, 28, 28}, {conv(32, 3, kValid, kRelu), conv(64, 3, kValid, kRelu), max_pool(2, false),
                               layer_spec(DropoutSpec{0.25}), layer_spec(FlattenSpec{}), layer_spec(DenseSpec{128}, kRelu),
                               layer_spec(DropoutSpec{0.25}), layer_spec(DenseSpec{10})});
}

void train_step(benchmark::State& state, const NetworkSpec& spec) {
  constexpr Eigen::Index kBatch = 64;
  Network net(spec);
  auto optimizer = make_optimizer({.type = OptimizerSpec::Type::sgd, .learning_rate = 0.01f, .momentum = 0.9f},
                                  net.parameter_count());
  std::mt19937_64 random(2);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  std::uniform_int_distribution<int> label(0, int(net.output_size()) - 1);
  const Matrix inputs = Matrix::NullaryExpr(spec.input.size(), kBatch, [&] { return pixel(random); });
  const Labels labels = Labels::NullaryExpr(kBatch, [&] { return label(random); });

  // One untimed step first: the buffers' first touch (page faults) is not training speed.
  auto step = [&] {
    benchmark::DoNotOptimize(net.compute_gradients(inputs, labels));
    optimizer->step(net.parameters(), net.gradients());
  };
  step();
  for (auto _ : state) step();
  state.SetItemsProcessed(state.iterations() * kBatch);
  const double flops = net.train_step_flops(kBatch) + optimizer->step_flops(net.parameter_count());
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * double(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(train_step, a_lenet, lenet())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(train_step, b_fashion_node, fashion_node())->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(train_step, c_keras_mnist, keras_mnist())->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
