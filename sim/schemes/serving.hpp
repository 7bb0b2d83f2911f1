// What the serving schemes share: the request stream, the model they serve, and the protocol of a
// frontend that sends each request to some workers and takes the first answer.
//
// The frontend (role 0) sends a request (`batch` queries) to the workers a policy picks; each
// worker answers its requests in arrival order (FIFO), really running the network on the queries'
// test samples; the first answer of a request completes its queries. A request whose workers stay
// silent past their deadline is sent again to workers not yet tried, and the silent ones are
// presumed dead until they answer again.
#pragma once
#include "models/serving.hpp"
#include "nn/network.hpp"
#include "schemes/actors.hpp"
#include "schemes/scheme.hpp"
#include <cstdint>
#include <vector>

namespace ssim::schemes {

// When each request arrives (a request carries `batch` queries), the first at 0; Poisson gaps are
// drawn from the scenario's seed.
long request_count(const scenario::Serving& serving);  // the last request holds what is left
std::vector<double> request_arrivals(const scenario::Serving& serving, std::uint64_t seed);

// The network a serving run answers with: trained as `single` trains it (on the frontend host,
// before serving starts) or read from an earlier run's results. Training's time is the
// single-host time, sum of step flops over the frontend's speed, reported apart from serving.
struct ServedModel {
  nn::Network network;
  std::optional<TrainingRecord> training;  // none when loaded
};
ServedModel served_model(const RunInputs& in, double frontend_speed);

// Which workers a request goes to.
struct ServingPolicy {
  int replicas = 1;           // workers per request; the first answer wins
  bool least_loaded = false;  // replicas == 1: the worker with the fewest outstanding requests
  bool cancel_losers = false; // tell the other replicas to drop the request once it is answered
};

struct ServingOutcome {
  ServingRecord record;
  double finished_at = 0;     // when the frontend had every query answered or given up
  long wasted_answers = 0;    // answers that arrived after their request was answered
  double wasted_flops = 0;    // flops spent on requests already answered (losers, cancelled or not)
  long cancelled_requests = 0;
  long timed_out_requests = 0;
  long resent_requests = 0;
  long unanswered_queries = 0;
  double request_timeout_s = 0;
};

// Runs the frontend and the workers on `cluster` until every query is answered or cannot be.
ServingOutcome serve(const RunInputs& in, cluster::Cluster& cluster, const nn::Network& model,
                     const ServingPolicy& policy, double request_timeout_s);

// A serving scheme's parts: serving, and training too when its model is trained in the run.
RunParts serving_parts(const scenario::Scenario& scenario);

// How long a request may go unanswered before its workers are presumed dead: ten times the
// slowest worker's time for one request with no queue (send, compute at the worst straggling,
// answer), counted once per request ahead of it in the worker's queue.
double default_request_timeout(const RunInputs& in, cluster::Cluster& cluster, const nn::Network& model);

// What every serving run reports: its time and latency model, the counters all serving schemes
// have, the served model's training (if any) and the queries served.
RunResult served_run_result(ServingOutcome&& outcome, const models::ServingPrediction& model,
                            std::optional<TrainingRecord>&& training);

// The run's result: the served model's training record, what serving did, and the closed-form
// latency model of `policy` on this cluster beside it.
RunResult serving_result(const RunInputs& in, cluster::Cluster& cluster, const ServingPolicy& policy,
                         ServedModel&& served, ServingOutcome&& outcome);

}  // namespace ssim::schemes
