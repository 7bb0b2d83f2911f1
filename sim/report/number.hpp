// Numbers in the CSV files: the shortest text that reads back as the same double, so reruns
// compare byte for byte.
#pragma once
#include <fmt/format.h>
#include <string>

namespace ssim::report {

inline std::string number(double x) { return fmt::format("{}", x); }

}  // namespace ssim::report
