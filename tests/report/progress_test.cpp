#include "report/progress.hpp"
#include <chrono>
#include <gtest/gtest.h>
#include <sstream>

using ssim::report::ProgressDisplay;
using namespace std::chrono_literals;

TEST(ProgressDisplay, OnATerminalRedrawsOneLineWithABar) {
  std::ostringstream out;
  {
    ProgressDisplay display(ProgressDisplay::Mode::terminal, out);
    display.update(0.5, "3/6 points");
  }
  // 28 cells, half of them filled; the line is ended when the display goes.
  EXPECT_EQ(out.str(), "\r\033[K[##############..............]  50%  3/6 points"
                       "\r\033[K[##############..............]  50%  3/6 points\n");
}

TEST(ProgressDisplay, OnATerminalANoteStaysAboveTheBar) {
  std::ostringstream out;
  ProgressDisplay display(ProgressDisplay::Mode::terminal, out);
  display.update(0.25, "a");
  out.str("");
  display.note("point 2 failed");
  EXPECT_EQ(out.str(), "\r\033[Kpoint 2 failed\n\r\033[K[#######.....................]  25%  a");
}

TEST(ProgressDisplay, ElsewherePrintsAPlainLineOncePerInterval) {
  std::ostringstream out;
  ProgressDisplay display(ProgressDisplay::Mode::lines, out, 1h);
  display.update(0.1, "first");
  display.update(0.2, "too soon");
  display.update(0.3, "asked for", true);
  display.note("a note");
  EXPECT_EQ(out.str(), "first\nasked for\na note\n");
}

TEST(ProgressDisplay, QuietPrintsNothing) {
  std::ostringstream out;
  {
    ProgressDisplay display(ProgressDisplay::Mode::quiet, out);
    display.update(1, "done", true);
    display.note("note");
  }
  EXPECT_EQ(out.str(), "");
}

TEST(FormatDuration, SecondsMinutesHours) {
  EXPECT_EQ(ssim::report::format_duration(42.4), "42s");
  EXPECT_EQ(ssim::report::format_duration(185), "3m05s");
  EXPECT_EQ(ssim::report::format_duration(3720), "1h02m");
  EXPECT_EQ(ssim::report::format_duration(-1), "0s");
}

TEST(ProgressDisplay, FinishEndsTheBarsLineSoOtherOutputCanFollow) {
  std::ostringstream out;
  ProgressDisplay display(ProgressDisplay::Mode::terminal, out);
  display.update(1, "done");
  display.finish();
  EXPECT_EQ(out.str().back(), '\n');
  out.str("");
  display.finish();
  EXPECT_EQ(out.str(), "") << "finishing twice ends one line";
}
