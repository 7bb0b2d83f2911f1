// Seed 001, Algorithms 1 and 2: each epoch the manager sends every worker its block and the model
// at once (the messages share the manager's link), each worker trains one pass over its block,
// and the manager gathers the updates and aggregates them:
//   T = E * (max_w (dispatch_w + train_w) -> gather + aggregate)
// where dispatch_w is when worker w's message has arrived and the gather starts each update
// when its worker is done (models/shared_link.hpp). Exact with fixed speeds. Under random
// straggling the epoch waits for the expected last worker to finish (models/order_statistics.hpp),
// whose update then crosses alone.
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include <vector>

namespace ssim::models {

struct DownpourInput {
  int epochs = 1;
  std::vector<double> dispatch_bytes;  // manager -> worker w: its block and the model
  std::vector<Flow> dispatch;
  std::vector<double> worker_flops;   // worker w's epoch: the steps over its block and the update
  std::vector<long> worker_steps;     // its mini-batch steps (random straggling slows each alone)
  std::vector<double> worker_speeds;  // flop/s after fixed slowdowns
  double update_bytes = 0;            // worker -> manager
  std::vector<Flow> gather;
  double manager_flops = 0;  // aggregating the updates into the model, per epoch
  double manager_speed = 0;
  double straggle_probability = 0;
  double straggle_slowdown = 1;
};

Prediction downpour(const DownpourInput& input);

}  // namespace ssim::models
