// `stragglesim schemes`: every scheme a scenario can name, with what it does, what it needs of the
// scenario, the keys of its scheme section and its example scenario.
#pragma once
#include <string>

namespace ssim::report {

std::string scheme_listing();

}  // namespace ssim::report
