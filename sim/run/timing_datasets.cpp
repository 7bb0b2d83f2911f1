// Timing mode's sets: no sample, the shape of one, and the sizes the sets would have.
#include "data/loaders.hpp"
#include "run/datasets.hpp"
#include <algorithm>
#include <stdexcept>

namespace ssim::run {

Datasets timing_datasets(const scenario::Scenario& scenario) {
  const auto& d = scenario.data;
  auto empty_set = [](nn::Shape shape) {
    data::Dataset set;
    set.features.resize(shape.size(), 0);
    set.shape = shape;
    return set;
  };
  auto limited = [](Eigen::Index count, long limit) { return limit > 0 ? std::min<Eigen::Index>(count, limit) : count; };
  using Kind = scenario::Data::Dataset;
  switch (d.dataset) {
    case Kind::fashion_mnist:
    case Kind::idx: {
      const std::string dir = d.path.empty() ? data::kFashionMnistDir : d.path;
      const auto train = data::read_mnist_header(dir, true), test = data::read_mnist_header(dir, false);
      return {empty_set(train.shape), empty_set(test.shape),
              SetSizes{limited(train.count, d.train_samples), limited(test.count, d.test_samples)}};
    }
    case Kind::iris:
      return {empty_set(scenario::sample_shape(d)), empty_set(scenario::sample_shape(d)),
              iris_sizes(d, data::count_iris_rows(d.path.empty() ? data::default_iris_path() : d.path))};
    case Kind::synthetic:
      return {empty_set(scenario::sample_shape(d)), empty_set(scenario::sample_shape(d)), synthetic_sizes(d)};
  }
  throw std::logic_error("unknown dataset kind");
}

}  // namespace ssim::run
