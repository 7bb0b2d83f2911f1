#include "schemes/shared_options.hpp"
#include "scenario/scenario.hpp"
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

// Round timeouts are multiplied (a worker waits 4 of them for its server); a billion seconds stays
// finite and is longer than any run waits.
bool within_timeouts(double value) { return value > 0 && value <= 1e9; }
constexpr scenario::Range kTimeout{"> 0 and at most 1e9 s", within_timeouts};

}  // namespace

std::optional<double> read_round_timeout(const scenario::MapFields& map) {
  if (auto timeout = map.optional("round_timeout"))
    return scenario::read_quantity(*timeout, scenario::Unit::duration, kTimeout);
  return std::nullopt;
}

std::string round_timeout_text(const std::optional<double>& round_timeout) {
  return round_timeout ? fmt::format("{}", *round_timeout) : "";
}

void BlockSplitOptions::check_fits_data(const scenario::Field& scheme, const scenario::Scheme& common,
                                        int classes) const {
  if (split == Split::by_class && common.workers != classes)
    scenario::peek(scheme, "split")
        ->fail(fmt::format("class split gives each worker one class: needs workers = {} classes (got {} workers)",
                           classes, common.workers));
}

void read_split(const scenario::MapFields& map, BlockSplitOptions& options) {
  if (auto split = map.optional("split")) options.split = scenario::read_choice(*split, kSplits);
}

}  // namespace ssim::schemes
