// RingTMP's schedule as the protocol keeps it (schemes/ring_tmp.cpp), message by message: each node
// takes the messages sent to it in the order they arrived, once it is free (one connection from
// each neighbour; of two arriving at one instant, the predecessor's first), and computes at its host's speed of the moment times the
// batch's straggle factor: forward (then sends the activations on), backward (then sends the error
// of its input back), and at the master the loss (then sends the output error to the last node).
// Before each message it takes, the master injects new batches while fewer than K are in the ring,
// and it lets the ring drain at the end of each epoch. Messages share the links of their routes
// with the messages on their way at the same time (models/flow_network.hpp). The run ends when
// every node has back-propagated its last batch.
#pragma once
#include "models/flow_network.hpp"
#include "models/speed_timeline.hpp"
#include <functional>
#include <vector>

namespace ssim::models {

struct RingTmpScheduleInput {
  int epochs = 1;
  int in_flight = 1;                      // K
  std::vector<long> epoch_batch_samples;  // samples of each batch of an epoch, in order
  // Per node, as functions of a batch's samples: forward, backward (with the update) and the
  // master's loss and output error.
  std::function<double(int node, long samples)> forward_flops, backward_flops;
  std::function<double(long samples)> loss_flops;
  std::vector<long> cut_widths;               // per node: values per sample it sends forward
  double bytes_per_value = 4;
  std::vector<SpeedTimeline> node_speeds;     // each node's host speed over time
  std::function<double(int node, long batch)> straggle_factor;  // none when empty
  Routes routes;  // N >= 2: route w: node w -> w+1, route N + w: node w -> w-1 (indices modulo N)
};

// When the last node is done.
double ring_tmp_schedule(const RingTmpScheduleInput& input);

}  // namespace ssim::models
