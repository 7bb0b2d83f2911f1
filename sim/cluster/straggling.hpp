// Turns a scenario's `stragglers:` into what SimGrid and the schemes act on: speed profiles
// (fixed and windowed slowdowns), state profiles (fail-stop), and per-iteration random slowdowns.
#pragma once
#include "scenario/scenario.hpp"
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ssim::cluster {

// A host's speed over time as (date, speed ratio) steps from the slow and window entries that
// target it; overlapping slowdowns multiply. Empty when the host is never slowed.
std::vector<std::pair<double, double>> speed_ratios(const std::vector<scenario::Straggler>& entries);
// The same as SimGrid profile text ("date ratio" lines).
std::string speed_profile_text(const std::vector<std::pair<double, double>>& ratios);

// Compute-time factor of one worker in one iteration: the product of the slowdowns of the random
// entries that fire. A hash of (seed, worker, iteration), so it does not depend on event order.
class RandomStraggling {
 public:
  RandomStraggling(const std::vector<scenario::Straggler>& stragglers, std::uint64_t seed);
  double factor(int worker, long iteration) const;
  // For the models: the probability and slowdown that apply to every worker (0 and 1 if none).
  double uniform_probability() const;
  double uniform_slowdown() const;
  // For the models, per worker: the probability that some random entry slows an iteration, and
  // the mean factor when one does. Exact with one entry on the worker; several are folded into
  // this two-point law, which keeps the mean factor but not its spread.
  double probability(int worker) const;
  double slowdown(int worker) const;

 private:
  std::vector<scenario::Straggler> entries_;
  std::uint64_t seed_;
};

}  // namespace ssim::cluster
