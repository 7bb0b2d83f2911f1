// A host's speed over simulated time, piecewise constant as a SimGrid speed profile makes it: the
// models use it to charge work that runs through a window of slowdown at the speeds it really meets.
#pragma once
#include <vector>

namespace ssim::models {

class SpeedTimeline {
 public:
  explicit SpeedTimeline(double speed) : SpeedTimeline(speed, {}) {}
  // `ratios` are (date, ratio) pairs in increasing date order: from that date on, the host runs at
  // peak * ratio. Before the first date (or with none), at peak.
  SpeedTimeline(double peak, std::vector<std::pair<double, double>> ratios);

  // When `flops` started at `start` are done.
  double finish(double start, double flops) const;
  double speed_at(double time) const;
  // The speed the host keeps after its last change (what a long run mostly sees).
  double final_speed() const;

 private:
  double peak_;
  std::vector<std::pair<double, double>> ratios_;
};

}  // namespace ssim::models
