#include "report/saved_model.hpp"
#include "common/fnv1a.hpp"
#include "common/write_file.hpp"
#include "nn/shapes.hpp"
#include "nn/spec_text.hpp"
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

// What must match for saved parameters to mean the same network: shapes, layers, loss.
nlohmann::json architecture(const nn::NetworkSpec& spec) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& layer : spec.layers) layers.push_back(nn::to_string(layer));
  return {{"input", nn::to_string(spec.input)}, {"layers", layers}, {"loss", nn::to_string(spec.loss)}};
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

void write_saved_model(const std::string& directory, const nn::NetworkSpec& spec, const nn::Vector& parameters) {
  const std::string_view bytes(reinterpret_cast<const char*>(parameters.data()),
                               static_cast<std::size_t>(parameters.size()) * sizeof(float));
  nlohmann::json model = architecture(spec);
  model["format"] = kFormat;
  model["parameters"] = parameters.size();
  model["parameters_file"] = "model.params";
  model["parameters_fnv1a"] = checksum(bytes);
  const std::filesystem::path dir(directory);
  write_file((dir / "model.params").string(), bytes);
  write_file((dir / "model.json").string(), model.dump(2) + "\n");
}

nn::Vector read_saved_model(const std::string& directory, const nn::NetworkSpec& spec) {
  const std::filesystem::path dir(directory);
  const std::string json_path = (dir / "model.json").string();
  nlohmann::json saved;
  try {
    saved = nlohmann::json::parse(file_text(json_path));
  } catch (const nlohmann::json::exception& error) {
    throw SavedModelError(fmt::format("{}: not a saved model: {}", json_path, error.what()));
  }
  if (!saved.is_object() || saved.value("format", 0) != kFormat)
    throw SavedModelError(fmt::format("{}: not a saved model of format {}", json_path, kFormat));
  const nlohmann::json wanted = architecture(spec);
  for (const char* key : {"input", "loss", "layers"})
    if (saved.value(key, nlohmann::json()) != wanted[key])
      throw SavedModelError(fmt::format("{}: the saved model has {} {}, but the scenario's model has {}", json_path,
                                        key, saved.value(key, nlohmann::json()).dump(), wanted[key].dump()));
  const std::string params_path = (dir / "model.params").string();
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
