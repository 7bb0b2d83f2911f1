// Serving without redundancy: each request goes to one worker, chosen round robin or as the one
// with the fewest requests outstanding. A straggling worker delays every request queued on it.
#include "schemes/serving.hpp"
#include "schemes/serving_options.hpp"

namespace ssim::schemes {
namespace {

cluster::RoleLayout infer_layout(const scenario::Scenario& s) { return cluster::server_workers_layout(s.scheme.workers); }

RunResult run_infer_single(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& options = in.scenario.scheme.options_as<InferSingleOptions>();
  ServedModel served = served_model(in, cluster.steady_speed(0));
  const ServingPolicy policy{.replicas = 1,
                             .least_loaded = options.dispatch == InferSingleOptions::Dispatch::least_loaded,
                             .cancel_losers = false};
  const double timeout = options.request_timeout.value_or(default_request_timeout(in, cluster, served.network));
  ServingOutcome outcome = serve(in, cluster, served.network, policy, timeout);
  return serving_result(in, cluster, policy, std::move(served), std::move(outcome));
}

}  // namespace

extern const Scheme infer_single_scheme{"infer_single", infer_layout, run_infer_single, serving_parts};

}  // namespace ssim::schemes
