// The schemes a scenario can name, made from schemes/list.hpp. Each scheme file defines its entry.
#include "schemes/list.hpp"
#include "schemes/scheme.hpp"
#include <stdexcept>
#include <string>

namespace ssim::schemes {

#define STRAGGLESIM_DECLARE_SCHEME(name, description) extern const Scheme name##_scheme;
STRAGGLESIM_SCHEMES(STRAGGLESIM_DECLARE_SCHEME)
#undef STRAGGLESIM_DECLARE_SCHEME

RunParts training_only(const scenario::Scenario&) { return {.training = true, .serving = false}; }

const Scheme& find_scheme(std::string_view name) {
#define STRAGGLESIM_MATCH_SCHEME(id, description) \
  if (name == #id) return id##_scheme;
  STRAGGLESIM_SCHEMES(STRAGGLESIM_MATCH_SCHEME)
#undef STRAGGLESIM_MATCH_SCHEME
  throw std::logic_error("no scheme named " + std::string(name));
}

}  // namespace ssim::schemes
