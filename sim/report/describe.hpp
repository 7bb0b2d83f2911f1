// What `stragglesim describe` prints: a scenario's model layer by layer, with each layer's output
// shape, parameters and forward flops per sample, counted two ways:
//  - stragglesim's convention (nn/flops.hpp), the work the simulator charges, activation included;
//  - seed 000's convention, to compare with its tables: T_conv = out_h*out_w*filters*(2*k_h*k_w*in_channels - 1)
//    (the paper's ceil(m/q)*n*f_n*(2k^2 p - 1)), T_pool = k_h*k_w*out_h*out_w*channels (max and
//    average alike), T_dense = out*(2*in - 1); activations, dropout and flatten count nothing.
#pragma once
#include "nn/spec.hpp"
#include "scenario/scenario.hpp"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ssim::report {

struct LayerDescription {
  std::string text;  // nn::to_string of the layer spec
  nn::Shape output;
  double parameters = 0;
  double forward_flops = 0;          // stragglesim's convention, with the layer's activation
  double seed000_forward_flops = 0;  // seed 000's convention
};

struct ModelDescription {
  std::string name;  // the scenario's
  nn::Shape input;
  std::vector<LayerDescription> layers;
  nn::Loss loss = nn::Loss::cross_entropy;
  double loss_forward_flops = 0;  // stragglesim's convention, per sample
  double parameters() const;
  double forward_flops() const;  // the layers', without the loss
  double seed000_forward_flops() const;
};

double seed000_forward_flops(const nn::LayerSpec& layer, nn::Shape input, nn::Shape output);

// Builds the network (no data, no simulation) to count its flops as the simulator does.
ModelDescription describe_network(const nn::NetworkSpec& spec, const std::string& name);
ModelDescription describe_model(const scenario::Scenario& scenario);
// A partitioned model (scenario::PartitionedModel): its node, then its decoder.
std::vector<ModelDescription> describe_partitioned_model(const scenario::Scenario& scenario);
// A coded model (seed 002, nn/coded_network.hpp): one of its encoder networks, one of its data
// networks (a data computation only), and its computation.
struct NamedDescription {
  std::string key;  // in describe --json
  ModelDescription description;
};
std::vector<NamedDescription> describe_coded_model(const scenario::Scenario& scenario);

std::string to_text(const ModelDescription& description);
nlohmann::json to_json(const ModelDescription& description);

}  // namespace ssim::report
