// A trained model kept with a run's results, so that a later run can serve it without training:
// model.json (the layer spec, the parameter count and a checksum) and model.params (the
// parameters as little-endian float32, in the order nn::Network lays them out).
#pragma once
#include "common/input_error.hpp"
#include "nn/spec.hpp"
#include "nn/tensor.hpp"
#include "scenario/scenario.hpp"
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ssim::report {

class SavedModelError : public InputError {
 public:
  using InputError::InputError;
};

// What must match for saved parameters to mean the same network: shapes, layers, loss, and for a
// partitioned model its partition (parameters: every node's in node order, then the decoder's).
nlohmann::json architecture(const nn::NetworkSpec& spec);
nlohmann::json architecture(const scenario::Model& model);

// `name` is the files' stem: model.json and model.params, or another model's kept beside it (a
// parity model's, parity_model.json and parity_model.params).
void write_saved_model(const std::string& directory, const nlohmann::json& architecture, const nn::Vector& parameters,
                       std::string_view name = "model");

// The parameters saved in `directory` for a model of this `architecture` (a parity model's also
// names its `group`). Throws SavedModelError naming the file and what differs when the saved model
// is not this one, or its files are damaged.
nn::Vector read_saved_model(const std::string& directory, const nlohmann::json& architecture,
                            std::string_view name = "model");

}  // namespace ssim::report
