// Readers for the datasets a scenario can name. Every loader throws std::runtime_error with
// the file name and what was wrong when a file is missing or malformed.
#pragma once
#include "data/dataset.hpp"
#include <string>

namespace ssim::data {

// MNIST-format IDX files (idx3 images, idx1 labels), gzipped or not. Pixels scaled to [0, 1].
// limit <= 0 reads everything. num_classes is 10 (the MNIST family) unless a label is larger.
// A gzipped file is decompressed once per machine and kept in the cache of decoded files
// (data/idx_cache.hpp); the data is the same bits from the cache or not.
Dataset load_idx(const std::string& images_path, const std::string& labels_path, Eigen::Index limit = 0);

// Fashion-MNIST (or MNIST) from a directory holding {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz].
Dataset load_mnist_dir(const std::string& directory, bool train, Eigen::Index limit = 0);
// The files load_mnist_dir reads (the gzipped copy when both are there).
struct MnistFiles {
  std::string images, labels;
};
MnistFiles find_mnist_files(const std::string& directory, bool train);
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Iris as a CSV: four numeric columns then a class name or index; features scaled to [0, 1]
// by each column's min and max.
Dataset load_iris_csv(const std::string& path);
std::string default_iris_path();  // data/iris.csv in the source tree

// Gaussian blobs: `classes` centres drawn from the seed, samples spread around them; learnable.
// Sample i has class i % classes. The centres depend on the seed, so a test set must come
// from the same call as its training set (split one set with head/subset).
// Samples have `shape`; the values drawn depend only on its size, so features: 84 and shape 1x3x28
// give the same numbers.
Dataset make_synthetic(Eigen::Index samples, nn::Shape shape, int classes, std::uint64_t seed);
// Samples of `features` values (shape features x 1 x 1).
Dataset make_synthetic(Eigen::Index samples, int features, int classes, std::uint64_t seed);

}  // namespace ssim::data
