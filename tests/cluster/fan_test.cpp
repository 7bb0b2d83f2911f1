// Fan-in, fan-out and kept sends: read and sent as one mailbox and one sender would, at any size.
// Each test runs a simulation and so needs its own process (ctest runs them one by one).
#include "cluster/cluster.hpp"
#include "cluster/fan_in.hpp"
#include "cluster/fan_out.hpp"
#include "cluster/outbox.hpp"
#include "simulated_cluster.hpp"
#include <gtest/gtest.h>

using namespace ssim;
namespace sg4 = simgrid::s4u;

namespace {

// A message that counts how many of its kind exist, so a test sees each one freed.
struct Counted {
  explicit Counted(double bytes, int from = -1) : wire_bytes(bytes), from(from) { ++alive; }
  Counted(const Counted&) = delete;
  ~Counted() { --alive; }
  double wire_bytes;
  int from;
  static inline int alive = 0;
};

using ssim::testing::star;

std::string scratch_dir() { return ssim::testing::scratch_dir("ssim-fan"); }

struct Received {
  int from;
  double at;
};

// Writer 0 posts 1e7 bytes at 0; writer 1 posts 1e3 bytes at 0.01, which arrive long before.
void two_writers(cluster::Cluster& c, cluster::FanIn<Counted>& in) {
  for (int w = 0; w < 2; ++w)
    c.spawn("writer", c.worker_host(w), [&c, &in, w] {
      cluster::Outbox<Counted> outbox(c);
      sg4::this_actor::sleep_for(w == 0 ? 0 : 0.01);
      in.post(outbox, w, std::make_unique<Counted>(w == 0 ? 1e7 : 1e3, w));
      outbox.flush();
    });
}

// The reader on host-0 takes every message until none comes by time 10.
void read_all(cluster::Cluster& c, cluster::FanIn<Counted>& in, std::vector<Received>& got) {
  sg4::Actor::create("reader", c.host(0), [&] {
    in.open();
    while (auto m = in.receive(10)) got.push_back({m->from, sg4::Engine::get_clock()});
    in.close();
  });
}

}  // namespace

TEST(FanIn, ReadsInPostOrderAsOneMailboxWould) {
  {
    cluster::Cluster c(star(3), cluster::server_workers_layout(2), scratch_dir());
    cluster::FanIn<Counted> in(c, "reader", 2);
    std::vector<Received> got;
    read_all(c, in, got);
    two_writers(c, in);
    c.run();
    // The small message waits behind the large one, posted first, which took the reader's link
    // alone but for 1e3 bytes: 2 ms + (1e7 + 1e3) / 1e8.
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].from, 0);
    EXPECT_NEAR(got[0].at, 2e-3 + (1e7 + 1e3) / 1e8, 1e-9);
    EXPECT_EQ(got[1].from, 1);
    EXPECT_DOUBLE_EQ(got[1].at, got[0].at);
    EXPECT_EQ(c.ledger().host("host-0").messages_in, 2);
    EXPECT_DOUBLE_EQ(c.ledger().host("host-0").bytes_in, 1e7 + 1e3);
  }
  EXPECT_EQ(Counted::alive, 0);
}

TEST(FanIn, AMessageOnItsWayAtTheDeadlineIsLostAsInOneMailbox) {
  cluster::Cluster c(star(3), cluster::server_workers_layout(2), scratch_dir());
  cluster::FanIn<Counted> in(c, "reader", 2);
  std::vector<Received> got;
  double gave_up_at = -1;
  sg4::Actor::create("reader", c.host(0), [&] {
    in.open();
    if (!in.receive(0.05)) gave_up_at = sg4::Engine::get_clock();
    while (auto m = in.receive(10)) got.push_back({m->from, sg4::Engine::get_clock()});
    in.close();
  });
  two_writers(c, in);
  c.run();
  EXPECT_DOUBLE_EQ(gave_up_at, 0.05);
  ASSERT_EQ(got.size(), 1u);  // the large message was on its way at the deadline, and lost
  EXPECT_EQ(got[0].from, 1);
  EXPECT_DOUBLE_EQ(got[0].at, 0.05);
}

