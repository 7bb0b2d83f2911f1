#include "report/percentiles.hpp"
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ssim::report {

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("percentile of no values");
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) return sorted.back();
  return sorted[below] + (h - std::floor(h)) * (sorted[below + 1] - sorted[below]);
}

Distribution distribution(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("distribution of no values");
  double sum = 0;
  for (double v : values) sum += v;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  return {.mean = sum / static_cast<double>(values.size()),
          .p50 = percentile(sorted, 0.5),
          .p95 = percentile(sorted, 0.95),
          .p99 = percentile(sorted, 0.99),
          .p99_9 = percentile(sorted, 0.999),
          .max = sorted.back()};
}

}  // namespace ssim::report
