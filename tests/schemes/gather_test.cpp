// The gather of a round on a star of 1 ms links at 1e8 B/s: an answer of 1000 bytes takes 2.01 ms
// from a peer to the server, when no other shares the server's link (answers are sent apart).
// Each test runs a simulation and so needs its own process.
#include "schemes/gather.hpp"
#include "simulated_cluster.hpp"
#include <gtest/gtest.h>

using namespace ssim;
using schemes::GatherPolicy;
using schemes::OnTimeout;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kTransit = 2e-3 + 1e3 / 1e8;

struct Answer {
  long round;
  int worker;
  double wire_bytes = 1e3;
};

struct Send {
  int peer;
  long round;
  double at;
};

struct Collected {
  std::vector<int> peers;  // in arrival order
  double at;
  std::set<int> alive;
};

struct Outcome {
  std::vector<Collected> rounds;
  std::vector<std::pair<int, double>> revived;  // peer, when
  long timed_out = 0, stale = 0;
};

using ssim::testing::star;

std::string scratch_dir() { return ssim::testing::scratch_dir("ssim-gather"); }

// A server collects `rounds` rounds from `peers` peers, which send the answers `sends` says (each
// peer's in time order).
Outcome gather(int peers, const GatherPolicy& policy, long rounds, const std::vector<Send>& sends) {
  cluster::Cluster c(star(peers + 1), cluster::server_workers_layout(peers), scratch_dir());
  Outcome outcome;
  c.spawn("server", c.host(0), [&] {
    auto* inbox = c.inbox("server");
    schemes::Gather<Answer> g(c, inbox, peers, policy);
    for (long round = 0; round < rounds; ++round) {
      Collected collected;
      for (const auto& answer : g.collect(round, [&](int peer) {
             outcome.revived.emplace_back(peer, sg4::Engine::get_clock());
           }))
        collected.peers.push_back(answer->worker);
      collected.at = sg4::Engine::get_clock();
      collected.alive = g.alive();
      outcome.rounds.push_back(collected);
    }
    outcome.timed_out = g.timed_out_rounds();
    outcome.stale = g.stale_messages();
    c.close(inbox);
  });
  for (int p = 0; p < peers; ++p)
    c.spawn("peer-" + std::to_string(p), c.worker_host(p), [&, p] {
      for (const auto& send : sends) {
        if (send.peer != p) continue;
        sg4::this_actor::sleep_until(send.at);
        c.post(sg4::Mailbox::by_name("server"), std::make_unique<Answer>(Answer{send.round, p}));
      }
    });
  c.run();
  return outcome;
}

}  // namespace

TEST(Gather, WaitsForEveryPeerAliveAndKeepsArrivalOrder) {
  const auto o = gather(3, {.wait_for = 0, .timeout_s = 1}, 1, {{0, 0, 0.3}, {1, 0, 0.1}, {2, 0, 0.2}});
  ASSERT_EQ(o.rounds.size(), 1u);
  EXPECT_EQ(o.rounds[0].peers, (std::vector<int>{1, 2, 0}));
  EXPECT_DOUBLE_EQ(o.rounds[0].at, 0.3 + kTransit);
  EXPECT_EQ(o.rounds[0].alive, (std::set<int>{0, 1, 2}));
  EXPECT_EQ(o.timed_out, 0);
  EXPECT_EQ(o.stale, 0);
}

TEST(Gather, WithOneNeededTheFirstAnswerEndsTheRoundAndTheLaterOnesAreStale) {
  const auto o = gather(3, {.wait_for = 1, .timeout_s = 1}, 2, {{0, 0, 0.1}, {1, 0, 0.2}, {2, 0, 0.3}, {2, 1, 0.5}});
  ASSERT_EQ(o.rounds.size(), 2u);
  EXPECT_EQ(o.rounds[0].peers, std::vector<int>{0});
  EXPECT_DOUBLE_EQ(o.rounds[0].at, 0.1 + kTransit);
  EXPECT_EQ(o.rounds[1].peers, std::vector<int>{2});
  EXPECT_DOUBLE_EQ(o.rounds[1].at, 0.5 + kTransit);
  EXPECT_EQ(o.stale, 2) << "peers 1 and 2 answered round 0 after it ended";
  EXPECT_EQ(o.rounds[1].alive, (std::set<int>{0, 1, 2})) << "a slow peer is not a dead one";
  EXPECT_EQ(o.timed_out, 0);
}

