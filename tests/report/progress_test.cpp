#include "report/progress.hpp"
#include "report/run_progress.hpp"
#include <chrono>
#include <cmath>
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

TEST(RunProgress, ShowsTheEpochsTrainedAndTheTimeWithinTheNext) {
  std::ostringstream out;
  ProgressDisplay display(ProgressDisplay::Mode::lines, out, 1h);
  ssim::report::RunProgress progress(display, 4);
  progress.epoch_done({.epoch = 1, .time_s = 2, .train_loss = 1, .test_loss = 1, .test_accuracy = 0.5});
  progress.time_advanced(3);  // not yet due
  EXPECT_EQ(out.str(), "1/4 epochs, simulated 2 s, test accuracy 50.00%\n");
}

TEST(RunProgress, AnEpochOfTimingModeHasNoAccuracyToShow) {
  std::ostringstream out;
  ProgressDisplay display(ProgressDisplay::Mode::lines, out, 1h);
  ssim::report::RunProgress progress(display, 4);
  progress.epoch_done({.epoch = 1, .time_s = 2});
  EXPECT_EQ(out.str(), "1/4 epochs, simulated 2 s\n");
}

TEST(RunProgress, BetweenEpochsShowsTheSimulatedTimeWhenTheDisplayIsDue) {
  std::ostringstream out;
  ProgressDisplay display(ProgressDisplay::Mode::lines, out, 0ms);  // always due
  ssim::report::RunProgress progress(display, 2);
  progress.epoch_done({.epoch = 1, .time_s = 2, .train_loss = 1, .test_loss = 1, .test_accuracy = 0.25});
  progress.time_advanced(3);
  EXPECT_EQ(out.str(), "1/2 epochs, simulated 2 s, test accuracy 25.00%\n"
                       "1/2 epochs, simulated 3 s, test accuracy 25.00%\n");
}

TEST(RunProgress, ARunThatTrainsNothingShowsItsSimulatedTime) {
  std::ostringstream out;
  {
    ProgressDisplay display(ProgressDisplay::Mode::terminal, out);
    ssim::report::RunProgress progress(display, 0);
    progress.time_advanced(1.5);
  }
  EXPECT_EQ(out.str(), "\r\033[K[............................]   0%  simulated 1.5 s"
                       "\r\033[K[............................]   0%  simulated 1.5 s\n");
}

TEST(ProgressDisplay, AFractionThatIsNotANumberDrawsAnEmptyBar) {
  std::ostringstream out;
  ProgressDisplay display(ProgressDisplay::Mode::terminal, out);
  display.update(std::nan(""), "x");
  EXPECT_EQ(out.str(), "\r\033[K[............................]   0%  x");
}
