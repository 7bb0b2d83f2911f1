#include "data/dataset.hpp"
#include <gtest/gtest.h>
#include <stdexcept>

namespace ssim::data {
namespace {

// Five samples of two features (a 1x1x2 image); sample i holds (i, 10 i) and label i.
Dataset numbered() {
  Dataset data{"numbered", nn::Matrix(2, 5), nn::Labels(5), 5, {1, 1, 2}};
  for (int i = 0; i < 5; ++i) {
    data.features.col(i) << static_cast<float>(i), static_cast<float>(10 * i);
    data.labels(i) = i;
  }
  return data;
}

TEST(Dataset, GatherKeepsTheGivenOrder) {
  const Dataset data = numbered();
  const Indices batch = {3, 0, 3};
  EXPECT_EQ(gather(data.features, batch), (nn::Matrix(2, 3) << 3, 0, 3, 30, 0, 30).finished());
  EXPECT_EQ(gather(data.labels, batch), (nn::Labels(3) << 3, 0, 3).finished());
  EXPECT_EQ(gather(data.features, {}).cols(), 0);
}

TEST(Dataset, SubsetCopiesSamplesAndMetadata) {
  const Dataset part = subset(numbered(), {4, 1});
  EXPECT_EQ(part.name, "numbered");
  EXPECT_EQ(part.num_classes, 5);
  EXPECT_EQ(part.shape, (nn::Shape{1, 1, 2}));
  EXPECT_EQ(part.features, (nn::Matrix(2, 2) << 4, 1, 40, 10).finished());
  EXPECT_EQ(part.labels, (nn::Labels(2) << 4, 1).finished());
}

TEST(Dataset, SubsetRejectsIndicesOutsideTheSet) {
  EXPECT_THROW(subset(numbered(), {0, 5}), std::out_of_range);
  EXPECT_THROW(subset(numbered(), {-1}), std::out_of_range);
}

TEST(Dataset, HeadTakesAPrefixOrEverything) {
  const Dataset data = numbered();
  const Dataset two = head(data, 2);
  EXPECT_EQ(two.size(), 2);
  EXPECT_EQ(two.labels, (nn::Labels(2) << 0, 1).finished());
  EXPECT_EQ(two.features, data.features.leftCols(2));
  EXPECT_EQ(two.shape, (nn::Shape{1, 1, 2}));
  EXPECT_EQ(head(data, 0).size(), 5);
  EXPECT_EQ(head(data, -3).size(), 5);
  EXPECT_EQ(head(data, 9).size(), 5);
}

}  // namespace
}  // namespace ssim::data
