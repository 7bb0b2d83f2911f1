// infer_parity (Kosaian et al.'s learned parity models, seed 002's reference [10]): worker i < k
// is data worker i, running the served model F on its share of each request's queries; worker k is
// the parity worker, running the parity model F_P on the share-wise sums. The frontend answers a
// query with its data worker's answer, or rebuilds it from the parity answer and the others'
// (schemes/parity_frontend.hpp).
#include "schemes/broadcast_costs.hpp"
#include "schemes/infer_parity_options.hpp"
#include "schemes/parity_frontend.hpp"
#include "schemes/parity_model.hpp"
#include <algorithm>

namespace ssim::schemes {
namespace {

cluster::RoleLayout parity_layout(const scenario::Scenario& s) { return cluster::server_workers_layout(s.scheme.workers); }

// A full request: the coding, a share to each worker (every task has `share` columns), an answer
// back, rebuilding one share.
BroadcastCosts request_costs(const RunInputs& in, const nn::Network& model, const nn::ParityCode& code) {
  const double value = in.scenario.scheme.bytes_per_value;
  const Eigen::Index batch = in.scenario.serving->batch, features = in.test.feature_count();
  return {.frontend_flops = nn::encode_flops(code, batch, features),
          .task_bytes = static_cast<double>(code.share * features) * value,
          .worker_flops = model.infer_flops(code.share),
          .answer_bytes = static_cast<double>(code.share * model.output_size()) * value,
          .decode_flops = nn::reconstruct_flops(code, batch, model.output_size(), 0, code.share)};
}

// The serving model with r = k + 1 (every worker gets every request) and k answers needed, plus
// the rebuilding: a query's latency is its own answer's time when that is among the first k, else
// the k-th answer's time plus the rebuilding, so this is at most that, for every query: an upper
// bound, reached by the rebuilt ones. The deadline is not in it.
models::ServingPrediction latency_model(const RunInputs& in, cluster::Cluster& cluster, const BroadcastCosts& costs,
                                        int group) {
  models::ServingPrediction prediction = broadcast_latency_model(in, cluster, costs, group + 1, group);
  prediction.latency.formula = "a query's latency is at most decode + the k-th of its request's k + 1 answers "
                               "(equal when it is rebuilt), so this bounds it from above: " +
                               prediction.latency.formula + "; decode = rebuilding one share from the parity";
  return prediction;
}

ParityRecord parity_record(const RunInputs& in, const ServedParityModels& models, const nn::ParityCode& code) {
  return {.group = code.group,
          .epochs = models.parity_training.epochs,
          .parameters = models.parity.parameters(),
          .training_time_s = models.parity_training.time_s,
          .model_accuracy = models.model.accuracy(in.test.features, in.test.labels),
          .degraded_accuracy = degraded_accuracy(models.model, models.parity, code, in.test),
          .samples = static_cast<long>(in.test.size())};
}

RunResult run_infer_parity(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& options = in.scenario.scheme.options_as<InferParityOptions>();
  ServedParityModels models = served_parity_models(in, cluster.steady_speed(kFrontend));
  const nn::Network &model = models.model, &parity = models.parity;
  const nn::ParityCode code = parity_code(in.scenario);
  const BroadcastCosts costs = request_costs(in, model, code);
  const ParityServing serving{.model = model,
                              .code = code,
                              .zero_output = model.outputs(nn::Matrix::Zero(in.test.feature_count(), 1)).col(0),
                              .deadline_s = options.deadline.value_or(broadcast_deadline(in, cluster, costs))};
  ServingOutcome outcome;
  outcome.request_timeout_s = serving.deadline_s;
  const Actors actors(cluster, in.layout);
  actors.launch(kFrontend, [&] { run_parity_frontend(cluster, actors, in, serving, outcome); });
  const auto& test = in.test;
  const WorkerTask parity_task{
      .flops = [&](int queries) { return parity.infer_flops(code.parity_columns(queries)); },
      .outputs = [&](Queries q) {
        return parity.outputs(nn::encode_parity(code, test.features(Eigen::all, samples_of(q, test.size()))));
      }};
  actors.launch_workers([&](int w) {
    if (w == code.group) return serve_requests(cluster, actors, in, w, parity_task, outcome);
    const WorkerTask data_task{
        .flops = [&, w](int queries) { return model.infer_flops(code.share_size(queries, w)); },
        .outputs = [&, w](Queries q) {
          const Queries share{q.first + code.first_of_share(w), static_cast<int>(code.share_size(q.count, w))};
          return model.outputs(test.features(Eigen::all, samples_of(share, test.size())));
        }};
    serve_requests(cluster, actors, in, w, data_task, outcome);
  });
  cluster.run();

  const long unanswered = outcome.unanswered_queries;
  const long reconstructed =
      std::count_if(outcome.record.queries.begin(), outcome.record.queries.end(),
                    [](const QueryRecord& q) { return q.reconstructed; });
  ParityRecord record = parity_record(in, models, code);
  RunResult result = served_run_result(std::move(outcome), latency_model(in, cluster, costs, code.group),
                                       std::move(models.training));
  result.counters["unanswered_queries"] = unanswered;
  result.counters["reconstructed_queries"] = reconstructed;
  result.parity = std::move(record);
  return result;
}

}  // namespace

extern const Scheme infer_parity_scheme{"infer_parity", parity_layout, run_infer_parity, serving_parts};

}  // namespace ssim::schemes
