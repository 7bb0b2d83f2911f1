#include "sweep/shard.hpp"
#include "sweep/table.hpp"
#include <cstdlib>
#include <gtest/gtest.h>

using namespace ssim::sweep;

TEST(Shard, ParsesIndexOverCount) {
  const Shard shard = parse_shard("2/5");
  EXPECT_EQ(shard.index, 2);
  EXPECT_EQ(shard.count, 5);
  for (const char* bad : {"5/5", "-1/2", "1/0", "1", "a/b", "1/2/3", "/2", "1/"})
    EXPECT_THROW(parse_shard(bad), SweepError) << bad;
}

TEST(Shard, EveryPointIsInExactlyOneShard) {
  for (int count = 1; count <= 7; ++count)
    for (std::size_t point = 0; point < 50; ++point) {
      int holders = 0;
      for (int index = 0; index < count; ++index) holders += Shard{index, count}.holds(point);
      EXPECT_EQ(holders, 1) << point << " of " << count << " shards";
    }
}

TEST(Shard, AnMpiRankIsTheShardOfItsRank) {
  setenv("OMPI_COMM_WORLD_RANK", "1", 1);
  setenv("OMPI_COMM_WORLD_SIZE", "3", 1);
  const auto shard = launcher_shard();
  unsetenv("OMPI_COMM_WORLD_RANK");
  unsetenv("OMPI_COMM_WORLD_SIZE");
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->index, 1);
  EXPECT_EQ(shard->count, 3);
  EXPECT_FALSE(launcher_shard()) << "a process started alone is no rank";
}
