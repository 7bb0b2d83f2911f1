// Iris from data/iris.csv: a header line, then four measurements and the species per row.
#include "data/loaders.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace ssim::data {
namespace {

constexpr int kFeatures = 4;
constexpr std::array<std::string_view, 3> kSpecies = {"setosa", "versicolor", "virginica"};
constexpr std::array<std::string_view, kFeatures> kColumns = {"sepal_length", "sepal_width", "petal_length",
                                                              "petal_width"};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const auto comma = line.find(',', start);
    fields.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

template <typename T>
bool parse(std::string_view text, T& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

// A species name (UCI's "Iris-" prefix accepted) or its index.
int parse_species(std::string_view text) {
  if (text.starts_with("Iris-")) text.remove_prefix(5);
  for (std::size_t i = 0; i < kSpecies.size(); ++i)
    if (text == kSpecies[i]) return static_cast<int>(i);
  int index = -1;
  if (parse(text, index) && index >= 0 && index < static_cast<int>(kSpecies.size())) return index;
  return -1;
}

bool is_header(const std::vector<std::string_view>& fields) {
  float number = 0;
  return !parse(fields.front(), number);
}

}  // namespace

std::string default_iris_path() { return STRAGGLESIM_SOURCE_DIR "/data/iris.csv"; }

Eigen::Index count_iris_rows(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error(path + ": cannot open");
  Eigen::Index rows = 0;
  std::string line;
  for (int line_number = 1; std::getline(file, line); ++line_number)
    if (!trim(line).empty() && !(line_number == 1 && is_header(split(line)))) ++rows;
  if (file.bad()) throw std::runtime_error(path + ": read error");
  if (rows == 0) throw std::runtime_error(path + ": no samples");
  return rows;
}

Dataset load_iris_csv(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error(path + ": cannot open");

  std::vector<float> values;  // kFeatures per sample, sample after sample
  std::vector<int> species;
  std::string line;
  for (int line_number = 1; std::getline(file, line); ++line_number) {
    if (trim(line).empty()) continue;
    const auto fields = split(line);
    if (line_number == 1 && is_header(fields)) continue;
    const auto where = fmt::format("{}:{}", path, line_number);
    if (fields.size() != kFeatures + 1)
      throw std::runtime_error(fmt::format("{}: expected {} comma-separated fields ({}, species), got {}", where,
                                           kFeatures + 1, fmt::join(kColumns, ", "), fields.size()));
    for (int i = 0; i < kFeatures; ++i) {
      float value = 0;
      if (!parse(fields[i], value) || !std::isfinite(value))
        throw std::runtime_error(fmt::format("{}: expected a number for {}, got '{}'", where, kColumns[i], fields[i]));
      values.push_back(value);
    }
    const int index = parse_species(fields.back());
    if (index < 0)
      throw std::runtime_error(fmt::format("{}: expected a species ({}) or its index 0-{}, got '{}'", where,
                                           fmt::join(kSpecies, ", "), kSpecies.size() - 1, fields.back()));
    species.push_back(index);
  }
  if (file.bad()) throw std::runtime_error(path + ": read error");
  if (species.empty()) throw std::runtime_error(path + ": no samples");

  const auto count = static_cast<Eigen::Index>(species.size());
  Dataset dataset;
  dataset.name = "iris";
  dataset.features = Eigen::Map<const nn::Matrix>(values.data(), kFeatures, count);
  dataset.labels = Eigen::Map<const nn::Labels>(species.data(), count);
  dataset.num_classes = static_cast<int>(kSpecies.size());
  dataset.shape = {kFeatures, 1, 1};

  const nn::Vector low = dataset.features.rowwise().minCoeff();
  const nn::Vector range = dataset.features.rowwise().maxCoeff() - low;
  for (int i = 0; i < kFeatures; ++i) {
    auto feature = dataset.features.row(i);
    // A constant column carries no information; 0 keeps it finite.
    if (range(i) > 0) feature = (feature.array() - low(i)) / range(i);
    else feature.setZero();
  }
  return dataset;
}

}  // namespace ssim::data
