// infer_coded (seed 002): a coded model served on the cluster. Worker n holds the point
// alpha_n = n / (N + 1) and answers each request with H(E(alpha_n)) for its groups; the frontend
// decodes every query from any R answers (schemes/coded_frontend.hpp).
#include "nn/lagrange.hpp"
#include "schemes/broadcast_costs.hpp"
#include "schemes/coded_frontend.hpp"
#include "schemes/coded_model.hpp"
#include "scenario/choices.hpp"
#include "scenario/fields.hpp"

namespace ssim::schemes {
namespace {

cluster::RoleLayout coded_layout(const scenario::Scenario& s) { return cluster::server_workers_layout(s.scheme.workers); }

int groups_per_request(const RunInputs& in) { return in.scenario.serving->batch / in.scenario.model.coded->inputs; }

// One request of `groups` groups: the encoding where the placement puts it, a task to each worker,
// its logits back, the decoding.
BroadcastCosts request_costs(const RunInputs& in, const CodedServing& serving) {
  const int groups = groups_per_request(in);
  return {.frontend_flops = coded_frontend_flops(serving, groups, in.scenario.scheme.workers),
          .task_bytes = coded_request_bytes(serving, groups),
          .worker_flops = coded_worker_flops(serving, groups),
          .answer_bytes = coded_answer_bytes(serving, groups),
          .decode_flops = serving.network.decode_flops(groups)};
}

CodedRecord coded_record(const RunInputs& in, const CodedServing& serving) {
  const nn::CodedNetwork& network = serving.network;
  const nn::CodedSpec& spec = network.spec();
  const int workers = in.scenario.scheme.workers;
  return {.inputs = spec.inputs,
          .encoder_degree = spec.encoder_degree,
          .computation_degree = spec.computation_degree,
          .recovery_threshold = spec.recovery_threshold(),
          .workers = workers,
          .computation = std::string(scenario::name_of(spec.computation, scenario::kCodedComputations)),
          .placement = serving.placement == InferCodedOptions::Placement::frontend ? "frontend" : "workers",
          .parameters = static_cast<long>(network.parameter_count()),
          .worst_amplification = nn::worst_amplification(serving.alphas, spec.recovery_threshold(), network.betas()),
          .accuracy = coded_accuracy(network, in.test, workers),
          .frontend_flops = coded_frontend_flops(serving, 1, workers),
          .worker_flops = coded_worker_flops(serving, 1),
          .decode_flops = network.decode_flops(1),
          .request_bytes = coded_request_bytes(serving, 1),
          .answer_bytes = coded_answer_bytes(serving, 1)};
}

RunResult run_infer_coded(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& options = in.scenario.scheme.options_as<InferCodedOptions>();
  ServedCodedModel served = served_coded_model(in, cluster.steady_speed(kFrontend));
  const nn::CodedNetwork& network = served.network;
  CodedRequests requests(network, in.test, *in.scenario.serving);
  CodedServing serving{.network = network,
                       .requests = requests,
                       .alphas = nn::worker_alphas(in.scenario.scheme.workers),
                       .placement = options.placement,
                       .bytes_per_value = in.scenario.scheme.bytes_per_value};
  const BroadcastCosts costs = request_costs(in, serving);
  serving.deadline_s = options.deadline.value_or(broadcast_deadline(in, cluster, costs));
  ServingOutcome outcome;
  outcome.request_timeout_s = serving.deadline_s;
  const int inputs = network.spec().inputs;
  const long batch = in.scenario.serving->batch;
  const Actors actors(cluster, in.layout);
  actors.launch(kFrontend, [&] { run_coded_frontend(cluster, actors, in, serving, outcome); });
  actors.launch_workers([&](int w) {
    const double alpha = serving.alphas[static_cast<std::size_t>(w)];
    const WorkerTask task{
        .flops = [&](int queries) { return coded_worker_flops(serving, queries / inputs); },
        .outputs = [&, alpha](Queries q) { return requests.worker_output(q.first / batch, alpha); }};
    serve_requests(cluster, actors, in, w, task, outcome);
  });
  cluster.run();

  long unanswered = 0;
  for (const QueryRecord& query : outcome.record.queries) unanswered += !query.answered();
  // Every worker gets every request; the frontend decodes at the R-th answer.
  const models::ServingPrediction model =
      broadcast_latency_model(in, cluster, costs, in.scenario.scheme.workers, network.spec().recovery_threshold());
  RunResult result = served_run_result(std::move(outcome), model, std::move(served.training));
  result.counters["unanswered_queries"] = unanswered;
  result.coded = coded_record(in, serving);
  return result;
}

}  // namespace

extern const Scheme infer_coded_scheme{"infer_coded", coded_layout, run_infer_coded, serving_parts};

}  // namespace ssim::schemes
