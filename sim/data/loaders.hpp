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

// What an IDX pair's headers say, read without its samples: the images' count and shape. Throws as
// load_idx does for a header that is not an IDX one, empty or too large images, or counts that
// differ; samples a file does not hold (a truncated file) are not noticed.
struct IdxHeader {
  Eigen::Index count = 0;
  nn::Shape shape;
};
IdxHeader read_idx_header(const std::string& images_path, const std::string& labels_path);
IdxHeader read_mnist_header(const std::string& directory, bool train);  // of load_mnist_dir's files

// Iris as a CSV: four numeric columns then a class name or index; features scaled to [0, 1]
// by each column's min and max.
Dataset load_iris_csv(const std::string& path);
std::string default_iris_path();  // data/iris.csv in the source tree
// The samples load_iris_csv would read (its non-empty lines but a header), without reading them:
// a malformed row is not noticed. Throws when the file cannot be read or holds no sample.
Eigen::Index count_iris_rows(const std::string& path);

// Gaussian blobs: `classes` centres drawn from the seed, samples spread around them; learnable.
// Sample i has class i % classes. The centres depend on the seed, so a test set must come
// from the same call as its training set (split one set with head/subset).
// Samples have `shape`; the values drawn depend only on its size, so features: 84 and shape 1x3x28
// give the same numbers.
Dataset make_synthetic(Eigen::Index samples, nn::Shape shape, int classes, std::uint64_t seed);
// Samples of `features` values (shape features x 1 x 1).
Dataset make_synthetic(Eigen::Index samples, int features, int classes, std::uint64_t seed);

}  // namespace ssim::data
