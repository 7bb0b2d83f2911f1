#include "models/shared_link.hpp"
#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace ssim::models {

namespace {

// Weighted processor sharing of one link of `bandwidth` among flows ready at the given times:
// each active flow moves bytes at bandwidth * its weight / the active flows' total weight.
void share_one_link(const std::vector<int>& members, const std::vector<double>& ready, const std::vector<Flow>& flows,
                    const std::vector<double>& bytes, std::vector<double>& arrival) {
  const double bandwidth = flows[members[0]].bandwidth;
  std::vector<int> order = members;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return ready[a] < ready[b]; });
  struct Active {
    int flow;
    double left;
  };
  auto weight = [&](const Active& a) { return 1 / flows[a.flow].penalty; };
  auto finished = [&](const Active& a) { return a.left <= bytes[a.flow] * 1e-12; };
  std::vector<Active> active;
  double now = 0;
  std::size_t next = 0;
  // Every flow ready at `now` joins at once: joining them one by one would move no bytes between
  // them, and would cost a pass over the active flows each (100,000 workers sending at once).
  auto join_ready = [&] {
    for (; next < order.size() && ready[order[next]] <= now; ++next) active.push_back({order[next], bytes[order[next]]});
  };
  while (next < order.size() || !active.empty()) {
    if (active.empty()) {
      now = std::max(now, ready[order[next]]);
      join_ready();
      continue;
    }
    double total_weight = 0;
    for (const auto& a : active) total_weight += weight(a);
    auto rate = [&](const Active& a) { return bandwidth * weight(a) / total_weight; };
    double step = std::numeric_limits<double>::infinity();  // until the first active flow ends
    for (const auto& a : active) step = std::min(step, a.left / rate(a));
    if (next < order.size() && ready[order[next]] < now + step) {  // flows join before any ends
      const double joined = ready[order[next]];
      for (auto& a : active) a.left -= (joined - now) * rate(a);
      now = joined;
      join_ready();
    } else {  // by the step itself, not by now + step - now, which a late now rounds
      for (auto& a : active) a.left -= step * rate(a);
      now += step;
      for (const auto& a : active)
        if (finished(a)) arrival[a.flow] = now;
      std::erase_if(active, finished);
    }
  }
}

}  // namespace

double sharing_penalty(double route_latency_s, double latency_factor, double weight_s,
                       const std::vector<double>& route_bandwidths) {
  if (route_latency_s * latency_factor <= 0) return 1;
  double penalty = route_latency_s;
  if (weight_s > 0)
    for (double bandwidth : route_bandwidths) penalty += weight_s / bandwidth;
  return penalty;
}

std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts,
                                  const std::vector<double>& bytes) {
  if (flows.size() != starts.size() || flows.size() != bytes.size())
    throw std::invalid_argument("arrival_times: one start and one size per flow");
  std::vector<double> ready(flows.size()), arrival(flows.size());
  std::map<int, std::vector<int>> by_link;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (!(flows[i].penalty > 0)) throw std::invalid_argument("arrival_times: a flow's sharing penalty must be > 0");
    ready[i] = starts[i] + flows[i].latency_s;
    arrival[i] = ready[i];
    if (bytes[i] > 0) by_link[flows[i].bottleneck].push_back(static_cast<int>(i));
  }
  for (const auto& [link, members] : by_link) share_one_link(members, ready, flows, bytes, arrival);
  return arrival;
}

std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts, double bytes) {
  return arrival_times(flows, starts, std::vector<double>(flows.size(), bytes));
}

}  // namespace ssim::models
