// Downpour SGD as Dean et al. (2012) describe it: every worker loops over its own shard; every
// fetch_every steps it fetches the parameters from the server (a blocking round trip), every
// push_every steps it pushes its accumulated gradient without waiting, and the server applies
// each push as it arrives. Nobody waits for anybody, so each worker runs at its own pace:
//   T_w = S_w * T_A,w + fetches_w * round trip + the last push,
//   T   = max(max_w T_w + apply, total pushes * apply, push bytes / server link bandwidth).
// A push waits to arrive before the fetch after it (one ordered connection per worker), so that
// round trip also carries the push and its apply. Workers at the same pace stay in step, so their
// pushes and replies cross the server's links together and queue for its CPU. The other bounds are
// the server's CPU and links when they, rather than the workers, are the bottleneck. Under random
// straggling T waits for the expected last worker (models/order_statistics.hpp, expected_last_finish),
// and the workers, shuffled out of step, no longer cross together.
// Staleness of a push = pushes applied between the fetch its worker last made and the push:
// its own earlier pushes since that fetch; as many from each worker in step with it, half of
// which are applied before it; plus the pushes the workers at other paces make at their own
// rates during that interval while they are still running.
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include <vector>

namespace ssim::models {

struct DownpourAsyncInput {
  std::vector<long> steps;            // per worker: mini-batch steps over all its passes
  std::vector<double> compute_flops;  // per worker: the flops of those steps
  std::vector<double> samples;        // per worker: samples trained over all its passes
  std::vector<double> worker_speeds;  // flop/s after fixed slowdowns
  int fetch_every = 1;
  int push_every = 1;
  double parameter_bytes = 0;  // a push, or the parameters a fetch returns
  double request_bytes = 0;    // a fetch request, or a worker's last word
  std::vector<Flow> up;        // worker w -> server
  std::vector<Flow> down;      // server -> worker w
  double server_speed = 0;
  double push_flops = 0;            // the server's optimizer step for one push
  double straggle_probability = 0;  // random straggling: each step `straggle_slowdown` times slower
  double straggle_slowdown = 1;
};

struct DownpourAsyncPrediction {
  Prediction prediction;
  double throughput = 0;            // samples per second over the run
  std::vector<double> worker_time;  // when each worker has delivered its last push (mean)
  std::vector<double> staleness;    // expected staleness of a push, per worker
  double mean_staleness = 0;        // over every push
};

DownpourAsyncPrediction downpour_async(const DownpourAsyncInput& input);

// Steps of a worker's run after which it pushes: every push_every-th, and the last one.
bool pushes_after(long step, long steps, int push_every);

}  // namespace ssim::models
