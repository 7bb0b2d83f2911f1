// Each test runs a simulation and so needs its own process (ctest runs them one by one).
#include "cluster/cluster.hpp"
#include "simulated_cluster.hpp"
#include <gtest/gtest.h>

using namespace ssim;
namespace sg4 = simgrid::s4u;

namespace {

struct Note {
  double wire_bytes;
};

scenario::Scenario generated(scenario::Platform::Topology topology, int hosts) {
  return ssim::testing::generated_platform(topology, hosts);
}

std::string scratch_dir() { return ssim::testing::scratch_dir("ssim-cluster"); }

// Sends one message of `bytes` from role `from` to role `to`; returns when it arrived.
double time_one_message(cluster::Cluster& c, int from, int to, double bytes) {
  double arrived = -1;
  sg4::Actor::create("receiver", c.host(to), [&] {
    auto* inbox = c.inbox("in");
    auto note = c.receive<Note>(inbox, 100);
    if (note) arrived = sg4::Engine::get_clock();
    c.close(inbox);
  });
  sg4::Actor::create("sender", c.host(from), [&] {
    sg4::this_actor::yield();  // let the receiver open its inbox first
    c.post(sg4::Mailbox::by_name("in"), std::make_unique<Note>(Note{bytes}));
  });
  c.run();
  return arrived;
}

}  // namespace

TEST(Cluster, StarMessageTakesTwoLinkLatenciesPlusBytesOverBandwidth) {
  cluster::Cluster c(generated(scenario::Platform::Topology::star, 4), cluster::server_workers_layout(3), scratch_dir());
  EXPECT_DOUBLE_EQ(time_one_message(c, 1, 0, 1e6), 2e-3 + 1e6 / 1e8);
  EXPECT_DOUBLE_EQ(c.ledger().host("host-1").bytes_out, 1e6);
  EXPECT_DOUBLE_EQ(c.ledger().host("host-0").bytes_in, 1e6);
  EXPECT_EQ(c.ledger().host("host-0").messages_in, 1);
  // The message crossed host-1's uplink and host-0's downlink, and nothing else.
  const auto& links = c.ledger().links();
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].name, "star_link_1_UP");
  EXPECT_EQ(links[1].name, "star_link_0_DOWN");
  for (const auto& l : links) {
    EXPECT_DOUBLE_EQ(l.bytes, 1e6);
    EXPECT_EQ(l.messages, 1);
    EXPECT_DOUBLE_EQ(l.transmit_s(), 1e6 / 1e8);
  }
}

TEST(Cluster, RingMessageHopsTheShorterWay) {
  // 8 hosts: host-0 to host-5 is 3 hops backwards; each hop one latency.
  cluster::Cluster c(generated(scenario::Platform::Topology::ring, 8), cluster::server_workers_layout(7), scratch_dir());
  EXPECT_DOUBLE_EQ(time_one_message(c, 0, 5, 1e6), 3e-3 + 1e6 / 1e8);
  EXPECT_EQ(c.ledger().links().size(), 3u);  // three hops, each link counted once
}

TEST(Cluster, StarFlowsToTheServerShareItsLink) {
  cluster::Cluster c(generated(scenario::Platform::Topology::star, 5), cluster::server_workers_layout(4), scratch_dir());
  std::vector<std::pair<sg4::Host*, sg4::Host*>> gather;
  for (int w = 0; w < 4; ++w) gather.emplace_back(c.worker_host(w), c.host(0));
  const auto flows = c.flows(gather);
  ASSERT_EQ(flows.size(), 4u);
  for (const auto& f : flows) {
    EXPECT_DOUBLE_EQ(f.latency_s, 2e-3);
    EXPECT_EQ(f.bottleneck, flows[0].bottleneck);
    EXPECT_DOUBLE_EQ(f.bandwidth, 1e8);
  }
}

TEST(Cluster, RingFlowsShareOnlyTheLinkTheyCross) {
  // 5-host ring, server host-0: host-1 and host-2 reach it through link 1->0, host-3 and host-4
  // through link 4->0; host-2 and host-3 are two hops away.
  cluster::Cluster c(generated(scenario::Platform::Topology::ring, 5), cluster::server_workers_layout(4), scratch_dir());
  std::vector<std::pair<sg4::Host*, sg4::Host*>> gather;
  for (int w = 0; w < 4; ++w) gather.emplace_back(c.worker_host(w), c.host(0));
  const auto flows = c.flows(gather);
  EXPECT_DOUBLE_EQ(flows[0].latency_s, 1e-3);
  EXPECT_DOUBLE_EQ(flows[1].latency_s, 2e-3);
  EXPECT_DOUBLE_EQ(flows[2].latency_s, 2e-3);
  EXPECT_DOUBLE_EQ(flows[3].latency_s, 1e-3);
  EXPECT_EQ(flows[0].bottleneck, flows[1].bottleneck);
  EXPECT_EQ(flows[2].bottleneck, flows[3].bottleneck);
  EXPECT_NE(flows[0].bottleneck, flows[3].bottleneck);
}

