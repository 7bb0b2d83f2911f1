#include "models/shared_link.hpp"
#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace ssim::models {

namespace {

// The flows of one group, joined through the links they share, and those links.
struct Group {
  std::vector<int> flows;                  // indices into the caller's flows
  std::vector<std::vector<int>> routes;    // per member: local link indices
  std::vector<double> capacity;            // per local link
  std::vector<bool> shared;                // per local link
};

// SimGrid's weighted max-min (lmm's progressive filling): every unfixed flow moves at level *
// its weight; the link whose level, what is left of it over its unfixed flows' weight, is the
// lowest is saturated and its flows fixed at that rate; repeat with the others. A FATPIPE link
// is not divided: its level is its bandwidth over the largest weight among its unfixed flows.
std::vector<double> max_min_rates(const Group& g, const std::vector<int>& active, const std::vector<double>& weight) {
  const std::size_t links = g.capacity.size();
  std::vector<double> left = g.capacity, rate(active.size(), -1);
  std::vector<std::vector<int>> on_link(links);
  for (std::size_t a = 0; a < active.size(); ++a)
    for (int l : g.routes[active[a]]) on_link[l].push_back(static_cast<int>(a));
  std::vector<double> usage(links, 0.0);
  auto measure = [&](std::size_t l) {
    usage[l] = 0;
    for (int a : on_link[l])
      if (rate[a] < 0) usage[l] = g.shared[l] ? usage[l] + weight[a] : std::max(usage[l], weight[a]);
  };
  for (std::size_t l = 0; l < links; ++l) measure(l);
  for (std::size_t fixed = 0; fixed < active.size();) {
    double level = std::numeric_limits<double>::infinity();
    int link = -1;
    for (std::size_t l = 0; l < links; ++l)
      if (usage[l] > 0 && left[l] / usage[l] < level) {
        level = left[l] / usage[l];
        link = static_cast<int>(l);
      }
    if (link < 0) throw std::logic_error("max_min_rates: a flow crosses no link");
    std::vector<int> touched;
    for (int a : on_link[link]) {
      if (rate[a] >= 0) continue;
      rate[a] = level * weight[a];
      ++fixed;
      for (int l : g.routes[active[a]]) {
        if (g.shared[l]) left[l] = std::max(0.0, left[l] - rate[a]);
        touched.push_back(l);
      }
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (int l : touched) measure(l);
  }
  return rate;
}

// The flows of a group move at their max-min rates, recomputed whenever one is ready (its
// latency paid) or one has arrived.
void share_group(const Group& g, const std::vector<double>& ready, const std::vector<Flow>& flows,
                 const std::vector<double>& bytes, std::vector<double>& arrival) {
  std::vector<int> order(g.flows.size());  // members by readiness
  for (std::size_t m = 0; m < order.size(); ++m) order[m] = static_cast<int>(m);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return ready[g.flows[a]] < ready[g.flows[b]]; });
  std::vector<int> active;  // members
  std::vector<double> left(g.flows.size());
  for (std::size_t m = 0; m < left.size(); ++m) left[m] = bytes[g.flows[m]];
  auto finished = [&](int m) { return left[m] <= bytes[g.flows[m]] * 1e-12; };
  double now = 0;
  std::size_t next = 0;
  // Every flow ready at `now` joins at once: joining them one by one would move no bytes between
  // them, and would cost a pass over the active flows each (100,000 workers sending at once).
  auto join_ready = [&] {
    for (; next < order.size() && ready[g.flows[order[next]]] <= now; ++next) active.push_back(order[next]);
  };
  std::vector<double> weight;
  while (next < order.size() || !active.empty()) {
    if (active.empty()) {
      now = std::max(now, ready[g.flows[order[next]]]);
      join_ready();
      continue;
    }
    weight.clear();
    for (int m : active) weight.push_back(1 / flows[g.flows[m]].penalty);
    const auto rate = max_min_rates(g, active, weight);
    double step = std::numeric_limits<double>::infinity();  // until the first active flow ends
    for (std::size_t a = 0; a < active.size(); ++a) step = std::min(step, left[active[a]] / rate[a]);
    if (next < order.size() && ready[g.flows[order[next]]] < now + step) {  // flows join before any ends
      const double joined = ready[g.flows[order[next]]];
      for (std::size_t a = 0; a < active.size(); ++a) left[active[a]] -= (joined - now) * rate[a];
      now = joined;
      join_ready();
    } else {  // by the step itself, not by now + step - now, which a late now rounds
      for (std::size_t a = 0; a < active.size(); ++a) left[active[a]] -= step * rate[a];
      now += step;
      for (int m : active)
        if (finished(m)) arrival[g.flows[m]] = now;
      std::erase_if(active, finished);
    }
  }
}

// A flow's route: the one it knows, or its bottleneck alone.
std::vector<Hop> route_of(const Flow& flow) {
  if (!flow.route.empty()) return flow.route;
  return {Hop{.link = flow.bottleneck, .bandwidth = flow.bandwidth, .shared = true}};
}

// The flows that carry bytes, in groups that share no link with each other.
std::vector<Group> groups(const std::vector<Flow>& flows, const std::vector<double>& bytes) {
  std::vector<int> parent(flows.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<int>(i);
  auto root = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  std::map<int, int> first_on_link;  // a shared link's first flow
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (!(bytes[i] > 0)) continue;
    for (const auto& hop : route_of(flows[i])) {
      if (!hop.shared) continue;
      const auto [it, inserted] = first_on_link.emplace(hop.link, static_cast<int>(i));
      if (!inserted) parent[root(static_cast<int>(i))] = root(it->second);
    }
  }
  std::map<int, Group> by_root;
  std::map<int, std::map<int, int>> local_links;  // by root: link id -> local index
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (!(bytes[i] > 0)) continue;
    const int r = root(static_cast<int>(i));
    auto& g = by_root[r];
    auto& local = local_links[r];
    g.flows.push_back(static_cast<int>(i));
    std::vector<int> route;
    for (const auto& hop : route_of(flows[i])) {
      const auto [it, inserted] = local.emplace(hop.link, static_cast<int>(g.capacity.size()));
      if (inserted) {
        g.capacity.push_back(hop.bandwidth);
        g.shared.push_back(hop.shared);
      }
      route.push_back(it->second);
    }
    g.routes.push_back(std::move(route));
  }
  std::vector<Group> result;
  for (auto& [r, g] : by_root) result.push_back(std::move(g));
  return result;
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
  for (std::size_t i = 0; i < flows.size(); ++i) {
    if (!(flows[i].penalty > 0)) throw std::invalid_argument("arrival_times: a flow's sharing penalty must be > 0");
    ready[i] = starts[i] + flows[i].latency_s;
    arrival[i] = ready[i];
  }
  for (const auto& group : groups(flows, bytes)) share_group(group, ready, flows, bytes, arrival);
  return arrival;
}

std::vector<double> arrival_times(const std::vector<Flow>& flows, const std::vector<double>& starts, double bytes) {
  return arrival_times(flows, starts, std::vector<double>(flows.size(), bytes));
}

}  // namespace ssim::models
