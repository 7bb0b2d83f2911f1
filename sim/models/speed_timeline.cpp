#include "models/speed_timeline.hpp"
#include <algorithm>
#include <limits>
#include <stdexcept>

namespace ssim::models {

SpeedTimeline::SpeedTimeline(double peak, std::vector<std::pair<double, double>> ratios)
    : peak_(peak), ratios_(std::move(ratios)) {
  if (!(peak_ > 0)) throw std::invalid_argument("SpeedTimeline: peak speed must be positive");
  for (std::size_t i = 0; i < ratios_.size(); ++i) {
    if (!(ratios_[i].second > 0)) throw std::invalid_argument("SpeedTimeline: speed ratios must be positive");
    if (i > 0 && ratios_[i].first < ratios_[i - 1].first)
      throw std::invalid_argument("SpeedTimeline: dates must increase");
  }
}

double SpeedTimeline::speed_at(double time) const {
  double ratio = 1;
  for (const auto& [date, r] : ratios_) {
    if (date > time) break;
    ratio = r;
  }
  return peak_ * ratio;
}

double SpeedTimeline::final_speed() const { return peak_ * (ratios_.empty() ? 1.0 : ratios_.back().second); }

double SpeedTimeline::finish(double start, double flops) const {
  // Walk the constant pieces from `start` until the flops are done.
  auto next = std::upper_bound(ratios_.begin(), ratios_.end(), start,
                               [](double t, const auto& r) { return t < r.first; });
  double t = start, left = flops;
  double speed = speed_at(start);
  while (true) {
    const double end = next == ratios_.end() ? std::numeric_limits<double>::infinity() : next->first;
    const double done_at = t + left / speed;
    if (done_at <= end) return done_at;
    left -= (end - t) * speed;
    t = end;
    speed = peak_ * next->second;
    ++next;
  }
}

}  // namespace ssim::models
