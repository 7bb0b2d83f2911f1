#include "scenario/scheme_catalog.hpp"
#include "scenario/scenario.hpp"
#include "schemes/list.hpp"
#include <algorithm>
#include <stdexcept>

namespace ssim::schemes {
#define STRAGGLESIM_DECLARE_SPEC(name, description) extern const scenario::SchemeSpec name##_spec;
STRAGGLESIM_SCHEMES(STRAGGLESIM_DECLARE_SPEC)
#undef STRAGGLESIM_DECLARE_SPEC
}  // namespace ssim::schemes

namespace ssim::scenario {
namespace {

const SchemeEntry kCatalog[] = {
#define STRAGGLESIM_CATALOG_ENTRY(name, description) {#name, description, schemes::name##_spec},
    STRAGGLESIM_SCHEMES(STRAGGLESIM_CATALOG_ENTRY)
#undef STRAGGLESIM_CATALOG_ENTRY
};

}  // namespace

std::span<const SchemeEntry> scheme_catalog() { return kCatalog; }

const SchemeEntry* find_in_catalog(std::string_view name) {
  const auto found = std::find_if(std::begin(kCatalog), std::end(kCatalog),
                                  [name](const SchemeEntry& entry) { return entry.name == name; });
  return found == std::end(kCatalog) ? nullptr : &*found;
}

bool has_server(const Scheme& scheme) {
  const SchemeEntry* entry = find_in_catalog(scheme.name);
  if (!entry) throw std::logic_error("no scheme named " + scheme.name);
  return entry->spec.has_server;
}

bool serves(const Scheme& scheme) {
  const SchemeEntry* entry = find_in_catalog(scheme.name);
  if (!entry) throw std::logic_error("no scheme named " + scheme.name);
  return entry->spec.serves;
}

ModelForm model_form(const Scheme& scheme) {
  const SchemeEntry* entry = find_in_catalog(scheme.name);
  if (!entry) throw std::logic_error("no scheme named " + scheme.name);
  return entry->spec.model_form;
}

}  // namespace ssim::scenario
