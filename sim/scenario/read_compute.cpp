#include "scenario/choices.hpp"
#include "scenario/scheme_catalog.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace ssim::scenario {
namespace {

// "a", "a and b", "a, b and c".
std::string listed(const std::vector<std::string_view>& names) {
  if (names.size() < 2) return fmt::format("{}", fmt::join(names, ""));
  return fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
}

}  // namespace

Compute read_compute(const Field& field, const Scheme& scheme) {
  const Compute compute = read_choice(field, kComputes);
  if (compute == Compute::real || find_in_catalog(scheme.name)->spec.timing_mode) return compute;
  std::vector<std::string_view> timed;
  for (const SchemeEntry& entry : scheme_catalog())
    if (entry.spec.timing_mode) timed.push_back(entry.name);
  field.fail(fmt::format("scheme {} does not run in timing mode (only {} {})", scheme.name, listed(timed),
                         timed.size() == 1 ? "does" : "do"));
}

}  // namespace ssim::scenario
