// Readers for each top-level section of a scenario. Each validates its own keys; those that
// depend on another section take it already read (workers limit hosts and straggler
// indices, the dataset fixes the model's first and last layer).
#pragma once
#include "scenario/fields.hpp"
#include "scenario/scenario.hpp"
#include <filesystem>
#include <vector>

namespace ssim::scenario {

// The common keys, and the scheme's own read by the scheme (scenario/scheme_catalog.hpp), which
// checks later that they fit the model and the data (SchemeOptions::check_fits_*).
Scheme read_scheme(const Field& field);
// A serving scheme's training keys: epochs is required when the model is trained in the run, and
// the training keys are refused when it is an earlier run's.
void check_training_keys(const Field& field, const Serving& serving);
// Relative paths resolve against base_dir, the scenario file's folder.
Platform read_platform(const Field& field, const Scheme& scheme, const std::filesystem::path& base_dir);
Data read_data(const Field& field, const std::filesystem::path& base_dir);
Model read_model(const Field& field, const Data& data);
// A partitioned model with the schemes that run one, and no other model.
void check_model_form(const Field& field, const Scheme& scheme, const Model& model);
// The largest message, the model's parameters, must be a byte count the simulator holds exactly.
void check_message_sizes(const Field& field, const Scheme& scheme, const Model& model);
// `compute`, which only schemes with timing_mode (scenario/scheme_catalog.hpp) may set to timing.
Compute read_compute(const Field& field, const Scheme& scheme);
std::vector<Straggler> read_stragglers(const Field& field, const Scheme& scheme);
// Relative paths (an earlier run's results) resolve against base_dir.
Serving read_serving(const Field& field, const std::filesystem::path& base_dir);
// `seed` is the scenario's, which `repeats: N` counts up from.
Sweep read_sweep(const Field& field, std::uint64_t seed);
// A sweep value written as {value: V, set: {...}}, carrying settings that go with it.
bool is_value_with_settings(const YAML::Node& node);

}  // namespace ssim::scenario
