#include "models/shared_link.hpp"
#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>

namespace ssim::models {

namespace {

// Processor sharing of one link of `bandwidth` among flows ready at the given times.
void share_one_link(const std::vector<int>& members, const std::vector<double>& ready, double bytes,
                    double bandwidth, std::vector<double>& arrival) {
  std::vector<int> order = members;
  std::sort(order.begin(), order.end(), [&](int a, int b) { return ready[a] < ready[b]; });
  std::vector<std::pair<int, double>> active;  // flow, bytes left
  const double done = bytes * 1e-12;
  double now = 0;
  std::size_t next = 0;
  while (next < order.size() || !active.empty()) {
    if (active.empty()) {
      now = std::max(now, ready[order[next]]);
      active.emplace_back(order[next++], bytes);
      continue;
    }
    const double rate = bandwidth / active.size();
    double least = bytes;
    for (const auto& a : active) least = std::min(least, a.second);
    const double finish = now + least / rate;
    if (next < order.size() && ready[order[next]] < finish) {  // a flow joins before any finishes
      for (auto& a : active) a.second -= (ready[order[next]] - now) * rate;
      now = ready[order[next]];
      active.emplace_back(order[next++], bytes);
    } else {  // the flows with the least left finish; subtracting exactly `least` ends them
      for (auto& a : active) a.second -= least;
      now = finish;
      for (const auto& a : active)
        if (a.second <= done) arrival[a.first] = now;
      std::erase_if(active, [&](const auto& a) { return a.second <= done; });
    }
  }
}

}  // namespace

std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts, double bytes) {
  if (flows.size() != starts.size()) throw std::invalid_argument("arrival_times: one start per flow");
  std::vector<double> ready(flows.size()), arrival(flows.size());
  std::map<int, std::vector<int>> by_link;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    ready[i] = starts[i] + flows[i].latency_s;
    arrival[i] = ready[i];
    by_link[flows[i].bottleneck].push_back(static_cast<int>(i));
  }
  if (bytes > 0)
    for (const auto& [link, members] : by_link) share_one_link(members, ready, bytes, flows[members[0]].bandwidth, arrival);
  return arrival;
}

}  // namespace ssim::models
