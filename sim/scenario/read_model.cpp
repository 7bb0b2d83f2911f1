#include "nn/init.hpp"
#include "nn/shapes.hpp"
#include "scenario/choices.hpp"
#include "scenario/model_layers.hpp"
#include "scenario/read_layers.hpp"
#include "scenario/scheme_catalog.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits>
#include <stdexcept>
#include <variant>

namespace ssim::scenario {
namespace {

MapFields model_fields(const Field& field) {
  return MapFields(field, {"layers", "activation", "loss", "init", "partition", "node", "decoder", "coded"});
}

// The shorthand's small-weight starts keep their fixed spread.
nn::Init shorthand_init(nn::Init::Kind kind) {
  switch (kind) {
    case nn::Init::Kind::normal: return nn::kSmallNormal;
    case nn::Init::Kind::truncated_normal: return nn::kSmallTruncatedNormal;
    default: return {kind};
  }
}

// The shorthand [784, 50, 10]: dense layers, every hidden one followed by the model's activation.
void read_dense_shorthand(const MapFields& map, const Field& field, const Data& data, Model& model) {
  constexpr std::string_view kExpected =
      "a list of at least 2 layer sizes such as [784, 50, 10], or a list of layers such as [{type: dense, units: 10}]";
  const std::vector<Field> elements = list_elements(field, kExpected);
  if (elements.size() < 2) field.fail_expected(kExpected);
  std::vector<int> sizes;
  for (const Field& element : elements) sizes.push_back(read_integer(element, 1));
  const long features = sample_shape(data).size();
  if (sizes.front() != features)
    elements.front().fail_expected(fmt::format("{}, the number of features of dataset {}", features, dataset_name(data)));
  if (sizes.back() != class_count(data))
    elements.back().fail_expected(
        fmt::format("{}, the number of classes of dataset {}", class_count(data), dataset_name(data)));
  nn::Activation activation = nn::Activation::relu;
  nn::Init::Kind init = nn::Init::Kind::he;
  if (auto field = map.optional("activation")) activation = read_choice(*field, kActivations);
  if (auto loss = map.optional("loss")) model.loss = read_choice(*loss, kLosses);
  if (auto field = map.optional("init")) init = read_choice(*field, kInits);
  model.layers = nn::dense_network(sizes, activation, model.loss, shorthand_init(init), 0).layers;
}

// Whether the window arithmetic of nn/shapes.cpp (input + padding + kernel extent + stride, in int)
// stays clear of overflow for a layer on `input`; counted here in 64 bits.
bool window_sizes_fit_int(const nn::LayerSpec& layer, nn::Shape input) {
  using Wide = long long;
  const auto fits = [](Wide size, Wide pads, Wide extent, Wide stride) {
    return size + pads + extent + stride <= std::numeric_limits<int>::max();
  };
  if (const auto* conv = std::get_if<nn::Conv2dSpec>(&layer.kind)) {
    const Wide extent_h = Wide(conv->kernel_height - 1) * conv->dilation_height + 1;
    const Wide extent_w = Wide(conv->kernel_width - 1) * conv->dilation_width + 1;
    const bool same = conv->padding == nn::Conv2dSpec::Padding::same;
    // Same padding adds less than the kernel's extent.
    const Wide pads_h = same ? extent_h : 2 * Wide(conv->pad_height), pads_w = same ? extent_w : 2 * Wide(conv->pad_width);
    return fits(input.height, pads_h, extent_h, conv->stride_height) && fits(input.width, pads_w, extent_w, conv->stride_width);
  }
  if (const auto* pool = std::get_if<nn::Pool2dSpec>(&layer.kind))
    return fits(input.height, 0, pool->size_height, pool->stride_height) &&
           fits(input.width, 0, pool->size_width, pool->stride_width);
  return true;
}

}  // namespace

nn::Shape chain_shapes(const std::vector<LayerEntry>& layers, nn::Shape input, std::string_view input_origin) {
  nn::Shape shape = input;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerEntry& layer = layers[i];
    if (!window_sizes_fit_int(layer.spec, shape))
      layer.field.fail(fmt::format("layer {} ({}): input, padding, kernel and stride add up to more than {}", i,
                                   layer.type, std::numeric_limits<int>::max()));
    try {
      shape = nn::output_shape(layer.spec, shape);
    } catch (const std::invalid_argument& error) {
      const std::string samples =
          i == 0 ? fmt::format(" ({} {}{})", input_origin, values_of(input),
                               input.height == 1 && input.width == 1 ? ", as channels of 1x1" : "")
                 : "";
      layer.field.fail(fmt::format("layer {} ({}): {}{}", i, layer.type, error.what(), samples));
    }
    // Sizes are ints in the layers (a flatten's output, say).
    if (shape.size() > std::numeric_limits<int>::max())
      layer.size_field.fail(fmt::format("layer {} ({}) outputs {}, more than the {} a layer may hold", i, layer.type,
                                        values_of(shape), std::numeric_limits<int>::max()));
  }
  return shape;
}

void check_outputs_classes(const std::vector<LayerEntry>& layers, nn::Shape output, const Data& data) {
  if (output.size() != class_count(data))
    layers.back().size_field.fail(fmt::format("layer {} ({}), the last, outputs {}, but it must output the {} classes "
                                              "of dataset {}",
                                              layers.size() - 1, layers.back().type, values_of(output),
                                              class_count(data), dataset_name(data)));
}

std::string values_of(nn::Shape shape) {
  const std::string text = nn::to_string(shape);
  return shape.height == 1 && shape.width == 1 ? text + " values" : fmt::format("{} = {} values", text, shape.size());
}

