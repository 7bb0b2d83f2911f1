// Served queries: a frontend sends each query to `replicas` workers (round robin), each worker
// answers after its dispatch, its compute and the answer's return, and the frontend decodes once
// `answers_needed` answers are in. A worker straggles at random: a task computes slowdown times
// longer with its probability, independently of every other task.
//   no queueing (interval arrivals spaced by at least any worker's slowest task):
//     L = decode + k-th smallest over the query's workers of (d_i + c_i S_i + u_i), exactly, by
//     its distribution (models/order_statistics.hpp);
//   Poisson arrivals: each worker an M/G/1 queue of rate lambda r / n (Pollaczek-Khinchine mean
//     wait W = lambda_w E[S^2] / (2 (1 - rho))); E[L] <= the no-queue mean + the k largest waits of
//     the query's workers (with k = 1 the largest). Exact for one replica dispatched at random
//     (Poisson arrivals at each worker), an upper bound for round robin, whose arrivals at a
//     worker are more regular. rho >= 1: the queues never settle and the mean is infinite;
//   interval arrivals that queue: Kingman's bound W <= lambda (var A + var S) / (2 (1 - rho));
//   all at once: every worker drains its tasks in query order, the j-th done after j tasks;
//     exact without straggling, the mean (exact) only with it.
// Losers' tasks are charged in full (their workers finish them); cancelling them only shortens
// the queues, so the queueing means stay upper bounds.
#pragma once
#include "models/prediction.hpp"
#include <vector>

namespace ssim::models {

struct ServingWorker {
  double dispatch_s = 0;            // d: frontend -> worker, latency + request bytes / bandwidth
  double compute_s = 0;             // c: a task's inference flops / steady speed
  double return_s = 0;              // u: worker -> frontend, latency + answer bytes / bandwidth
  double straggle_probability = 0;  // p: the task takes c * s with this probability
  double straggle_slowdown = 1;     // s
};

enum class ServingArrivals { interval, poisson, all_at_once };

struct ServingInput {
  std::vector<ServingWorker> workers;  // every worker the frontend sends to (n_total)
  int replicas = 1;                    // r: workers per query
  int answers_needed = 1;              // k <= r: answers the frontend waits for
  double decode_s = 0;                 // the frontend combining the answers
  ServingArrivals arrivals = ServingArrivals::interval;
  double interval_s = 0;  // interval: between arrivals, the first at 0
  double rate = 0;        // poisson: queries per second, the first at 0
  long queries = 1;
};

struct ServingPrediction {
  LatencyPrediction latency;  // of a query drawn at random among the run's queries
  Prediction run;             // the serving run: last arrival + its latency, or the busiest worker's drain if longer
};

// The workers of query q: (q r + j) mod n for j = 0..r-1.
std::vector<int> round_robin_workers(long query, int replicas, int workers);

ServingPrediction serving(const ServingInput& input);

}  // namespace ssim::models
