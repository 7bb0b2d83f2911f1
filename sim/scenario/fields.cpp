#include "scenario/fields.hpp"
#include "scenario/load.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>

namespace ssim::scenario {
namespace {

// How the offending value is quoted in "(got ...)": scalars verbatim, cut short if long.
std::string describe(const YAML::Node& node) {
  constexpr std::size_t kLongest = 40;
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      const std::size_t cut = std::min(text.find('\n'), kLongest);
      return cut < text.size() ? fmt::format("'{}...'", text.substr(0, cut)) : fmt::format("'{}'", text);
    }
    case YAML::NodeType::Sequence: return fmt::format("a list of {}", node.size());
    case YAML::NodeType::Map: return "a map";
    default: return "nothing";
  }
}

}  // namespace

Field::Field(std::string_view source, YAML::Node node, YAML::Mark mark, std::string key)
    : source_(source), node_(std::move(node)), mark_(mark), key_(std::move(key)) {}

Field Field::child(std::string_view name, YAML::Node node, YAML::Mark mark) const {
  return Field(source_, std::move(node), mark, key_.empty() ? std::string(name) : fmt::format("{}.{}", key_, name));
}

Field Field::element(std::size_t index, YAML::Node node) const {
  const YAML::Mark mark = node.Mark();
  return Field(source_, std::move(node), mark, fmt::format("{}[{}]", key_, index));
}

void Field::fail_expected(std::string_view expected) const {
  fail(fmt::format("expected {} (got {})", expected, describe(node_)));
}

void Field::fail(std::string_view problem) const {
  // Values set on the command line have no position in the file (see overrides.hpp).
  const std::string where = mark_.line < 0 ? fmt::format("{}: (set on the command line) ", source_)
                                           : fmt::format("{}:{}:{}: ", source_, mark_.line + 1, mark_.column + 1);
  throw ScenarioError(key_.empty() ? where + std::string(problem) : fmt::format("{}{}: {}", where, key_, problem));
}

MapFields::MapFields(const Field& map, std::initializer_list<std::string_view> known_keys)
    : MapFields(map, std::span(known_keys.begin(), known_keys.end())) {}

MapFields::MapFields(const Field& map, std::span<const std::string_view> known_keys) : map_(map) {
  if (!map.node().IsMap()) map.fail_expected(fmt::format("a map with keys {}", fmt::join(known_keys, ", ")));
  for (const auto& entry : map.node()) {
    const YAML::Node& key = entry.first;
    const std::string name = key.IsScalar() ? key.Scalar() : "?";  // a list or map used as a key is never known
    // A key made by --set or a sweep has no place in the file; its value may (a sweep's list).
    const Field key_field = map.child(name, key, key.Mark().is_null() ? entry.second.Mark() : key.Mark());
    if (std::find(known_keys.begin(), known_keys.end(), name) == known_keys.end())
      key_field.fail(fmt::format("unknown key (expected one of: {})", fmt::join(known_keys, ", ")));
    if (has(name)) key_field.fail("duplicate key");
    // An empty value ("epochs:") is marked where the next line starts: point at its key instead.
    const YAML::Mark value_mark = entry.second.IsNull() ? key.Mark() : entry.second.Mark();
    entries_.emplace_back(name, map.child(name, entry.second, value_mark));
  }
}

const Field* MapFields::find(std::string_view name) const {
  for (const auto& [key, field] : entries_)
    if (key == name) return &field;
  return nullptr;
}

std::optional<Field> MapFields::optional(std::string_view name) const {
  if (const Field* field = find(name)) return *field;
  return std::nullopt;
}

Field MapFields::required(std::string_view name) const {
  if (const Field* field = find(name)) return *field;
  map_.fail(fmt::format("missing required key '{}'", name));
}

void MapFields::forbid(std::string_view name, std::string_view why) const {
  if (const Field* field = find(name)) field->fail(fmt::format("not allowed {}", why));
}

std::optional<Field> peek(const Field& map, std::string_view name) {
  for (const auto& entry : map.node())
    if (entry.first.IsScalar() && entry.first.Scalar() == name) {
      const YAML::Mark mark = entry.second.IsNull() ? entry.first.Mark() : entry.second.Mark();
      return map.child(name, entry.second, mark);
    }
  return std::nullopt;
}

std::vector<Field> list_elements(const Field& list, std::string_view expected) {
  if (!list.node().IsSequence()) list.fail_expected(expected);
  std::vector<Field> elements;
  for (const YAML::Node& item : list.node()) elements.push_back(list.element(elements.size(), item));
  return elements;
}

double read_number(const Field& field, Range range) {
  const auto value = field.is_scalar() ? parse_number(field.node().Scalar()) : std::nullopt;
  if (!value || !range.contains(*value)) field.fail_expected(fmt::format("a number {}", range.description));
  return *value;
}

double read_quantity(const Field& field, Unit unit, Range range) {
  struct Wording {
    std::string_view name, examples;
  };
  const Wording wording = [unit]() -> Wording {
    switch (unit) {
      case Unit::speed: return {"speed", "1Gf, 100Mf or a number of flop/s"};
      case Unit::bandwidth: return {"bandwidth", "1Gbps, 125MBps or a number of bytes/s"};
      case Unit::duration: return {"duration", "2s, 50us or a number of seconds"};
    }
    return {};
  }();
  const auto value = field.is_scalar() ? parse_quantity(field.node().Scalar(), unit) : std::nullopt;
  if (!value) field.fail_expected(fmt::format("a {} such as {}", wording.name, wording.examples));
  if (!range.contains(*value)) field.fail_expected(fmt::format("a {} {}", wording.name, range.description));
  return *value;
}

std::string read_string(const Field& field) {
  if (!field.is_scalar()) field.fail_expected("a string");
  return field.node().Scalar();
}

}  // namespace ssim::scenario
