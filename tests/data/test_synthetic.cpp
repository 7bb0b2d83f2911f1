#include "data/loaders.hpp"
#include <gtest/gtest.h>
#include <stdexcept>

namespace ssim::data {
namespace {

// Fraction of samples closest to their own class mean: a floor on what an MLP can reach.
double nearest_mean_accuracy(const Dataset& data) {
  nn::Matrix means = nn::Matrix::Zero(data.feature_count(), data.num_classes);
  Eigen::VectorXf counts = Eigen::VectorXf::Zero(data.num_classes);
  for (Eigen::Index i = 0; i < data.size(); ++i) {
    means.col(data.labels(i)) += data.features.col(i);
    counts(data.labels(i)) += 1;
  }
  means.array().rowwise() /= counts.transpose().array();
  Eigen::Index correct = 0;
  for (Eigen::Index i = 0; i < data.size(); ++i) {
    Eigen::Index nearest = 0;
    (means.colwise() - data.features.col(i)).colwise().squaredNorm().minCoeff(&nearest);
    correct += nearest == data.labels(i);
  }
  return static_cast<double>(correct) / static_cast<double>(data.size());
}

TEST(Synthetic, ShapesLabelsAndRange) {
  const Dataset data = make_synthetic(1003, 20, 4, 7);
  ASSERT_EQ(data.size(), 1003);
  ASSERT_EQ(data.feature_count(), 20);
  EXPECT_EQ(data.num_classes, 4);
  EXPECT_EQ(data.name, "synthetic");
  EXPECT_EQ(data.shape, (nn::Shape{20, 1, 1}));
  EXPECT_GE(data.features.minCoeff(), 0.0f);
  EXPECT_LE(data.features.maxCoeff(), 1.0f);
  EXPECT_GE(data.labels.minCoeff(), 0);
  EXPECT_LE(data.labels.maxCoeff(), 3);
  for (int label = 0; label < 4; ++label) {
    const auto count = (data.labels.array() == label).count();
    EXPECT_GE(count, 250);
    EXPECT_LE(count, 251);
  }
  // Balanced prefixes, so head() gives balanced training and test sets.
  EXPECT_EQ(data.labels.head(8), (nn::Labels(8) << 0, 1, 2, 3, 0, 1, 2, 3).finished());
}

TEST(Synthetic, DeterministicPerSeed) {
  const Dataset a = make_synthetic(200, 10, 3, 42);
  const Dataset b = make_synthetic(200, 10, 3, 42);
  const Dataset other = make_synthetic(200, 10, 3, 43);
  EXPECT_EQ(a.features, b.features);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_NE(a.features, other.features);
}

// An image shape only labels the values: the draws depend on their count, so a scenario that
// changes `features: 84` into `shape: [1, 3, 28]` trains on the same numbers.
TEST(Synthetic, ImageShapeGivesTheSameValuesAsItsFeatureCount) {
  const Dataset image = make_synthetic(50, nn::Shape{2, 3, 4}, 3, 42);
  const Dataset vector = make_synthetic(50, 24, 3, 42);
  EXPECT_EQ(image.shape, (nn::Shape{2, 3, 4}));
  EXPECT_EQ(vector.shape, (nn::Shape{24, 1, 1}));
  EXPECT_EQ(image.features, vector.features);
  EXPECT_EQ(image.labels, vector.labels);
}

TEST(Synthetic, ClassesAreSeparable) {
  for (std::uint64_t seed : {1, 2, 3}) {
    EXPECT_GT(nearest_mean_accuracy(make_synthetic(2000, 20, 4, seed)), 0.99) << "seed " << seed;
    // Ten classes in two dimensions crowd together; the noise shrinks to keep them apart.
    EXPECT_GT(nearest_mean_accuracy(make_synthetic(2000, 2, 10, seed)), 0.95) << "seed " << seed;
  }
}

TEST(Synthetic, RejectsImpossibleShapes) {
  EXPECT_THROW(make_synthetic(-1, 2, 2, 0), std::invalid_argument);
  EXPECT_THROW(make_synthetic(10, 0, 2, 0), std::invalid_argument);
  EXPECT_THROW(make_synthetic(10, 2, 0, 0), std::invalid_argument);
  EXPECT_THROW(make_synthetic(10, nn::Shape{1, 0, 3}, 2, 0), std::invalid_argument);
  EXPECT_EQ(make_synthetic(0, 2, 2, 0).size(), 0);
}

}  // namespace
}  // namespace ssim::data
