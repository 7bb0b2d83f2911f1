#include "scenario/locate.hpp"
#include <optional>

namespace ssim::scenario {
namespace {

// The value under `name` in a map, marked as MapFields marks it (an empty value at its key).
std::optional<Field> child_of(const Field& map, std::string_view name) {
  if (!map.node().IsMap()) return std::nullopt;
  for (const auto& entry : map.node()) {
    if (!entry.first.IsScalar() || entry.first.Scalar() != name) continue;
    const YAML::Mark mark = entry.second.IsNull() ? entry.first.Mark() : entry.second.Mark();
    return map.child(name, entry.second, mark);
  }
  return std::nullopt;
}

// Recursive rather than a loop reassigning a Field: assigning a YAML::Node writes through to the
// node it refers to, which would change the document.
std::optional<Field> written_field(const Field& map, std::string_view dotted_key) {
  const auto dot = dotted_key.find('.');
  auto field = child_of(map, dotted_key.substr(0, dot));
  if (!field || dot == std::string_view::npos) return field;
  return written_field(*field, dotted_key.substr(dot + 1));
}

}  // namespace

Field field_of(const Scenario& scenario, std::initializer_list<std::string_view> keys) {
  const YAML::Node document = scenario.document ? *scenario.document : YAML::Node();
  const Field root(scenario.source, document, document.IsDefined() && !document.IsNull() ? document.Mark() : YAML::Mark(), "");
  for (std::string_view key : keys)
    if (auto field = written_field(root, key)) return *field;
  return root;
}

}  // namespace ssim::scenario
