// Progress shown while a run or a sweep goes: on a terminal, one line redrawn in place with a
// bar; otherwise (a log file, a batch job) a plain line now and then; or nothing at all.
#pragma once
#include <chrono>
#include <ostream>
#include <string>

namespace ssim::report {

class ProgressDisplay {
 public:
  enum class Mode { terminal, lines, quiet };
  // terminal when standard error is one, lines when it is not, quiet when asked.
  static Mode mode_for_stderr(bool quiet);

  ProgressDisplay(Mode mode, std::ostream& out, std::chrono::milliseconds line_every = std::chrono::seconds(10));
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // `fraction` of the work done, in [0, 1] (0 when it is not a number); `status` follows the bar. Redrawn at most ten times a
  // second on a terminal, printed once per `line_every` otherwise, unless `now` asks for it at once.
  void update(double fraction, const std::string& status, bool now = false);
  // Whether an update now (not asked for at once) would be shown: callers on a hot path check
  // this before they compose the status.
  bool due() const;
  // A line that stays, printed above the bar (a failure, a note).
  void note(const std::string& line);
  // Leaves the bar as it is and moves to the next line, so that other output can follow;
  // the next update draws a new bar.
  void finish();

 private:
  void draw();
  void clear_line();

  Mode mode_;
  std::ostream& out_;
  std::chrono::milliseconds line_every_;
  std::chrono::steady_clock::time_point last_shown_{};
  bool shown_ = false;
  double fraction_ = 0;
  std::string status_;
};

// "42s", "3m05s", "1h02m"
std::string format_duration(double seconds);

}  // namespace ssim::report