TEST(FanIn, AMessageLostWithItsWritersHostIsSkipped) {
  auto s = star(3);
  scenario::Straggler fail;
  fail.kind = scenario::Straggler::Kind::fail;
  fail.host = "host-1";  // writer 0, halfway through its large message
  fail.fail_at = 0.05;
  s.stragglers = {fail};
  {
    cluster::Cluster c(s, cluster::server_workers_layout(2), scratch_dir());
    cluster::FanIn<Counted> in(c, "reader", 2);
    std::vector<Received> got;
    read_all(c, in, got);
    two_writers(c, in);
    c.run();
    // SimGrid tells of a sender's failure when its transfer would have ended.
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].from, 1);
    EXPECT_NEAR(got[0].at, 2e-3 + (1e7 + 1e3) / 1e8, 1e-9);
  }
  EXPECT_EQ(Counted::alive, 0);  // the lost message was freed
}

TEST(FanOut, SendsToThoseAskedAtOnceAndDeliversByADeadline) {
  // 5 receivers: 3 relays of 2, 2 and 1 receivers.
  {
    cluster::Cluster c(star(6), cluster::server_workers_layout(5), scratch_dir());
    std::vector<sg4::Mailbox*> inboxes;
    for (int r = 0; r < 5; ++r) inboxes.push_back(sg4::Mailbox::by_name("receiver-" + std::to_string(r)));
    cluster::FanOut<Counted> out(c, c.host(0), "sender", inboxes);
    std::vector<std::vector<double>> arrivals(5);
    for (int r = 0; r < 5; ++r)
      sg4::Actor::create("receiver", c.worker_host(r), [&, r] {
        auto* inbox = c.inbox(inboxes[r]->get_name());
        while (auto m = c.receive<Counted>(inbox, 1)) arrivals[r].push_back(sg4::Engine::get_clock());
        c.close(inbox);
      });
    int late = -1, delivered = -1;
    double delivered_at = -1;
    sg4::Actor::create("sender", c.host(0), [&] {
      sg4::this_actor::yield();  // the receivers open their inboxes
      auto megabyte = [](int r) { return std::make_unique<Counted>(1e6, r); };
      out.send({0, 2, 4}, megabyte);  // three flows share the sender's link: 2 ms + 3e6 / 1e8
      sg4::this_actor::sleep_until(0.1);
      late = out.deliver({0}, megabyte, 0.11);  // it needs 0.1 + 2 ms + 1e6 / 1e8
      delivered = out.deliver({1, 3}, megabyte, 1);
      delivered_at = sg4::Engine::get_clock();
      out.stop();
    });
    c.run();
    for (int r : {0, 2, 4}) {
      ASSERT_EQ(arrivals[r].size(), 1u) << r;
      EXPECT_NEAR(arrivals[r][0], 2e-3 + 3e6 / 1e8, 1e-9);
    }
    EXPECT_EQ(late, 0);
    EXPECT_EQ(delivered, 2);
    EXPECT_NEAR(delivered_at, 0.11 + 2e-3 + 2e6 / 1e8, 1e-9);
    EXPECT_EQ(arrivals[0].size(), 1u);  // the late one was cancelled on the way
    for (int r : {1, 3}) {
      ASSERT_EQ(arrivals[r].size(), 1u) << r;
      EXPECT_DOUBLE_EQ(arrivals[r][0], delivered_at);
    }
    EXPECT_EQ(c.ledger().host("host-0").messages_out, 3 + 1 + 2);
  }
  EXPECT_EQ(Counted::alive, 0);  // the cancelled messages were freed
}

TEST(KeptSend, AMessageNeverReadIsFreedWithTheCluster) {
  {
    cluster::Cluster c(star(2), cluster::server_workers_layout(1), scratch_dir());
    sg4::Actor::create("reader", c.host(0), [&] {
      auto* inbox = c.inbox("unread");
      sg4::this_actor::sleep_for(1);
      c.close(inbox);
    });
    sg4::Actor::create("writer", c.worker_host(0), [&] {
      cluster::Outbox<Counted> outbox(c);
      EXPECT_TRUE(outbox.post(sg4::Mailbox::by_name("unread"), std::make_unique<Counted>(1e3)));
      outbox.flush();  // it arrives, into the reader's inbox, and is never read
    });
    c.run();
    EXPECT_EQ(Counted::alive, 1);
  }
  EXPECT_EQ(Counted::alive, 0);
}
