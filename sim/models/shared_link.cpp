#include "models/shared_link.hpp"
#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

namespace ssim::models {

namespace {

// Weighted processor sharing of one link of `bandwidth` among flows ready at the given times:
// each active flow moves bytes at a rate proportional to its weight.
void share_one_link(const std::vector<int>& members, const std::vector<double>& ready,
                    const std::vector<double>& weight, double bytes, double bandwidth, std::vector<double>& arrival) {
  std::vector<int> order = members;
  std::sort(order.begin(), order.end(), [&](int a, int b) { return ready[a] < ready[b]; });
  struct Active {
    int flow;
    double left;
  };
  std::vector<Active> active;
  const double done = bytes * 1e-12;
  double now = 0;
  std::size_t next = 0;
  while (next < order.size() || !active.empty()) {
    if (active.empty()) {
      now = std::max(now, ready[order[next]]);
      active.push_back({order[next++], bytes});
      continue;
    }
    double total_weight = 0;
    for (const auto& a : active) total_weight += weight[a.flow];
    auto rate = [&](const Active& a) { return bandwidth * weight[a.flow] / total_weight; };
    double step = std::numeric_limits<double>::infinity();  // until the first active flow ends
    for (const auto& a : active) step = std::min(step, a.left / rate(a));
    if (next < order.size() && ready[order[next]] < now + step) {  // a flow joins before any ends
      const double joined = ready[order[next]];
      for (auto& a : active) a.left -= (joined - now) * rate(a);
      now = joined;
      active.push_back({order[next++], bytes});
    } else {
      for (auto& a : active) a.left -= step * rate(a);
      now += step;
      for (const auto& a : active)
        if (a.left <= done) arrival[a.flow] = now;
      std::erase_if(active, [&](const Active& a) { return a.left <= done; });
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
  if (bytes <= 0) return arrival;
  for (const auto& [link, members] : by_link) {
    const bool weighted = std::all_of(members.begin(), members.end(), [&](int i) { return flows[i].penalty > 0; });
    std::vector<double> weight(flows.size(), 1.0);
    if (weighted)
      for (int i : members) weight[i] = 1 / flows[i].penalty;
    share_one_link(members, ready, weight, bytes, flows[members[0]].bandwidth, arrival);
  }
  return arrival;
}

}  // namespace ssim::models
