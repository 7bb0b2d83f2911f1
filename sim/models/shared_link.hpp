// Messages crossing the network at once, shared as SimGrid's flow model (CM02 and LV08) shares
// them. A flow moves no bytes until its route latency has passed; then the flows on one link
// divide its bandwidth in proportion to their weights, 1 / sharing penalty (a max-min system
// whose variables are the flows' rates; src/surf/network_cm02.cpp and src/kernel/lmm/maxmin.cpp
// of SimGrid 3.32). Each flow is held only by its bottleneck, the link where its share is the
// smallest. With equal starts, sizes and penalties this is latency + bytes * n / bandwidth.
// A flow that knows its whole route is shared on every link of it instead, by SimGrid's weighted
// max-min (progressive filling): a flow slowed by one link leaves the others more of the next.
#pragma once
#include <vector>

namespace ssim::models {

// One link of a flow's route.
struct Hop {
  int link = 0;          // flows with the same id cross the same link
  double bandwidth = 0;  // bytes/s, as the network model carries it
  bool shared = true;    // false for a FATPIPE link: each flow may use all of it
};

struct Flow {
  double latency_s = 0;  // as the network model carries it (latency factor applied)
  int bottleneck = 0;    // flows with the same id share one link
  double bandwidth = 0;  // of that link, bytes/s, as the network model carries it (bandwidth factor applied)
  double penalty = 1;    // sharing penalty (> 0): the flow's share of the link is proportional to 1 / penalty
  // Every link crossed, when known: arrival_times then shares each of them, not only the bottleneck.
  std::vector<Hop> route = {};
};

// SimGrid's sharing penalty of a flow: its route's latency (before the latency factor) plus
// weight_s / bandwidth for every link of the route; a route without latency has penalty 1
// (the flow's variable enters the system with penalty 1 at once, instead of once its latency is paid).
double sharing_penalty(double route_latency_s, double latency_factor, double weight_s,
                       const std::vector<double>& route_bandwidths);

// When each flow's bytes have arrived, flow i being sent at starts[i] with bytes[i].
std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts,
                                  const std::vector<double>& bytes);
// The same with every flow carrying `bytes`.
std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts, double bytes);

}  // namespace ssim::models
