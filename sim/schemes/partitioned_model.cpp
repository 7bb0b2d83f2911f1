#include "schemes/partitioned_model.hpp"
#include "common/splitmix.hpp"
#include "data/erasures.hpp"
#include "nn/shapes.hpp"
#include "report/describe.hpp"
#include "report/saved_model.hpp"
#include "schemes/infer_partitioned_options.hpp"
#include "schemes/training.hpp"
#include <algorithm>
#include <numeric>
#include <variant>

namespace ssim::schemes {

nn::PartitionedNetwork partitioned_network(const scenario::Scenario& scenario) {
  const auto& model = scenario.model;
  // The decoder draws from a seed of its own, apart from the nodes' seed + i.
  return nn::PartitionedNetwork(model.node_network(scenario.seed), model.partitioned->partitioning.parts,
                                model.decoder_network(splitmix64(scenario.seed ^ 0xdec0de)));
}

std::vector<nn::Matrix> split_features(const nn::Matrix& features, const scenario::Scenario& scenario) {
  return data::split_samples(features, scenario.model.input, scenario.model.partitioned->partitioning);
}

nn::Matrix joined_outputs(const nn::PartitionedNetwork& network, const std::vector<nn::Matrix>& parts) {
  const Eigen::Index m = network.node_outputs();
  nn::Matrix joined(network.parts() * m, parts.front().cols());
  for (int i = 0; i < network.parts(); ++i) joined.middleRows(i * m, m) = network.node_output(i, parts[std::size_t(i)]);
  return joined;
}

nn::Matrix erased_outputs(const nn::PartitionedNetwork& network) {
  nn::Matrix outputs(network.node_outputs(), network.parts());
  for (int i = 0; i < network.parts(); ++i) {
    const Eigen::Index part_size = network.node(i).input_shape().size();
    outputs.col(i) = network.node_output(i, nn::Matrix::Constant(part_size, 1, data::kErasedValue));
  }
  return outputs;
}

nn::Network::Evaluation evaluate(const nn::PartitionedNetwork& network, const data::Dataset& test,
                                 const scenario::Scenario& scenario) {
  return network.decoder().evaluate(joined_outputs(network, split_features(test.features, scenario)), test.labels);
}

double partition_flops(const scenario::Scenario& scenario, int samples) {
  const auto& partitioning = scenario.model.partitioned->partitioning;
  const nn::Shape sample = scenario.model.input;
  if (partitioning.split != data::Partitioning::Split::rows || sample.height % partitioning.parts == 0) return 0;
  // Bicubic: 4 taps, one multiply-add each, per resized value; cutting into bands is a copy.
  const double resized = double(partitioning.parts) * data::part_shape(sample, partitioning).size();
  return 8.0 * resized * samples;
}

namespace {

data::Indices all_samples(Eigen::Index count) {
  data::Indices ids(static_cast<std::size_t>(count));
  std::iota(ids.begin(), ids.end(), Eigen::Index{0});
  return ids;
}

double optimizer_step_flops(const nn::PartitionedNetwork& network,
                            const std::vector<std::unique_ptr<nn::Optimizer>>& optimizers) {
  double flops = 0;
  for (int i = 0; i < network.parts(); ++i)
    flops += optimizers[std::size_t(i)]->step_flops(network.node(i).parameter_count());
  return flops + optimizers.back()->step_flops(network.decoder().parameter_count());
}

}  // namespace

ServedPartitionedModel served_partitioned_model(const RunInputs& in, double frontend_speed) {
  const auto& scenario = in.scenario;
  ServedPartitionedModel served{partitioned_network(scenario), std::nullopt};
  nn::PartitionedNetwork& network = served.network;
  if (!scenario.serving->model.empty()) {
    network.set_flat_parameters(report::read_saved_model(scenario.serving->model, report::architecture(scenario.model)));
    return served;
  }
  const int erasures = scenario.scheme.options_as<InferPartitionedOptions>().train_erasures;
  auto optimizers = network.make_optimizers(optimizer_spec(scenario));
  BatchStream batches(in.train, 1, 0, scenario);
  EpochLog log(in.test);
  const long rounds = batches.batches_per_epoch() * scenario.scheme.epochs;
  double time_s = 0;  // training's own clock: serving starts at 0
  nn::Network::Evaluation last{};
  for (long round = 0; round < rounds; ++round) {
    const int epoch = static_cast<int>(round / batches.batches_per_epoch()) + 1;
    const auto& batch = batches.batch(round);
    const auto size = static_cast<Eigen::Index>(batch.size());
    std::vector<nn::Matrix> parts = split_features(in.train.features(Eigen::all, batch), scenario);
    data::erase(parts, data::training_erasures(scenario.seed, epoch, batch, network.parts(), erasures));
    time_s += (network.train_step_flops(size) + optimizer_step_flops(network, optimizers)) / frontend_speed;
    const float loss = network.compute_gradients(parts, in.train.labels(batch));
    check_finite_loss(loss, epoch, round + 1);
    log.add_loss(epoch, loss);
    network.step(optimizers);
    if ((round + 1) % batches.batches_per_epoch() == 0) {
      last = evaluate(network, in.test, scenario);
      log.end_epoch(epoch, last, time_s);
    }
  }
  served.training = log.record(last, network.flat_parameters(), rounds, true, time_s);
  return served;
}

namespace {

bool dense_only(const nn::NetworkSpec& spec) {
  return std::all_of(spec.layers.begin(), spec.layers.end(),
                     [](const nn::LayerSpec& layer) { return std::holds_alternative<nn::DenseSpec>(layer.kind); });
}

double chapter3_flops(const nn::NetworkSpec& spec) {
  double flops = 0;
  nn::Shape input = spec.input;
  for (const auto& layer : spec.layers) {
    const nn::Shape output = nn::output_shape(layer, input);
    flops += double(output.size()) * (2.0 * double(input.size()) + 1.0);
    input = output;
  }
  return flops;
}

}  // namespace

Seed000Flops seed000_query_flops(const nn::PartitionedNetwork& network) {
  const nn::NetworkSpec& node = network.node(0).spec();
  const nn::NetworkSpec& decoder = network.decoder().spec();
  if (dense_only(node) && dense_only(decoder)) return {chapter3_flops(node), chapter3_flops(decoder)};
  return {report::describe_network(node, "node").seed000_forward_flops(),
          report::describe_network(decoder, "decoder").seed000_forward_flops()};
}

std::vector<ErasureAccuracy> erasure_accuracies(const nn::PartitionedNetwork& network, const data::Dataset& test,
                                                const scenario::Scenario& scenario) {
  const nn::Matrix joined = joined_outputs(network, split_features(test.features, scenario));
  const nn::Matrix erased = erased_outputs(network);
  const Eigen::Index m = network.node_outputs();
  const data::Indices ids = all_samples(test.size());
  std::vector<ErasureAccuracy> accuracies;
  nn::Matrix inputs;
  for (int h = 0; h < network.parts(); ++h) {
    const data::ErasureMask mask = data::test_erasures(scenario.seed, h, ids, network.parts());
    inputs = joined;
    for (Eigen::Index sample = 0; sample < test.size(); ++sample)
      for (int i = 0; i < network.parts(); ++i)
        if (mask(i, sample)) inputs.block(i * m, sample, m, 1) = erased.col(i);
    accuracies.push_back({h, network.decoder().accuracy(inputs, test.labels), static_cast<long>(test.size())});
  }
  return accuracies;
}

}  // namespace ssim::schemes
