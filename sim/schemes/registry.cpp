// The schemes a scenario can name. Each scheme file defines its entry.
#include "schemes/scheme.hpp"
#include <stdexcept>

namespace ssim::schemes {

extern const Scheme single_scheme;
extern const Scheme ps_sync_scheme;
extern const Scheme downpour_scheme;
extern const Scheme downpour_async_scheme;
extern const Scheme ring_allreduce_scheme;
extern const Scheme ring_tmp_scheme;

RunParts training_only(const scenario::Scenario&) { return {.training = true, .serving = false}; }

const Scheme& find_scheme(scenario::Scheme::Name name) {
  switch (name) {
    case scenario::Scheme::Name::single: return single_scheme;
    case scenario::Scheme::Name::ps_sync: return ps_sync_scheme;
    case scenario::Scheme::Name::downpour: return downpour_scheme;
    case scenario::Scheme::Name::downpour_async: return downpour_async_scheme;
    case scenario::Scheme::Name::ring_allreduce: return ring_allreduce_scheme;
    case scenario::Scheme::Name::ring_tmp: return ring_tmp_scheme;
  }
  throw std::logic_error("unknown scheme");
}

}  // namespace ssim::schemes
