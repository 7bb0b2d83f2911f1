#include "models/single_node.hpp"
#include <fmt/format.h>

namespace ssim::models {

Prediction single_node(const Workload& workload, double update_flops, double speed, double straggle_probability,
                       double straggle_slowdown) {
  Prediction p;
  const double straggling = 1 + straggle_probability * (straggle_slowdown - 1);
  for (const auto& group : workload) p.time_s += group.count * straggling * (group.worker_flops + update_flops) / speed;
  const long rounds = total_rounds(workload);
  p.formula = "T = I * T_A,  T_A = (train step + update flops) / speed * (1 + p(s - 1)) under random straggling";
  p.values = fmt::format("I = {}, mean T_A = {:.6g} s, T = {:.6g} s", rounds, rounds ? p.time_s / rounds : 0.0,
                         p.time_s);
  return p;
}

long total_rounds(const Workload& workload) {
  long rounds = 0;
  for (const auto& group : workload) rounds += group.count;
  return rounds;
}

}  // namespace ssim::models
