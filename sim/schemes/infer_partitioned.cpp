// infer_partitioned (seed 000): a partitioned model served on the cluster. Worker w is node w: it
// answers each request with its network's outputs on part w of the request's samples. The
// frontend splits the samples, sends the parts and decodes (schemes/partitioned_frontend.hpp).
#include "schemes/broadcast_costs.hpp"
#include "schemes/infer_partitioned_options.hpp"
#include "schemes/partitioned_frontend.hpp"
#include "schemes/partitioned_model.hpp"

namespace ssim::schemes {
namespace {

cluster::RoleLayout partitioned_layout(const scenario::Scenario& s) {
  return cluster::server_workers_layout(s.scheme.workers);
}

// One request: its partitioning, a part to each node, a node's outputs back, the decoder.
BroadcastCosts request_costs(const RunInputs& in, const nn::PartitionedNetwork& network) {
  const int batch = in.scenario.serving->batch;
  const double value = in.scenario.scheme.bytes_per_value;
  return {.frontend_flops = partition_flops(in.scenario, batch),
          .task_bytes = batch * static_cast<double>(network.node(0).input_shape().size()) * value,
          .worker_flops = network.node_infer_flops(batch),
          .answer_bytes = batch * static_cast<double>(network.node_outputs()) * value,
          .decode_flops = network.decoder_infer_flops(batch)};
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
  const BroadcastCosts costs = request_costs(in, network);
  const int awaited = options.outputs_awaited(network.parts());
  const PartitionedServing serving{.network = network,
                                   .erased_outputs = erased_outputs(network),
                                   .awaited = awaited,
                                   .deadline_s = options.deadline.value_or(broadcast_deadline(in, cluster, costs))};
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

  // Every node gets every request and the frontend decodes at the awaited-th answer.
  const models::ServingPrediction model =
      broadcast_latency_model(in, cluster, costs, in.scenario.scheme.workers, awaited);
  const bool trained = served.training.has_value();
  RunResult result = served_run_result(std::move(outcome), model, std::move(served.training));
  result.partitioned = partitioned_record(in, cluster, network, trained);
  return result;
}

}  // namespace

extern const Scheme infer_partitioned_scheme{"infer_partitioned", partitioned_layout, run_infer_partitioned,
                                             serving_parts};

}  // namespace ssim::schemes
