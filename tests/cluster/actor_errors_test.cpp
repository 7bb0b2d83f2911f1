// An exception let out of an actor stops the whole simulation cleanly instead of aborting it.
#include "cluster/cluster.hpp"
#include "simulated_cluster.hpp"
#include <gtest/gtest.h>

using namespace ssim;
namespace sg4 = simgrid::s4u;

namespace {

scenario::Scenario three_hosts() {
  scenario::Scenario s;
  s.name = "actor-errors";
  s.platform.topology = scenario::Platform::Topology::star;
  s.platform.hosts = 3;
  s.platform.host_speed = 1e9;
  return s;
}

std::string scratch_dir() { return ssim::testing::scratch_dir("ssim-actor-errors"); }

// An actor that would compute for 1000 simulated seconds, one second at a time.
void spawn_long_worker(cluster::Cluster& c, int role, double& stopped_at) {
  c.spawn("long", c.host(role), [&c, &stopped_at] {
    for (int i = 0; i < 1000; ++i) {
      c.compute(1e9);
      stopped_at = sg4::Engine::get_clock();
    }
  });
}

}  // namespace

TEST(ActorErrors, AnExceptionStopsEveryActorAndRunThrowsItNamingTheActor) {
  cluster::Cluster c(three_hosts(), cluster::server_workers_layout(2), scratch_dir());
  double long_worker_at = 0;
  spawn_long_worker(c, 1, long_worker_at);
  c.spawn("failing", c.host(2), [&c] {
    c.compute(2.5e9);  // 2.5 s
    throw std::runtime_error("input has 756 rows");
  });
  try {
    c.run();
    FAIL() << "run() should have thrown";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "failing on host host-2 stopped at simulated time 2.5 s: input has 756 rows");
  }
  EXPECT_DOUBLE_EQ(c.end_time(), 2.5);
  EXPECT_DOUBLE_EQ(long_worker_at, 2.0);  // killed in its third second
  EXPECT_FALSE(c.divergence());
}

TEST(ActorErrors, DivergedIsRecordedAndTheRunEndsWithoutError) {
  cluster::Cluster c(three_hosts(), cluster::server_workers_layout(2), scratch_dir());
  double long_worker_at = 0;
  spawn_long_worker(c, 1, long_worker_at);
  c.spawn("diverging", c.host(2), [&c] {
    c.compute(1.5e9);
    throw cluster::Diverged("training loss is nan at epoch 2, step 17", 2, 17);
  });
  EXPECT_DOUBLE_EQ(c.run(), 1.5);
  ASSERT_TRUE(c.divergence());
  EXPECT_EQ(c.divergence()->epoch, 2);
  EXPECT_EQ(c.divergence()->step, 17);
  EXPECT_DOUBLE_EQ(c.divergence()->time_s, 1.5);
  EXPECT_EQ(c.divergence()->what, "training loss is nan at epoch 2, step 17");
  EXPECT_DOUBLE_EQ(long_worker_at, 1.0);
}

TEST(ActorErrors, OutOfMemoryInsideAnActorIsAnErrorToo) {
  cluster::Cluster c(three_hosts(), cluster::server_workers_layout(2), scratch_dir());
  c.spawn("allocating", c.host(1), [] { throw std::bad_alloc(); });
  EXPECT_THROW(c.run(), std::runtime_error);
}
