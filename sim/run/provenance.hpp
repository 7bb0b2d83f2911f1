// What a results directory says about where it came from: the manifest (stragglesim.json, which
// also marks the directory as stragglesim's own) and the resolved scenario (scenario.yaml).
#pragma once
#include "scenario/scenario.hpp"
#include <filesystem>
#include <string>

namespace ssim::run {

// The version this program was built from (git describe when it was built).
const char* version();

struct Provenance {
  std::string command_line;  // as the user typed it, or what a sweep would type for the point
  double wall_time_s = 0;    // from reading the data to the last result written
};

void write_provenance(const std::filesystem::path& dir, const scenario::Scenario& scenario, const Provenance& provenance);

}  // namespace ssim::run
