#include "scenario/canonical.hpp"
#include "nn/shapes.hpp"
#include "nn/spec_text.hpp"
#include "common/fnv1a.hpp"
#include "scenario/choices.hpp"
#include "scenario/fields.hpp"
#include "schemes/infer_parity_options.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

namespace ssim::scenario {
namespace {

constexpr int kFormat = 2;

std::string_view kind_name(Straggler::Kind kind) {
  switch (kind) {
    case Straggler::Kind::slow: return "slow";
    case Straggler::Kind::random: return "random";
    case Straggler::Kind::window: return "window";
    case Straggler::Kind::fail: return "fail";
  }
  return {};
}

template <class T>
std::string optional_text(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : "";
}

std::string file_hash(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return fmt::format("{:016x}", fnv1a(content.str()));
}

class Lines {
 public:
  template <class T>
  void add(std::string_view key, const T& value) {
    text_ += fmt::format("{}={}\n", key, value);
  }
  std::string text() const { return text_; }

 private:
  std::string text_;
};

void add_platform(Lines& lines, const Platform& p) {
  const bool file = p.topology == Platform::Topology::file;
  lines.add("platform.topology", file ? "file" : name_of(p.topology, kTopologies));
  if (file) {
    lines.add("platform.file_fnv1a", file_hash(p.file));
    lines.add("platform.roles", fmt::format("[{}]", fmt::join(p.roles, ", ")));
    return;
  }
  lines.add("platform.hosts", p.hosts);
  lines.add("platform.host_speed", p.host_speed);
  lines.add("platform.bandwidth", p.bandwidth);
  lines.add("platform.latency", p.latency);
}

// Format 2 was written when scenario::Scheme held the options of the six schemes there were, and
// it wrote all of them, in this order, on every scenario: a scheme without an option wrote its
// default. Kept as it was, so that the hashes of sweeps run since stay the same; any other option
// follows, in the order of its scheme's canonical_lines.
struct Format2Option {
  std::string_view key, absent;
};
constexpr Format2Option kFormat2BeforeBytes[] = {{"wait_for", "0"}, {"round_timeout", ""}};
constexpr Format2Option kFormat2AfterBytes[] = {{"split", "random"},   {"aggregation", "average"},
                                                {"ship", "indices"},   {"fetch_every", "1"},
                                                {"push_every", "1"},   {"in_flight", "0"},
                                                {"placement", "[]"}};

void add_scheme(Lines& lines, const Scheme& s) {
  lines.add("scheme.name", s.name);
  lines.add("scheme.workers", s.workers);
  lines.add("scheme.epochs", s.epochs);
  lines.add("scheme.batch_size", s.batch_size);
  lines.add("scheme.optimizer.type", name_of(s.optimizer.type, kOptimizerTypes));
  lines.add("scheme.optimizer.lr", s.optimizer.learning_rate);
  lines.add("scheme.optimizer.momentum", s.optimizer.momentum);
  lines.add("scheme.optimizer.beta1", s.optimizer.beta1);
  lines.add("scheme.optimizer.beta2", s.optimizer.beta2);
  lines.add("scheme.optimizer.epsilon", s.optimizer.epsilon);
  CanonicalLines options = s.options->canonical_lines();
  auto add_format2 = [&](const Format2Option& option) {
    const auto own = std::find_if(options.begin(), options.end(), [&](const auto& line) { return line.first == option.key; });
    lines.add(fmt::format("scheme.{}", option.key), own == options.end() ? std::string(option.absent) : own->second);
    if (own != options.end()) options.erase(own);
  };
  for (const Format2Option& option : kFormat2BeforeBytes) add_format2(option);
  lines.add("scheme.bytes_per_value", s.bytes_per_value);
  for (const Format2Option& option : kFormat2AfterBytes) add_format2(option);
  for (const auto& [key, value] : options) lines.add(fmt::format("scheme.{}", key), value);
}

void add_straggler(Lines& lines, std::size_t index, const Straggler& s) {
  const std::string key = fmt::format("stragglers.{}.", index);
  lines.add(key + "kind", kind_name(s.kind));
  lines.add(key + "worker", optional_text(s.worker));
  lines.add(key + "host", s.host.value_or(""));
  lines.add(key + "slowdown", s.slowdown);
  lines.add(key + "probability", s.probability);
  lines.add(key + "from", s.from);
  lines.add(key + "to", s.to);
  lines.add(key + "fail_at", s.fail_at);
}

// Only serving schemes write these lines, so the text of a training scenario is unchanged.
void add_serving(Lines& lines, const Serving& s) {
  lines.add("serving.queries", s.queries);
  lines.add("serving.arrivals", name_of(s.arrivals, kArrivals));
  lines.add("serving.rate", s.rate);
  lines.add("serving.interval", s.interval);
  lines.add("serving.batch", s.batch);
  lines.add("serving.model_fnv1a", s.model.empty() ? "train" : file_hash(s.model + "/model.params"));
}

// infer_parity serves the parity model saved beside the model too.
void add_saved_parity_model(Lines& lines, const Serving& s) {
  if (s.model.empty()) return;
  lines.add("serving.parity_model_fnv1a",
            file_hash(fmt::format("{}/{}.params", s.model, schemes::kParityModelName)));
}

// Only for a partitioned model, so the text of every other model is what it was.
void add_partitioned_model(Lines& lines, const PartitionedModel& model) {
  lines.add("model.partition.parts", model.partitioning.parts);
  lines.add("model.partition.split", name_of(model.partitioning.split, kSplits));
  lines.add("model.node", model.node.size());
  for (std::size_t i = 0; i < model.node.size(); ++i)
    lines.add(fmt::format("model.node[{}]", i), nn::to_string(model.node[i]));
  lines.add("model.decoder", model.decoder.size());
  for (std::size_t i = 0; i < model.decoder.size(); ++i)
    lines.add(fmt::format("model.decoder[{}]", i), nn::to_string(model.decoder[i]));
}

// Only for a coded model, likewise. Its image and classes are the dataset's, already in the text.
void add_coded_model(Lines& lines, const nn::CodedSpec& model) {
  lines.add("model.coded.inputs", model.inputs);
  lines.add("model.coded.encoder.network", name_of(model.encoder, kCodedNets));
  lines.add("model.coded.encoder.degree", model.encoder_degree);
  lines.add("model.coded.computation.kind", name_of(model.computation, kCodedComputations));
  lines.add("model.coded.computation.network", name_of(model.computation_net, kCodedNets));
  lines.add("model.coded.computation.degree", model.computation_degree);
  lines.add("model.coded.channels", model.channels);
  lines.add("model.coded.hidden", fmt::format("[{}]", fmt::join(model.hidden, ", ")));
}

}  // namespace

std::string canonical_text(const Scenario& scenario) {
  Lines lines;
  lines.add("format", kFormat);
  lines.add("seed", scenario.seed);
  add_platform(lines, scenario.platform);
  lines.add("network_model", name_of(scenario.network_model, kNetworkModels));
  // Written only in timing mode, so that the text (and hash) of every real run stays as it was.
  if (scenario.compute != Compute::real) lines.add("compute", name_of(scenario.compute, kComputes));
  const Data& data = scenario.data;
  lines.add("data.dataset", name_of(data.dataset, kDatasets));
  lines.add("data.path", data.path);
  lines.add("data.train_samples", data.train_samples);
  lines.add("data.test_samples", data.test_samples);
  lines.add("data.features", data.shape.size());  // the shape itself is model.input
  lines.add("data.classes", data.classes);
  const Model& model = scenario.model;
  lines.add("model.input", nn::to_string(model.input));
  lines.add("model.layers", model.layers.size());
  for (std::size_t i = 0; i < model.layers.size(); ++i)
    lines.add(fmt::format("model.layers[{}]", i), nn::to_string(model.layers[i]));
  lines.add("model.loss", nn::to_string(model.loss));
  if (model.partitioned) add_partitioned_model(lines, *model.partitioned);
  if (model.coded) add_coded_model(lines, *model.coded);
  add_scheme(lines, scenario.scheme);
  if (scenario.serving) add_serving(lines, *scenario.serving);
  if (scenario.scheme.options_if<schemes::InferParityOptions>()) add_saved_parity_model(lines, *scenario.serving);
  lines.add("stragglers", scenario.stragglers.size());
  for (std::size_t i = 0; i < scenario.stragglers.size(); ++i) add_straggler(lines, i, scenario.stragglers[i]);
  return lines.text();
}

std::string scenario_hash(const Scenario& scenario) { return fmt::format("{:016x}", fnv1a(canonical_text(scenario))); }

}  // namespace ssim::scenario
