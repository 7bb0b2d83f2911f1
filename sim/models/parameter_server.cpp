#include "models/parameter_server.hpp"
#include "models/order_statistics.hpp"
#include <algorithm>
#include <fmt/format.h>

namespace ssim::models {

Prediction parameter_server(const ParameterServerInput& in) {
  const int workers = static_cast<int>(in.worker_speeds.size());
  const double update = in.server_flops_per_round / in.server_speed;
  const auto broadcast_arrivals = arrival_times(in.broadcast, std::vector<double>(workers, 0.0), in.message_bytes);
  const double broadcast = *std::max_element(broadcast_arrivals.begin(), broadcast_arrivals.end());
  // A worker starts computing when its parameters arrive: the broadcast's arrivals differ when
  // its flows share a link unequally, and so then do the gradients' starts.
  auto gather_end = [&](const std::vector<double>& compute) {
    std::vector<double> starts(compute.size());
    for (std::size_t w = 0; w < compute.size(); ++w) starts[w] = broadcast_arrivals[w] + compute[w];
    return kth_smallest(arrival_times(in.gather, starts, in.message_bytes), in.wait_for);
  };

  double total = 0, compute_total = 0;
  for (const auto& group : in.workload) {
    std::vector<double> times;
    for (double speed : in.worker_speeds) times.push_back(group.worker_flops / speed);
    const double p = in.straggle_probability, s = in.straggle_slowdown;
    total += group.count * (expected_under_straggling(times, p, s, gather_end) + update);
    compute_total += group.count * expected_kth_under_straggling(times, p, s, in.wait_for);
  }
  const long rounds = total_rounds(in.workload);
  Prediction prediction;
  prediction.time_s = total;
  prediction.formula =
      "T = I * (c + max T_A), c = gather + update + broadcast; messages on one link at once share its bandwidth "
      "in proportion to 1 / their route latency, as SimGrid does";
  prediction.values = fmt::format("I = {}, mean max T_A = {:.6g} s, mean c = {:.6g} s (update {:.6g} s, broadcast "
                                  "{:.6g} s), T = {:.6g} s",
                                  rounds, rounds ? compute_total / rounds : 0.0,
                                  rounds ? (total - compute_total) / rounds : 0.0, update, broadcast, total);
  return prediction;
}

}  // namespace ssim::models
