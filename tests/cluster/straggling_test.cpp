#include "cluster/roles.hpp"
#include "cluster/straggling.hpp"
#include <gtest/gtest.h>

using namespace ssim::cluster;
using ssim::scenario::Straggler;

TEST(SpeedProfile, FixedAndWindowedSlowdownsMultiply) {
  std::vector<Straggler> entries(2);
  entries[0].kind = Straggler::Kind::slow;
  entries[0].slowdown = 2;
  entries[1].kind = Straggler::Kind::window;
  entries[1].slowdown = 4;
  entries[1].from = 10;
  entries[1].to = 20;
  EXPECT_EQ(speed_profile_text(speed_ratios(entries)), "0 0.5\n10 0.125\n20 0.5\n");
}

TEST(SpeedProfile, NoSlowdownMeansNoProfile) {
  Straggler fail;
  fail.kind = Straggler::Kind::fail;
  fail.fail_at = 3;
  EXPECT_EQ(speed_profile_text(speed_ratios({fail})), "");
}

TEST(RandomStraggling, FiresWithItsProbabilityAndIsDeterministic) {
  Straggler s;
  s.kind = Straggler::Kind::random;
  s.probability = 0.2;
  s.slowdown = 5;
  const RandomStraggling a({s}, 7), b({s}, 7), other_seed({s}, 8);
  int slow = 0, differ = 0;
  const int trials = 20000;
  for (int i = 0; i < trials; ++i) {
    const double f = a.factor(i % 4, i / 4);
    ASSERT_TRUE(f == 1.0 || f == 5.0);
    ASSERT_EQ(f, b.factor(i % 4, i / 4));
    slow += f == 5.0;
    differ += f != other_seed.factor(i % 4, i / 4);
  }
  EXPECT_NEAR(slow / double(trials), 0.2, 0.01);
  EXPECT_GT(differ, trials / 10);
  EXPECT_DOUBLE_EQ(a.uniform_probability(), 0.2);
  EXPECT_DOUBLE_EQ(a.uniform_slowdown(), 5);
}

TEST(RandomStraggling, AnEntryForOneWorkerLeavesTheOthersAlone) {
  Straggler s;
  s.kind = Straggler::Kind::random;
  s.probability = 1;
  s.slowdown = 3;
  s.worker = 1;
  const RandomStraggling r({s}, 1);
  EXPECT_EQ(r.factor(1, 0), 3);
  EXPECT_EQ(r.factor(0, 0), 1);
  EXPECT_EQ(r.uniform_probability(), 0);  // the model's uniform straggling does not cover it
}

TEST(Roles, NaturalOrderPutsHost2BeforeHost10) {
  EXPECT_TRUE(natural_less("host-2", "host-10"));
  EXPECT_FALSE(natural_less("host-10", "host-2"));
  EXPECT_TRUE(natural_less("a", "b"));
  EXPECT_TRUE(natural_less("node", "node-1"));
  EXPECT_FALSE(natural_less("host-3", "host-3"));
}

TEST(Roles, ServerFirstThenWorkers) {
  const auto layout = server_workers_layout(3);
  EXPECT_EQ(layout.roles, (std::vector<std::string>{"server", "worker-0", "worker-1", "worker-2"}));
  EXPECT_EQ(layout.first_worker, 1);
  EXPECT_EQ(single_host_layout().roles.size(), 1u);
  const auto peers = workers_only_layout(3);
  EXPECT_EQ(peers.roles, (std::vector<std::string>{"worker-0", "worker-1", "worker-2"}));
  EXPECT_EQ(peers.first_worker, 0);
}
