#include "models/flow_network.hpp"
#include <algorithm>
#include <stdexcept>

namespace ssim::models {

FlowNetwork::FlowNetwork(const Routes& routes) : routes_(routes) {
  if (routes_.shared.empty()) routes_.shared.assign(routes_.bandwidths.size(), true);
  if (routes_.shared.size() != routes_.bandwidths.size())
    throw std::invalid_argument("FlowNetwork: one sharing flag per link");
  for (const auto& route : routes_.routes) {
    if (!(route.penalty > 0)) throw std::invalid_argument("FlowNetwork: a route's sharing penalty must be > 0");
    for (int link : route.links)
      if (link < 0 || link >= static_cast<int>(routes_.bandwidths.size()))
        throw std::invalid_argument("FlowNetwork: a route names an unknown link");
  }
}

int FlowNetwork::send(int route, double bytes, double at) {
  if (at < now_) throw std::invalid_argument("FlowNetwork: a message sent before now");
  const auto& r = routes_.routes.at(route);
  on_the_way_.push_back({sent_, route, at + r.latency_s, r.links.empty() ? 0.0 : bytes});
  if (moving(on_the_way_.back())) share();  // no latency: it moves at once
  return sent_++;
}

double FlowNetwork::next_event() const {
  double next = kNever;
  for (const auto& m : on_the_way_)
    next = std::min(next, moving(m) ? (m.rate > 0 ? now_ + m.bytes_left / m.rate : kNever) : m.moving_from);
  return next;
}

std::vector<int> FlowNetwork::advance_to(double time) {
  if (time < now_) throw std::invalid_argument("FlowNetwork: time goes forward only");
  const double elapsed = time - now_;
  std::vector<int> arrived;
  bool changed = false;
  for (auto& m : on_the_way_) {
    if (!moving(m)) continue;
    // Arrived when its bytes left are done by `time`, reckoned as next_event() reckons it.
    if (m.rate > 0 && now_ + m.bytes_left / m.rate <= time) {
      m.bytes_left = 0;
    } else {
      m.bytes_left -= m.rate * elapsed;
    }
  }
  now_ = time;
  for (const auto& m : on_the_way_) {
    if (moving(m) && m.bytes_left == 0) arrived.push_back(m.id);
    changed |= m.moving_from == now_ || (moving(m) && m.bytes_left == 0);
  }
  std::erase_if(on_the_way_, [&](const Message& m) { return moving(m) && m.bytes_left == 0; });
  if (changed) share();
  return arrived;
}

void FlowNetwork::share() {
  // Progressive filling: every unfixed message moves at level / penalty; the link that fills first
  // at the lowest level fixes its messages there, until every message is fixed. A fat pipe only
  // caps each message's rate at its bandwidth.
  std::vector<Message*> unfixed;
  for (auto& m : on_the_way_)
    if (moving(m)) unfixed.push_back(&m);
  std::vector<double> capacity = routes_.bandwidths, weight(capacity.size());
  while (!unfixed.empty()) {
    std::fill(weight.begin(), weight.end(), 0.0);
    for (const auto* m : unfixed)
      for (int link : routes_.routes[m->route].links)
        if (routes_.shared[link]) weight[link] += 1 / routes_.routes[m->route].penalty;
    double level = kNever;
    for (std::size_t l = 0; l < capacity.size(); ++l)
      if (weight[l] > 0) level = std::min(level, std::max(capacity[l], 0.0) / weight[l]);
    for (const auto* m : unfixed)
      for (int link : routes_.routes[m->route].links)
        if (!routes_.shared[link]) level = std::min(level, routes_.bandwidths[link] * routes_.routes[m->route].penalty);
    // Fix the messages held at this level: on a link it fills, or by a fat pipe.
    auto held = [&](const Message* m) {
      const auto& route = routes_.routes[m->route];
      for (int link : route.links) {
        const double at = routes_.shared[link] ? std::max(capacity[link], 0.0) / weight[link]
                                               : routes_.bandwidths[link] * route.penalty;
        if (at <= level * (1 + 1e-12)) return true;
      }
      return route.links.empty();
    };
    // Which are held is decided on the capacities at this level, before any of them is fixed.
    std::vector<Message*> fixed, still;
    for (auto* m : unfixed) (held(m) ? fixed : still).push_back(m);
    for (auto* m : fixed) {
      const auto& route = routes_.routes[m->route];
      m->rate = route.links.empty() ? kNever : level / route.penalty;
      for (int link : route.links)
        if (routes_.shared[link]) capacity[link] -= m->rate;
    }
    unfixed = std::move(still);
  }
}

}  // namespace ssim::models
