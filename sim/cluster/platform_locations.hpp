// Where in a platform file SimGrid's objects and complaints are: SimGrid names hosts and links,
// and only sometimes the line, while a user edits the file by its lines.
#pragma once
#include <string>

namespace ssim::cluster {

// "FILE:LINE:COL" of the <TAG> element whose id is `id`, or "FILE" when the file has none (hosts
// and links a <cluster> generates).
std::string element_location(const std::string& platform_file, const std::string& tag, const std::string& id);

// "FILE:LINE:COL" of the first element whose id (or else any attribute) is a word of `message`,
// such as the host in "Host h1 must have at least one core", or "FILE" when none is.
std::string mentioned_element_location(const std::string& platform_file, const std::string& message);

// What SimGrid threw loading the file, located: "Parse error at FILE:LINE: WHAT" becomes
// "FILE:LINE: not a valid SimGrid platform: WHAT"; other errors are placed at the element they
// mention.
std::string load_error_message(const std::string& platform_file, const std::string& simgrid_error);

}  // namespace ssim::cluster
