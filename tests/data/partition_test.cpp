#include "data/partition.hpp"
#include <gtest/gtest.h>
#include <stdexcept>

namespace ssim::data {
namespace {

using Split = Partitioning::Split;

// One column per sample; sample s holds value(s, index) at each index.
template <class Value>
nn::Matrix samples_of(nn::Shape shape, int count, Value value) {
  nn::Matrix samples(shape.size(), count);
  for (int s = 0; s < count; ++s)
    for (int y = 0; y < shape.height; ++y)
      for (int x = 0; x < shape.width; ++x)
        for (int c = 0; c < shape.channels; ++c)
          samples((long(y) * shape.width + x) * shape.channels + c, s) = value(s, y, x, c);
  return samples;
}

nn::Matrix column(std::initializer_list<float> values) {
  nn::Matrix result(static_cast<Eigen::Index>(values.size()), 1);
  Eigen::Index i = 0;
  for (float v : values) result(i++, 0) = v;
  return result;
}

TEST(PartShape, TwentyEightByTwentyEightIntoTenAndFiftyParts) {
  const nn::Shape mnist{1, 28, 28};
  EXPECT_EQ(part_shape(mnist, {Split::interleave, 10}), (nn::Shape{79, 1, 1}));
  EXPECT_EQ(part_shape(mnist, {Split::rows, 10}), (nn::Shape{1, 3, 28}));
  EXPECT_EQ(part_shape(mnist, {Split::interleave, 50}), (nn::Shape{16, 1, 1}));
  EXPECT_EQ(part_shape(mnist, {Split::rows, 50}), (nn::Shape{1, 1, 28}));
  EXPECT_EQ(part_shape({3, 5, 4}, {Split::rows, 2}), (nn::Shape{3, 3, 4}));
}

TEST(PartShape, RejectsBadPartCountsAndShapes) {
  EXPECT_THROW(part_shape({1, 2, 3}, {Split::interleave, 0}), std::invalid_argument);
  EXPECT_THROW(part_shape({1, 2, 3}, {Split::rows, 0}), std::invalid_argument);
  EXPECT_THROW(part_shape({1, 2, 3}, {Split::interleave, 7}), std::invalid_argument);
  EXPECT_NO_THROW(part_shape({1, 2, 3}, {Split::interleave, 6}));
  EXPECT_EQ(part_shape({1, 2, 3}, {Split::rows, 5}), (nn::Shape{1, 1, 3}));  // upsampled to 5 rows
  EXPECT_THROW(part_shape({1, 0, 3}, {Split::rows, 1}), std::invalid_argument);
}

TEST(SplitSamples, InterleaveOfATwoByThreeImageIntoFourPartsPadsToEight) {
  const nn::Shape shape{1, 2, 3};
  // Values 1..6 in the first sample, ten times that in the second.
  const nn::Matrix samples = samples_of(shape, 2, [](int s, int y, int x, int) { return (s ? 10.f : 1.f) * (y * 3 + x + 1); });
  const auto parts = split_samples(samples, shape, {Split::interleave, 4});
  ASSERT_EQ(parts.size(), 4u);
  const float expected[4][2] = {{1, 5}, {2, 6}, {3, 0}, {4, 0}};  // padded: 1 2 3 4 5 6 0 0
  for (int part = 0; part < 4; ++part) {
    ASSERT_EQ(parts[part].rows(), 2);
    ASSERT_EQ(parts[part].cols(), 2);
    for (int k = 0; k < 2; ++k) {
      EXPECT_EQ(parts[part](k, 0), expected[part][k]) << "part " << part << " value " << k;
      EXPECT_EQ(parts[part](k, 1), 10 * expected[part][k]) << "part " << part << " value " << k;
    }
  }
}

TEST(SplitSamples, RowsOfAFourByThreeImageIntoTwoAndFourBands) {
  const nn::Shape shape{1, 4, 3};
  const nn::Matrix image = samples_of(shape, 1, [](int, int y, int x, int) { return 10.f * y + x; });
  const auto halves = split_samples(image, shape, {Split::rows, 2});
  ASSERT_EQ(halves.size(), 2u);
  EXPECT_EQ(halves[0], column({0, 1, 2, 10, 11, 12}));
  EXPECT_EQ(halves[1], column({20, 21, 22, 30, 31, 32}));
  const auto quarters = split_samples(image, shape, {Split::rows, 4});
  ASSERT_EQ(quarters.size(), 4u);
  EXPECT_EQ(quarters[0], column({0, 1, 2}));
  EXPECT_EQ(quarters[1], column({10, 11, 12}));
  EXPECT_EQ(quarters[2], column({20, 21, 22}));
  EXPECT_EQ(quarters[3], column({30, 31, 32}));
}

TEST(SplitSamples, RowBandsKeepEveryChannelOfTheirRows) {
  const nn::Shape shape{2, 2, 2};  // value (y, x, c) = 100 y + 10 x + c
  const nn::Matrix image = samples_of(shape, 1, [](int, int y, int x, int c) { return 100.f * y + 10.f * x + c; });
  const auto parts = split_samples(image, shape, {Split::rows, 2});
  EXPECT_EQ(parts[0], column({0, 1, 10, 11}));
  EXPECT_EQ(parts[1], column({100, 101, 110, 111}));
}

TEST(SplitSamples, TwentyEightRowsIntoTenBandsAreTheThirtyRowResizeCutInThrees) {
  const nn::Shape shape{1, 28, 28};
  const nn::Matrix samples = samples_of(shape, 3, [](int s, int y, int x, int) { return float((s + 1) * (y * y + 3 * x) % 17) / 17; });
  const nn::Matrix resized = resize_height_bicubic(samples, shape, 30);
  const auto parts = split_samples(samples, shape, {Split::rows, 10});
  ASSERT_EQ(parts.size(), 10u);
  for (int part = 0; part < 10; ++part) {
    ASSERT_EQ(parts[part].rows(), 3 * 28);
    EXPECT_EQ(parts[part], resized.middleRows(part * 3 * 28, 3 * 28)) << "band " << part;
  }
}

TEST(SplitSamples, RejectsSamplesOfAnotherSize) {
  EXPECT_THROW(split_samples(nn::Matrix::Zero(5, 2), {1, 2, 3}, {Split::interleave, 2}), std::invalid_argument);
  EXPECT_THROW(split_samples(nn::Matrix::Zero(5, 2), {1, 2, 3}, {Split::rows, 2}), std::invalid_argument);
}

TEST(ResizeHeightBicubic, SameHeightIsTheIdentity) {
  const nn::Shape shape{2, 5, 3};
  const nn::Matrix samples = samples_of(shape, 4, [](int s, int y, int x, int c) { return float(s * 31 + y * 7 + x * 3 + c) / 50; });
  EXPECT_EQ(resize_height_bicubic(samples, shape, 5), samples);
}

TEST(ResizeHeightBicubic, AConstantImageStaysConstantEnlargedOrShrunk) {
  const nn::Shape shape{3, 5, 4};
  const nn::Matrix samples = nn::Matrix::Constant(shape.size(), 2, 0.7f);
  for (int new_height : {9, 2, 1}) {
    const nn::Matrix resized = resize_height_bicubic(samples, shape, new_height);
    ASSERT_EQ(resized.rows(), 3 * 4 * new_height);
    EXPECT_NEAR(resized.minCoeff(), 0.7f, 1e-6f) << new_height << " rows";
    EXPECT_NEAR(resized.maxCoeff(), 0.7f, 1e-6f) << new_height << " rows";
  }
}

TEST(ResizeHeightBicubic, ALinearRampInYStaysLinearAwayFromTheEdges) {
  const nn::Shape shape{2, 8, 3};
  const auto ramp = [](int s, int y, int x, int c) { return 0.25f * y + 0.1f * x + c + s; };
  const nn::Matrix samples = samples_of(shape, 2, ramp);
  const int new_height = 13;
  const nn::Matrix resized = resize_height_bicubic(samples, shape, new_height);
  int checked = 0;
  for (int row = 0; row < new_height; ++row) {
    const double source = (row + 0.5) * 8 / new_height - 0.5;
    if (source < 1 || source > 6) continue;  // the four taps reach a replicated edge row
    ++checked;
    for (int s = 0; s < 2; ++s)
      for (int x = 0; x < 3; ++x)
        for (int c = 0; c < 2; ++c)
          EXPECT_NEAR(resized((long(row) * 3 + x) * 2 + c, s), 0.25 * source + 0.1 * x + c + s, 1e-5)
              << "row " << row << " x " << x << " c " << c << " sample " << s;
  }
  EXPECT_EQ(checked, 9);
}

TEST(ResizeHeightBicubic, FourRowsToFiveByHand) {
  // Rows 1, 2, 4, 8. Output row 2 sits at source 1.5: weights k(1.5), k(0.5), k(0.5), k(1.5) =
  // -1/16, 9/16, 9/16, -1/16 -> 2.8125. Output row 1 at source 0.7: taps -1..2 at distances 1.7,
  // 0.7, 0.3, 1.3, weights -0.0315, 0.2895, 0.8155, -0.0735, tap -1 replicating row 0 -> 1.595.
  const nn::Matrix image = column({1, 2, 4, 8});
  const nn::Matrix resized = resize_height_bicubic(image, {1, 4, 1}, 5);
  ASSERT_EQ(resized.rows(), 5);
  EXPECT_NEAR(resized(2, 0), 2.8125f, 1e-6f);
  EXPECT_NEAR(resized(1, 0), 1.595f, 1e-6f);
}

TEST(ResizeHeightBicubic, ShrinkingWidensTheKernel) {
  // 4 -> 2 rows: output row 0 sits at source 0.5; the kernel 0.5 k(0.5 d) reaches taps -3..4,
  // taps -3..0 replicate row 0: weights 1/2, 0.43359375, 0.11328125, -0.046875 on rows 0..3.
  const nn::Matrix resized = resize_height_bicubic(column({1, 2, 4, 8}), {1, 4, 1}, 2);
  EXPECT_NEAR(resized(0, 0), 1.4453125f, 1e-6f);
  EXPECT_NEAR(resized(1, 0), 5.9140625f, 1e-6f);  // the same weights mirrored
  // 2 -> 1 row: weights symmetric about the middle, so the mean of the two rows.
  EXPECT_NEAR(resize_height_bicubic(column({3, 5}), {1, 2, 1}, 1)(0, 0), 4.0f, 1e-6f);
}

TEST(ResizeHeightBicubic, EachSampleIsResizedOnItsOwn) {
  const nn::Shape shape{2, 7, 3};
  const nn::Matrix samples = samples_of(shape, 5, [](int s, int y, int x, int c) { return float((s * 13 + y * y * 5 + x * 7 + c) % 11); });
  const nn::Matrix batch = resize_height_bicubic(samples, shape, 10);
  for (int s = 0; s < 5; ++s)
    EXPECT_TRUE(batch.col(s).isApprox(resize_height_bicubic(samples.col(s), shape, 10), 1e-6f)) << "sample " << s;
}

TEST(ResizeHeightBicubic, RejectsANewHeightBelowOne) {
  EXPECT_THROW(resize_height_bicubic(nn::Matrix::Zero(4, 1), {1, 4, 1}, 0), std::invalid_argument);
  EXPECT_THROW(resize_height_bicubic(nn::Matrix::Zero(4, 1), {1, 4, 1}, -3), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::data