TEST(Cluster, FixedSlowdownStretchesComputeAndFailureIsRecorded) {
  auto s = generated(scenario::Platform::Topology::star, 3);
  scenario::Straggler slow, fail;
  slow.kind = scenario::Straggler::Kind::slow;
  slow.worker = 0;
  slow.slowdown = 4;
  fail.kind = scenario::Straggler::Kind::fail;
  fail.host = "host-2";
  fail.fail_at = 0.5;
  s.stragglers = {slow, fail};
  cluster::Cluster c(s, cluster::server_workers_layout(2), scratch_dir());
  double slow_done = -1;
  bool failed_worker_finished = false;
  sg4::Actor::create("slow", c.worker_host(0), [&] {
    c.compute(1e9);
    slow_done = sg4::Engine::get_clock();
  });
  sg4::Actor::create("doomed", c.worker_host(1), [&] {
    c.compute(1e9);
    failed_worker_finished = true;
  });
  c.run();
  EXPECT_DOUBLE_EQ(slow_done, 4.0);
  EXPECT_DOUBLE_EQ(c.steady_speed(1), 0.25e9);
  EXPECT_FALSE(failed_worker_finished);
  ASSERT_EQ(c.failures().size(), 1u);
  EXPECT_EQ(c.failures()[0].host, "host-2");
  EXPECT_EQ(c.failures()[0].role, "worker-1");
  EXPECT_DOUBLE_EQ(c.failures()[0].time_s, 0.5);
  EXPECT_DOUBLE_EQ(c.ledger().host("host-2").busy_s, 0.5);
}

TEST(Cluster, WindowSlowsOnlyInsideIt) {
  auto s = generated(scenario::Platform::Topology::star, 1);
  scenario::Straggler window;
  window.kind = scenario::Straggler::Kind::window;
  window.worker = 0;
  window.slowdown = 2;
  window.from = 1;
  window.to = 3;
  s.stragglers = {window};
  cluster::Cluster c(s, cluster::single_host_layout(), scratch_dir());
  double done = -1;
  // 1 s at full speed (1e9), 2 s at half speed (1e9), then 1e9 more at full speed: 4 s.
  sg4::Actor::create("w", c.host(0), [&] {
    c.compute(3e9);
    done = sg4::Engine::get_clock();
  });
  c.run();
  EXPECT_DOUBLE_EQ(done, 4.0);
}

TEST(Cluster, TooFewHostsIsAPlatformError) {
  EXPECT_THROW(cluster::Cluster(generated(scenario::Platform::Topology::star, 3), cluster::server_workers_layout(3),
                                scratch_dir()),
               cluster::PlatformError);
}

TEST(Cluster, SimgridsCalibratedNetworkModelIsSlowerOnLatency) {
  // SimGrid's default (LV08) model multiplies latency by about 13 and divides bandwidth by 0.97.
  auto s = generated(scenario::Platform::Topology::star, 2);
  s.network_model = scenario::NetworkModel::simgrid;
  cluster::Cluster c(s, cluster::server_workers_layout(1), scratch_dir());
  const double t = time_one_message(c, 1, 0, 1e3);
  EXPECT_NEAR(t, 13.01 * 2e-3 + 1e3 / (0.97 * 1e8), 1e-3 * t);
}

TEST(Cluster, RandomStragglingNamedByHostTargetsThatWorkerOnly) {
  auto s = generated(scenario::Platform::Topology::star, 3);
  scenario::Straggler random;
  random.kind = scenario::Straggler::Kind::random;
  random.host = "host-2";  // worker 1 (host-0 is the server)
  random.probability = 1;
  random.slowdown = 5;
  s.stragglers = {random};
  cluster::Cluster c(s, cluster::server_workers_layout(2), scratch_dir());
  EXPECT_EQ(c.straggle_factor(1, 0), 5);
  EXPECT_EQ(c.straggle_factor(0, 0), 1);
}

TEST(Cluster, RandomStragglingOnTheServerIsAPlatformError) {
  auto s = generated(scenario::Platform::Topology::star, 3);
  scenario::Straggler random;
  random.kind = scenario::Straggler::Kind::random;
  random.host = "host-0";
  random.probability = 0.5;
  random.slowdown = 2;
  s.stragglers = {random};
  EXPECT_THROW(cluster::Cluster(s, cluster::server_workers_layout(2), scratch_dir()), cluster::PlatformError);
}
