#include "scenario/read_layers.hpp"
#include "scenario/choices.hpp"
#include <fmt/format.h>
#include <optional>

namespace ssim::scenario {
namespace {

enum class LayerType { dense, conv2d, maxpool2d, avgpool2d, dropout, flatten };
constexpr Choice<LayerType> kLayerTypes[] = {
    {"dense", LayerType::dense},         {"conv2d", LayerType::conv2d},   {"maxpool2d", LayerType::maxpool2d},
    {"avgpool2d", LayerType::avgpool2d}, {"dropout", LayerType::dropout}, {"flatten", LayerType::flatten},
};

// Keys only layers with weights (dense, conv2d) may have.
constexpr std::string_view kParameterKeys[] = {"activation", "leaky_slope", "init", "bias_init"};

// Starting values far beyond any sensible weight would overflow float32 products.
constexpr Range kInitScale{"in (0, 1e6]", [](double v) { return v > 0 && v <= 1e6; }};
constexpr Range kInitValue{"in [-1e6, 1e6]", [](double v) { return v >= -1e6 && v <= 1e6; }};

constexpr std::string_view kInitExpected = "he, xavier or a map such as {type: normal, std: 0.01}";

Field type_of(const Field& map) {
  if (auto type = peek(map, "type")) return *type;
  map.fail("missing required key 'type'");
}

MapFields layer_fields(const Field& layer, LayerType type) {
  switch (type) {
    case LayerType::dense: return MapFields(layer, {"type", "units", "activation", "leaky_slope", "init", "bias_init"});
    case LayerType::conv2d:
      return MapFields(layer, {"type", "filters", "kernel", "stride", "padding", "dilation", "activation",
                               "leaky_slope", "init", "bias_init"});
    case LayerType::maxpool2d:
    case LayerType::avgpool2d: return MapFields(layer, {"type", "size", "stride", "ceil"});
    case LayerType::dropout: return MapFields(layer, {"type", "rate"});
    case LayerType::flatten: return MapFields(layer, {"type"});
  }
  layer.fail("unknown layer type");
}

struct Pair {
  int height, width;
};

// N (both dimensions) or [height, width], each at least `min`.
Pair read_pair(const Field& field, int min, std::string_view expected) {
  if (field.is_scalar()) {
    const auto value = parse_integer<int>(field.node().Scalar());
    if (!value || *value < min) field.fail_expected(expected);
    return {*value, *value};
  }
  if (!field.node().IsSequence() || field.node().size() != 2) field.fail_expected(expected);
  const std::vector<Field> sizes = list_elements(field, expected);
  return {read_integer(sizes[0], min), read_integer(sizes[1], min)};
}

Pair read_positive_pair(const Field& field) {
  return read_pair(field, 1, "an integer >= 1 or a list [height, width] of them");
}

// `key`, when present, into a spec's height and width fields.
void read_optional_pair(const MapFields& map, std::string_view key, int& height, int& width) {
  if (auto field = map.optional(key)) {
    const Pair pair = read_positive_pair(*field);
    height = pair.height;
    width = pair.width;
  }
}

bool read_bool(const Field& field) {
  if (field.is_scalar() && field.node().Scalar() == "true") return true;
  if (field.is_scalar() && field.node().Scalar() == "false") return false;
  field.fail_expected("true or false");
}

nn::Init read_init_as(const Field& field, std::string_view expected) {
  if (field.is_scalar()) {
    if (field.node().Scalar() == "he") return {nn::Init::Kind::he};
    if (field.node().Scalar() == "xavier") return {nn::Init::Kind::xavier};
    field.fail_expected(expected);
  }
  if (!field.node().IsMap()) field.fail_expected(expected);
  nn::Init init;
  init.kind = read_choice(type_of(field), kInits);
  switch (init.kind) {
    case nn::Init::Kind::he:
    case nn::Init::Kind::xavier: (void)MapFields(field, {"type"}); break;
    case nn::Init::Kind::normal:
      init.std = read_number(MapFields(field, {"type", "std"}).required("std"), kInitScale);
      break;
    case nn::Init::Kind::truncated_normal: {
      const MapFields map(field, {"type", "std", "bound"});
      init.std = read_number(map.required("std"), kInitScale);
      const Field bound = map.required("bound");
      init.bound = read_number(bound, kInitScale);
      // Draws outside [-bound, bound] are redrawn: a bound far inside the spread would take
      // practically forever (beyond about 1 in 12 draws kept at std / 10).
      if (init.bound < init.std / 10)
        bound.fail_expected(fmt::format("a number >= std / 10 = {}, so that redrawing values outside [-bound, "
                                        "bound] ends",
                                        init.std / 10));
      break;
    }
    case nn::Init::Kind::constant:
      init.value = read_number(MapFields(field, {"type", "value"}).required("value"), kInitValue);
      break;
  }
  return init;
}

// A plain number is a constant; otherwise the forms of `init`.
nn::Init read_bias_init(const Field& field) {
  if (field.is_scalar())
    if (const auto value = parse_number(field.node().Scalar())) {
      if (!kInitValue.contains(*value)) field.fail_expected(fmt::format("a number {}", kInitValue.description));
      nn::Init constant{nn::Init::Kind::constant};
      constant.value = *value;
      return constant;
    }
  return read_init_as(field, "a number, he, xavier or a map such as {type: normal, std: 0.01}");
}

void read_activation_and_starts(const MapFields& map, nn::LayerSpec& layer, const nn::Init& default_weights) {
  if (auto activation = map.optional("activation")) layer.activation = read_choice(*activation, kActivations);
  if (auto slope = map.optional("leaky_slope")) {
    if (layer.activation != nn::Activation::leaky_relu) slope->fail("not allowed without activation: leaky_relu");
    layer.leaky_slope = read_number(*slope, kFraction);
  }
  layer.weight_init = default_weights;
  if (auto init = map.optional("init")) layer.weight_init = read_init(*init);
  if (auto bias = map.optional("bias_init")) layer.bias_init = read_bias_init(*bias);
}

nn::Conv2dSpec read_conv(const MapFields& map) {
  nn::Conv2dSpec conv;
  conv.filters = read_integer(map.required("filters"), 1);
  const Pair kernel = read_positive_pair(map.required("kernel"));
  conv.kernel_height = kernel.height;
  conv.kernel_width = kernel.width;
  read_optional_pair(map, "stride", conv.stride_height, conv.stride_width);
  read_optional_pair(map, "dilation", conv.dilation_height, conv.dilation_width);
  if (auto field = map.optional("padding")) {
    const std::string_view word = field->is_scalar() ? std::string_view(field->node().Scalar()) : "";
    if (word == "valid") {
      conv.padding = nn::Conv2dSpec::Padding::valid;
    } else if (word == "same") {
      conv.padding = nn::Conv2dSpec::Padding::same;
    } else {
      const Pair pad = read_pair(*field, 0, "valid, same, an integer >= 0 or a list [height, width] of them");
      conv.padding = nn::Conv2dSpec::Padding::explicit_;
      conv.pad_height = pad.height;
      conv.pad_width = pad.width;
    }
  }
  return conv;
}

nn::Pool2dSpec read_pool(const MapFields& map, nn::Pool2dSpec::Kind kind) {
  nn::Pool2dSpec pool;
  pool.kind = kind;
  const Pair size = read_positive_pair(map.required("size"));
  pool.size_height = size.height;
  pool.size_width = size.width;
  read_optional_pair(map, "stride", pool.stride_height, pool.stride_width);
  if (auto ceil = map.optional("ceil")) pool.ceil = read_bool(*ceil);
  return pool;
}

// Where a layer that does not fit is reported: at a value of it set by --set or a sweep, which is
// what changed it, rather than at the layer's line in the file. Such a value has no place in the
// file, or sits elsewhere than its key (a sweep's list).
Field where_to_report(const Field& element) {
  for (const auto& entry : element.node()) {
    const YAML::Mark key = entry.first.Mark(), value = entry.second.Mark();
    if (!key.is_null() && !value.is_null() && key.line == value.line) continue;
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "?";
    return element.child(name, entry.second, value);
  }
  return element;
}

LayerEntry read_layer(const Field& element, const nn::Init& default_weights) {
  if (!element.node().IsMap()) element.fail_expected("a layer: a map such as {type: dense, units: 10}");
  const Field type_field = type_of(element);
  const LayerType type = read_choice(type_field, kLayerTypes);
  const std::string_view type_name = name_of(type, kLayerTypes);
  const bool has_parameters = type == LayerType::dense || type == LayerType::conv2d;
  if (!has_parameters)
    for (std::string_view key : kParameterKeys)
      if (auto field = peek(element, key))
        field->fail(fmt::format("not allowed on a {} layer (only dense and conv2d layers have an activation and "
                                "starting weights)",
                                type_name));
  const MapFields map = layer_fields(element, type);
  LayerEntry entry{{}, type_name, where_to_report(element), element};
  switch (type) {
    case LayerType::dense:
      entry.size_field = map.required("units");
      entry.spec.kind = nn::DenseSpec{read_integer(entry.size_field, 1)};
      break;
    case LayerType::conv2d:
      entry.size_field = map.required("filters");
      entry.spec.kind = read_conv(map);
      break;
    case LayerType::maxpool2d: entry.spec.kind = read_pool(map, nn::Pool2dSpec::Kind::max); break;
    case LayerType::avgpool2d: entry.spec.kind = read_pool(map, nn::Pool2dSpec::Kind::average); break;
    case LayerType::dropout: entry.spec.kind = nn::DropoutSpec{read_number(map.required("rate"), kFraction)}; break;
    case LayerType::flatten: entry.spec.kind = nn::FlattenSpec{}; break;
  }
  if (has_parameters) read_activation_and_starts(map, entry.spec, default_weights);
  return entry;
}

}  // namespace

bool is_layer_list(const Field& layers) {
  if (!layers.node().IsSequence()) return false;
  for (const YAML::Node& element : layers.node())
    if (element.IsMap()) return true;
  return false;
}

std::vector<LayerEntry> read_layer_list(const std::vector<Field>& elements, const nn::Init& default_weights) {
  std::vector<LayerEntry> layers;
  for (const Field& element : elements) layers.push_back(read_layer(element, default_weights));
  return layers;
}

nn::Init read_init(const Field& field) { return read_init_as(field, kInitExpected); }

}  // namespace ssim::scenario
