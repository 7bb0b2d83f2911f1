// A server's connections on a star of 1 ms links at 1e8 B/s: a message of 1000 bytes takes
// 2.01 ms from a client to the server when no other shares the server's link. Each test runs a
// simulation and so needs its own process.
#include "schemes/connections.hpp"
#include "simulated_cluster.hpp"
#include <gtest/gtest.h>

using namespace ssim;
namespace sg4 = simgrid::s4u;

namespace {

constexpr double kTransit = 2e-3 + 1e3 / 1e8;

struct Note {
  int client;
  double wire_bytes = 1e3;
};

struct Send {
  int client;
  double at;
  double bytes = 1e3;
};

struct Taken {
  int client;
  double at;
};

// A server reads `sends.size()` messages from `clients` clients over their connections, each
// client sending the messages `sends` gives it, in time order.
std::vector<Taken> read(int clients, const std::vector<Send>& sends) {
  cluster::Cluster c(ssim::testing::star(clients + 1), cluster::server_workers_layout(clients),
                     ssim::testing::scratch_dir("ssim-connections"));
  const auto inbox = [](int client) { return sg4::Mailbox::by_name("server<-" + std::to_string(client)); };
  std::vector<Taken> taken;
  c.spawn("server", c.host(0), [&] {
    std::vector<sg4::Mailbox*> inboxes;
    for (int client = 0; client < clients; ++client) inboxes.push_back(inbox(client));
    schemes::Connections<Note> connections(c, inboxes);
    for (std::size_t i = 0; i < sends.size(); ++i) {
      const auto message = connections.receive(1e9);
      EXPECT_EQ(message->client, message->body->client);
      taken.push_back({message->client, sg4::Engine::get_clock()});
    }
    connections.close();
  });
  for (int client = 0; client < clients; ++client)
    c.spawn("client-" + std::to_string(client), c.worker_host(client), [&, client] {
      for (const auto& send : sends) {
        if (send.client != client) continue;
        sg4::this_actor::sleep_until(send.at);
        c.post(inbox(client), std::make_unique<Note>(Note{client, send.bytes}));
      }
    });
  c.run();
  return taken;
}

std::vector<int> clients(const std::vector<Taken>& taken) {
  std::vector<int> order;
  for (const auto& t : taken) order.push_back(t.client);
  return order;
}

}  // namespace

TEST(Connections, MessagesAreTakenInTheOrderTheyArrivedNotClientByClient) {
  const auto taken = read(3, {{2, 0.1}, {0, 0.3}, {1, 0.2}, {2, 0.4}});
  EXPECT_EQ(clients(taken), (std::vector<int>{2, 1, 0, 2}));
  EXPECT_DOUBLE_EQ(taken[0].at, 0.1 + kTransit);
  EXPECT_DOUBLE_EQ(taken[3].at, 0.4 + kTransit);
}

TEST(Connections, MessagesArrivingAtOneInstantAreTakenClientByClient) {
  const auto taken = read(3, {{2, 0.1}, {1, 0.1}});
  EXPECT_EQ(clients(taken), (std::vector<int>{1, 2}));
  // They shared the server's link: 1 ms + 2000 bytes at 1e8 B/s + 1 ms.
  EXPECT_DOUBLE_EQ(taken[0].at, 0.1 + 2e-3 + 2e3 / 1e8);
}

TEST(Connections, AMessageStillCrossingTheNetworkDoesNotHoldBackOneSentLaterThatHasArrived) {
  // Client 0's megabyte starts moving at 102 ms and takes 10 ms; client 1's message, sent 1 ms
  // after it, shares the server's link with it for 2000 bytes' time at 1e8 B/s (each half), so
  // arrives at 103.02 ms and delays the megabyte by 10 us.
  const auto taken = read(2, {{0, 0.1, 1e6}, {1, 0.101}});
  EXPECT_EQ(clients(taken), (std::vector<int>{1, 0}));
  EXPECT_DOUBLE_EQ(taken[0].at, 0.101 + 2e-3 + 1e3 / 5e7);
  EXPECT_DOUBLE_EQ(taken[1].at, 0.112 + 1e-5);
}
