// Changes to a scenario given outside its file, as dotted paths into it:
// "scheme.workers=8", "stragglers.0.slowdown=2", "platform={topology: ring, hosts: 9}".
#pragma once
#include <functional>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace ssim::scenario {

struct Override {
  std::string path;   // dotted; list elements by index
  std::string value;  // YAML text
};

// "KEY=VALUE"; throws ScenarioError if there is no '=' or no key.
Override parse_override(const std::string& text);

// Sets each path in `root` (creating missing map keys). The new values carry no position, so
// errors in them read "KEY (set on the command line)" rather than a line of the file.
void apply_overrides(YAML::Node& root, const std::vector<Override>& overrides, const std::string& source);

// Puts `value` at the dotted `path` in `root`, creating missing map keys; calls `fail` (which must
// throw) with the problem when the path leads through a value or past the end of a list.
void set_path(YAML::Node& root, const std::string& path, const YAML::Node& value,
              const std::function<void(const std::string&)>& fail);

}  // namespace ssim::scenario
