// Training step of the seed's 10-node Fashion-MNIST partitioned CNN at batch 200, on one thread:
// each node sees 3 rows of the 28x28 image (conv 32 5x5 same + ReLU, max pool 2 ceil, conv 64 5x5
// same + ReLU, max pool 2 ceil, flatten, dense 100 + ReLU); the decoder is dense 1000 -> 500 + ReLU
// -> 10 with cross-entropy. One iteration is compute_gradients plus an Adam step of every network;
// the node and decoder cases time one network's share alone. GFLOP/s is the analytic count
// (nn/flops.hpp) over the time.
#include "nn/partitioned_network.hpp"

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace ssim::nn;

constexpr int kParts = 10;
constexpr Eigen::Index kBatch = 200;

LayerSpec conv(int filters) {
  Conv2dSpec spec;
  spec.filters = filters;
  spec.kernel_height = spec.kernel_width = 5;
  spec.padding = Conv2dSpec::Padding::same;
  return layer_spec(spec, Activation::relu);
}

LayerSpec max_pool() {
  Pool2dSpec spec;
  spec.size_height = spec.size_width = 2;
  spec.ceil = true;
  return layer_spec(spec);
}

NetworkSpec node_spec() {
  NetworkSpec spec;
  spec.input = {1, 3, 28};
  spec.layers = {conv(32), max_pool(), conv(64), max_pool(), layer_spec(FlattenSpec{}),
                 layer_spec(DenseSpec{100}, Activation::relu)};
  spec.seed = 1;
  return spec;
}

NetworkSpec decoder_spec() {
  return dense_network({kParts * 100, 500, 10}, Activation::relu, Loss::cross_entropy, {}, 2);
}

Matrix random_inputs(Eigen::Index rows, std::mt19937_64& random) {
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  return Matrix::NullaryExpr(rows, kBatch, [&] { return pixel(random); });
}

Labels random_labels(std::mt19937_64& random) {
  std::uniform_int_distribution<int> label(0, 9);
  return Labels::NullaryExpr(kBatch, [&] { return label(random); });
}

const OptimizerSpec kAdam{.type = OptimizerSpec::Type::adam, .learning_rate = 1e-3f};

void whole_step(benchmark::State& state) {
  PartitionedNetwork network(node_spec(), kParts, decoder_spec());
  auto optimizers = network.make_optimizers(kAdam);
  std::mt19937_64 random(3);
  std::vector<Matrix> parts;
  for (int i = 0; i < kParts; ++i) parts.push_back(random_inputs(3 * 28, random));
  const Labels labels = random_labels(random);
  // One untimed step first: the buffers' first touch (page faults) is not training speed.
  auto step = [&] {
    benchmark::DoNotOptimize(network.compute_gradients(parts, labels));
    network.step(optimizers);
  };
  step();
  for (auto _ : state) step();
  state.SetItemsProcessed(state.iterations() * kBatch);
  double flops = network.train_step_flops(kBatch);
  for (int i = 0; i < kParts; ++i) flops += optimizers[std::size_t(i)]->step_flops(network.node(i).parameter_count());
  flops += optimizers.back()->step_flops(network.decoder().parameter_count());
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["GFLOP/step"] = flops * 1e-9;
}

// One network's forward + backward (with its input gradient for the decoder) and Adam step.
void one_network(benchmark::State& state, const NetworkSpec& spec, bool input_gradient) {
  Network network(spec);
  auto optimizer = make_optimizer(kAdam, network.parameter_count());
  std::mt19937_64 random(4);
  const Matrix inputs = random_inputs(spec.input.size(), random);
  const Labels labels = random_labels(random);
  Matrix gradient;
  auto step = [&] {
    benchmark::DoNotOptimize(input_gradient ? network.compute_gradients(inputs, labels, gradient)
                                            : network.compute_gradients(inputs, labels));
    optimizer->step(network.parameters(), network.gradients());
  };
  step();
  for (auto _ : state) step();
  const double flops = (input_gradient ? network.forward_flops(kBatch) + network.backward_flops_with_input_gradient(kBatch)
                                       : network.train_step_flops(kBatch)) +
                       optimizer->step_flops(network.parameter_count());
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["GFLOP/step"] = flops * 1e-9;
}

BENCHMARK(whole_step)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(one_network, node, node_spec(), false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(one_network, decoder, decoder_spec(), true)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
