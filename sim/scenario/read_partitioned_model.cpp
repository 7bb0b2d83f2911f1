// The model section of a partitioned model (seed 000):
//   model:
//     partition: {parts: 10, split: rows}
//     node: [{type: conv2d, ...}, ..., {type: dense, units: 100}]   # on one part of a sample
//     decoder: [{type: dense, units: 500}, {type: dense, units: 10}]  # on the parts' outputs, joined
//     loss: cross_entropy
#include "data/partition.hpp"
#include "nn/shapes.hpp"
#include "scenario/choices.hpp"
#include "scenario/model_layers.hpp"
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

namespace ssim::scenario {
namespace {

constexpr std::string_view kLayersExpected = "a list of layers such as [{type: dense, units: 10}]";

std::vector<LayerEntry> read_layers_at(const MapFields& map, std::string_view key, const nn::Init& default_weights) {
  return read_layer_list(list_elements(map.required(key), kLayersExpected), default_weights);
}

data::Partitioning read_partitioning(const Field& field, const Data& data) {
  const MapFields map(field, {"parts", "split"});
  data::Partitioning partitioning;
  const Field parts = map.required("parts");
  partitioning.parts = read_integer(parts, 1, 4096);
  partitioning.split = read_choice(map.required("split"), kSplits);
  try {
    data::part_shape(sample_shape(data), partitioning);
  } catch (const std::invalid_argument& error) {
    parts.fail(fmt::format("cannot split samples of {} of dataset {}: {}", values_of(sample_shape(data)),
                           dataset_name(data), error.what()));
  }
  return partitioning;
}

}  // namespace

void read_partitioned_model(const MapFields& map, const Data& data, Model& model) {
  map.forbid("layers", "with a partition: a partitioned model has `node` and `decoder` layers");
  map.forbid("activation", "with a partition: set activation on each dense or conv2d layer");
  PartitionedModel partitioned;
  partitioned.partitioning = read_partitioning(map.required("partition"), data);
  partitioned.part = data::part_shape(sample_shape(data), partitioned.partitioning);
  const nn::Init default_weights = map.has("init") ? read_init(map.required("init")) : nn::Init{};
  if (auto loss = map.optional("loss")) model.loss = read_choice(*loss, kLosses);

  const std::vector<LayerEntry> node = read_layers_at(map, "node", default_weights);
  const std::string origin =
      fmt::format("each of the {} parts holds", partitioned.partitioning.parts);
  partitioned.node_outputs = chain_shapes(node, partitioned.part, origin).size();
  const long joined = partitioned.partitioning.parts * partitioned.node_outputs;
  if (joined > std::numeric_limits<int>::max())
    map.required("node").fail(fmt::format("{} parts of {} outputs make a decoder input of {} values, more than the {} "
                                          "a layer may hold",
                                          partitioned.partitioning.parts, partitioned.node_outputs, joined,
                                          std::numeric_limits<int>::max()));
  const std::vector<LayerEntry> decoder = read_layers_at(map, "decoder", default_weights);
  const std::string decoder_origin =
      fmt::format("{} parts of {} node outputs each join into", partitioned.partitioning.parts,
                  partitioned.node_outputs);
  check_outputs_classes(decoder, chain_shapes(decoder, nn::Shape{static_cast<int>(joined), 1, 1}, decoder_origin),
                        data);
  for (const LayerEntry& layer : node) partitioned.node.push_back(layer.spec);
  for (const LayerEntry& layer : decoder) partitioned.decoder.push_back(layer.spec);
  model.partitioned = std::move(partitioned);
  if (nn::parameter_count(model.node_network(0)) == 0)
    map.required("node").fail("the node has no parameters to train: it needs a dense or conv2d layer");
  if (nn::parameter_count(model.decoder_network(0)) == 0)
    map.required("decoder").fail("the decoder has no parameters to train: it needs a dense or conv2d layer");
}

}  // namespace ssim::scenario
