// Seeds 003/004, eq. 2: synchronous parameter server, T = I * (c + max T_A), where
// c = gather + update + broadcast. The gather and broadcast share the server's links among the
// messages on them at the same time (models/shared_link.hpp), so a straggler's gradient, arriving
// alone, crosses faster than gradients arriving together.
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include "models/workload.hpp"
#include <vector>

namespace ssim::models {

struct ParameterServerInput {
  Workload workload;
  std::vector<double> worker_speeds;  // flop/s of each worker after fixed slowdowns
  int wait_for = 0;                   // gradients the server waits for each round (0 = all)
  double server_speed = 0;
  double server_flops_per_round = 0;  // averaging + optimizer step
  double message_bytes = 0;           // a gradient or a parameter vector on the wire
  std::vector<Flow> gather;           // worker w -> server
  std::vector<Flow> broadcast;        // server -> worker w
  // Random straggling: each worker each round is `straggle_slowdown` times slower with this probability.
  double straggle_probability = 0;
  double straggle_slowdown = 1;
};

Prediction parameter_server(const ParameterServerInput& input);

}  // namespace ssim::models
