#include "scenario/load.hpp"
#include "scenario/choices.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ssim::scenario {
namespace {

// Names a results folder, so it must be a safe file name.
std::string read_name(const Field& field) {
  const std::string name = field.is_scalar() ? field.node().Scalar() : "";
  const bool safe_characters = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
  if (name.empty() || !safe_characters || name == "." || name == "..")
    field.fail_expected("a name made of letters, digits, '-', '_' and '.'");
  return name;
}

YAML::Node parse_single_document(const std::string& text, const std::string& source) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& error) {
    throw ScenarioError(
        fmt::format("{}:{}:{}: malformed YAML: {}", source, error.mark.line + 1, error.mark.column + 1, error.msg));
  }
  if (documents.size() > 1) {
    const YAML::Mark second = documents[1].Mark();
    throw ScenarioError(fmt::format("{}:{}:{}: expected a single YAML document, found {}", source, second.line + 1,
                                    second.column + 1, documents.size()));
  }
  return documents.empty() ? YAML::Node() : documents.front();
}

}  // namespace

Scenario parse(const std::string& yaml_text, const std::string& source_name, const std::string& base_dir,
               const std::vector<Override>& overrides) {
  YAML::Node root = parse_single_document(yaml_text, source_name);
  apply_overrides(root, overrides, source_name);
  // An empty document has no mark of its own: report it at the start of the file.
  const Field top(source_name, root, root.IsNull() ? YAML::Mark() : root.Mark(), "");
  const MapFields map(top, {"name", "seed", "platform", "network_model", "data", "model", "scheme", "stragglers"});

  Scenario scenario;
  scenario.source = source_name;
  scenario.name = read_name(map.required("name"));
  if (auto seed = map.optional("seed")) scenario.seed = read_integer<std::uint64_t>(*seed, 0);
  // Sections that others depend on are read first: workers bound the hosts and straggler
  // indices, the dataset fixes the model's outer layers.
  scenario.scheme = read_scheme(map.required("scheme"));
  scenario.platform = read_platform(map.required("platform"), scenario.scheme, base_dir);
  if (auto network = map.optional("network_model")) scenario.network_model = read_choice(*network, kNetworkModels);
  scenario.data = read_data(map.required("data"), base_dir);
  scenario.model = read_model(map.required("model"), scenario.data);
  check_scheme_fits_data(map.required("scheme"), scenario.scheme, scenario.model.layers.back());
  check_scheme_fits_model(map.required("scheme"), scenario.scheme, scenario.model);
  if (auto stragglers = map.optional("stragglers"))
    scenario.stragglers = read_stragglers(*stragglers, scenario.scheme);
  return scenario;
}

Scenario load(const std::string& path, const std::vector<Override>& overrides) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw ScenarioError(fmt::format("{}: expected a scenario file, not a directory", path));
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    const bool exists = std::filesystem::exists(path, error);
    throw ScenarioError(fmt::format("{}: {}", path, exists ? "cannot be read" : "no such file"));
  }
  std::ostringstream text;
  text << file.rdbuf();
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  return parse(text.str(), path, folder.empty() ? "." : folder.string(), overrides);
}

}  // namespace ssim::scenario
