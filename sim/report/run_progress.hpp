// The progress of one run on a ProgressDisplay: the epochs trained, and within an epoch the
// simulated time against the last epoch's length. A run that trains no model (one that only
// serves) shows its simulated time.
#pragma once
#include "report/progress.hpp"
#include "schemes/scheme.hpp"

namespace ssim::report {

class RunProgress {
 public:
  // `epochs`: those the run trains, 0 if it trains none.
  RunProgress(ProgressDisplay& display, int epochs) : display_(display), epochs_(epochs) {}

  void epoch_done(const schemes::EpochRecord& record);
  void time_advanced(double now_s);  // shown when the display is due

 private:
  void show(double now_s, bool now);

  ProgressDisplay& display_;
  int epochs_;
  int done_ = 0;
  double last_epoch_end_ = 0, last_epoch_length_ = 0, accuracy_ = -1;
};

}  // namespace ssim::report
