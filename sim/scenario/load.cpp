#include "scenario/load.hpp"
#include "scenario/choices.hpp"
#include "scenario/endless_documents.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <optional>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ssim::scenario {
namespace {

// Names a results folder, so it must be a safe file name; the length leaves room within a file
// system's 255-byte limit for the staging suffix ".partial-PID".
constexpr std::size_t max_name_length = 200;

std::string read_name(const Field& field) {
  const std::string name = field.is_scalar() ? field.node().Scalar() : "";
  const bool safe_characters = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
  if (name.empty() || !safe_characters || name == "." || name == "..")
    field.fail_expected("a name made of letters, digits, '-', '_' and '.'");
  if (name.size() > max_name_length) field.fail_expected(fmt::format("a name of at most {} characters", max_name_length));
  return name;
}

// Finds the first alias (*name) in a YAML text. An alias shares its node with the anchor, so a
// --set or sweep value written through one would silently change the other as well.
class AliasFinder : public YAML::EventHandler {
 public:
  std::optional<YAML::Mark> alias;
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    if (!alias) alias = mark;
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

void reject_aliases(const std::string& text, const std::string& source) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  AliasFinder finder;
  while (parser.HandleNextDocument(finder)) {
    if (finder.alias)
      throw ScenarioError(fmt::format("{}:{}:{}: YAML aliases (*name) are not supported: write the value out, so "
                                      "that changing it in one place does not change another",
                                      source, finder.alias->line + 1, finder.alias->column + 1));
  }
}

YAML::Node parse_single_document(const std::string& text, const std::string& source) {
  std::vector<YAML::Node> documents;
  try {
    reject_endless_documents(text, source);
    documents = YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& error) {
    throw ScenarioError(fmt::format("{}:{}:{}: lists and maps nested too deeply (yaml-cpp reads at most about 500 "
                                    "levels; a scenario needs a handful)",
                                    source, error.mark.line + 1, error.mark.column + 1));
  } catch (const YAML::ParserException& error) {
    throw ScenarioError(
        fmt::format("{}:{}:{}: malformed YAML: {}", source, error.mark.line + 1, error.mark.column + 1, error.msg));
  }
  if (documents.size() > 1) {
    const YAML::Mark second = documents[1].Mark();
    throw ScenarioError(fmt::format("{}:{}:{}: expected a single YAML document, found {}", source, second.line + 1,
                                    second.column + 1, documents.size()));
  }
  reject_aliases(text, source);
  return documents.empty() ? YAML::Node() : documents.front();
}

// What a path that is not a regular file is, for the message refusing it.
std::string_view kind_of(std::filesystem::file_type type) {
  using Type = std::filesystem::file_type;
  switch (type) {
    case Type::directory: return "a directory";
    case Type::fifo: return "a named pipe";
    case Type::socket: return "a socket";
    case Type::block:
    case Type::character: return "a device";
    default: return "not a regular file";
  }
}

std::string read_file(const std::string& path) {
  std::error_code error;
  // Checked before opening: opening a named pipe would wait for a writer, reading a device forever.
  const auto type = std::filesystem::status(path, error).type();
  if (type == std::filesystem::file_type::not_found) throw ScenarioError(fmt::format("{}: no such file", path));
  if (!error && type != std::filesystem::file_type::regular)
    throw ScenarioError(fmt::format("{}: expected a scenario file, not {}", path, kind_of(type)));
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ScenarioError(fmt::format("{}: cannot be read", path));
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string folder_of(const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  return folder.empty() ? "." : folder.string();
}

std::string resolved_yaml(const YAML::Node& root, const Scenario& scenario) {
  YAML::Node copy = YAML::Clone(root);
  if (scenario.platform.topology == Platform::Topology::file)
    copy["platform"]["file"] = std::filesystem::absolute(scenario.platform.file).lexically_normal().string();
  if (!scenario.data.path.empty())
    copy["data"]["path"] = std::filesystem::absolute(scenario.data.path).lexically_normal().string();
  if (scenario.serving && !scenario.serving->model.empty()) copy["serving"]["model"] = scenario.serving->model;
  YAML::Emitter out;
  out << copy;
  return std::string(out.c_str()) + "\n";
}

Scenario parse_root(const YAML::Node& root, const std::string& source_name, const std::string& base_dir) {
  // An empty document has no mark of its own: report it at the start of the file.
  const Field top(source_name, root, root.IsNull() ? YAML::Mark() : root.Mark(), "");
  const MapFields map(top, {"name", "seed", "platform", "network_model", "compute", "trace", "data", "model",
                            "scheme", "stragglers", "serving", "sweep"});

  Scenario scenario;
  scenario.source = source_name;
  scenario.document = std::make_shared<const YAML::Node>(root);
  scenario.name = read_name(map.required("name"));
  if (auto seed = map.optional("seed")) scenario.seed = read_integer<std::uint64_t>(*seed, 0);
  // Sections that others depend on are read first: workers bound the hosts and straggler
  // indices, the dataset fixes the model's outer layers.
  scenario.scheme = read_scheme(map.required("scheme"));
  scenario.platform = read_platform(map.required("platform"), scenario.scheme, base_dir);
  if (auto network = map.optional("network_model")) scenario.network_model = read_choice(*network, kNetworkModels);
  if (auto compute = map.optional("compute")) scenario.compute = read_compute(*compute, scenario.scheme);
  if (auto trace = map.optional("trace")) scenario.trace = read_choice(*trace, kSwitches);
  scenario.data = read_data(map.required("data"), base_dir);
  scenario.model = read_model(map.required("model"), scenario.data);
  check_model_form(map.required("model"), scenario.scheme, scenario.model);
  check_message_sizes(map.required("model"), scenario.scheme, scenario.model);
  const SchemeOptions& options = *scenario.scheme.options;
  options.check_fits_data(map.required("scheme"), scenario.scheme, class_count(scenario.data));
  options.check_fits_model(map.required("scheme"), scenario.scheme, scenario.model);
  if (auto stragglers = map.optional("stragglers"))
    scenario.stragglers = read_stragglers(*stragglers, scenario.scheme);
  if (serves(scenario.scheme)) {
    scenario.serving = read_serving(map.required("serving"), base_dir);
    check_training_keys(map.required("scheme"), *scenario.serving);
    options.check_fits_serving(map.required("scheme"), map.required("serving"), *scenario.serving, scenario.model);
  } else {
    map.forbid("serving", fmt::format("with scheme {} (only with a scheme that serves queries)",
                                      scenario.scheme.name));
  }
  if (auto sweep = map.optional("sweep")) scenario.sweep = read_sweep(*sweep, scenario.seed);
  scenario.resolved_yaml = resolved_yaml(root, scenario);
  return scenario;
}

// Puts `value` at `path`; a path that does not fit the scenario is reported at `key`.
void set_swept(YAML::Node& root, const std::string& path, const YAML::Node& value, const std::string& source,
               const YAML::Node& key) {
  set_path(root, path, value, [&](const std::string& problem) {
    throw ScenarioError(
        fmt::format("{}:{}:{}: sweep: {}: {}", source, key.Mark().line + 1, key.Mark().column + 1, path, problem));
  });
}

}  // namespace

Scenario parse(const std::string& yaml_text, const std::string& source_name, const std::string& base_dir,
               const std::vector<Override>& overrides) {
  YAML::Node root = parse_single_document(yaml_text, source_name);
  apply_overrides(root, overrides, source_name);
  return parse_root(root, source_name, base_dir);
}

Scenario load_point(const std::string& path, const std::vector<Override>& overrides, const SweepPoint& point) {
  YAML::Node root = parse_single_document(read_file(path), path);
  apply_overrides(root, overrides, path);
  // The sweep section was read (and checked) before any point was made, so it is a map whose
  // axes come in the order of point.choice, skipping seeds and repeats.
  const YAML::Node section = root["sweep"];
  std::size_t axis = 0;
  for (const auto& entry : section) {
    const std::string& key = entry.first.Scalar();
    if (key == "seeds" || key == "repeats") continue;
    const YAML::Node chosen = entry.second[point.choice.at(axis++)];
    const bool with_settings = is_value_with_settings(chosen);
    set_swept(root, key, with_settings ? chosen["value"] : chosen, path, entry.first);
    if (with_settings && chosen["set"])
      for (const auto& setting : chosen["set"])
        set_swept(root, setting.first.Scalar(), setting.second, path, setting.first);
  }
  root["seed"] = YAML::Node(std::to_string(point.seed));
  root.remove("sweep");
  return parse_root(root, path, folder_of(path));
}

Scenario load(const std::string& path, const std::vector<Override>& overrides) {
  return parse(read_file(path), path, folder_of(path), overrides);
}

}  // namespace ssim::scenario
