// One host trains alone: seed 004's baseline, T = I * T_A.
#include "models/single_node.hpp"
#include "schemes/actors.hpp"
#include "schemes/training.hpp"

namespace ssim::schemes {
namespace {

cluster::RoleLayout single_layout(const scenario::Scenario&) { return cluster::single_host_layout(); }

RunResult run_single(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& scenario = in.scenario;
  nn::Network network(network_spec(scenario));
  auto optimizer = make_optimizer(scenario, network.parameter_count());
  BatchStream batches(in.train, 1, 0, scenario);
  EpochLog log(in.test);
  long steps = 0;
  const long rounds = batches.batches_per_epoch() * scenario.scheme.epochs;

  // The model lives outside the actor so that it can still be evaluated if the host fails.
  Actors(cluster, in.layout).launch_workers([&](int) {
    for (long round = 0; round < rounds; ++round) {
      const int epoch = static_cast<int>(round / batches.batches_per_epoch()) + 1;
      const auto& batch = batches.batch(round);
      const auto size = static_cast<Eigen::Index>(batch.size());
      cluster.compute(network.train_step_flops(size) + optimizer->step_flops(network.parameter_count()),
                      cluster.straggle_factor(0, round));
      const float loss = network.compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
      check_finite_loss(loss, epoch, round + 1);
      log.add_loss(epoch, loss);
      optimizer->step(network.parameters(), network.gradients());
      steps = round + 1;
      if (steps % batches.batches_per_epoch() == 0) log.end_epoch(epoch, network);
    }
  });
  RunResult result;
  result.simulated_time_s = cluster.run();
  result.training = log.record(network, steps, steps == rounds, result.simulated_time_s);
  result.prediction = models::single_node(workload(network, in.train.size(), scenario),
                                          optimizer->step_flops(network.parameter_count()),
                                          cluster.steady_speed(0), cluster.random_straggling().uniform_probability(),
                                          cluster.random_straggling().uniform_slowdown());
  return result;
}

}  // namespace

extern const Scheme single_scheme{"single", single_layout, run_single, training_only};

}  // namespace ssim::schemes
