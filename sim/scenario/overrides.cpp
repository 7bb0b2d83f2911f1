#include "scenario/overrides.hpp"
#include "scenario/load.hpp"
#include <yaml-cpp/depthguard.h>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ssim::scenario {
namespace {

// A copy made node by node, so that no part of it keeps a position in the override's text.
YAML::Node without_position(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return YAML::Node(node.Scalar());
    case YAML::NodeType::Sequence: {
      YAML::Node list(YAML::NodeType::Sequence);
      for (const auto& element : node) list.push_back(without_position(element));
      return list;
    }
    case YAML::NodeType::Map: {
      YAML::Node map(YAML::NodeType::Map);
      for (const auto& entry : node) map[entry.first.Scalar()] = without_position(entry.second);
      return map;
    }
    default: return YAML::Node(YAML::NodeType::Null);
  }
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

}  // namespace

Override parse_override(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0)
    throw ScenarioError(fmt::format("--set {}: expected KEY=VALUE, e.g. scheme.workers=8", text));
  return {text.substr(0, equals), text.substr(equals + 1)};
}

void set_path(YAML::Node& root, const std::string& path, const YAML::Node& value,
              const std::function<void(const std::string&)>& fail) {
  if (!root.IsMap()) fail("the scenario is not a map");
  const auto parts = split_path(path);
  // yaml-cpp nodes are handles: reset() moves the handle without touching what it pointed to.
  YAML::Node node;
  node.reset(root);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) fail("empty key in the path");
    const bool last = i + 1 == parts.size();
    if (node.IsSequence()) {
      std::size_t index = 0;
      const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (error != std::errc() || end != part.data() + part.size() || index >= node.size())
        fail(fmt::format("'{}' is not an index of a list of {}", part, node.size()));
      if (last) {
        node[index] = value;
      } else {
        YAML::Node next = node[index];
        node.reset(next);
      }
    } else if (node.IsMap() || node.IsNull()) {
      if (last) {
        node[part] = value;
      } else {
        YAML::Node next = node[part];
        node.reset(next);
      }
    } else {
      fail(fmt::format("'{}' is a value, not a map or list", fmt::join(parts.begin(), parts.begin() + i, ".")));
    }
  }
}

void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, const std::string& source) {
  for (const auto& o : overrides) {
    auto fail = [&](const std::string& problem) {
      throw ScenarioError(fmt::format("{}: --set {}={}: {}", source, o.path, o.value, problem));
    };
    YAML::Node value;
    try {
      value = without_position(YAML::Load(o.value));
    } catch (const YAML::DeepRecursion&) {  // its own message is "bad file"
      fail("lists and maps nested too deeply (yaml-cpp reads at most about 500 levels)");
    } catch (const YAML::Exception& e) {
      fail("the value is not valid YAML: " + e.msg);
    }
    set_path(root, o.path, value, fail);
  }
}

}  // namespace ssim::scenario
