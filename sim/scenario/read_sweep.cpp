#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <set>

namespace ssim::scenario {
namespace {

std::string yaml_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

bool is_inside(const std::string& path, const std::string& outer) {
  return path.size() > outer.size() && path.compare(0, outer.size(), outer) == 0 && path[outer.size()] == '.';
}

void check_path(const Field& key, const std::string& path) {
  const bool well_formed = !path.empty() && path.front() != '.' && path.back() != '.' &&
                           path.find("..") == std::string::npos;
  if (!well_formed) key.fail_expected("a dotted path into the scenario, e.g. scheme.workers");
  if (path == "seed") key.fail("vary the seed with 'seeds: [...]' or 'repeats: N' instead");
  if (path == "name") key.fail("a sweep keeps one name: its results go under results/<name>");
  if (path == "sweep" || is_inside(path, "sweep")) key.fail("a sweep cannot change its own sweep section");
}

// A path set by a value of `axis`.
struct LinkedPath {
  Field key;
  std::string path, axis;
};

bool overlap(const std::string& a, const std::string& b) { return a == b || is_inside(a, b) || is_inside(b, a); }

// One value of an axis: a plain value, or {value: V, set: {PATH: VALUE, ...}} with settings that
// go with it. Adds the value and its settings to `axis`, and the paths it sets to `linked_paths`.
void read_axis_value(const Field& element, SweepAxis& axis, std::vector<LinkedPath>& linked_paths) {
  const YAML::Node& node = element.node();
  axis.settings.emplace_back();
  if (!is_value_with_settings(node)) {
    if (node.IsNull()) element.fail_expected("a value");
    axis.values.push_back(yaml_text(node));
    return;
  }
  const MapFields map(element, {"value", "set"});
  if (auto set = map.optional("set")) {
    if (!set->node().IsMap() || set->node().size() == 0)
      set->fail_expected("a map of dotted paths to values, e.g. {scheme.workers: 1}");
    for (const auto& entry : set->node()) {
      const Field key = set->child(entry.first.Scalar(), entry.first, entry.first.Mark());
      check_path(key, entry.first.Scalar());
      linked_paths.push_back({key, entry.first.Scalar(), axis.path});
      axis.settings.back().emplace_back(entry.first.Scalar(), yaml_text(entry.second));
    }
  }
  axis.values.push_back(yaml_text(map.required("value").node()));
}

std::vector<std::uint64_t> read_seeds(const Field& field) {
  std::vector<std::uint64_t> seeds;
  for (const auto& element : list_elements(field, "a list of seeds (integers >= 0)")) {
    seeds.push_back(read_integer<std::uint64_t>(element, 0));
    if (std::count(seeds.begin(), seeds.end(), seeds.back()) > 1) element.fail("seed listed twice");
  }
  if (seeds.empty()) field.fail_expected("at least one seed");
  return seeds;
}

}  // namespace

// No scenario map has a key `value` or `set`, so a map with either is meant as one (and a
// misspelt companion key is reported by MapFields rather than swept as a plain map).
bool is_value_with_settings(const YAML::Node& node) { return node.IsMap() && (node["value"] || node["set"]); }

Sweep read_sweep(const Field& field, std::uint64_t seed) {
  if (!field.node().IsMap() || field.node().size() == 0)
    field.fail_expected("a map of dotted scenario paths to lists of values, e.g. {scheme.workers: [2, 4]}");
  Sweep sweep;
  std::optional<Field> seeds, repeats;
  std::vector<LinkedPath> linked_paths;
  std::vector<std::pair<Field, std::string>> axis_keys;
  std::set<std::string> keys;
  for (const auto& entry : field.node()) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "?";
    const Field key = field.child(name, entry.first, entry.first.Mark());
    if (!entry.first.IsScalar()) key.fail_expected("a dotted path into the scenario, e.g. scheme.workers");
    const YAML::Mark value_mark = entry.second.IsNull() ? entry.first.Mark() : entry.second.Mark();
    const Field value = field.child(name, entry.second, value_mark);
    if (!keys.insert(name).second) key.fail("duplicate key");
    if (name == "seeds") {
      seeds = value;
    } else if (name == "repeats") {
      repeats = value;
    } else {
      check_path(key, name);
      axis_keys.emplace_back(key, name);
      SweepAxis axis{name, {}, {}};
      for (const auto& element : list_elements(value, "a list of values to try")) {
        read_axis_value(element, axis, linked_paths);
        if (std::count(axis.values.begin(), axis.values.end(), axis.values.back()) > 1)
          element.fail("value listed twice");
      }
      if (axis.values.empty()) value.fail_expected("at least one value to try");
      sweep.axes.push_back(std::move(axis));
    }
  }
  if (seeds && repeats) repeats->fail("give either seeds or repeats, not both");
  if (seeds) {
    sweep.seeds = read_seeds(*seeds);
  } else if (repeats) {
    const auto count = read_integer<std::uint64_t>(*repeats, 1, 10000);
    for (std::uint64_t r = 0; r < count; ++r) sweep.seeds.push_back(seed + r);
  } else {
    sweep.seeds = {seed};
  }
  // Two settings of one path, or of a path inside another, would depend on the order applied.
  for (const auto& linked : linked_paths) {
    for (const auto& [axis_key, axis_path] : axis_keys)
      if (overlap(linked.path, axis_path)) linked.key.fail(fmt::format("overlaps the swept path '{}'", axis_path));
    for (const auto& other : linked_paths)
      if (other.axis != linked.axis && overlap(linked.path, other.path))
        linked.key.fail(fmt::format("is also set by a value of the swept path '{}'", other.axis));
  }
  for (std::size_t i = 0; i < axis_keys.size(); ++i)
    for (std::size_t j = 0; j < axis_keys.size(); ++j)
      if (is_inside(axis_keys[j].second, axis_keys[i].second))
        axis_keys[j].first.fail(fmt::format("lies inside the swept path '{}'", axis_keys[i].second));
  constexpr std::size_t kMostPoints = 1000000;
  std::size_t points = sweep.seeds.size();
  for (const auto& axis : sweep.axes) {
    if (points > kMostPoints / axis.values.size())
      field.fail(fmt::format("more than {} points: split the sweep into several files", kMostPoints));
    points *= axis.values.size();
  }
  return sweep;
}

}  // namespace ssim::scenario
