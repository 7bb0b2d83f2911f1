#include "data/batches.hpp"
#include "data/splits.hpp"
#include <gtest/gtest.h>
#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>

namespace ssim::data {
namespace {

// Uneven classes: 3 classes drawn at random for 103 samples.
nn::Labels uneven_labels() {
  std::mt19937 rng(7);
  nn::Labels labels(103);
  for (auto& l : labels) l = static_cast<int>(rng() % 3);
  return labels;
}

std::vector<long> class_counts(const Indices& block, const nn::Labels& labels, int classes) {
  std::vector<long> counts(static_cast<std::size_t>(classes));
  for (Eigen::Index i : block) ++counts[static_cast<std::size_t>(labels(i))];
  return counts;
}

// Every sample in at most one block, each index valid; returns how many were placed.
std::size_t expect_disjoint(const std::vector<Indices>& blocks, Eigen::Index samples) {
  std::set<Eigen::Index> seen;
  for (const auto& block : blocks)
    for (Eigen::Index i : block) {
      EXPECT_GE(i, 0);
      EXPECT_LT(i, samples);
      EXPECT_TRUE(seen.insert(i).second) << "sample " << i << " in two blocks";
    }
  return seen.size();
}

TEST(Splits, RandomCutsEqualDisjointBlocksAndLeavesOutTheRemainder) {
  const auto labels = uneven_labels();
  const auto blocks = split(Split::random, labels, 3, 4, 5, 0);
  ASSERT_EQ(blocks.size(), 4u);
  for (const auto& block : blocks) EXPECT_EQ(block.size(), 25u);
  EXPECT_EQ(expect_disjoint(blocks, 103), 100u);
}

TEST(Splits, ClassGivesBlockWEveryShuffledSampleOfClassW) {
  const auto labels = uneven_labels();
  const auto blocks = split(Split::by_class, labels, 3, 3, 5, 0);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(expect_disjoint(blocks, 103), 103u);
  for (int w = 0; w < 3; ++w) {
    for (Eigen::Index i : blocks[w]) EXPECT_EQ(labels(i), w);
    EXPECT_EQ(static_cast<long>(blocks[w].size()), (labels.array() == w).count());
  }
  EXPECT_FALSE(std::is_sorted(blocks[0].begin(), blocks[0].end()));
  EXPECT_THROW(split(Split::by_class, labels, 3, 4, 5, 0), std::invalid_argument);
}

TEST(Splits, EqualGivesEveryBlockTheSameCountOfEachClass) {
  const auto labels = uneven_labels();
  for (int blocks : {2, 4, 5}) {
    const auto parts = split(Split::equal, labels, 3, blocks, 5, 1);
    ASSERT_EQ(parts.size(), static_cast<std::size_t>(blocks));
    std::size_t placed = 0;
    for (int c = 0; c < 3; ++c) placed += static_cast<std::size_t>((labels.array() == c).count() / blocks * blocks);
    EXPECT_EQ(expect_disjoint(parts, 103), placed);
    for (const auto& part : parts)
      for (int c = 0; c < 3; ++c)
        EXPECT_EQ(class_counts(part, labels, 3)[c], (labels.array() == c).count() / blocks) << blocks << " blocks";
  }
}

TEST(Splits, DeterministicPerSeedAndEpoch) {
  const auto labels = uneven_labels();
  for (Split kind : {Split::random, Split::equal}) {
    EXPECT_EQ(split(kind, labels, 3, 3, 5, 2), split(kind, labels, 3, 3, 5, 2));
    EXPECT_NE(split(kind, labels, 3, 3, 5, 2), split(kind, labels, 3, 3, 6, 2));
    EXPECT_NE(split(kind, labels, 3, 3, 5, 2), split(kind, labels, 3, 3, 5, 3));
  }
  // The class split changes only the order inside each block.
  const auto a = split(Split::by_class, labels, 3, 3, 5, 0), b = split(Split::by_class, labels, 3, 3, 5, 1);
  EXPECT_NE(a, b);
  for (int w = 0; w < 3; ++w)
    EXPECT_EQ(std::set<Eigen::Index>(a[w].begin(), a[w].end()), std::set<Eigen::Index>(b[w].begin(), b[w].end()));
}

TEST(Splits, OneRandomBlockIsSingleNodeTrainingsEpoch) {
  const auto labels = uneven_labels();
  const Indices whole = shard_random(103, 1, 5).front();
  for (int epoch : {0, 1, 4}) {
    Indices single;
    for (const auto& batch : epoch_batches(whole, 16, 5, epoch, 0))
      single.insert(single.end(), batch.begin(), batch.end());
    EXPECT_EQ(split(Split::random, labels, 3, 1, 5, epoch).front(), single) << "epoch " << epoch;
    EXPECT_EQ(epoch_order(103, 5, epoch), single);
  }
}

TEST(Splits, AKeptBlockIsWalkedInEachEpochsOrder) {
  const auto labels = uneven_labels();
  const auto block = split(Split::equal, labels, 3, 4, 5, 0)[2];
  EXPECT_EQ(in_epoch_order(block, 103, 5, 0), block);  // blocks come in their epoch's order
  const auto later = in_epoch_order(block, 103, 5, 1);
  EXPECT_NE(later, block);
  EXPECT_TRUE(std::is_permutation(later.begin(), later.end(), block.begin(), block.end()));
  const Indices all = epoch_order(103, 5, 1);
  EXPECT_EQ(in_epoch_order(all, 103, 5, 1), all);
}

TEST(Splits, ConsecutiveBatchesKeepTheOrder) {
  const Indices samples{9, 3, 7, 1, 5};
  const auto batches = consecutive_batches(samples, 2);
  EXPECT_EQ(batches, (std::vector<Indices>{{9, 3}, {7, 1}, {5}}));
  EXPECT_TRUE(consecutive_batches({}, 4).empty());
  EXPECT_THROW(consecutive_batches(samples, 0), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::data
