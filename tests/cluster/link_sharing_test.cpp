// The models' link sharing (models/shared_link.hpp) against SimGrid itself: messages sent at once
// over routes of unequal latency, timed in a real simulation. Each test runs a simulation and so
// needs its own process (ctest runs them one by one).
#include "cluster/cluster.hpp"
#include "models/shared_link.hpp"
#include "simulated_cluster.hpp"
#include <gtest/gtest.h>
#include <xbt/config.hpp>

using namespace ssim;
namespace sg4 = simgrid::s4u;

namespace {

struct Note {
  double wire_bytes;
};

struct Message {
  int from, to;  // roles
  double bytes;
  double start_s;
};

// A 5-host ring of 100 MB/s links with 1 ms latency: host-1 is one hop from host-0, host-2 two.
scenario::Scenario ring(scenario::NetworkModel network_model) {
  scenario::Scenario s;
  s.name = "link-sharing-test";
  s.platform.topology = scenario::Platform::Topology::ring;
  s.platform.hosts = 5;
  s.platform.host_speed = 1e9;
  s.platform.bandwidth = 1e8;
  s.platform.latency = 1e-3;
  s.network_model = network_model;
  return s;
}

std::string scratch_dir() { return ssim::testing::scratch_dir("ssim-link-sharing"); }

// Sends the messages, each from its own actor at its start, and returns when each arrived.
std::vector<double> simulate(cluster::Cluster& c, const std::vector<Message>& messages) {
  std::vector<double> arrived(messages.size(), -1);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const std::string inbox = "in-" + std::to_string(i);
    sg4::Actor::create("receiver", c.host(messages[i].to), [&, i, inbox] {
      auto* box = c.inbox(inbox);
      if (c.receive<Note>(box, 100)) arrived[i] = sg4::Engine::get_clock();
      c.close(box);
    });
    sg4::Actor::create("sender", c.host(messages[i].from), [&, i, inbox] {
      sg4::this_actor::yield();  // let the receivers open their inboxes first
      sg4::this_actor::sleep_for(messages[i].start_s);
      c.post(sg4::Mailbox::by_name(inbox), std::make_unique<Note>(Note{messages[i].bytes}));
    });
  }
  c.run();
  return arrived;
}

std::vector<double> predict(const cluster::Cluster& c, const std::vector<Message>& messages) {
  std::vector<std::pair<sg4::Host*, sg4::Host*>> pairs;
  std::vector<double> starts, bytes;
  for (const auto& m : messages) {
    pairs.emplace_back(c.host(m.from), c.host(m.to));
    starts.push_back(m.start_s);
    bytes.push_back(m.bytes);
  }
  return models::arrival_times(c.flows(pairs), starts, bytes);
}

}  // namespace

TEST(LinkSharing, TheCloserSenderGetsTwiceTheShareOfTheOneTwiceAsFar) {
  cluster::Cluster c(ring(scenario::NetworkModel::ideal), cluster::server_workers_layout(4), scratch_dir());
  const std::vector<Message> messages{{1, 0, 1e6, 0}, {2, 0, 1e6, 0}};
  // Host-1's message moves alone from 1 ms to 2 ms (0.1 MB), then the two share link 1->0 in
  // proportion 1/1 ms : 1/2 ms: host-1's 0.9 MB left at 2/3 of 100 MB/s take 13.5 ms (15.5 ms);
  // host-2's has moved 0.45 MB by then, and its 0.55 MB left cross alone in 5.5 ms (21 ms).
  // An equal split would give 20 ms and 21 ms.
  const auto predicted = predict(c, messages);
  EXPECT_NEAR(predicted[0], 0.0155, 1e-12);
  EXPECT_NEAR(predicted[1], 0.021, 1e-12);
  const auto simulated = simulate(c, messages);
  EXPECT_NEAR(simulated[0], 0.0155, 1e-9);
  EXPECT_NEAR(simulated[1], 0.021, 1e-9);
}

