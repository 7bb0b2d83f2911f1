#include "cluster/straggling.hpp"
#include "common/splitmix.hpp"
#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace ssim::cluster {

using Kind = scenario::Straggler::Kind;

std::vector<std::pair<double, double>> speed_ratios(const std::vector<scenario::Straggler>& entries) {
  struct Interval {
    double from, to, slowdown;
  };
  std::vector<Interval> intervals;
  std::vector<double> dates{0};
  for (const auto& e : entries) {
    if (e.kind == Kind::slow) intervals.push_back({0, std::numeric_limits<double>::infinity(), e.slowdown});
    if (e.kind == Kind::window) {
      intervals.push_back({e.from, e.to, e.slowdown});
      dates.push_back(e.from);
      dates.push_back(e.to);
    }
  }
  if (intervals.empty()) return {};
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  std::vector<std::pair<double, double>> ratios;
  for (double date : dates) {
    double slowdown = 1;
    for (const auto& i : intervals)
      if (i.from <= date && date < i.to) slowdown *= i.slowdown;
    ratios.emplace_back(date, 1.0 / slowdown);
  }
  return ratios;
}

std::string speed_profile_text(const std::vector<std::pair<double, double>>& ratios) {
  std::string text;
  for (const auto& [date, ratio] : ratios) text += fmt::format("{} {}\n", date, ratio);
  return text;
}

RandomStraggling::RandomStraggling(const std::vector<scenario::Straggler>& stragglers, std::uint64_t seed)
    : seed_(seed) {
  for (const auto& s : stragglers)
    if (s.kind == Kind::random) entries_.push_back(s);
}

double RandomStraggling::factor(int worker, long iteration) const {
  double f = 1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    if (e.worker && *e.worker != worker) continue;
    std::uint64_t h = splitmix64(seed_ ^ splitmix64(i + 1));
    h = splitmix64(h ^ static_cast<std::uint64_t>(worker));
    h = splitmix64(h ^ static_cast<std::uint64_t>(iteration));
    const double u = static_cast<double>(h >> 11) * 0x1.0p-53;  // uniform in [0, 1)
    if (u < e.probability) f *= e.slowdown;
  }
  return f;
}

double RandomStraggling::probability(int worker) const {
  double none = 1;
  for (const auto& e : entries_)
    if (!e.worker || *e.worker == worker) none *= 1 - e.probability;
  return 1 - none;
}

double RandomStraggling::slowdown(int worker) const {
  // E[factor] = 1 - P + P * slowdown, with E[factor] the product of the entries' means.
  double mean = 1;
  for (const auto& e : entries_)
    if (!e.worker || *e.worker == worker) mean *= 1 - e.probability + e.probability * e.slowdown;
  const double p = probability(worker);
  return p > 0 ? 1 + (mean - 1) / p : 1;
}

double RandomStraggling::uniform_probability() const {
  for (const auto& e : entries_)
    if (!e.worker) return e.probability;
  return 0;
}

double RandomStraggling::uniform_slowdown() const {
  for (const auto& e : entries_)
    if (!e.worker) return e.slowdown;
  return 1;
}

}  // namespace ssim::cluster
