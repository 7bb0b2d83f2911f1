// Reads and validates a scenario file. Every problem is reported as
// "FILE:LINE:COL: KEY: what was expected (got ...)" in a ScenarioError.
#pragma once
#include "common/input_error.hpp"
#include "scenario/overrides.hpp"
#include "scenario/scenario.hpp"
#include <stdexcept>
#include <string>

namespace ssim::scenario {

class ScenarioError : public InputError {
 public:
  using InputError::InputError;
};

Scenario load(const std::string& path, const std::vector<Override>& overrides = {});
Scenario parse(const std::string& yaml_text, const std::string& source_name, const std::string& base_dir,
               const std::vector<Override>& overrides = {});

// One point of the file's sweep: the file with `overrides`, then the point's values and seed, and
// no sweep section. An error in a swept value names the line where the sweep lists it.
Scenario load_point(const std::string& path, const std::vector<Override>& overrides, const SweepPoint& point);

}  // namespace ssim::scenario
