#include "data/erasures.hpp"
#include <gtest/gtest.h>
#include <numeric>
#include <stdexcept>

namespace ssim::data {
namespace {

Indices first_ids(Eigen::Index count) {
  Indices ids(static_cast<std::size_t>(count));
  std::iota(ids.begin(), ids.end(), Eigen::Index{0});
  return ids;
}

// Pearson's statistic of observed counts against one expected count each.
double chi_square(const Eigen::VectorXd& observed, double expected) {
  return (observed.array() - expected).square().sum() / expected;
}

TEST(TrainingErasures, SameInputsGiveTheSameMaskAndOtherSeedsOrEpochsAnother) {
  const Indices ids = first_ids(200);
  const ErasureMask mask = training_erasures(5, 3, ids, 10, 4);
  EXPECT_EQ(mask, training_erasures(5, 3, ids, 10, 4));
  EXPECT_NE(mask, training_erasures(6, 3, ids, 10, 4));
  EXPECT_NE(mask, training_erasures(5, 4, ids, 10, 4));
}

TEST(TrainingErasures, ASamplesDrawDoesNotDependOnItsBatch) {
  const ErasureMask alone = training_erasures(9, 1, {7}, 10, 9);
  const ErasureMask first_batch = training_erasures(9, 1, {3, 7, 12}, 10, 9);
  const ErasureMask second_batch = training_erasures(9, 1, {40, 41, 42, 7}, 10, 9);
  EXPECT_EQ(first_batch.col(1), alone.col(0));
  EXPECT_EQ(second_batch.col(3), alone.col(0));
}

TEST(TrainingErasures, CountsAreUniformInZeroToMaxAndPartsEquallyLikely) {
  const int parts = 10, max_erased = 4, samples = 10000;
  const ErasureMask mask = training_erasures(2024, 0, first_ids(samples), parts, max_erased);
  ASSERT_EQ(mask.rows(), parts);
  ASSERT_EQ(mask.cols(), samples);
  Eigen::VectorXd per_count = Eigen::VectorXd::Zero(max_erased + 1);
  for (Eigen::Index s = 0; s < samples; ++s) {
    const auto count = mask.col(s).count();
    ASSERT_LE(count, max_erased) << "sample " << s;
    per_count(count) += 1;
  }
  // 4 and 9 degrees of freedom: 18.47 and 27.88 are exceeded with probability 0.001.
  EXPECT_LT(chi_square(per_count, double(samples) / (max_erased + 1)), 18.47) << per_count.transpose();
  // Each part is erased with probability E[count] / parts = 2 / 10.
  const Eigen::VectorXd per_part = mask.cast<double>().rowwise().sum();
  EXPECT_LT(chi_square(per_part, samples * 0.2), 27.88) << per_part.transpose();
}

TEST(TestErasures, ExactlyTheGivenCountEachTimeAndEverySubsetEquallyLikely) {
  const int samples = 12000;
  const ErasureMask mask = test_erasures(77, 2, first_ids(samples), 4);
  // The 6 pairs of 4 parts, numbered by the bit pattern of the pair.
  Eigen::VectorXd per_pair = Eigen::VectorXd::Zero(16);
  for (Eigen::Index s = 0; s < samples; ++s) {
    ASSERT_EQ(mask.col(s).count(), 2) << "sample " << s;
    int bits = 0;
    for (int part = 0; part < 4; ++part) bits |= mask(part, s) ? 1 << part : 0;
    per_pair(bits) += 1;
  }
  const Eigen::VectorXd pairs = (Eigen::VectorXd(6) << per_pair(3), per_pair(5), per_pair(6), per_pair(9),
                                 per_pair(10), per_pair(12)).finished();
  EXPECT_EQ(pairs.sum(), samples);
  EXPECT_LT(chi_square(pairs, samples / 6.0), 20.52) << pairs.transpose();  // 5 degrees of freedom, p = 0.001
}

TEST(TestErasures, ReproducibleAndIndependentOfTheBatch) {
  const Indices ids = first_ids(300);
  const ErasureMask mask = test_erasures(4, 3, ids, 10);
  EXPECT_EQ(mask, test_erasures(4, 3, ids, 10));
  EXPECT_EQ(test_erasures(4, 3, {299, 7}, 10).col(1), mask.col(7));
  EXPECT_NE(mask, test_erasures(5, 3, ids, 10));
  for (Eigen::Index s = 0; s < mask.cols(); ++s) EXPECT_EQ(mask.col(s).count(), 3);
  EXPECT_EQ(test_erasures(4, 0, ids, 10).count(), 0);
  EXPECT_EQ(test_erasures(4, 10, ids, 10).count(), 3000);
}

TEST(Erasures, RejectCountsOutsideZeroToParts) {
  EXPECT_THROW(training_erasures(1, 0, {0}, 4, 5), std::invalid_argument);
  EXPECT_THROW(training_erasures(1, 0, {0}, 4, -1), std::invalid_argument);
  EXPECT_THROW(training_erasures(1, 0, {0}, 0, 0), std::invalid_argument);
  EXPECT_THROW(test_erasures(1, 5, {0}, 4), std::invalid_argument);
  EXPECT_THROW(test_erasures(1, -1, {0}, 4), std::invalid_argument);
}

TEST(Erase, SetsExactlyTheMaskedPartsOfEachSampleToMinusOne) {
  std::vector<nn::Matrix> parts;
  for (int part = 0; part < 3; ++part) parts.push_back(nn::Matrix::Constant(2, 4, float(part + 1)));
  ErasureMask mask = ErasureMask::Constant(3, 4, false);
  mask(0, 1) = true;
  mask(2, 1) = true;
  mask(1, 3) = true;
  erase(parts, mask);
  for (int part = 0; part < 3; ++part)
    for (int s = 0; s < 4; ++s)
      for (int k = 0; k < 2; ++k)
        EXPECT_EQ(parts[part](k, s), mask(part, s) ? kErasedValue : float(part + 1))
            << "part " << part << " sample " << s << " value " << k;
}

TEST(Erase, RejectsAMaskOfAnotherSize) {
  std::vector<nn::Matrix> parts(3, nn::Matrix::Zero(2, 4));
  const ErasureMask too_few_parts = ErasureMask::Constant(2, 4, false);
  const ErasureMask too_many_samples = ErasureMask::Constant(3, 5, false);
  EXPECT_THROW(erase(parts, too_few_parts), std::invalid_argument);
  EXPECT_THROW(erase(parts, too_many_samples), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::data
