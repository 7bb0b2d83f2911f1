// The request stream of a serving scenario: exact for fixed intervals and all-at-once arrivals,
// and Poisson gaps whose statistics match the exponential law.
#include "schemes/serving.hpp"
#include <gtest/gtest.h>
#include <cmath>

namespace ssim::schemes {
namespace {

scenario::Serving stream(long queries, scenario::Serving::Arrivals arrivals, int batch = 1) {
  scenario::Serving serving;
  serving.queries = queries;
  serving.arrivals = arrivals;
  serving.rate = 400;
  serving.interval = 0.25;
  serving.batch = batch;
  return serving;
}

TEST(RequestArrivals, FixedIntervalsStartAtZero) {
  const auto arrivals = request_arrivals(stream(4, scenario::Serving::Arrivals::interval), 1);
  EXPECT_EQ(arrivals, (std::vector<double>{0, 0.25, 0.5, 0.75}));
}

TEST(RequestArrivals, AllAtOnceArriveAtZero) {
  EXPECT_EQ(request_arrivals(stream(3, scenario::Serving::Arrivals::all_at_once), 1), (std::vector<double>{0, 0, 0}));
}

TEST(RequestArrivals, ABatchOfQueriesIsOneRequestAndTheLastMayBeShort) {
  // 10 queries in requests of 4: three requests (4, 4 and 2 queries).
  EXPECT_EQ(request_arrivals(stream(10, scenario::Serving::Arrivals::interval, 4), 1).size(), 3u);
}

TEST(RequestArrivals, PoissonGapsAreExponentialWithTheRate) {
  constexpr long n = 40'000;
  const auto arrivals = request_arrivals(stream(n, scenario::Serving::Arrivals::poisson), 7);
  double previous = 0, sum = 0, sum_squares = 0;
  long longer_than_mean = 0;
  for (double t : arrivals) {
    const double gap = t - previous;
    ASSERT_GE(gap, 0);
    sum += gap;
    sum_squares += gap * gap;
    longer_than_mean += gap > 1.0 / 400;
    previous = t;
  }
  const double mean = sum / n;
  // Exponential(400/s): mean 2.5 ms, standard deviation 2.5 ms, P(gap > mean) = 1/e. With 40,000
  // gaps the estimates' standard errors are 0.5%, 0.7% and 0.24 points.
  EXPECT_NEAR(mean, 1.0 / 400, 0.02 / 400);
  EXPECT_NEAR(std::sqrt(sum_squares / n - mean * mean), 1.0 / 400, 0.03 / 400);
  EXPECT_NEAR(static_cast<double>(longer_than_mean) / n, std::exp(-1.0), 0.01);
}

TEST(RequestArrivals, PoissonArrivalsDependOnlyOnTheSeed) {
  const auto serving = stream(100, scenario::Serving::Arrivals::poisson);
  EXPECT_EQ(request_arrivals(serving, 3), request_arrivals(serving, 3));
  EXPECT_NE(request_arrivals(serving, 3), request_arrivals(serving, 4));
}

}  // namespace
}  // namespace ssim::schemes
