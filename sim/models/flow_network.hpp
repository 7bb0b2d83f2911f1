// Messages sent at different times over routes that share links, moved as SimGrid's flow model
// (CM02 and LV08) moves them, for models that follow a protocol's schedule message by message. A
// message moves no bytes until its route latency has passed; then the messages on the network get
// rates by weighted max-min fairness over every link of their routes (each weighing 1 / its
// sharing penalty; src/kernel/lmm/maxmin.cpp of SimGrid 3.32), recomputed whenever a message
// starts moving or arrives. Unlike models/shared_link.hpp, which holds each flow only by its
// bottleneck, a message is held by whichever link of its route binds at the moment: on a star whose
// workers have slow links, one push alone is held by its worker's link, many at once by the server's.
#pragma once
#include <limits>
#include <vector>

namespace ssim::models {

struct Route {
  double latency_s = 0;    // as the network model carries it (latency factor applied)
  double penalty = 1;      // SimGrid's sharing penalty (models/shared_link.hpp, sharing_penalty)
  std::vector<int> links;  // indices into Routes::bandwidths; empty: the same host, no link
};

// Routes whose links are numbered in one table, so messages on different routes share them.
struct Routes {
  std::vector<double> bandwidths;  // bytes/s, bandwidth factor applied
  std::vector<bool> shared;        // false: a fat pipe, every message gets its whole bandwidth
  std::vector<Route> routes;
};

class FlowNetwork {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  explicit FlowNetwork(const Routes& routes);

  // Sends `bytes` over route `route` (an index into Routes::routes) at time `at` >= now();
  // returns the message's id, 0, 1, 2... in sending order.
  int send(int route, double bytes, double at);
  // When the next message arrives or starts moving, if nothing else is sent before: never when
  // nothing is on its way.
  double next_event() const;
  // Moves time on to `time` (at most next_event()); returns the messages that arrived then.
  std::vector<int> advance_to(double time);
  double now() const { return now_; }

 private:
  struct Message {
    int id;
    int route;
    double moving_from;  // sent + route latency
    double bytes_left;
    double rate = 0;
  };
  bool moving(const Message& m) const { return m.moving_from <= now_; }
  void share();  // rates of the moving messages

  Routes routes_;
  std::vector<Message> on_the_way_;
  double now_ = 0;
  int sent_ = 0;
};

}  // namespace ssim::models
