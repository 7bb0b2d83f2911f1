// Messages crossing the network at once. Each flow's route has a latency and a bottleneck link
// (its most shared one); flows on the same bottleneck share its bandwidth while they are on it
// together, each in inverse proportion to its sharing penalty, as SimGrid's flow model does (the
// penalty is the route's latency, so a flow of two hops gets half the share of a flow of one).
// A flow starts moving bytes once its route latency has passed. With equal starts and equal
// penalties this is latency + bytes * n / bandwidth.
#pragma once
#include <vector>

namespace ssim::models {

struct Flow {
  double latency_s = 0;
  int bottleneck = 0;      // flows with the same id share one link
  double bandwidth = 0;    // of that link, bytes/s
  double penalty = 0;      // sharing penalty; flows on a link whose penalties are not all > 0 share equally
};

// When each flow's `bytes` have arrived, the flow being sent at starts[i].
std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts, double bytes);

}  // namespace ssim::models
