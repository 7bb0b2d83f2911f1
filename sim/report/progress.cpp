#include "report/progress.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <unistd.h>

namespace ssim::report {
namespace {

constexpr int kBarWidth = 28;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

}  // namespace

ProgressDisplay::Mode ProgressDisplay::mode_for_stderr(bool quiet) {
  if (quiet) return Mode::quiet;
  return isatty(STDERR_FILENO) ? Mode::terminal : Mode::lines;
}

ProgressDisplay::ProgressDisplay(Mode mode, std::ostream& out, std::chrono::milliseconds line_every)
    : mode_(mode), out_(out), line_every_(line_every) {}

ProgressDisplay::~ProgressDisplay() { finish(); }

void ProgressDisplay::finish() {
  if (mode_ == Mode::terminal && shown_) {
    draw();
    out_ << '\n' << std::flush;
  }
  shown_ = false;
}

void ProgressDisplay::update(double fraction, const std::string& status, bool now) {
  fraction_ = std::isfinite(fraction) ? std::clamp(fraction, 0.0, 1.0) : 0.0;
  status_ = status;
  if (mode_ == Mode::quiet || (!now && !due())) return;
  last_shown_ = std::chrono::steady_clock::now();
  if (mode_ == Mode::terminal) {
    draw();
  } else {
    out_ << status_ << '\n' << std::flush;
  }
  shown_ = true;
}

bool ProgressDisplay::due() const {
  if (mode_ == Mode::quiet) return false;
  const auto every = mode_ == Mode::terminal ? kRedrawEvery : line_every_;
  return !shown_ || std::chrono::steady_clock::now() - last_shown_ >= every;
}

void ProgressDisplay::note(const std::string& line) {
  if (mode_ == Mode::quiet) return;
  if (mode_ == Mode::terminal && shown_) clear_line();
  out_ << line << '\n';
  if (mode_ == Mode::terminal && shown_) draw();
  out_ << std::flush;
}

void ProgressDisplay::clear_line() { out_ << "\r\033[K"; }

void ProgressDisplay::draw() {
  const int filled = static_cast<int>(std::floor(fraction_ * kBarWidth));
  clear_line();
  out_ << fmt::format("[{}{}] {:3.0f}%  {}", std::string(filled, '#'), std::string(kBarWidth - filled, '.'),
                      100 * fraction_, status_)
       << std::flush;
}

std::string format_duration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

}  // namespace ssim::report
