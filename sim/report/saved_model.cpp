#include "report/saved_model.hpp"
#include "common/fnv1a.hpp"
#include "common/write_file.hpp"
#include "nn/shapes.hpp"
#include "nn/spec_text.hpp"
#include "scenario/choices.hpp"
#include "scenario/fields.hpp"
#include <bit>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ssim::report {
namespace {

static_assert(std::endian::native == std::endian::little, "model.params is little-endian float32");
constexpr int kFormat = 1;

nlohmann::json layer_texts(const std::vector<nn::LayerSpec>& layers) {
  nlohmann::json texts = nlohmann::json::array();
  for (const auto& layer : layers) texts.push_back(nn::to_string(layer));
  return texts;
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw SavedModelError(fmt::format("{}: cannot be read", path.string()));
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string checksum(std::string_view bytes) { return fmt::format("{:016x}", fnv1a(bytes)); }

}  // namespace

nlohmann::json architecture(const nn::NetworkSpec& spec) {
  return {{"input", nn::to_string(spec.input)}, {"layers", layer_texts(spec.layers)}, {"loss", nn::to_string(spec.loss)}};
}

namespace {

nlohmann::json coded_architecture(const scenario::Model& model) {
  const nn::CodedSpec& coded = *model.coded;
  return {{"input", nn::to_string(model.input)},
          {"coded",
           {{"inputs", coded.inputs},
            {"encoder",
             {{"network", std::string(scenario::name_of(coded.encoder, scenario::kCodedNets))},
              {"degree", coded.encoder_degree}}},
            {"computation",
             {{"kind", std::string(scenario::name_of(coded.computation, scenario::kCodedComputations))},
              {"network", std::string(scenario::name_of(coded.computation_net, scenario::kCodedNets))},
              {"degree", coded.computation_degree}}},
            {"channels", coded.channels},
            {"hidden", coded.hidden}}},
          {"loss", nn::to_string(model.loss)}};
}

}  // namespace

nlohmann::json architecture(const scenario::Model& model) {
  if (model.coded) return coded_architecture(model);
  if (!model.partitioned) return architecture(model.network(0));
  const auto& partitioned = *model.partitioned;
  nlohmann::json layers = {{"node", layer_texts(partitioned.node)}, {"decoder", layer_texts(partitioned.decoder)}};
  return {{"input", nn::to_string(model.input)},
          {"partition",
           {{"parts", partitioned.partitioning.parts},
            {"split", std::string(scenario::name_of(partitioned.partitioning.split, scenario::kSplits))}}},
          {"layers", layers},
          {"loss", nn::to_string(model.loss)}};
}

void write_saved_model(const std::string& directory, const nlohmann::json& architecture, const nn::Vector& parameters,
                       std::string_view name) {
  const std::string_view bytes(reinterpret_cast<const char*>(parameters.data()),
                               static_cast<std::size_t>(parameters.size()) * sizeof(float));
  nlohmann::json model = architecture;
  model["format"] = kFormat;
  model["parameters"] = parameters.size();
  model["parameters_file"] = std::string(name) + ".params";
  model["parameters_fnv1a"] = checksum(bytes);
  const std::filesystem::path dir(directory);
  write_file((dir / (std::string(name) + ".params")).string(), bytes);
  write_file((dir / (std::string(name) + ".json")).string(), model.dump(2) + "\n");
}

nn::Vector read_saved_model(const std::string& directory, const nlohmann::json& wanted, std::string_view name) {
  const std::filesystem::path dir(directory);
  const std::string json_path = (dir / (std::string(name) + ".json")).string();
  nlohmann::json saved;
  try {
    saved = nlohmann::json::parse(file_text(json_path));
  } catch (const nlohmann::json::exception& error) {
    throw SavedModelError(fmt::format("{}: not a saved model: {}", json_path, error.what()));
  }
  if (!saved.is_object() || saved.value("format", 0) != kFormat)
    throw SavedModelError(fmt::format("{}: not a saved model of format {}", json_path, kFormat));
  for (const char* key : {"input", "partition", "coded", "group", "loss", "layers"})
    if (saved.value(key, nlohmann::json()) != wanted.value(key, nlohmann::json()))
      throw SavedModelError(fmt::format("{}: the saved model has {} {}, but the scenario's model has {}", json_path,
                                        key, saved.value(key, nlohmann::json()).dump(),
                                        wanted.value(key, nlohmann::json()).dump()));
  const std::string params_path = (dir / (std::string(name) + ".params")).string();
  const std::string bytes = file_text(params_path);
  nn::Vector parameters(static_cast<Eigen::Index>(bytes.size() / sizeof(float)));
  if (bytes.size() % sizeof(float) != 0 || saved.value("parameters", -1L) != parameters.size() ||
      saved.value("parameters_fnv1a", "") != checksum(bytes))
    throw SavedModelError(fmt::format("{}: damaged: its size or checksum is not the one {} records", params_path,
                                      json_path));
  std::memcpy(parameters.data(), bytes.data(), bytes.size());
  return parameters;
}

}  // namespace ssim::report
