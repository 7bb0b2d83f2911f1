#include "nn/init.hpp"
#include "nn/shapes.hpp"
#include "scenario/choices.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>

namespace ssim::scenario {
namespace {

MapFields model_fields(const Field& field) { return MapFields(field, {"layers", "activation", "loss", "init"}); }

// What the network's first and last layers must match.
struct DataShape {
  int features = 0;
  int classes = 0;
};

DataShape shape_of(const Data& data) {
  switch (data.dataset) {
    case Data::Dataset::fashion_mnist:
    case Data::Dataset::idx: return {784, 10};
    case Data::Dataset::iris: return {4, 3};
    case Data::Dataset::synthetic: return {data.features, data.classes};
  }
  return {};
}

// The shorthand's small-weight starts keep their fixed spread.
nn::Init shorthand_init(nn::Init::Kind kind) {
  switch (kind) {
    case nn::Init::Kind::normal: return nn::kSmallNormal;
    case nn::Init::Kind::truncated_normal: return nn::kSmallTruncatedNormal;
    default: return {kind};
  }
}

std::vector<int> read_layers(const Field& field, const Data& data) {
  constexpr std::string_view kExpected = "a list of at least 2 layer sizes such as [784, 50, 10]";
  const std::vector<Field> elements = list_elements(field, kExpected);
  if (elements.size() < 2) field.fail_expected(kExpected);
  std::vector<int> layers;
  for (const Field& element : elements) layers.push_back(read_integer(element, 1));
  const DataShape shape = shape_of(data);
  const std::string_view dataset = name_of(data.dataset, kDatasets);
  if (layers.front() != shape.features)
    elements.front().fail_expected(fmt::format("{}, the number of features of dataset {}", shape.features, dataset));
  if (layers.back() != shape.classes)
    elements.back().fail_expected(fmt::format("{}, the number of classes of dataset {}", shape.classes, dataset));
  return layers;
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
    case Data::Dataset::synthetic: return {data.features, 1, 1};
  }
  return {};
}

int class_count(const Data& data) { return shape_of(data).classes; }

void check_message_sizes(const Field& field, const Scheme& scheme, const Model& model) {
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
  const std::vector<int> sizes = read_layers(map.required("layers"), data);
  nn::Activation activation = nn::Activation::relu;
  nn::Init::Kind init = nn::Init::Kind::he;
  if (auto field = map.optional("activation")) activation = read_choice(*field, kActivations);
  if (auto loss = map.optional("loss")) model.loss = read_choice(*loss, kLosses);
  if (auto field = map.optional("init")) init = read_choice(*field, kInits);
  const nn::NetworkSpec spec = nn::dense_network(sizes, activation, model.loss, shorthand_init(init), 0);
  model.input = sample_shape(data);
  model.layers = spec.layers;
  return model;
}

}  // namespace ssim::scenario
