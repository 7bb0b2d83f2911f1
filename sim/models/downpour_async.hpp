// Downpour SGD as Dean et al. (2012) describe it: every worker loops over its own shard; every
// fetch_every steps it fetches the parameters from the server (a blocking round trip), every
// push_every steps it pushes its accumulated gradient without waiting, and the server applies
// each push as it arrives. The paper's picture, each worker at its own pace,
//   T_w = sum of its steps' T_A,w + fetches_w * (request + reply) + its ordered pushes,
//   T   = max(max_w T_w + apply, total pushes * apply),
// misses how the workers meet at the server, so the model follows the schedule the protocol
// really keeps, message by message:
// - worker w's own loop: fetch (post a request, wait for the reply), compute each step at its
//   host's speed of the moment times the step's straggle factor (the same hash of (seed, worker,
//   step) the run draws), push every push_every steps; a push followed by a fetch or by the
//   worker's last word is awaited until it has arrived (one ordered connection per worker);
// - the server takes the messages in the order they arrived, once it is free (each worker over
//   its own ordered connection, those arriving at one instant worker by worker): a fetch is
//   answered at once, a push is applied at the server's speed of the moment, while later messages
//   wait;
// - every message crosses the network sharing the links of its route with the messages on their
//   way at the same time (models/flow_network.hpp).
// The run ends with the last push applied or the last worker's "done". The staleness of a push is
// the pushes applied between its worker's last fetch and its apply, read off the same schedule.
#pragma once
#include "models/flow_network.hpp"
#include "models/prediction.hpp"
#include "models/speed_timeline.hpp"
#include <functional>
#include <vector>

namespace ssim::models {

struct DownpourAsyncInput {
  std::vector<long> steps;                      // per worker: mini-batch steps over all its passes
  std::vector<std::vector<double>> pass_flops;  // per worker: the flops of each step of one pass
  std::vector<double> samples;                  // per worker: samples trained over all its passes
  std::vector<SpeedTimeline> worker_speeds;     // each worker's host speed over time
  // Compute-time factor of worker w's step s (random straggling); none when empty.
  std::function<double(int worker, long step)> straggle_factor;
  int fetch_every = 1;
  int push_every = 1;
  double parameter_bytes = 0;  // a push, or the parameters a fetch returns
  double request_bytes = 0;    // a fetch request, or a worker's last word
  Routes routes;               // route 2w: worker w -> server; route 2w + 1: server -> worker w
  SpeedTimeline server_speed = SpeedTimeline(1);
  double push_flops = 0;       // the server's optimizer step for one push
};

struct DownpourAsyncPrediction {
  Prediction prediction;
  double throughput = 0;            // samples per second over the run
  std::vector<double> worker_time;  // when each worker has delivered its last push
  std::vector<double> staleness;    // mean staleness of a push, per worker
  double mean_staleness = 0;        // over every push
  double paper_time = 0;            // the paper's picture, each worker at its own pace (for the reader)
};

DownpourAsyncPrediction downpour_async(const DownpourAsyncInput& input);

// Steps of a worker's run after which it pushes: every push_every-th, and the last one.
bool pushes_after(long step, long steps, int push_every);

}  // namespace ssim::models
