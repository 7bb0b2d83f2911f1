#include "schemes/broadcast_costs.hpp"
#include "schemes/frontend_loop.hpp"
#include <algorithm>

namespace ssim::schemes {

models::ServingWorker broadcast_worker_times(const RunInputs& in, cluster::Cluster& cluster, const BroadcastCosts& costs,
                                             int w) {
  const int tasks = in.scenario.scheme.workers;
  const models::Flow there = cluster.flows({{cluster.host(kFrontend), cluster.worker_host(w)}}).front();
  const models::Flow back = cluster.flows({{cluster.worker_host(w), cluster.host(kFrontend)}}).front();
  return {.dispatch_s = costs.frontend_flops / cluster.steady_speed(kFrontend) + there.latency_s +
                        tasks * costs.task_bytes / there.bandwidth,
          .compute_s = costs.worker_flops / cluster.steady_speed(1 + w),
          .return_s = back.latency_s + tasks * costs.answer_bytes / back.bandwidth,
          .straggle_probability = cluster.random_straggling().probability(w),
          .straggle_slowdown = cluster.random_straggling().slowdown(w)};
}

double broadcast_deadline(const RunInputs& in, cluster::Cluster& cluster, const BroadcastCosts& costs) {
  const double slowdown = std::max(1.0, cluster.random_straggling().uniform_slowdown());
  double slowest = 0;
  for (int w = 0; w < in.scenario.scheme.workers; ++w) {
    const models::ServingWorker t = broadcast_worker_times(in, cluster, costs, w);
    slowest = std::max(slowest, t.dispatch_s + t.compute_s * slowdown + t.return_s);
  }
  return 10 * slowest;
}

models::ServingPrediction broadcast_latency_model(const RunInputs& in, cluster::Cluster& cluster,
                                                  const BroadcastCosts& costs, int replicas, int answers_needed) {
  models::ServingInput input;
  for (int w = 0; w < in.scenario.scheme.workers; ++w)
    input.workers.push_back(broadcast_worker_times(in, cluster, costs, w));
  input.replicas = replicas;
  input.answers_needed = answers_needed;
  input.decode_s = costs.decode_flops / cluster.steady_speed(kFrontend);
  set_stream(input, *in.scenario.serving);
  return models::serving(input);
}

}  // namespace ssim::schemes
