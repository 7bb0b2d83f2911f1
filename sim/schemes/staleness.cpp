#include "schemes/staleness.hpp"
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace ssim::schemes {
namespace {

double mean_of(const std::vector<long>& values) {
  return values.empty() ? 0.0
                        : static_cast<double>(std::accumulate(values.begin(), values.end(), 0L)) /
                              static_cast<double>(values.size());
}

long percentile(const std::vector<long>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

double StalenessLog::mean(int worker) const { return mean_of(by_worker_.at(static_cast<std::size_t>(worker))); }

nlohmann::json StalenessLog::summary() const {
  std::vector<long> all;
  for (const auto& pushes : by_worker_) all.insert(all.end(), pushes.begin(), pushes.end());
  std::sort(all.begin(), all.end());
  std::map<long, long> counts;
  for (long s : all) ++counts[s];
  nlohmann::json histogram = nlohmann::json::array();
  for (const auto& [staleness, pushes] : counts) histogram.push_back({staleness, pushes});
  std::vector<double> per_worker;
  for (const auto& pushes : by_worker_) per_worker.push_back(mean_of(pushes));
  return {{"mean", mean_of(all)},         {"max", all.empty() ? 0L : all.back()}, {"p50", percentile(all, 0.5)},
          {"p90", percentile(all, 0.9)},  {"p99", percentile(all, 0.99)},         {"histogram", histogram},
          {"per_worker_mean", per_worker}};
}

}  // namespace ssim::schemes
