#include "scenario/choices.hpp"
#include "scenario/paths.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>

namespace ssim::scenario {
namespace {

constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

std::string read_fashion_mnist_path(const MapFields& map, const Field& dataset,
                                    const std::filesystem::path& base_dir) {
  if (auto path = map.optional("path")) return read_existing_directory(*path, base_dir);
  if (std::error_code error; !std::filesystem::is_directory(kFashionMnistDir, error))
    dataset.fail(fmt::format("fashion-mnist is not installed in '{}' (set data.path)", kFashionMnistDir));
  return kFashionMnistDir;
}

// The empty string stands for the copy shipped with the simulator.
std::string read_iris_path(const MapFields& map, const std::filesystem::path& base_dir) {
  const auto path = map.optional("path");
  return path && !read_string(*path).empty() ? read_existing_file(*path, base_dir) : "";
}

}  // namespace

Data read_data(const Field& field, const std::filesystem::path& base_dir) {
  const MapFields map(field, {"dataset", "path", "train_samples", "test_samples", "features", "classes"});
  const Field dataset = map.required("dataset");
  Data data;
  data.dataset = read_choice(dataset, kDatasets);
  if (data.dataset == Data::Dataset::synthetic) {
    map.forbid("path", "with dataset synthetic (its samples are generated)");
  } else {
    const std::string why = fmt::format("with dataset {} (only with synthetic)", dataset.node().Scalar());
    for (const char* key : {"features", "classes"}) map.forbid(key, why);
  }
  switch (data.dataset) {
    case Data::Dataset::fashion_mnist: data.path = read_fashion_mnist_path(map, dataset, base_dir); break;
    case Data::Dataset::idx: data.path = read_existing_directory(map.required("path"), base_dir); break;
    case Data::Dataset::iris: data.path = read_iris_path(map, base_dir); break;
    case Data::Dataset::synthetic:
      data.features = read_integer(map.required("features"), 1);
      // Placing the class centres compares each with all the others: work grows with classes
      // squared, and a million classes never finish.
      data.classes = read_integer(map.required("classes"), 2, 1000);
      break;
  }
  if (auto train = map.optional("train_samples")) data.train_samples = read_integer(*train, 0L);
  if (auto test = map.optional("test_samples")) data.test_samples = read_integer(*test, 0L);
  return data;
}

}  // namespace ssim::scenario
