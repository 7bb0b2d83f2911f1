#include "report/run_progress.hpp"
#include <algorithm>
#include <fmt/format.h>

namespace ssim::report {

void RunProgress::epoch_done(const schemes::EpochRecord& record) {
  last_epoch_length_ = record.time_s - last_epoch_end_;
  last_epoch_end_ = record.time_s;
  done_ = record.epoch;
  accuracy_ = record.test_accuracy.value_or(-1);  // none in timing mode
  show(record.time_s, true);
}

void RunProgress::time_advanced(double now_s) {
  if (display_.due()) show(now_s, false);
}

void RunProgress::show(double now_s, bool now) {
  if (epochs_ <= 0) {
    display_.update(0, fmt::format("simulated {:.4g} s", now_s), now);
    return;
  }
  double within = 0;
  if (last_epoch_length_ > 0) within = std::min(0.99, (now_s - last_epoch_end_) / last_epoch_length_);
  std::string status = fmt::format("{}/{} epochs, simulated {:.4g} s", done_, epochs_, now_s);
  if (accuracy_ >= 0) status += fmt::format(", test accuracy {:.2f}%", 100 * accuracy_);
  display_.update((done_ + within) / epochs_, status, now);
}

}  // namespace ssim::report
