#include "scenario/choices.hpp"
#include "scenario/paths.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <limits>

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

// [C, H, W]: a sample of C channels of H x W values, as convolutions see it.
nn::Shape read_sample_shape(const Field& field) {
  constexpr std::string_view kExpected = "a list [channels, height, width] of integers >= 1";
  const std::vector<Field> sizes = list_elements(field, kExpected);
  if (sizes.size() != 3) field.fail_expected(kExpected);
  const nn::Shape shape{read_integer(sizes[0], 1), read_integer(sizes[1], 1), read_integer(sizes[2], 1)};
  // The same bound as `features`: a sample's values are counted in an int.
  if (shape.size() > std::numeric_limits<int>::max())
    field.fail(fmt::format("a sample of {} values, more than the {} a sample may hold", shape.size(),
                           std::numeric_limits<int>::max()));
  return shape;
}

nn::Shape read_synthetic_shape(const MapFields& map) {
  const auto features = map.optional("features");
  const auto shape = map.optional("shape");
  if (features && shape) shape->fail("not allowed with features (give one: features: N, or shape: [C, H, W])");
  if (shape) return read_sample_shape(*shape);
  if (!features) map.fail("missing required key 'features' (or 'shape': [C, H, W])");
  return {read_integer(*features, 1), 1, 1};
}

}  // namespace

Data read_data(const Field& field, const std::filesystem::path& base_dir) {
  const MapFields map(field, {"dataset", "path", "train_samples", "test_samples", "features", "shape", "classes"});
  const Field dataset = map.required("dataset");
  Data data;
  data.dataset = read_choice(dataset, kDatasets);
  if (data.dataset == Data::Dataset::synthetic) {
    map.forbid("path", "with dataset synthetic (its samples are generated)");
  } else {
    const std::string why = fmt::format("with dataset {} (only with synthetic)", dataset.node().Scalar());
    for (const char* key : {"features", "shape", "classes"}) map.forbid(key, why);
  }
  switch (data.dataset) {
    case Data::Dataset::fashion_mnist: data.path = read_fashion_mnist_path(map, dataset, base_dir); break;
    case Data::Dataset::idx: data.path = read_existing_directory(map.required("path"), base_dir); break;
    case Data::Dataset::iris: data.path = read_iris_path(map, base_dir); break;
    case Data::Dataset::synthetic:
      data.shape = read_synthetic_shape(map);
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
