// The staleness of every push an asynchronous server applies: how many updates reached the server
// between the pushing worker's last fetch and its push. Summarised for the run's counters.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

namespace ssim::schemes {

class StalenessLog {
 public:
  explicit StalenessLog(int workers) : by_worker_(static_cast<std::size_t>(workers)) {}
  void record(int worker, long staleness) { by_worker_.at(static_cast<std::size_t>(worker)).push_back(staleness); }
  double mean(int worker) const;
  // mean, max, p50, p90, p99 (nearest rank), histogram ([staleness, pushes] pairs) and per-worker mean.
  nlohmann::json summary() const;

 private:
  std::vector<std::vector<long>> by_worker_;
};

}  // namespace ssim::schemes
