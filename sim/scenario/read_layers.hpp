// The list form of a model: one map per layer, such as {type: conv2d, filters: 32, kernel: 3}.
// Reads each layer's keys; whether the layers' shapes chain is read_model's check, which needs
// the dataset.
#pragma once
#include "nn/spec.hpp"
#include "scenario/fields.hpp"
#include <string_view>
#include <vector>

namespace ssim::scenario {

struct LayerEntry {
  nn::LayerSpec spec;
  std::string_view type;  // as written: dense, conv2d, maxpool2d, ...
  Field field;            // the layer's map, or a value in it set by --set or a sweep
  Field size_field;       // what sets its output size (units, filters), else the map itself
};

// True when `layers` is a list holding at least one map: the list form, not the [784, 50, 10]
// shorthand.
bool is_layer_list(const Field& layers);

// `default_weights` starts the weights of dense and conv2d layers that set no `init`.
std::vector<LayerEntry> read_layer_list(const std::vector<Field>& elements, const nn::Init& default_weights);

// he | xavier | {type: normal, std: S} | {type: truncated_normal, std: S, bound: B} | {type: constant, value: V}
nn::Init read_init(const Field& field);

}  // namespace ssim::scenario
