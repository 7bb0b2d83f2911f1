// One host trains alone: seed 004's baseline, T = I * T_A.
#include "models/single_node.hpp"
#include "schemes/training.hpp"

namespace ssim::schemes {
namespace {

cluster::RoleLayout single_layout(const scenario::Scenario&) { return cluster::single_host_layout(); }

RunResult run_single(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& scenario = in.scenario;
  nn::Network network(network_spec(scenario));
  auto optimizer = make_optimizer(scenario, network.parameter_count());
  BatchStream batches(in.train, 1, 0, scenario);
  RunResult result;
  const long rounds = batches.batches_per_epoch() * scenario.scheme.epochs;

  // The model lives outside the actor so that it can still be evaluated if the host fails.
  cluster.spawn("worker-0", cluster.host(0), [&] {
    double loss_sum = 0;
    for (long round = 0; round < rounds; ++round) {
      const auto& batch = batches.batch(round);
      const auto size = static_cast<Eigen::Index>(batch.size());
      cluster.compute(network.train_step_flops(size) + optimizer->step_flops(network.parameter_count()),
                      cluster.straggle_factor(0, round));
      const float loss = network.compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
      check_finite_loss(loss, static_cast<int>(round / batches.batches_per_epoch()) + 1, round + 1);
      loss_sum += loss;
      optimizer->step(network.parameters(), network.gradients());
      result.iterations = round + 1;
      if ((round + 1) % batches.batches_per_epoch() == 0) {
        const int epoch = static_cast<int>((round + 1) / batches.batches_per_epoch());
        result.epochs.push_back(evaluate(network, in.test, epoch, loss_sum / batches.batches_per_epoch()));
        loss_sum = 0;
      }
    }
  });
  result.simulated_time_s = cluster.run();
  result.training_completed = result.iterations == rounds;
  record_final_model(result, network, in.test);
  result.prediction = models::single_node(workload(network, in.train.size(), scenario),
                                          optimizer->step_flops(network.parameter_count()),
                                          cluster.steady_speed(0), cluster.random_straggling().uniform_probability(),
                                          cluster.random_straggling().uniform_slowdown());
  return result;
}

}  // namespace

extern const Scheme single_scheme{"single", single_layout, run_single};

}  // namespace ssim::schemes
