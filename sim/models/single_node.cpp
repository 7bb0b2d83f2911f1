#include "models/single_node.hpp"
#include <fmt/format.h>

namespace ssim::models {

Prediction single_node(const SingleNodeInput& in) {
  Prediction p;
  double flops = 0;
  for (std::size_t r = 0; r < in.round_flops.size(); ++r) {
    const double factor = in.straggle_factor ? in.straggle_factor(long(r)) : 1.0;
    p.time_s = in.speed.finish(p.time_s, in.round_flops[r] * factor);
    flops += in.round_flops[r];
  }
  const auto rounds = in.round_flops.size();
  const double paper = flops / in.speed.final_speed();
  p.formula =
      "T = sum over rounds of each step's flops times its straggle factor, at the host's speed of the moment; "
      "paper's form (seed 004): T = I * T_A";
  p.values = fmt::format("I = {}, T = {:.6g} s; paper's form: T_A = {:.6g} s, T = {:.6g} s", rounds, p.time_s,
                         rounds ? paper / double(rounds) : 0.0, paper);
  return p;
}

}  // namespace ssim::models
