// Against numpy.percentile's default (method="linear"), worked by hand.
#include "report/percentiles.hpp"
#include <gtest/gtest.h>

using ssim::report::distribution;
using ssim::report::percentile;

TEST(Percentile, InterpolatesBetweenOrderStatisticsAsNumpyDoes) {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(percentile(x, 0), 1);
  EXPECT_DOUBLE_EQ(percentile(x, 0.5), 5.5);    // h = 4.5
  EXPECT_DOUBLE_EQ(percentile(x, 0.95), 9.55);  // h = 8.55: 9 + 0.55 * (10 - 9)
  EXPECT_DOUBLE_EQ(percentile(x, 0.99), 9.91);
  EXPECT_DOUBLE_EQ(percentile(x, 0.999), 9.991);
  EXPECT_DOUBLE_EQ(percentile(x, 1), 10);
}

TEST(Percentile, OfUnevenlySpacedValues) {
  const std::vector<double> x = {0.1, 0.2, 0.3, 0.7};
  EXPECT_DOUBLE_EQ(percentile(x, 0.5), 0.25);                  // h = 1.5
  EXPECT_DOUBLE_EQ(percentile(x, 0.95), 0.3 + 0.85 * 0.4);     // h = 2.85
  EXPECT_DOUBLE_EQ(percentile(x, 0.25), 0.1 + 0.75 * 0.1);     // h = 0.75
}

TEST(Percentile, OfOneValueIsThatValue) {
  EXPECT_DOUBLE_EQ(percentile({3.5}, 0), 3.5);
  EXPECT_DOUBLE_EQ(percentile({3.5}, 0.999), 3.5);
  EXPECT_DOUBLE_EQ(percentile({3.5}, 1), 3.5);
}

TEST(Percentile, OfNoValuesIsAnError) { EXPECT_THROW(percentile({}, 0.5), std::invalid_argument); }

TEST(Distribution, SortsItsValuesAndTakesTheMeanAndTheMaximum) {
  const auto d = distribution({0.5, 0.0625, 0.25, 0.125});
  EXPECT_DOUBLE_EQ(d.mean, 0.234375);
  EXPECT_DOUBLE_EQ(d.p50, 0.1875);
  EXPECT_DOUBLE_EQ(d.p95, 0.25 + 0.85 * 0.25);
  EXPECT_DOUBLE_EQ(d.p99, 0.25 + 0.97 * 0.25);
  EXPECT_DOUBLE_EQ(d.p99_9, 0.25 + 0.997 * 0.25);
  EXPECT_DOUBLE_EQ(d.max, 0.5);
}
