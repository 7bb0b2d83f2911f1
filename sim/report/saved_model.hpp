// A trained model kept with a run's results, so that a later run can serve it without training:
// model.json (the layer spec, the parameter count and a checksum) and model.params (the
// parameters as little-endian float32, in the order nn::Network lays them out).
#pragma once
#include "common/input_error.hpp"
#include "nn/spec.hpp"
#include "nn/tensor.hpp"
#include <string>

namespace ssim::report {

class SavedModelError : public InputError {
 public:
  using InputError::InputError;
};

void write_saved_model(const std::string& directory, const nn::NetworkSpec& spec, const nn::Vector& parameters);

// The parameters saved in `directory` for a network of `spec`. Throws SavedModelError naming the
// file and what differs when the saved model is not this network, or its files are damaged.
nn::Vector read_saved_model(const std::string& directory, const nn::NetworkSpec& spec);

}  // namespace ssim::report
