// The Fashion-MNIST files installed by Debian's dataset-fashion-mnist package.
#include "data/loaders.hpp"
#include <gtest/gtest.h>
#include <filesystem>

namespace ssim::data {
namespace {

class FashionMnist : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::is_directory(kFashionMnistDir))
        << kFashionMnistDir << " is missing: scripts/install-deps installs dataset-fashion-mnist";
  }
};

void expect_well_formed(const Dataset& data) {
  ASSERT_EQ(data.feature_count(), 28 * 28);
  EXPECT_EQ(data.shape, (nn::Shape{1, 28, 28}));
  ASSERT_EQ(data.size(), 100);
  EXPECT_EQ(data.labels.size(), 100);
  EXPECT_EQ(data.num_classes, 10);
  EXPECT_GE(data.labels.minCoeff(), 0);
  EXPECT_LE(data.labels.maxCoeff(), 9);
  EXPECT_EQ(data.features.minCoeff(), 0.0f);
  EXPECT_EQ(data.features.maxCoeff(), 1.0f);
}

TEST_F(FashionMnist, FirstTrainingSamples) {
  const Dataset train = load_mnist_dir(kFashionMnistDir, true, 100);
  expect_well_formed(train);
  EXPECT_EQ(train.name, "fashion-mnist/train");
  // Ankle boot, T-shirt, T-shirt, dress, T-shirt, pullover, sneaker, pullover, sandal, sandal.
  EXPECT_EQ(train.labels.head(10), (nn::Labels(10) << 9, 0, 0, 3, 0, 2, 7, 2, 5, 5).finished());
  // The first image's bytes sum to 76247 (433 non-zero pixels).
  EXPECT_NEAR(train.features.col(0).sum(), 76247.0f / 255.0f, 1e-3f);
  EXPECT_EQ((train.features.col(0).array() > 0).count(), 433);
}

TEST_F(FashionMnist, FirstTestSamples) {
  const Dataset test = load_mnist_dir(kFashionMnistDir, false, 100);
  expect_well_formed(test);
  EXPECT_EQ(test.name, "fashion-mnist/test");
  EXPECT_EQ(test.labels.head(10), (nn::Labels(10) << 9, 2, 1, 1, 6, 1, 4, 6, 5, 7).finished());
  EXPECT_NEAR(test.features.col(0).sum(), 33456.0f / 255.0f, 1e-3f);
}

}  // namespace
}  // namespace ssim::data
