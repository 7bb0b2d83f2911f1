// What the readers of the model section share: following layer shapes from an input, and the words
// their messages use.
#pragma once
#include "scenario/read_layers.hpp"
#include "scenario/scenario.hpp"
#include <string>
#include <string_view>
#include <vector>

namespace ssim::scenario {

// The output shape of `layers` on samples of `input`, failing at the first layer that does not fit.
// `input_origin` says where the input comes from, for a message at the first layer
// ("dataset fashion-mnist gives samples of").
nn::Shape chain_shapes(const std::vector<LayerEntry>& layers, nn::Shape input, std::string_view input_origin);
// Fails at the last layer unless `output` is the dataset's classes.
void check_outputs_classes(const std::vector<LayerEntry>& layers, nn::Shape output, const Data& data);

std::string values_of(nn::Shape shape);  // "1x28x28 = 784 values", "10 values"
std::string_view dataset_name(const Data& data);

// The `partition`, `node` and `decoder` form of the model section (scenario/scenario.hpp,
// PartitionedModel), read into `model`.
void read_partitioned_model(const MapFields& map, const Data& data, Model& model);
// The `coded` form (seed 002, scenario/read_coded_model.cpp), read into model.coded.
void read_coded_model(const MapFields& map, const Data& data, Model& model);

}  // namespace ssim::scenario