TEST(LinkSharing, MessagesOfDifferentSizesAndStartsOnUnequalRoutesArriveWhenSimgridDeliversThem) {
  cluster::Cluster c(ring(scenario::NetworkModel::ideal), cluster::server_workers_layout(4), scratch_dir());
  // Into host-0 from both sides (link 1->0 and link 4->0), one and two hops away, staggered.
  const std::vector<Message> messages{
      {1, 0, 3e6, 0}, {2, 0, 1e6, 0.004}, {4, 0, 2e6, 0.001}, {3, 0, 0.5e6, 0}, {2, 0, 0.2e6, 0.010}};
  const auto predicted = predict(c, messages);
  const auto simulated = simulate(c, messages);
  for (std::size_t i = 0; i < messages.size(); ++i) EXPECT_NEAR(simulated[i], predicted[i], 1e-9) << "message " << i;
}

TEST(LinkSharing, SimgridsCalibratedModelAddsWeightSOverBandwidthToTheSharingPenalty) {
  cluster::Cluster c(ring(scenario::NetworkModel::simgrid), cluster::server_workers_layout(4), scratch_dir());
  // SimGrid 3.32's LV08 defaults, which flows() reads from the engine.
  EXPECT_DOUBLE_EQ(simgrid::config::get_value<double>("network/latency-factor"), 13.01);
  EXPECT_DOUBLE_EQ(simgrid::config::get_value<double>("network/bandwidth-factor"), 0.97);
  EXPECT_DOUBLE_EQ(simgrid::config::get_value<double>("network/weight-S"), 20537);
  const std::vector<Message> messages{{1, 0, 1e6, 0}, {2, 0, 1e6, 0}, {3, 0, 2e6, 0.002}};
  const auto flows = c.flows({{c.host(1), c.host(0)}, {c.host(2), c.host(0)}, {c.host(3), c.host(0)}});
  EXPECT_DOUBLE_EQ(flows[0].penalty, 1e-3 + 20537 / 1e8);
  EXPECT_DOUBLE_EQ(flows[1].penalty, 2e-3 + 2 * 20537 / 1e8);
  EXPECT_DOUBLE_EQ(flows[1].latency_s, 2e-3 * 13.01);
  EXPECT_DOUBLE_EQ(flows[1].bandwidth, 1e8 * 0.97);
  const auto predicted = predict(c, messages);
  const auto simulated = simulate(c, messages);
  for (std::size_t i = 0; i < messages.size(); ++i) EXPECT_NEAR(simulated[i], predicted[i], 1e-9) << "message " << i;
}

TEST(LinkSharing, AFlowThatStartsMovingWithAnotherOnASlowLinkKeepsToItsOwnLinksPace) {
  // The server's link and those of host-2 and host-4 carry 100 MB/s after 1 ms, those of host-1 and
  // host-3 10 MB/s after 5 ms. 0.1 MB to each worker at once: the fast pair moves from 2 ms, halving
  // the server's link, and arrives at 2 + 2 = 4 ms; the slow pair moves from 6 ms, when the fast
  // pair is gone, each held by its own 10 MB/s link: 6 + 10 = 16 ms, both. SimGrid's lazy rate
  // updates let host-3's message cross at the server link's pace instead (7.1 ms).
  scenario::Scenario s;
  s.name = "link-sharing-test";
  s.platform.topology = scenario::Platform::Topology::file;
  s.platform.file = std::string(STRAGGLESIM_TEST_DIR) + "/schemes/fixtures/mixed_links_star.xml";
  s.network_model = scenario::NetworkModel::ideal;
  cluster::Cluster c(s, cluster::server_workers_layout(4), scratch_dir());
  const std::vector<Message> messages{{0, 1, 1e5, 0}, {0, 2, 1e5, 0}, {0, 3, 1e5, 0}, {0, 4, 1e5, 0}};
  const std::vector<double> expected{0.016, 0.004, 0.016, 0.004};
  const auto predicted = predict(c, messages);
  const auto simulated = simulate(c, messages);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_NEAR(predicted[i], expected[i], 1e-12) << "message " << i;
    EXPECT_NEAR(simulated[i], expected[i], 1e-9) << "message " << i;
  }
}
