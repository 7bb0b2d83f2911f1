#include "models/flow_network.hpp"
#include <gtest/gtest.h>

using namespace ssim::models;

namespace {

// Delivers everything sent; returns each message's arrival time.
std::vector<double> arrivals(FlowNetwork& net, int messages) {
  std::vector<double> at(messages, -1);
  for (double t = net.next_event(); t != FlowNetwork::kNever; t = net.next_event())
    for (int id : net.advance_to(t)) at[id] = t;
  return at;
}

}  // namespace

TEST(FlowNetwork, AMessageAloneTakesLatencyPlusBytesOverItsSlowestLink) {
  const Routes routes{.bandwidths = {1e6, 2e5}, .shared = {}, .routes = {{.latency_s = 1e-3, .penalty = 1, .links = {0, 1}}}};
  FlowNetwork net(routes);
  net.send(0, 1000, 0.5);
  EXPECT_NEAR(arrivals(net, 1)[0], 0.5 + 1e-3 + 1000 / 2e5, 1e-12);
}

TEST(FlowNetwork, ALaterMessageSharesTheLinkFromWhenItStartsMoving) {
  // 0 moves 500 bytes alone in 0.5 ms, then both at 5e5 B/s: 0 is done at 1.5 ms, having let 1
  // move 500 bytes, whose other 500 take 0.5 ms alone.
  const Routes routes{.bandwidths = {1e6}, .shared = {}, .routes = {{.latency_s = 0, .penalty = 1, .links = {0}}}};
  FlowNetwork net(routes);
  net.send(0, 1000, 0);
  net.send(0, 1000, 0.5e-3);
  const auto at = arrivals(net, 2);
  EXPECT_NEAR(at[0], 1.5e-3, 1e-12);
  EXPECT_NEAR(at[1], 2.0e-3, 1e-12);
}

TEST(FlowNetwork, AMessageHeldByItsOwnSlowLinkLeavesTheRestOfTheSharedOneToTheOthers) {
  // Both cross link 0 (1e6 B/s); message 1 also its own link 1 of 2e5 B/s, which holds it there,
  // so message 0 gets 8e5 B/s: 1000 bytes in 1.25 ms. Message 1 takes 1000 / 2e5 = 5 ms.
  const Routes routes{.bandwidths = {1e6, 2e5},
                      .shared = {},
                      .routes = {{.latency_s = 0, .penalty = 1, .links = {0}}, {.latency_s = 0, .penalty = 1, .links = {1, 0}}}};
  FlowNetwork net(routes);
  net.send(0, 1000, 0);
  net.send(1, 1000, 0);
  const auto at = arrivals(net, 2);
  EXPECT_NEAR(at[0], 1.25e-3, 1e-12);
  EXPECT_NEAR(at[1], 5e-3, 1e-12);
}

TEST(FlowNetwork, AMessageSharingALinkWithMessagesHeldElsewhereGetsWhatTheyLeave) {
  // A star of 2e6 B/s links, up and down per host. Host 1 sends three messages of 8192 bytes, to
  // host 0 and twice to host 2: its up link holds each at 2e6 / 3. Host 2's 256 bytes to host 0
  // share host 0's down link with the first of them only, and get what it leaves, 4e6 / 3 B/s:
  // 20 us + 192 us. The three are done at 20 us + 3 x 8192 / 2e6 s (the fourth leaves them room
  // they cannot use).
  Routes routes{.bandwidths = std::vector<double>(6, 2e6), .shared = {}, .routes = {}};
  for (auto [from, to] : {std::pair{1, 0}, {1, 2}, {1, 2}, {2, 0}})
    routes.routes.push_back({.latency_s = 2e-5, .penalty = 1, .links = {2 * from, 2 * to + 1}});
  FlowNetwork net(routes);
  for (int route = 0; route < 3; ++route) net.send(route, 8192, 0);
  net.send(3, 256, 0);
  const auto at = arrivals(net, 4);
  EXPECT_NEAR(at[3], 2e-5 + 256 / (4e6 / 3), 1e-12);
  for (int m = 0; m < 3; ++m) EXPECT_NEAR(at[m], 2e-5 + 3 * 8192 / 2e6, 1e-12) << "message " << m;
}

TEST(FlowNetwork, SharesGoInProportionToOneOverThePenaltyAndAFatPipeIsNotShared) {
  // Penalties 1 and 3: rates 7.5e5 and 2.5e5 B/s after the 1 ms latency. Message 0's 750 bytes
  // take 1 ms; message 1 then has 750 bytes left alone at 1e6: 0.75 ms.
  const Routes shared{.bandwidths = {1e6},
                      .shared = {},
                      .routes = {{.latency_s = 1e-3, .penalty = 1, .links = {0}}, {.latency_s = 1e-3, .penalty = 3, .links = {0}}}};
  FlowNetwork net(shared);
  net.send(0, 750, 0);
  net.send(1, 1000, 0);
  const auto at = arrivals(net, 2);
  EXPECT_NEAR(at[0], 2e-3, 1e-12);
  EXPECT_NEAR(at[1], 2.75e-3, 1e-12);

  const Routes fat{.bandwidths = {1e6}, .shared = {false}, .routes = {{.latency_s = 0, .penalty = 1, .links = {0}}}};
  FlowNetwork pipe(fat);
  pipe.send(0, 1000, 0);
  pipe.send(0, 1000, 0);
  EXPECT_EQ(arrivals(pipe, 2), (std::vector<double>{1e-3, 1e-3}));
}
