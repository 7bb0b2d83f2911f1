// The scenario loader on arbitrary text: the input is a scenario file, and each of its lines that
// starts with "#set " (a YAML comment, so the file reads the same without it) is also given as a
// --set KEY=VALUE. A scenario error is the expected answer to a bad input; any other exception, a
// crash, a sanitizer report or a hang is a finding.
#include "common/input_error.hpp"
#include "temp_dir.hpp"
#include "scenario/load.hpp"
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Files the scenario names are looked up in an empty directory, so that the input decides what
// exists (absolute paths still reach the machine's files).
const std::string& empty_base_dir() {
  static const TempDir dir("stragglesim-fuzz-scenario");
  static const std::string path = dir.path().string();
  return path;
}

std::vector<ssim::scenario::Override> overrides_in(const std::string& text) {
  constexpr std::string_view kSet = "#set ";
  std::vector<ssim::scenario::Override> overrides;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with(kSet)) overrides.push_back(ssim::scenario::parse_override(line.substr(kSet.size())));
  return overrides;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    ssim::scenario::parse(text, "fuzz.yaml", empty_base_dir(), overrides_in(text));
  } catch (const ssim::InputError&) {
  }
  return 0;
}
