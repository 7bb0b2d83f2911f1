#include "report/scheme_listing.hpp"
#include "scenario/scheme_catalog.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace ssim::report {
namespace {

// What a scheme does with a scenario, then what it needs of it: a line each.
std::string needs(const scenario::SchemeSpec& spec) {
  std::vector<std::string> parts;
  switch (spec.model_form) {
    case scenario::ModelForm::layers: parts.push_back("model: layers"); break;
    case scenario::ModelForm::partitioned: parts.push_back("model: partition, node, decoder"); break;
    case scenario::ModelForm::coded: parts.push_back("model: coded"); break;
  }
  if (!spec.has_server) parts.push_back("hosts: one per worker");
  else parts.push_back(spec.serves ? "hosts: the workers and a frontend" : "hosts: the workers and a server");
  if (spec.timing_mode) parts.push_back("runs in timing mode too");
  return fmt::format("{}\n  {}",
                     spec.serves ? "serves queries (serving section), its model trained first or an earlier run's"
                                 : "trains",
                     fmt::join(parts, "; "));
}

}  // namespace

std::string scheme_listing() {
  std::string text = fmt::format(
      "Schemes (scheme.name). Every scheme section takes {};\nthe keys below are each scheme's own. "
      "docs/scenario.md says what each key means;\nscenarios/examples/<scheme>.yaml runs each.\n",
      fmt::join(scenario::common_scheme_keys(), ", "));
  for (const auto& scheme : scenario::scheme_catalog()) {
    text += fmt::format("\n{}\n  {}\n  {}\n", scheme.name, scheme.description, needs(scheme.spec));
    if (!scheme.spec.keys.empty()) text += fmt::format("  keys: {}\n", fmt::join(scheme.spec.keys, ", "));
  }
  return text;
}

}  // namespace ssim::report
