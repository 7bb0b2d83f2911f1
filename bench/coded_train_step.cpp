// Training step of seed 002's coded network on Fashion-MNIST-sized images (1x28x28, 10 classes,
// base MLP 784 -> 200 -> 100 -> 10) with K = 2, G = 1, P = 1 at a batch of 64 groups, on one
// thread: the seed's Table 2 pairs of encoder and computation, convolutions of 40 filters. One
// iteration is compute_gradients plus an Adam step of every network. GFLOP/s is the analytic
// count (nn/flops.hpp) over the time.
#include "nn/coded_network.hpp"

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace ssim::nn;

constexpr Eigen::Index kGroups = 64;

CodedSpec spec_of(CodedSpec::Net encoder, CodedSpec::Computation computation, CodedSpec::Net computation_net) {
  CodedSpec spec;
  spec.image = {1, 28, 28};
  spec.inputs = 2;
  spec.classes = 10;
  spec.encoder = encoder;
  spec.encoder_degree = 1;
  spec.computation = computation;
  spec.computation_net = computation_net;
  spec.computation_degree = 1;
  spec.channels = 40;
  spec.hidden = {200, 100};
  spec.seed = 1;
  return spec;
}

void train_step(benchmark::State& state, const CodedSpec& spec) {
  CodedNetwork network(spec);
  auto optimizers = network.make_optimizers({.type = OptimizerSpec::Type::adam, .learning_rate = 1e-3f});
  std::mt19937_64 random(3);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  std::uniform_int_distribution<int> label(0, spec.classes - 1);
  std::vector<Matrix> images;
  for (int k = 0; k < spec.inputs; ++k)
    images.push_back(Matrix::NullaryExpr(spec.image.size(), kGroups, [&] { return pixel(random); }));
  const Matrix groups = join_group(images, spec.image);
  const Labels labels = Labels::NullaryExpr(kGroups * spec.inputs, [&] { return label(random); });
  // One untimed step first: the buffers' first touch (page faults) is not training speed.
  auto step = [&] {
    benchmark::DoNotOptimize(network.compute_gradients(groups, labels));
    network.step(optimizers);
  };
  step();
  for (auto _ : state) step();
  state.SetItemsProcessed(state.iterations() * kGroups);
  const double flops = network.train_step_flops(kGroups) + network.optimizer_step_flops(optimizers);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9 * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["GFLOP/step"] = flops * 1e-9;
  state.counters["parameters"] = double(network.parameter_count());
}

using Net = CodedSpec::Net;
using Computation = CodedSpec::Computation;

BENCHMARK_CAPTURE(train_step, mlp_mlp_basic, spec_of(Net::mlp, Computation::basic, Net::mlp))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(train_step, mlp_mlp_data, spec_of(Net::mlp, Computation::data, Net::mlp))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(train_step, cnn_mlp_basic, spec_of(Net::conv, Computation::basic, Net::mlp))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(train_step, cnn_cnn_data, spec_of(Net::conv, Computation::data, Net::conv))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
