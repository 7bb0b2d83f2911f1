#include "models/downpour.hpp"
#include "models/order_statistics.hpp"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

namespace ssim::models {

Prediction downpour(const DownpourInput& in) {
  const std::size_t workers = in.worker_speeds.size();
  const auto dispatched = arrival_times(in.dispatch, std::vector<double>(workers, 0.0), in.dispatch_bytes);
  std::vector<double> trained(workers), slowed_step(workers);
  double slowest_training = 0;
  for (std::size_t w = 0; w < workers; ++w) {
    const double training = in.worker_flops[w] / in.worker_speeds[w];
    slowest_training = std::max(slowest_training, training);
    trained[w] = dispatched[w] + training;
    slowed_step[w] = in.worker_steps[w] ? training / in.worker_steps[w] * (in.straggle_slowdown - 1) : 0.0;
  }
  double gather_end = 0;
  if (in.straggle_probability > 0 && in.straggle_slowdown > 1) {
    double crossing = 0;  // the last update crosses alone
    for (const auto& flow : in.gather) crossing = std::max(crossing, flow.latency_s + in.update_bytes / flow.bandwidth);
    gather_end = expected_last_finish(trained, slowed_step, in.worker_steps, in.straggle_probability) + crossing;
  } else if (workers) {
    const auto gathered = arrival_times(in.gather, trained, in.update_bytes);
    gather_end = *std::max_element(gathered.begin(), gathered.end());
  }
  const double aggregate = in.manager_flops / in.manager_speed;
  const double epoch = gather_end + aggregate;
  const double dispatch_end = workers ? *std::max_element(dispatched.begin(), dispatched.end()) : 0.0;

  Prediction p;
  p.time_s = in.epochs * epoch;
  p.formula =
      "T = E * (max_w (dispatch_w + train_w) -> gather + aggregate); the N dispatches share the manager's link, "
      "messages on one link at once share its bandwidth in proportion to 1 / their route latency, as SimGrid does";
  p.values = fmt::format(
      "E = {}, dispatch {:.6g} s (last arrival), slowest train {:.6g} s, gather ends {:.6g} s, "
      "aggregate {:.6g} s, epoch {:.6g} s, T = {:.6g} s",
      in.epochs, dispatch_end, slowest_training, gather_end, aggregate, epoch, p.time_s);
  return p;
}

}  // namespace ssim::models
