// infer_partitioned (seed 000): a partitioned model served on the cluster. Worker w is node w: it
// answers each request with its network's outputs on part w of the request's samples. The
// frontend splits the samples, sends the parts and decodes (schemes/partitioned_frontend.hpp).
#include "models/serving.hpp"
#include "schemes/infer_partitioned_options.hpp"
#include "schemes/partitioned_frontend.hpp"
#include "schemes/partitioned_model.hpp"

namespace ssim::schemes {
namespace {

cluster::RoleLayout partitioned_layout(const scenario::Scenario& s) {
  return cluster::server_workers_layout(s.scheme.workers);
}

// What one request costs: the bytes of a part and of a node's answer, and the flops on each side.
struct RequestCosts {
  double part_bytes, answer_bytes, partition_flops, node_flops, decoder_flops;
};

RequestCosts request_costs(const RunInputs& in, const nn::PartitionedNetwork& network) {
  const int batch = in.scenario.serving->batch;
  const double value = in.scenario.scheme.bytes_per_value;
  return {.part_bytes = batch * static_cast<double>(network.node(0).input_shape().size()) * value,
          .answer_bytes = batch * static_cast<double>(network.node_outputs()) * value,
          .partition_flops = partition_flops(in.scenario, batch),
          .node_flops = network.node_infer_flops(batch),
          .decoder_flops = network.decoder_infer_flops(batch)};
}

// The q parts of a request leave the frontend together and share its link, as their answers do
// on the way back.
models::ServingWorker node_times(const RunInputs& in, cluster::Cluster& cluster, const RequestCosts& costs, int w) {
  const int parts = in.scenario.scheme.workers;
  const models::Flow there = cluster.flows({{cluster.host(kFrontend), cluster.worker_host(w)}}).front();
  const models::Flow back = cluster.flows({{cluster.worker_host(w), cluster.host(kFrontend)}}).front();
  return {.dispatch_s = costs.partition_flops / cluster.steady_speed(kFrontend) + there.latency_s +
                        parts * costs.part_bytes / there.bandwidth,
          .compute_s = costs.node_flops / cluster.steady_speed(1 + w),
          .return_s = back.latency_s + parts * costs.answer_bytes / back.bandwidth,
          .straggle_probability = cluster.random_straggling().probability(w),
          .straggle_slowdown = cluster.random_straggling().slowdown(w)};
}

// Ten times the slowest node's unqueued request, at the worst straggling, as the other serving
// schemes' request timeout.
double default_deadline(const RunInputs& in, cluster::Cluster& cluster, const RequestCosts& costs) {
  const double slowdown = std::max(1.0, cluster.random_straggling().uniform_slowdown());
  double slowest = 0;
  for (int w = 0; w < in.scenario.scheme.workers; ++w) {
    const models::ServingWorker t = node_times(in, cluster, costs, w);
    slowest = std::max(slowest, t.dispatch_s + t.compute_s * slowdown + t.return_s);
  }
  return 10 * slowest;
}

// Every node gets every request and the frontend decodes at the awaited-th answer: the serving
// model with r = q replicas and k = awaited answers. The deadline is not in it.
models::ServingPrediction latency_model(const RunInputs& in, cluster::Cluster& cluster, const RequestCosts& costs,
                                        int awaited) {
  models::ServingInput input;
  for (int w = 0; w < in.scenario.scheme.workers; ++w) input.workers.push_back(node_times(in, cluster, costs, w));
  input.replicas = in.scenario.scheme.workers;
  input.answers_needed = awaited;
  input.decode_s = costs.decoder_flops / cluster.steady_speed(kFrontend);
  set_stream(input, *in.scenario.serving);
  return models::serving(input);
}

PartitionedRecord partitioned_record(const RunInputs& in, cluster::Cluster& cluster, const nn::PartitionedNetwork& network,
                                     bool trained) {
  const auto& scenario = in.scenario;
  const Seed000Flops seed000 = seed000_query_flops(network);
  return {.parts = network.parts(),
          .trained_erasures = trained ? scenario.scheme.options_as<InferPartitionedOptions>().train_erasures : -1,
          .erasures = erasure_accuracies(network, in.test, scenario),
          .node_flops = network.node_infer_flops(1),
          .decoder_flops = network.decoder_infer_flops(1),
          .seed000_node_flops = seed000.node,
          .seed000_decoder_flops = seed000.decoder,
          .node_speed = cluster.steady_speed(1),
          .frontend_speed = cluster.steady_speed(kFrontend)};
}

RunResult run_infer_partitioned(const RunInputs& in, cluster::Cluster& cluster) {
  const auto& options = in.scenario.scheme.options_as<InferPartitionedOptions>();
  ServedPartitionedModel served = served_partitioned_model(in, cluster.steady_speed(kFrontend));
  const nn::PartitionedNetwork& network = served.network;
  const RequestCosts costs = request_costs(in, network);
  const int awaited = options.outputs_awaited(network.parts());
  const PartitionedServing serving{.network = network,
                                   .erased_outputs = erased_outputs(network),
                                   .awaited = awaited,
                                   .deadline_s = options.deadline.value_or(default_deadline(in, cluster, costs))};
  const std::vector<nn::Matrix> test_parts = split_features(in.test.features, in.scenario);
  ServingOutcome outcome;
  outcome.request_timeout_s = serving.deadline_s;
  const Actors actors(cluster, in.layout);
  actors.launch(kFrontend, [&] { run_partitioned_frontend(cluster, actors, in, serving, outcome); });
  actors.launch_workers([&](int w) {
    const WorkerTask node{
        .flops = [&](int queries) { return network.node_infer_flops(queries); },
        .outputs = [&, w](Queries q) {
          return network.node_output(w, test_parts[std::size_t(w)](Eigen::all, samples_of(q, in.test.size())));
        }};
    serve_requests(cluster, actors, in, w, node, outcome);
  });
  cluster.run();

  const models::ServingPrediction model = latency_model(in, cluster, costs, awaited);
  const bool trained = served.training.has_value();
  RunResult result = served_run_result(std::move(outcome), model, std::move(served.training));
  result.partitioned = partitioned_record(in, cluster, network, trained);
  return result;
}

}  // namespace

extern const Scheme infer_partitioned_scheme{"infer_partitioned", partitioned_layout, run_infer_partitioned,
                                             serving_parts};

}  // namespace ssim::schemes
