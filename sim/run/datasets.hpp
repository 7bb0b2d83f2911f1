// The training and test sets a scenario's `data:` section names.
#pragma once
#include "data/dataset.hpp"
#include "scenario/scenario.hpp"

namespace ssim::run {

struct Datasets {
  data::Dataset train;
  data::Dataset test;
};

// Fashion-MNIST and IDX sets have their own test files; Iris and synthetic sets are split here,
// seeded by the scenario (Iris: a fifth of the samples for testing, 30 of the 150, unless
// test_samples says otherwise; synthetic: 1000 training and 200 test samples by default).
Datasets load_datasets(const scenario::Scenario& scenario);

struct SetSizes {
  Eigen::Index train, test;
};
// The sizes of the synthetic sets `data` asks for, known before they are made.
SetSizes synthetic_sizes(const scenario::Data& data);

}  // namespace ssim::run
