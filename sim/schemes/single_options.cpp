// single has no keys of its own; it trains on one worker.
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"

namespace ssim::schemes {
namespace {

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme& common) {
  if (common.workers != 1) map.required("workers").fail_expected("1: scheme single trains on one worker");
  return std::make_shared<const scenario::SchemeOptions>();
}

}  // namespace

extern const scenario::SchemeSpec single_spec{.has_server = false, .timing_mode = true, .keys = {}, .read = read};

}  // namespace ssim::schemes
