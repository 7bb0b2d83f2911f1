// Training throughput of the 784-50-50-10 ReLU softmax-CE MLP on one thread: one iteration is
// compute_gradients plus an SGD step on a fixed random batch. Items are samples.
#include "nn/network.hpp"
#include "nn/optimizer.hpp"

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace ssim::nn;

void BM_mlp_train_step(benchmark::State& state) {
  const Eigen::Index batch = state.range(0);
  Network network(dense_network({784, 50, 50, 10}, Activation::relu, Loss::cross_entropy, {}, 1));
  auto optimizer = make_optimizer({.type = OptimizerSpec::Type::sgd, .learning_rate = 0.01f},
                                  network.parameter_count());

  std::mt19937_64 random(2);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  std::uniform_int_distribution<int> label(0, 9);
  const Matrix inputs = Matrix::NullaryExpr(784, batch, [&] { return pixel(random); });
  const Labels labels = Labels::NullaryExpr(batch, [&] { return label(random); });

  // One untimed step first: the buffers' first touch (page faults) is not training speed.
  auto step = [&] {
    benchmark::DoNotOptimize(network.compute_gradients(inputs, labels));
    optimizer->step(network.parameters(), network.gradients());
  };
  step();
  for (auto _ : state) step();
  state.SetItemsProcessed(state.iterations() * batch);
  const double flops_per_step = network.train_step_flops(batch) + optimizer->step_flops(network.parameter_count());
  state.counters["flops"] = benchmark::Counter(flops_per_step * double(state.iterations()),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_mlp_train_step)->ArgName("batch")->Arg(64)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
