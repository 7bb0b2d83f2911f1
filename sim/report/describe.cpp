#include "report/describe.hpp"
#include "nn/coded_network.hpp"
#include "nn/flops.hpp"
#include "nn/build_layers.hpp"
#include "nn/layer.hpp"
#include "nn/shapes.hpp"
#include "nn/spec_text.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace ssim::report {
namespace {

// 647350 as "647,350", as the papers print counts; huge or fractional counts in 3 significant digits.
std::string grouped(double value) {
  if (!(std::abs(value) < 1e15) || value != std::round(value)) return fmt::format("{:.3g}", value);
  const std::string digits = fmt::format("{}", static_cast<long long>(std::abs(value)));
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return value < 0 ? "-" + text : text;
}

nlohmann::json shape_json(nn::Shape shape) { return {shape.channels, shape.height, shape.width}; }

template <class Field>
double sum(const std::vector<LayerDescription>& layers, Field field) {
  return std::accumulate(layers.begin(), layers.end(), 0.0,
                         [field](double total, const LayerDescription& layer) { return total + layer.*field; });
}

// Columns of right-aligned cells but the last, which is left as it is (the layer's text).
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c + 1 < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c + 1 < row.size(); ++c) line += fmt::format("{:>{}}  ", row[c], widths[c]);
    line += row.back();
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  return text;
}

}  // namespace

double ModelDescription::parameters() const { return sum(layers, &LayerDescription::parameters); }
double ModelDescription::forward_flops() const { return sum(layers, &LayerDescription::forward_flops); }
double ModelDescription::seed000_forward_flops() const { return sum(layers, &LayerDescription::seed000_forward_flops); }

double seed000_forward_flops(const nn::LayerSpec& layer, nn::Shape input, nn::Shape output) {
  const double positions = double(output.height) * output.width;
  if (const auto* conv = std::get_if<nn::Conv2dSpec>(&layer.kind))
    return positions * conv->filters * (2.0 * conv->kernel_height * conv->kernel_width * input.channels - 1.0);
  if (const auto* pool = std::get_if<nn::Pool2dSpec>(&layer.kind))
    return double(pool->size_height) * pool->size_width * positions * output.channels;
  if (const auto* dense = std::get_if<nn::DenseSpec>(&layer.kind))
    return double(dense->units) * (2.0 * double(input.size()) - 1.0);
  return 0.0;
}

ModelDescription describe_model(const scenario::Scenario& scenario) {
  return describe_network(scenario.model.network(scenario.seed), scenario.name);
}

std::vector<ModelDescription> describe_partitioned_model(const scenario::Scenario& scenario) {
  const int parts = scenario.model.partitioned->partitioning.parts;
  return {describe_network(scenario.model.node_network(scenario.seed),
                           fmt::format("{}, each of its {} nodes", scenario.name, parts)),
          describe_network(scenario.model.decoder_network(scenario.seed), fmt::format("{}, decoder", scenario.name))};
}

std::vector<NamedDescription> describe_coded_model(const scenario::Scenario& scenario) {
  const nn::CodedSpec& spec = *scenario.model.coded;
  std::vector<NamedDescription> parts{
      {"encoder", describe_network(nn::coefficient_spec(spec, spec.encoder),
                                   fmt::format("{}, each of its {} encoder networks Gamma_g", scenario.name,
                                               spec.encoder_degree + 1))}};
  const bool data = spec.computation == nn::CodedSpec::Computation::data;
  if (data)
    parts.push_back({"data", describe_network(nn::coefficient_spec(spec, spec.computation_net),
                                              fmt::format("{}, each of its {} data networks Lambda_p", scenario.name,
                                                          spec.computation_degree + 1))});
  parts.push_back({"computation", describe_network(nn::computation_spec(spec),
                                                   fmt::format("{}, the workers' computation {}", scenario.name,
                                                               data ? "Omega" : "H_B"))});
  return parts;
}

ModelDescription describe_network(const nn::NetworkSpec& spec, const std::string& name) {
  const nn::BuiltLayers network = nn::build_layers(spec);  // no parameters allocated: it may be huge
  ModelDescription description;
  description.name = name;
  description.input = spec.input;
  description.loss = spec.loss;
  nn::Shape input = spec.input;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const nn::LayerRange range = network.spec_layers[i];
    LayerDescription layer;
    layer.text = nn::to_string(spec.layers[i]);
    layer.output = nn::output_shape(spec.layers[i], input);
    for (int l = range.first; l < range.last; ++l) {
      const nn::Layer& built = *network.layers[std::size_t(l)];
      layer.parameters += double(built.parameter_count());
      layer.forward_flops += built.forward_flops(1);
    }
    layer.seed000_forward_flops = seed000_forward_flops(spec.layers[i], input, layer.output);
    description.layers.push_back(layer);
    input = layer.output;
  }
  description.loss_forward_flops = nn::loss_forward_flops(spec.loss, network.layers.back()->output_size(), 1);
  return description;
}

std::string to_text(const ModelDescription& d) {
  std::vector<std::vector<std::string>> rows{{"#", "output", "parameters", "forward flops", "seed 000 flops", "layer"}};
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    const LayerDescription& layer = d.layers[i];
    rows.push_back({std::to_string(i), nn::to_string(layer.output), grouped(layer.parameters),
                    grouped(layer.forward_flops), grouped(layer.seed000_forward_flops), layer.text});
  }
  rows.push_back({"", "total", grouped(d.parameters()), grouped(d.forward_flops()), grouped(d.seed000_forward_flops()), ""});
  rows.push_back({"", "loss", "", grouped(d.loss_forward_flops), "", nn::to_string(d.loss)});
  return fmt::format("{}: input {}, loss {}\n", d.name, nn::to_string(d.input), nn::to_string(d.loss)) +
         "Forward flops per sample: stragglesim's convention (activations included, nn/flops.hpp) and seed 000's\n"
         "(conv out_h*out_w*filters*(2*k_h*k_w*in_channels - 1), pool k_h*k_w*out_h*out_w*channels, dense "
         "out*(2*in - 1)).\n\n" +
         table(rows);
}

nlohmann::json to_json(const ModelDescription& d) {
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t i = 0; i < d.layers.size(); ++i) {
    const LayerDescription& layer = d.layers[i];
    layers.push_back({{"index", i},
                      {"layer", layer.text},
                      {"output", shape_json(layer.output)},
                      {"parameters", std::llround(layer.parameters)},
                      {"forward_flops", layer.forward_flops},
                      {"seed000_forward_flops", layer.seed000_forward_flops}});
  }
  return {{"name", d.name},
          {"input", shape_json(d.input)},
          {"layers", layers},
          {"total",
           {{"parameters", std::llround(d.parameters())},
            {"forward_flops", d.forward_flops()},
            {"seed000_forward_flops", d.seed000_forward_flops()}}},
          {"loss", {{"name", nn::to_string(d.loss)}, {"forward_flops", d.loss_forward_flops}}}};
}

}  // namespace ssim::report
