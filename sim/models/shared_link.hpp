// Messages crossing the network at once. Each flow's route has a latency and a bottleneck link
// (its most shared one); flows on the same bottleneck share its bandwidth equally while they are
// on it together (processor sharing). A flow starts moving bytes once its route latency has
// passed, as in SimGrid's flow model. With equal starts this is latency + bytes * n / bandwidth.
#pragma once
#include <vector>

namespace ssim::models {

struct Flow {
  double latency_s = 0;
  int bottleneck = 0;      // flows with the same id share one link
  double bandwidth = 0;    // of that link, bytes/s
};

// When each flow's `bytes` have arrived, the flow being sent at starts[i].
std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts, double bytes);

}  // namespace ssim::models
