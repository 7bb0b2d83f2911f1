// The training and test sets a scenario's `data:` section names.
#pragma once
#include "data/dataset.hpp"
#include "scenario/scenario.hpp"
#include <optional>

namespace ssim::run {

struct SetSizes {
  Eigen::Index train, test;
};

struct Datasets {
  data::Dataset train;
  data::Dataset test;
  // Timing mode (scenario `compute: timing`) reads and makes no sample: `train` and `test` are
  // empty sets of the samples' shape, and these are the sizes they would have.
  std::optional<SetSizes> sizes_only = std::nullopt;
  SetSizes sizes() const { return sizes_only.value_or(SetSizes{train.size(), test.size()}); }
};

// Fashion-MNIST and IDX sets have their own test files; Iris and synthetic sets are split here,
// seeded by the scenario (Iris: a fifth of the samples for testing, 30 of the 150, unless
// test_samples says otherwise; synthetic: 1000 training and 200 test samples by default).
// In timing mode, only their sizes and shape: from the IDX headers, the Iris rows, the synthetic sizes.
Datasets load_datasets(const scenario::Scenario& scenario);

// The sizes of the synthetic sets `data` asks for, known before they are made.
SetSizes synthetic_sizes(const scenario::Data& data);
// The sizes of the Iris sets `data` asks for from a file of `rows` samples.
SetSizes iris_sizes(const scenario::Data& data, Eigen::Index rows);
// Timing mode's sets (run/timing_datasets.cpp), which load_datasets gives then.
Datasets timing_datasets(const scenario::Scenario& scenario);

}  // namespace ssim::run
