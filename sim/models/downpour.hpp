// Seed 001, Algorithms 1 and 2: each epoch the manager sends every worker its block and the model
// at once, each worker trains one pass over its block, and the manager gathers the updates and
// aggregates them. The paper's form,
//   T = E * (dispatch + max_w train_w + gather + aggregate),
// charges every epoch the last dispatch, the slowest worker and a gather of all updates at once.
// The model here follows the schedule the protocol keeps, a recursion over epochs e:
//   - the manager sends the jobs at M_e (M_0 = 0); worker w starts when its job has arrived;
//   - it trains step by step through its host's speed over time, each step slowed by the straggle
//     factor the run draws for it, computes its update and sends it;
//   - the manager has every update once the last has arrived, and aggregates:
//     M_{e+1} = that time + aggregate; T = M_E.
// The jobs and updates in flight at once share their links as SimGrid shares them
// (models/shared_link.hpp), so an early update crosses beside jobs still on their way.
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include "models/speed_timeline.hpp"
#include <functional>
#include <vector>

namespace ssim::models {

struct DownpourJob {  // one worker's job in one epoch
  double dispatch_bytes = 0;       // manager -> worker: its block and the model
  std::vector<double> step_flops;  // each mini-batch step: forward, backward and optimizer
};

struct DownpourInput {
  std::vector<std::vector<DownpourJob>> epochs;  // [epoch][worker]
  std::vector<SpeedTimeline> worker_speeds;
  // Compute-time factor of worker w's step s, counted over the run (random straggling); none when empty.
  std::function<double(int worker, long step)> straggle_factor;
  double update_flops = 0;  // a worker's update: trained - received
  double update_bytes = 0;  // worker -> manager
  std::vector<Flow> dispatch;  // manager -> worker w
  std::vector<Flow> gather;    // worker w -> manager
  double manager_flops = 0;  // aggregating the updates into the model, per epoch
  SpeedTimeline manager_speed{1};
};

Prediction downpour(const DownpourInput& input);

}  // namespace ssim::models
