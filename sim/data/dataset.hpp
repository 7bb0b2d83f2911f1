// In-memory labelled datasets: one sample per column of `features`, values scaled to [0, 1].
#pragma once
#include "nn/spec.hpp"
#include "nn/tensor.hpp"
#include <cstdint>
#include <string>
#include <vector>

namespace ssim::data {

struct Dataset {
  std::string name;
  nn::Matrix features;  // features x samples
  nn::Labels labels;    // samples
  int num_classes = 0;
  nn::Shape shape;      // of one sample: shape.size() == feature_count()
  Eigen::Index size() const { return features.cols(); }
  Eigen::Index feature_count() const { return features.rows(); }
};

using Indices = std::vector<Eigen::Index>;

// Copies the given samples, in the given order.
Dataset subset(const Dataset& dataset, const Indices& indices);
// The first `count` samples (all if count <= 0 or larger than the set).
Dataset head(const Dataset& dataset, Eigen::Index count);

// One batch: the given columns of `features` (or entries of `labels`), in the given order.
// Indices are not checked here (Eigen asserts them in debug builds); subset checks them.
nn::Matrix gather(const nn::Matrix& features, const Indices& indices);
nn::Labels gather(const nn::Labels& labels, const Indices& indices);

}  // namespace ssim::data
