// What a closed-form model says about a run: its time and the formula, with the numbers put in,
// so a reader can check it by hand.
#pragma once
#include <string>

namespace ssim::models {

struct Prediction {
  // Exact: the run's simulated time, to rounding. A bound: the run cannot take longer (upper) or
  // shorter (lower), for the reason the formula gives.
  enum class Kind { exact, upper_bound, lower_bound } kind = Kind::exact;
  double time_s = 0;
  std::string formula;  // symbolic form
  std::string values;   // the same with the run's numbers
};

// "exact", "upper bound" or "lower bound", as summaries and sweep tables say it.
inline const char* kind_name(Prediction::Kind kind) {
  switch (kind) {
    case Prediction::Kind::upper_bound: return "upper bound";
    case Prediction::Kind::lower_bound: return "lower bound";
    case Prediction::Kind::exact: break;
  }
  return "exact";
}

// What a closed-form model says about the latency of served queries (arrival to answer).
struct LatencyPrediction {
  enum class Kind {
    exact,      // the distribution holds exactly (no queueing)
    mean_bound  // queueing: only the mean is modelled, and it is an upper bound
  } kind = Kind::exact;
  double mean_s = 0, p50_s = 0, p95_s = 0, p99_s = 0, p99_9_s = 0, max_s = 0;  // mean_bound: only mean_s is set
  std::string formula;
  std::string values;
};

}  // namespace ssim::models
