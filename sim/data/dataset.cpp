#include "data/dataset.hpp"
#include <stdexcept>
#include <string>

namespace ssim::data {

nn::Matrix gather(const nn::Matrix& features, const Indices& indices) { return features(Eigen::all, indices); }

nn::Labels gather(const nn::Labels& labels, const Indices& indices) { return labels(indices); }

Dataset subset(const Dataset& dataset, const Indices& indices) {
  for (Eigen::Index index : indices) {
    if (index < 0 || index >= dataset.size())
      throw std::out_of_range("subset of " + dataset.name + ": sample " + std::to_string(index) +
                              " is outside 0.." + std::to_string(dataset.size() - 1));
  }
  return {dataset.name, gather(dataset.features, indices), gather(dataset.labels, indices),
          dataset.num_classes, dataset.shape};
}

Dataset head(const Dataset& dataset, Eigen::Index count) {
  if (count <= 0 || count >= dataset.size()) return dataset;
  return {dataset.name, dataset.features.leftCols(count), dataset.labels.head(count), dataset.num_classes,
          dataset.shape};
}

}  // namespace ssim::data
