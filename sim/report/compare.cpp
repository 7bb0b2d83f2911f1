#include "report/compare.hpp"
#include "common/input_error.hpp"
#include <yaml-cpp/yaml.h>
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

namespace ssim::report {
namespace {

namespace fs = std::filesystem;
using Flat = std::map<std::string, std::string>;  // dotted key -> value as text

// The summary's numbers and words worth setting side by side first, in this order.
const char* const kHeadline[] = {
    "status", "scheme", "workers", "hosts", "epochs", "iterations", "simulated_time_s", "model.predicted_time_s",
    "model.simulated_over_predicted", "model.kind", "final_test_accuracy", "final_test_loss", "total_bytes_sent",
    "total_flops", "training_time_s", "serving.queries", "serving.answered", "serving.accuracy",
    "serving.throughput_qps", "serving.latency_s.mean", "serving.latency_s.p50", "serving.latency_s.p95",
    "serving.latency_s.p99", "serving.latency_s.p99_9", "serving.latency_s.max"};

std::string text_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) return fmt::format("{:.6g}", value.get<double>());
  return value.dump();
}

// Scalars only; lists (epochs, failures) and the models' prose (formula, values) are left out.
void flatten(const nlohmann::json& node, const std::string& prefix, Flat& out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items())
      if (key != "formula" && key != "values") flatten(value, prefix.empty() ? key : prefix + "." + key, out);
  } else if (!node.is_array()) {
    out[prefix] = text_of(node);
  }
}

// A list of scalars stays one value, as the scenario writes it; a list of maps is indexed.
void flatten(const YAML::Node& node, const std::string& prefix, Flat& out) {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      const auto key = entry.first.as<std::string>();
      flatten(entry.second, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (node.IsSequence() && std::any_of(node.begin(), node.end(), [](const YAML::Node& n) { return !n.IsScalar(); })) {
    for (std::size_t i = 0; i < node.size(); ++i) flatten(node[i], fmt::format("{}[{}]", prefix, i), out);
  } else {
    YAML::Emitter emitter;
    emitter << YAML::Flow << node;
    out[prefix] = emitter.c_str();
  }
}

struct Run {
  std::string dir;
  Flat summary, scenario;
};

Run read_run(const std::string& dir) {
  const fs::path path(dir);
  if (!fs::is_directory(path)) throw InputError(fmt::format("{}: no such directory", dir));
  if (!fs::exists(path / "summary.json")) {
    if (fs::exists(path / "sweep.csv"))
      throw InputError(fmt::format("{}: a sweep's results directory; compare its runs, {}/points/<point>", dir, dir));
    throw InputError(fmt::format("{}: not a run's results directory (no summary.json)", dir));
  }
  Run run{dir, {}, {}};
  const auto summary_file = (path / "summary.json").string();
  try {
    std::ifstream in(summary_file);
    const auto summary = nlohmann::json::parse(in);
    if (!summary.is_object() || !summary.contains("status") || !summary["status"].is_string() ||
        !summary.contains("simulated_time_s") || !summary["simulated_time_s"].is_number())
      throw InputError(fmt::format("{}: not a summary stragglesim wrote: expected an object with a status (text) "
                                   "and simulated_time_s (a number)",
                                   summary_file));
    flatten(summary, "", run.summary);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a summary stragglesim wrote: {}", summary_file, e.what()));
  }
  const auto scenario_file = (path / "scenario.yaml").string();
  try {
    flatten(YAML::LoadFile(scenario_file), "", run.scenario);
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}: cannot be read: {}", scenario_file, e.what()));
  }
  return run;
}

std::optional<std::string> value(const Flat& flat, const std::string& key) {
  const auto found = flat.find(key);
  return found == flat.end() ? std::nullopt : std::optional(found->second);
}

bool differs(const std::vector<Run>& runs, const Flat Run::*part, const std::string& key) {
  for (const auto& run : runs)
    if (value(run.*part, key) != value(runs.front().*part, key)) return true;
  return false;
}

// Rows of a key and one value per run (a dash where a run has none), aligned in columns.
std::string table(const std::vector<Run>& runs, const Flat Run::*part, const std::vector<std::string>& keys,
                  const std::string& indent) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& key : keys) {
    rows.push_back({key});
    for (const auto& run : runs) rows.back().push_back(value(run.*part, key).value_or("-"));
  }
  std::vector<std::size_t> widths(runs.size() + 1, 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  std::string text;
  for (const auto& row : rows) {
    text += indent;
    for (std::size_t c = 0; c < row.size(); ++c)
      text += c + 1 == row.size() ? row[c] : fmt::format("{:<{}}  ", row[c], widths[c]);
    text += "\n";
  }
  return text;
}

}  // namespace

std::string compare_runs(const std::vector<std::string>& run_dirs) {
  std::vector<Run> runs;
  for (const auto& dir : run_dirs) runs.push_back(read_run(dir));

  std::vector<std::string> headline{"run"}, others, scenario_keys;
  for (auto& run : runs) run.summary["run"] = run.dir;
  for (const char* key : kHeadline)
    if (std::any_of(runs.begin(), runs.end(), [&](const Run& r) { return r.summary.count(key) > 0; }))
      headline.emplace_back(key);
  Flat every_summary_key, every_scenario_key;
  for (const auto& run : runs) {
    every_summary_key.insert(run.summary.begin(), run.summary.end());
    every_scenario_key.insert(run.scenario.begin(), run.scenario.end());
  }
  for (const auto& [key, unused] : every_summary_key)
    if (std::find(headline.begin(), headline.end(), key) == headline.end() && differs(runs, &Run::summary, key))
      others.push_back(key);
  for (const auto& [key, unused] : every_scenario_key)
    if (differs(runs, &Run::scenario, key)) scenario_keys.push_back(key);

  std::string text = table(runs, &Run::summary, headline, "");
  if (!others.empty()) text += "\nother summary values that differ:\n" + table(runs, &Run::summary, others, "  ");
  text += scenario_keys.empty() ? "\nthe recorded scenarios are the same\n"
                                : "\nscenario keys that differ:\n" + table(runs, &Run::scenario, scenario_keys, "  ");
  return text;
}

}  // namespace ssim::report