TEST(Gather, SilenceUntilTheDeadlineIsPresumedDeath) {
  const auto o = gather(3, {.wait_for = 0, .timeout_s = 0.5}, 2, {{0, 0, 0.1}, {2, 0, 0.15}, {0, 1, 0.6}, {2, 1, 0.65}});
  ASSERT_EQ(o.rounds.size(), 2u);
  EXPECT_EQ(o.rounds[0].peers, (std::vector<int>{0, 2}));
  EXPECT_DOUBLE_EQ(o.rounds[0].at, 0.5) << "the round ends at its deadline";
  EXPECT_EQ(o.rounds[0].alive, (std::set<int>{0, 2}));
  EXPECT_EQ(o.rounds[1].peers, (std::vector<int>{0, 2})) << "the next round waits only for the living";
  EXPECT_DOUBLE_EQ(o.rounds[1].at, 0.65 + kTransit);
  EXPECT_EQ(o.timed_out, 1);
  EXPECT_EQ(o.stale, 0);
}

TEST(Gather, ALateAnswerBringsItsPeerBackAndIsCountedStale) {
  // Peer 1 answers round 0 at 0.7, after its deadline (0.5); round 1 runs from 0.5.
  const auto o = gather(3, {.wait_for = 0, .timeout_s = 0.5}, 3,
                        {{0, 0, 0.1}, {2, 0, 0.15}, {1, 0, 0.7}, {0, 1, 0.8}, {2, 1, 0.85}, {0, 2, 0.9}, {1, 2, 0.95},
                         {2, 2, 1.0}});
  ASSERT_EQ(o.rounds.size(), 3u);
  ASSERT_EQ(o.revived.size(), 1u);
  EXPECT_EQ(o.revived[0].first, 1);
  EXPECT_DOUBLE_EQ(o.revived[0].second, 0.7 + kTransit);
  EXPECT_EQ(o.rounds[1].peers, (std::vector<int>{0, 2})) << "round 1 waited for the peers alive at its start";
  EXPECT_DOUBLE_EQ(o.rounds[1].at, 0.85 + kTransit);
  EXPECT_EQ(o.rounds[1].alive, (std::set<int>{0, 1, 2}));
  EXPECT_EQ(o.rounds[2].peers, (std::vector<int>{0, 1, 2})) << "round 2 waits for the peer that came back";
  EXPECT_EQ(o.stale, 1);
  EXPECT_EQ(o.timed_out, 1);
}

namespace {

// Peer 1 is silent in round 0 and comes back during round 1 (its late answer of round 0), in
// which peer 2 is silent.
Outcome back_and_silent(OnTimeout on_timeout) {
  return gather(3, {.wait_for = 0, .on_timeout = on_timeout, .timeout_s = 0.5}, 2,
                {{0, 0, 0.1}, {2, 0, 0.15}, {1, 0, 0.7}, {0, 1, 0.8}});
}

}  // namespace

TEST(Gather, ATimedOutRoundThatKeepsItsAnswerersKeepsNoOneElse) {
  const auto o = back_and_silent(OnTimeout::keep_answered);
  ASSERT_EQ(o.rounds.size(), 2u);
  EXPECT_EQ(o.rounds[1].peers, std::vector<int>{0});
  EXPECT_DOUBLE_EQ(o.rounds[1].at, 1.0);
  EXPECT_EQ(o.rounds[1].alive, std::set<int>{0});
  EXPECT_EQ(o.timed_out, 2);
}

TEST(Gather, ATimedOutRoundThatDropsItsSilentKeepsAPeerBackDuringIt) {
  const auto o = back_and_silent(OnTimeout::drop_silent);
  ASSERT_EQ(o.rounds.size(), 2u);
  EXPECT_EQ(o.rounds[1].peers, std::vector<int>{0});
  EXPECT_DOUBLE_EQ(o.rounds[1].at, 1.0);
  EXPECT_EQ(o.rounds[1].alive, (std::set<int>{0, 1}));
  EXPECT_EQ(o.timed_out, 2);
}

TEST(Gather, ASecondAnswerOfAPeerInTheSameRoundIsDroppedAndCounted) {
  const auto o = gather(3, {.wait_for = 0, .timeout_s = 1}, 1, {{0, 0, 0.1}, {0, 0, 0.2}, {1, 0, 0.3}, {2, 0, 0.4}});
  ASSERT_EQ(o.rounds.size(), 1u);
  EXPECT_EQ(o.rounds[0].peers, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(o.stale, 1);
}

TEST(GatherBook, NeedsAtMostThePeersAlive) {
  schemes::GatherBook book(4, {.wait_for = 3, .on_timeout = OnTimeout::keep_answered, .timeout_s = 1});
  book.start(0);
  EXPECT_TRUE(book.hear(0, 0).counts);
  EXPECT_TRUE(book.hear(1, 0).counts);
  EXPECT_FALSE(book.complete());
  book.time_out();
  EXPECT_EQ(book.alive(), (std::set<int>{0, 1}));
  book.start(1);
  EXPECT_TRUE(book.hear(1, 1).counts);
  EXPECT_FALSE(book.complete());
  EXPECT_TRUE(book.hear(0, 1).counts);
  EXPECT_TRUE(book.complete()) << "3 wanted, 2 alive: both are enough";
}
