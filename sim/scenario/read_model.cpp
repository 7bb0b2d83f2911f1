#include "scenario/choices.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>

namespace ssim::scenario {
namespace {

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

}  // namespace

Model read_model(const Field& field, const Data& data) {
  const MapFields map(field, {"layers", "activation", "loss", "init"});
  Model model;
  model.layers = read_layers(map.required("layers"), data);
  if (auto activation = map.optional("activation")) model.activation = read_choice(*activation, kActivations);
  if (auto loss = map.optional("loss")) model.loss = read_choice(*loss, kLosses);
  if (auto init = map.optional("init")) model.init = read_choice(*init, kInits);
  return model;
}

}  // namespace ssim::scenario
