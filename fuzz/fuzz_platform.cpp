// The platform check of `validate` on an arbitrary platform file: the input is written to a file
// that a small valid scenario names, and run::check_platform loads and checks it in a child
// process. A platform error is the expected answer; any other exception, a crash or sanitizer
// report in this process, or a sanitizer report in the child (which the probe would otherwise
// pass on as SimGrid's complaint), is a finding.
#include "common/input_error.hpp"
#include "temp_dir.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const fs::path& work_dir() {
  static const TempDir dir("stragglesim-fuzz-platform");
  return dir.path();
}

// Two workers and a server on the platform's first three hosts in natural order, the smallest
// run that sends both ways between hosts.
constexpr const char* kScenario = R"(name: fuzz
platform: {file: platform.xml}
data: {dataset: synthetic, features: 4, classes: 2, train_samples: 16, test_samples: 8}
model: {layers: [4, 2]}
scheme: {name: ps_sync, workers: 2, epochs: 1}
)";

// The probe passes on the last thing the child said; a sanitizer's report ends with one of these.
// SimGrid may quote the file back, so only words the input does not hold count.
bool from_a_sanitizer(const std::string& message, const std::string& input) {
  for (const std::string marker : {"Sanitizer", "==ABORTING", "runtime error:"})
    if (message.find(marker) != std::string::npos && input.find(marker) == std::string::npos) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream platform(work_dir() / "platform.xml", std::ios::binary | std::ios::trunc);
    platform << input;
  }
  const auto scenario = ssim::scenario::parse(kScenario, "fuzz.yaml", work_dir().string());
  try {
    ssim::run::check_platform(scenario);
  } catch (const ssim::InputError& e) {
    if (from_a_sanitizer(e.what(), input)) {
      std::fprintf(stderr, "sanitizer report in the probing child: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
