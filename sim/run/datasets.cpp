#include "run/datasets.hpp"
#include "data/batches.hpp"
#include "data/loaders.hpp"

namespace ssim::run {

namespace {

// Shuffles a set once with the seed and cuts it into training and test parts.
Datasets split(const data::Dataset& all, Eigen::Index train_size, Eigen::Index test_size, std::uint64_t seed) {
  const auto order = data::shard_random(all.size(), 1, seed ^ 0x5eedda7aULL).front();
  const data::Indices test(order.begin(), order.begin() + test_size);
  const data::Indices train(order.begin() + test_size, order.begin() + test_size + train_size);
  return {data::subset(all, train), data::subset(all, test)};
}

}  // namespace

SetSizes iris_sizes(const scenario::Data& d, Eigen::Index rows) {
  const Eigen::Index test = d.test_samples > 0 ? std::min<Eigen::Index>(d.test_samples, rows - 1)
                                               : std::max<Eigen::Index>(1, rows / 5);
  const Eigen::Index train = d.train_samples > 0 ? std::min<Eigen::Index>(d.train_samples, rows - test) : rows - test;
  return {train, test};
}

SetSizes synthetic_sizes(const scenario::Data& data) {
  return {data.train_samples > 0 ? data.train_samples : 1000, data.test_samples > 0 ? data.test_samples : 200};
}

Datasets load_datasets(const scenario::Scenario& scenario) {
  if (scenario.compute == scenario::Compute::timing) return timing_datasets(scenario);
  const auto& d = scenario.data;
  using Kind = scenario::Data::Dataset;
  switch (d.dataset) {
    case Kind::fashion_mnist:
    case Kind::idx: {
      const std::string dir = d.path.empty() ? data::kFashionMnistDir : d.path;
      return {data::load_mnist_dir(dir, true, d.train_samples), data::load_mnist_dir(dir, false, d.test_samples)};
    }
    case Kind::iris: {
      const auto all = data::load_iris_csv(d.path.empty() ? data::default_iris_path() : d.path);
      const auto [train, test] = iris_sizes(d, all.size());
      return split(all, train, test, scenario.seed);
    }
    case Kind::synthetic: {
      const auto [train, test] = synthetic_sizes(d);
      return split(data::make_synthetic(train + test, d.shape, d.classes, scenario.seed), train, test,
                   scenario.seed);
    }
  }
  throw std::logic_error("unknown dataset kind");
}

}  // namespace ssim::run
