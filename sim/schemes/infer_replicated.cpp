// Serving with replication: each request goes to `replicas` workers and the first answer wins.
// The losers' work is cancelled (a small message stops it) or ignored (computed and discarded);
// either way it is counted as wasted.
#include "schemes/serving.hpp"
#include "schemes/serving_options.hpp"

namespace ssim::schemes {
namespace {

cluster::RoleLayout infer_layout(const scenario::Scenario& s) { return cluster::server_workers_layout(s.scheme.workers); }

RunResult run_infer_replicated(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& options = in.scenario.scheme.options_as<InferReplicatedOptions>();
  ServedModel served = served_model(in, cluster.steady_speed(0));
  const ServingPolicy policy{.replicas = options.replicas,
                             .least_loaded = false,
                             .cancel_losers = options.losers == InferReplicatedOptions::Losers::cancel};
  const double timeout = options.request_timeout.value_or(default_request_timeout(in, cluster, served.network));
  ServingOutcome outcome = serve(in, cluster, served.network, policy, timeout);
  return serving_result(in, cluster, policy, std::move(served), std::move(outcome));
}

}  // namespace

extern const Scheme infer_replicated_scheme{"infer_replicated", infer_layout, run_infer_replicated,
                                            serving_parts};

}  // namespace ssim::schemes
