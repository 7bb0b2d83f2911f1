// Percentiles as numpy computes them by default ("linear", Hyndman and Fan's type 7): linear
// interpolation between order statistics. The p-th of sorted x[0..n-1] is
// x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]) with h = (n - 1) p.
#pragma once
#include <vector>

namespace ssim::report {

// `sorted` ascending and not empty; `p` in [0, 1].
double percentile(const std::vector<double>& sorted, double p);

// A distribution as the serving results give it.
struct Distribution {
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, p99_9 = 0, max = 0;
};
// Of `values`, not empty, in any order (the mean sums them in that order).
Distribution distribution(const std::vector<double>& values);

}  // namespace ssim::report
