// ring_allreduce has no keys of its own.
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"

namespace ssim::schemes {
namespace {

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields&, const scenario::Scheme&) {
  return std::make_shared<const scenario::SchemeOptions>();
}

}  // namespace

extern const scenario::SchemeSpec ring_allreduce_spec{.has_server = false, .timing_mode = true, .keys = {}, .read = read};

}  // namespace ssim::schemes
