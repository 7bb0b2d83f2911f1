// What the serving schemes that send every request to all their workers share (infer_partitioned,
// infer_parity, infer_coded): a request's costs, each worker's unqueued times from them, the default
// deadline, and the latency model. All workers' tasks of a request leave the frontend together and
// share its link, as their answers do on the way back.
#pragma once
#include "models/serving.hpp"
#include "schemes/scheme.hpp"

namespace ssim::schemes {

// One full request (serving.batch queries).
struct BroadcastCosts {
  double frontend_flops = 0;  // before sending (partitioning, coding)
  double task_bytes = 0;      // to one worker
  double worker_flops = 0;    // one worker's task
  double answer_bytes = 0;    // one worker's answer
  double decode_flops = 0;    // at the frontend, once enough answers are in
};

// Worker w's unqueued request: dispatch (the frontend's flops, then every worker's task over the
// shared link), compute, answer.
models::ServingWorker broadcast_worker_times(const RunInputs& in, cluster::Cluster& cluster, const BroadcastCosts& costs,
                                             int w);

// Ten times the slowest worker's unqueued request at the worst straggling, as the other serving
// schemes' request timeout.
double broadcast_deadline(const RunInputs& in, cluster::Cluster& cluster, const BroadcastCosts& costs);

// The serving model with r = `replicas` workers per request and `answers_needed` answers, plus the
// decoding. The deadline is not in it.
models::ServingPrediction broadcast_latency_model(const RunInputs& in, cluster::Cluster& cluster,
                                                  const BroadcastCosts& costs, int replicas, int answers_needed);

}  // namespace ssim::schemes