std::string_view dataset_name(const Data& data) { return name_of(data.dataset, kDatasets); }

namespace {

// Each layer's output shape from the dataset's sample shape; the last must be the classes.
void check_shapes(const std::vector<LayerEntry>& layers, const Data& data) {
  const nn::Shape input = sample_shape(data);
  const std::string origin = fmt::format("dataset {} gives samples of", dataset_name(data));
  check_outputs_classes(layers, chain_shapes(layers, input, origin), data);
}

void read_layer_maps(const MapFields& map, const Field& field, const Data& data, Model& model) {
  map.forbid("activation", "with a list of layer maps: set activation on each dense or conv2d layer");
  const nn::Init default_weights = map.has("init") ? read_init(map.required("init")) : nn::Init{};
  const std::vector<LayerEntry> layers =
      read_layer_list(list_elements(field, "a list of layers such as [{type: dense, units: 10}]"), default_weights);
  check_shapes(layers, data);
  for (const LayerEntry& layer : layers) model.layers.push_back(layer.spec);
  if (auto loss = map.optional("loss")) model.loss = read_choice(*loss, kLosses);
}

// Message sizes go to SimGrid as 64-bit byte counts computed in double: above 2^53 bytes they are
// no longer exact, and past 2^64 they wrap around, so a huge message would cross almost free.
constexpr double kLargestMessage = 9007199254740992.0;  // 2^53

}  // namespace

nn::Shape sample_shape(const Data& data) {
  switch (data.dataset) {
    case Data::Dataset::fashion_mnist:
    case Data::Dataset::idx: return {1, 28, 28};
    case Data::Dataset::iris: return {4, 1, 1};
    case Data::Dataset::synthetic: return data.shape;
  }
  return {};
}

int class_count(const Data& data) {
  switch (data.dataset) {
    case Data::Dataset::fashion_mnist:
    case Data::Dataset::idx: return 10;
    case Data::Dataset::iris: return 3;
    case Data::Dataset::synthetic: return data.classes;
  }
  return 0;
}

namespace {

struct FormWords {
  std::string_view name;  // "a partitioned model"
  std::string_view keys;  // what the model section holds in that form
  std::string_view key;   // the key that marks it
};

FormWords words_of(ModelForm form) {
  switch (form) {
    case ModelForm::layers: return {"a model of layers", "`layers`", "layers"};
    case ModelForm::partitioned: return {"a partitioned model", "`partition`, `node` and `decoder`", "partition"};
    case ModelForm::coded: return {"a coded model", "`coded`", "coded"};
  }
  return {};
}

ModelForm form_of(const Model& model) {
  if (model.partitioned) return ModelForm::partitioned;
  if (model.coded) return ModelForm::coded;
  return ModelForm::layers;
}

}  // namespace

void check_model_form(const Field& field, const Scheme& scheme, const Model& model) {
  const ModelForm runs = model_form(scheme), given = form_of(model);
  if (runs == given) return;
  const MapFields map = model_fields(field);
  const FormWords expected = words_of(runs), written = words_of(given);
  if (runs != ModelForm::layers)
    map.required(written.key).fail(fmt::format("scheme {} runs {}: expected {} in place of {}", scheme.name,
                                               expected.name, expected.keys, written.keys));
  std::vector<std::string_view> runners;
  for (const SchemeEntry& entry : scheme_catalog())
    if (entry.spec.model_form == given) runners.push_back(entry.name);
  map.required(written.key).fail(fmt::format("scheme {} does not run {}; {} {}", scheme.name, written.name,
                                             fmt::join(runners, " and "), runners.size() == 1 ? "does" : "do"));
}

void check_message_sizes(const Field& field, const Scheme& scheme, const Model& model) {
  // A partitioned or coded model's messages are samples and outputs, never its parameters.
  if (model.partitioned || model.coded) return;
  // The largest message carries every weight and bias.
  const double parameters = nn::parameter_count(model.network(0));
  const double bytes = parameters * scheme.bytes_per_value;
  if (bytes > kLargestMessage)
    model_fields(field).required("layers")
        .fail(fmt::format("{:.3g} parameters at {} bytes a value make messages of {:.3g} bytes, more than the 2^53 "
                          "a simulated message can carry",
                          parameters, scheme.bytes_per_value, bytes));
}

Model read_model(const Field& field, const Data& data) {
  const MapFields map = model_fields(field);
  Model model;
  model.input = sample_shape(data);
  if (map.has("partition")) {
    map.forbid("coded", "with a partition: a model is partitioned or coded, not both");
    read_partitioned_model(map, data, model);
    return model;
  }
  for (const char* key : {"node", "decoder"}) map.forbid(key, "without a partition: it is a partitioned model's");
  if (map.has("coded")) {
    read_coded_model(map, data, model);
    return model;
  }
  const Field layers = map.required("layers");
  if (is_layer_list(layers)) read_layer_maps(map, layers, data, model);
  else read_dense_shorthand(map, layers, data, model);
  if (nn::parameter_count(model.network(0)) == 0)
    layers.fail("the model has no parameters to train: it needs a dense or conv2d layer");
  return model;
}

nn::NetworkSpec Model::node_network(std::uint64_t seed) const {
  return {partitioned->part, partitioned->node, loss, seed};
}

nn::NetworkSpec Model::decoder_network(std::uint64_t seed) const {
  const nn::Shape joined{static_cast<int>(partitioned->partitioning.parts * partitioned->node_outputs), 1, 1};
  return {joined, partitioned->decoder, loss, seed};
}

}  // namespace ssim::scenario
