// One host trains alone: seed 004's baseline, T = I * T_A.
#include "models/single_node.hpp"
#include "schemes/actors.hpp"
#include "schemes/training.hpp"
#include <optional>

namespace ssim::schemes {
namespace {

cluster::RoleLayout single_layout(const scenario::Scenario&) { return cluster::single_host_layout(); }

struct Model {  // what the host trains, when the run computes
  nn::Network network;
  std::unique_ptr<nn::Optimizer> optimizer;
  BatchStream batches;
};

RunResult run_single(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& scenario = in.scenario;
  const TrainingCosts costs(scenario);
  const BatchSizes sizes(in.train_samples, 1, scenario);
  std::optional<Model> model;  // none in timing mode
  if (computes(scenario))
    model.emplace(nn::Network(network_spec(scenario)), make_optimizer(scenario, costs.parameters()),
                  BatchStream(in.train, 1, 0, scenario));
  EpochLog log(in.test);
  long steps = 0;
  const long rounds = sizes.per_epoch() * scenario.scheme.epochs;

  // The model lives outside the actor so that it can still be evaluated if the host fails.
  Actors(cluster, in.layout).launch_workers([&](int) {
    for (long round = 0; round < rounds; ++round) {
      const int epoch = static_cast<int>(round / sizes.per_epoch()) + 1;
      cluster.compute(costs.train_step_flops(sizes.of_round(round)) + costs.optimizer_step_flops(),
                      cluster.straggle_factor(0, round));
      if (model) {
        const auto& batch = model->batches.batch(round);
        const float loss = model->network.compute_gradients(in.train.features(Eigen::all, batch), in.train.labels(batch));
        check_finite_loss(loss, epoch, round + 1);
        log.add_loss(epoch, loss);
        model->optimizer->step(model->network.parameters(), model->network.gradients());
      }
      steps = round + 1;
      if (steps % sizes.per_epoch() != 0) continue;
      if (model) log.end_epoch(epoch, model->network);
      else log.end_timed_epoch(epoch);
    }
  });
  RunResult result;
  result.simulated_time_s = cluster.run();
  result.training = model ? log.record(model->network, steps, steps == rounds, result.simulated_time_s)
                          : log.timed_record(steps, steps == rounds, result.simulated_time_s);
  models::SingleNodeInput timing{.round_flops = {}, .speed = cluster.speed_timeline(0),
                                .straggle_factor = [&cluster](long r) { return cluster.straggle_factor(0, r); }};
  for (long round = 0; round < rounds; ++round)
    timing.round_flops.push_back(costs.train_step_flops(sizes.of_round(round)) + costs.optimizer_step_flops());
  result.prediction = models::single_node(timing);
  return result;
}

}  // namespace

extern const Scheme single_scheme{"single", single_layout, run_single, training_only};

}  // namespace ssim::schemes
