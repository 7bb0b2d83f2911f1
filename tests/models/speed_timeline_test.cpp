#include "models/speed_timeline.hpp"
#include <gtest/gtest.h>
#include <stdexcept>

namespace ssim::models {
namespace {

TEST(SpeedTimeline, AConstantSpeedTakesFlopsOverSpeed) {
  const SpeedTimeline host(1e9);
  EXPECT_DOUBLE_EQ(host.finish(2.0, 3e9), 5.0);
  EXPECT_DOUBLE_EQ(host.final_speed(), 1e9);
}

TEST(SpeedTimeline, WorkThroughAWindowIsChargedTheSpeedsItMeets) {
  // 100 flop/s, a quarter of that from t = 1 to t = 3.
  const SpeedTimeline host(100, {{0, 1}, {1, 0.25}, {3, 1}});
  // 150 flops from t = 0: 100 by t = 1, then 25 per second: 50 more by t = 3.
  EXPECT_DOUBLE_EQ(host.finish(0, 150), 3.0);
  // 200 flops from t = 0.5: 50 by t = 1, 50 by t = 3, 100 by t = 4.
  EXPECT_DOUBLE_EQ(host.finish(0.5, 200), 4.0);
  // Starting inside the window: 25 flops from t = 2 take to t = 3.
  EXPECT_DOUBLE_EQ(host.finish(2, 25), 3.0);
  EXPECT_DOUBLE_EQ(host.speed_at(2), 25);
  EXPECT_DOUBLE_EQ(host.speed_at(3), 100);
}

TEST(SpeedTimeline, AFixedSlowdownFromTimeZeroSlowsEveryStep) {
  const SpeedTimeline host(100, {{0, 0.5}});
  EXPECT_DOUBLE_EQ(host.finish(1, 100), 3.0);
  EXPECT_DOUBLE_EQ(host.final_speed(), 50);
}

TEST(SpeedTimeline, RefusesWhatNoProfileCanBe) {
  EXPECT_THROW(SpeedTimeline(0), std::invalid_argument);
  EXPECT_THROW(SpeedTimeline(1, {{1, 0.5}, {0, 1}}), std::invalid_argument);
  EXPECT_THROW(SpeedTimeline(1, {{0, 0}}), std::invalid_argument);
}

}  // namespace
}  // namespace ssim::models
