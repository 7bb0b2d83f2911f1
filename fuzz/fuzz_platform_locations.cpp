// The text functions that place SimGrid's complaints in a platform file, on arbitrary files and
// messages: the input is a platform file, a NUL byte, then a message (as SimGrid would say it).
// They answer every input with a location; any exception, crash or sanitizer report is a finding.
#include "cluster/platform_locations.hpp"
#include "temp_dir.hpp"
#include <cstdint>
#include <fstream>
#include <string>

namespace {

const std::string& platform_file() {
  static const TempDir dir("stragglesim-fuzz-locations");
  static const std::string file = (dir.path() / "platform.xml").string();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const std::string text = input.substr(0, nul);
  const std::string message = nul == std::string::npos ? "" : input.substr(nul + 1);
  {
    std::ofstream out(platform_file(), std::ios::binary | std::ios::trunc);
    out << text;
  }
  ssim::cluster::element_location(platform_file(), "host", message);
  ssim::cluster::element_location(platform_file(), "link", message);
  ssim::cluster::mentioned_element_location(platform_file(), message);
  ssim::cluster::load_error_message(platform_file(), message);
  // SimGrid's parse errors name the file as given: make the message one of those too.
  ssim::cluster::load_error_message(platform_file(), "Parse error at " + platform_file() + ":" + message);
  return 0;
}
