// A scenario value together with where it was written (file, line, column) and its dotted
// key ("scheme.optimizer.lr", "stragglers[1].slowdown"), so that every reader can report a
// problem as "FILE:LINE:COL: KEY: what was expected (got 'VALUE')".
#pragma once
#include "scenario/units.hpp"
#include <yaml-cpp/yaml.h>
#include <concepts>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssim::scenario {

class Field {
 public:
  // `source` names the file in messages and must outlive the field.
  Field(std::string_view source, YAML::Node node, YAML::Mark mark, std::string key);

  const YAML::Node& node() const { return node_; }
  int line() const { return mark_.line + 1; }
  bool is_scalar() const { return node_.IsScalar(); }

  // A field nested under this one, e.g. child("lr", ...) of "scheme.optimizer".
  Field child(std::string_view name, YAML::Node node, YAML::Mark mark) const;
  Field element(std::size_t index, YAML::Node node) const;

  // "KEY: expected EXPECTED (got 'VALUE')"
  [[noreturn]] void fail_expected(std::string_view expected) const;
  // "KEY: PROBLEM"
  [[noreturn]] void fail(std::string_view problem) const;

 private:
  std::string_view source_;
  YAML::Node node_;
  YAML::Mark mark_;
  std::string key_;
};

// The entries of a YAML map, checked on construction against the keys it may hold, so a
// misspelt or repeated key is an error rather than silently ignored.
class MapFields {
 public:
  MapFields(const Field& map, std::initializer_list<std::string_view> known_keys);
  MapFields(const Field& map, std::span<const std::string_view> known_keys);

  bool has(std::string_view name) const { return find(name) != nullptr; }
  std::optional<Field> optional(std::string_view name) const;
  // Fails at the map itself when the key is absent.
  Field required(std::string_view name) const;
  // Fails when the key is present: "KEY: not allowed WHY".
  void forbid(std::string_view name, std::string_view why) const;

  [[noreturn]] void fail(std::string_view problem) const { map_.fail(problem); }

 private:
  const Field* find(std::string_view name) const;

  Field map_;
  std::vector<std::pair<std::string, Field>> entries_;
};

// One entry of a map, looked up before the map's keys are checked, when one key decides which
// others the map may hold (a layer's type, a scheme's name).
std::optional<Field> peek(const Field& map, std::string_view name);

// The elements of a YAML sequence; fails with "expected EXPECTED" if it is not one.
std::vector<Field> list_elements(const Field& list, std::string_view expected);

// The values a number may take, and how messages describe them.
struct Range {
  std::string_view description;
  bool (*contains)(double);
};
inline constexpr Range kPositive{"> 0", [](double v) { return v > 0; }};
inline constexpr Range kNonNegative{">= 0", [](double v) { return v >= 0; }};
inline constexpr Range kProbability{"in [0, 1]", [](double v) { return v >= 0 && v <= 1; }};
inline constexpr Range kFraction{"in [0, 1)", [](double v) { return v >= 0 && v < 1; }};

template <std::integral T>
T read_integer(const Field& field, T min, T max = std::numeric_limits<T>::max()) {
  const std::optional<T> value = field.is_scalar() ? parse_integer<T>(field.node().Scalar()) : std::nullopt;
  if (!value || *value < min || *value > max)
    field.fail_expected(max == std::numeric_limits<T>::max()
                            ? "an integer >= " + std::to_string(min)
                            : "an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return *value;
}

double read_number(const Field& field, Range range);
// A number with an optional unit suffix, converted to SI base units.
double read_quantity(const Field& field, Unit unit, Range range);
std::string read_string(const Field& field);

// The words a field may hold and the value each stands for.
template <class E, std::size_t N>
using Choices = std::pair<std::string_view, E>[N];

template <class E, std::size_t N>
E read_choice(const Field& field, const Choices<E, N>& choices) {
  if (field.is_scalar())
    for (const auto& [word, value] : choices)
      if (field.node().Scalar() == word) return value;
  std::string expected = "one of ";
  for (std::size_t i = 0; i < N; ++i) expected += (i == 0 ? "" : ", ") + std::string(choices[i].first);
  field.fail_expected(expected);
}

template <class E, std::size_t N>
std::string_view name_of(E value, const Choices<E, N>& choices) {
  for (const auto& [word, choice] : choices)
    if (choice == value) return word;
  return {};
}

}  // namespace ssim::scenario
