#include "run/check_data.hpp"
#include "nn/shapes.hpp"
#include "run/memory_estimate.hpp"
#include "data/loaders.hpp"
#include "scenario/choices.hpp"
#include "scenario/locate.hpp"
#include "schemes/infer_parity_options.hpp"
#include "schemes/shared_options.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <stdexcept>

namespace ssim::run {
namespace {

using scenario::Scenario;
using Kind = scenario::Data::Dataset;
using Split = schemes::BlockSplitOptions::Split;

// The files a set came from, for messages.
struct Sources {
  std::string samples, labels;
};

Sources sources_of(const Scenario& s, bool train) {
  switch (s.data.dataset) {
    case Kind::fashion_mnist:
    case Kind::idx: {
      const auto files = data::find_mnist_files(s.data.path.empty() ? data::kFashionMnistDir : s.data.path, train);
      return {files.images, files.labels};
    }
    case Kind::iris: {
      const std::string path = s.data.path.empty() ? data::default_iris_path() : s.data.path;
      return {path, path};
    }
    case Kind::synthetic: return {"synthetic data", "synthetic data"};
  }
  return {};
}

// `samples`: the set's size (set.size(), or in timing mode the size it would have: it holds none).
void check_shape(const Scenario& s, const data::Dataset& set, Eigen::Index samples, bool train) {
  const auto where = scenario::field_of(s, {"data.path", "data.dataset"});
  const long inputs = s.model.input.size();
  const int outputs = scenario::class_count(s.data);  // what the model's last layer outputs
  if (samples > 0 && set.feature_count() != inputs)
    where.fail(fmt::format("{}: samples of {} values, but the model has {} inputs", sources_of(s, train).samples,
                           set.feature_count(), inputs));
  // Same size, other layout (IDX images of another width): convolutions would read them wrongly.
  if (samples > 0 && set.shape != s.model.input)
    where.fail(fmt::format("{}: samples of shape {}, but the model takes {}", sources_of(s, train).samples,
                           nn::to_string(set.shape), nn::to_string(s.model.input)));
  const auto bad = std::find_if(set.labels.begin(), set.labels.end(),
                                [outputs](int label) { return label < 0 || label >= outputs; });
  if (bad != set.labels.end())
    where.fail(fmt::format("{}: label {} at item {} is outside 0..{} (the model has {} outputs)",
                           sources_of(s, train).labels, *bad, bad - set.labels.begin(), outputs - 1, outputs));
  if (!train && samples == 0)
    scenario::field_of(s, {"data.test_samples", "data.path", "data.dataset"})
        .fail(fmt::format("{}: no test samples to evaluate the model on", sources_of(s, false).samples));
  // A coded model is evaluated on groups of K test samples.
  if (!train && s.model.coded && samples < s.model.coded->inputs)
    scenario::field_of(s, {"data.test_samples", "data.path", "data.dataset"})
        .fail(fmt::format("{}: {} test samples cannot make one group of model.coded.inputs = {} to evaluate the "
                          "coded model on",
                          sources_of(s, false).samples, samples, s.model.coded->inputs));
}

// Samples of each class in the training set.
std::vector<Eigen::Index> class_counts(const data::Dataset& train, int classes) {
  std::vector<Eigen::Index> counts(static_cast<std::size_t>(classes), 0);
  for (int label : train.labels) ++counts[static_cast<std::size_t>(label)];
  return counts;
}

// What keeps a worker from getting a training sample, or nothing (`samples` as check_shape's).
// Pipelined (ring_tmp) and single training feed every sample through one entry point, so they only
// need one; the others give each worker a share: an equal cut of the shuffled set, one class each,
// or an equal number of each class. The class splits count labels, which timing mode does not read:
// no scheme with such a split runs in it.
std::string why_a_worker_gets_nothing(const Scenario& s, const data::Dataset& train, Eigen::Index samples) {
  const auto& scheme = s.scheme;
  // ring_tmp's nodes share one model's batches; a serving scheme trains on its frontend alone, or
  // not at all when it serves an earlier run's model.
  if (s.serving && !s.serving->model.empty()) return "";
  if (s.model.coded && samples < s.model.coded->inputs)
    return fmt::format("{} training samples cannot make one group of model.coded.inputs = {}", samples,
                       s.model.coded->inputs);
  if (const auto* parity = scheme.options_if<schemes::InferParityOptions>(); parity && samples < parity->group)
    return fmt::format("{} training samples cannot make one group of scheme.group = {} for the parity model",
                       samples, parity->group);
  const int workers = scheme.name == "ring_tmp" || s.serving ? 1 : scheme.workers;
  const auto* blocks = scheme.options_if<schemes::BlockSplitOptions>();  // one block per worker
  const auto counts = class_counts(train, scenario::class_count(s.data));
  if (blocks && blocks->split == Split::by_class) {
    for (std::size_t c = 0; c < counts.size(); ++c)
      if (counts[c] == 0) return fmt::format("class {} has no training sample, but split by_class gives it worker {}", c, c);
    return "";
  }
  if (blocks && blocks->split == Split::equal) {
    if (std::all_of(counts.begin(), counts.end(), [workers](Eigen::Index n) { return n < workers; }))
      return fmt::format("no class has a training sample for each of the {} workers (split equal gives every worker "
                         "the same number of each class)", workers);
    return "";
  }
  if (samples < workers)
    return workers == 1 ? "no training samples"
                        : fmt::format("{} training samples cannot give each of the {} workers one", samples, workers);
  return "";
}

}  // namespace

Datasets check_data(const Scenario& s) {
  Datasets datasets;
  // Synthetic sets are made, not read: one too large for this machine is refused before it is made.
  if (s.data.dataset == Kind::synthetic) check_memory(s, synthetic_sizes(s.data));
  try {
    datasets = load_datasets(s);
  } catch (const std::runtime_error& error) {  // the loaders name the file and what is wrong in it
    scenario::field_of(s, {"data.path", "data.dataset"}).fail(error.what());
  }
  check_data_fits(s, datasets);
  return datasets;
}

void check_data_fits(const Scenario& s, const Datasets& datasets) {
  const SetSizes sizes = datasets.sizes();
  check_shape(s, datasets.train, sizes.train, true);
  check_shape(s, datasets.test, sizes.test, false);
  if (const auto why = why_a_worker_gets_nothing(s, datasets.train, sizes.train); !why.empty())
    scenario::field_of(s, {"data.train_samples", "data.path", "data.dataset"})
        .fail(fmt::format("{}: {}", sources_of(s, true).samples, why));
}

std::string data_key(const Scenario& s) {
  const auto& d = s.data;
  // The seed shuffles Iris and makes synthetic data; the IDX files are read in their order.
  const bool seeded = d.dataset == scenario::Data::Dataset::iris || d.dataset == scenario::Data::Dataset::synthetic;
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(d.dataset), d.path, d.train_samples, d.test_samples,
                     nn::to_string(d.shape), d.classes, seeded ? s.seed : 0, static_cast<int>(s.compute));
}

}  // namespace ssim::run
