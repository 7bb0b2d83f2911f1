#include "data/batches.hpp"
#include <gtest/gtest.h>
#include <algorithm>
#include <numeric>
#include <set>
#include <stdexcept>

namespace ssim::data {
namespace {

Indices sorted(Indices indices) {
  std::sort(indices.begin(), indices.end());
  return indices;
}

Indices concatenated(const std::vector<Indices>& parts) {
  Indices all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

TEST(Shards, DisjointEqualAndCoveringAllButTheRemainder) {
  const auto shards = shard_random(103, 4, 11);
  ASSERT_EQ(shards.size(), 4u);
  std::set<Eigen::Index> seen;
  for (const auto& shard : shards) {
    EXPECT_EQ(shard.size(), 25u);
    for (Eigen::Index index : shard) {
      EXPECT_GE(index, 0);
      EXPECT_LT(index, 103);
      EXPECT_TRUE(seen.insert(index).second) << "sample " << index << " in two shards";
    }
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Shards, DeterministicPerSeedAndShuffled) {
  EXPECT_EQ(shard_random(50, 3, 5), shard_random(50, 3, 5));
  EXPECT_NE(shard_random(50, 3, 5), shard_random(50, 3, 6));
  const Indices one = shard_random(50, 1, 5).front();
  Indices identity(50);
  std::iota(identity.begin(), identity.end(), Eigen::Index{0});
  EXPECT_EQ(sorted(one), identity);
  EXPECT_NE(one, identity);
}

TEST(Shards, MoreWorkersThanSamplesGivesEmptyShards) {
  const auto shards = shard_random(3, 4, 0);
  ASSERT_EQ(shards.size(), 4u);
  for (const auto& shard : shards) EXPECT_TRUE(shard.empty());
  EXPECT_THROW(shard_random(3, 0, 0), std::invalid_argument);
}

// Results are reproducible only while this sequence holds (std::shuffle with libstdc++).
TEST(Shards, StableAcrossBuilds) {
  EXPECT_EQ(shard_random(10, 2, 42), (std::vector<Indices>{{1, 9, 2, 6, 0}, {5, 4, 3, 8, 7}}));
}

TEST(EpochBatches, PermutationOfTheShardCutIntoBatches) {
  const Indices shard = shard_random(103, 4, 11)[2];
  const auto batches = epoch_batches(shard, 8, 11, 0, 2);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches_per_epoch(25, 8), 4);
  for (int b = 0; b < 3; ++b) EXPECT_EQ(batches[b].size(), 8u);
  EXPECT_EQ(batches[3].size(), 1u);
  EXPECT_EQ(sorted(concatenated(batches)), sorted(shard));
  EXPECT_NE(concatenated(batches), shard);
}

TEST(EpochBatches, ReshuffledPerEpochAndWorkerDeterministically) {
  const Indices shard = shard_random(200, 1, 3).front();
  const auto base = epoch_batches(shard, 16, 3, 1, 0);
  EXPECT_EQ(epoch_batches(shard, 16, 3, 1, 0), base);
  EXPECT_NE(epoch_batches(shard, 16, 3, 2, 0), base);
  EXPECT_NE(epoch_batches(shard, 16, 3, 1, 1), base);
  EXPECT_NE(epoch_batches(shard, 16, 4, 1, 0), base);
}

TEST(EpochBatches, CountsMatchBatchesPerEpoch) {
  const Indices shard = shard_random(64, 1, 0).front();
  for (Eigen::Index size : {1, 7, 32, 63, 64, 100}) {
    EXPECT_EQ(static_cast<Eigen::Index>(epoch_batches(shard, size, 0, 0, 0).size()), batches_per_epoch(64, size))
        << "batch size " << size;
  }
  EXPECT_EQ(batches_per_epoch(64, 64), 1);
  EXPECT_EQ(batches_per_epoch(65, 64), 2);
  EXPECT_TRUE(epoch_batches({}, 8, 0, 0, 0).empty());
  EXPECT_EQ(batches_per_epoch(0, 8), 0);
  EXPECT_THROW(epoch_batches(shard, 0, 0, 0, 0), std::invalid_argument);
  EXPECT_THROW(batches_per_epoch(64, 0), std::invalid_argument);
}

TEST(EpochBatches, SizesKnownWithoutTheSamples) {
  EXPECT_EQ(shard_size(103, 4), 25);
  EXPECT_EQ(shard_size(60000, 100000), 0);
  for (int workers : {1, 3, 4})
    for (const auto& shard : shard_random(103, workers, 11)) EXPECT_EQ(shard_size(103, workers), Eigen::Index(shard.size()));
  // A shard of 25 in batches of 8: 8, 8, 8, 1.
  const std::vector<Eigen::Index> expected{8, 8, 8, 1};
  for (int epoch : {0, 1}) {
    const auto batches = epoch_batches(shard_random(103, 4, 11)[2], 8, 5, epoch, 2);
    ASSERT_EQ(batches.size(), expected.size());
    for (std::size_t i = 0; i < batches.size(); ++i) {
      EXPECT_EQ(Eigen::Index(batches[i].size()), expected[i]);
      EXPECT_EQ(batch_size_at(25, 8, Eigen::Index(i)), expected[i]);
    }
  }
  EXPECT_EQ(batch_size_at(64, 64, 0), 64);
}

}  // namespace
}  // namespace ssim::data
