// Seeds 003/004, eq. 2: synchronous parameter server. The paper's lock-step form,
//   T = I * (c + max T_A), c = gather + update + broadcast,
// charges every round the slowest worker. The model here follows the schedule the protocol
// keeps, a recursion over rounds r:
//   - the server sends round r's parameters to every worker at S_r (S_0 = 0: all start at once);
//   - worker w waits for its next message once it has sent its gradient, then takes the newest
//     parameters that have arrived (a lagging worker skips rounds), computes the round's step
//     through its host's speed over time and that round's straggle factor, and sends its gradient;
//   - the server reads the gradients in the order they were sent (its inbox is one queue, each
//     message waited for in turn), drops stale ones, stops at the `wait_for`-th of round r, and
//     updates: S_{r+1} = that time + update;
//   - the run ends when the last parameters have reached every worker.
// Every message crosses the network sharing its links with those in flight at the same time
// (models/shared_link.hpp): a round's broadcast and gradients, and stale gradients still on their way.
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include "models/speed_timeline.hpp"
#include <functional>
#include <vector>

namespace ssim::models {

struct ParameterServerInput {
  std::vector<double> round_flops;           // a worker's training step, per round
  std::vector<SpeedTimeline> worker_speeds;  // each worker's host speed over time
  // Compute-time factor of worker w in round r (random straggling); none when empty.
  std::function<double(int worker, long round)> straggle_factor;
  int wait_for = 0;  // gradients the server waits for each round (0 = all)
  SpeedTimeline server_speed{1};
  // Averaging `gradients` gradients and the optimizer step.
  std::function<double(int gradients)> server_flops;
  double message_bytes = 0;  // a gradient or a parameter vector on the wire
  std::vector<Flow> gather;     // worker w -> server
  std::vector<Flow> broadcast;  // server -> worker w
};

Prediction parameter_server(const ParameterServerInput& input);

}  // namespace ssim::models
