// Seed 004, RingTMP: the network's layers are spread over N nodes in a ring. A batch goes
// forward around the ring as activations, the last node's prediction reaches the master, and the
// master's output error goes back around the ring to it.
//
// Time. For one batch, T_A is the compute summed over the nodes (forward, backward and update of
// each node's layers, the loss at the master) and c the communication: its 2N messages one after
// another, each latency + bytes / bandwidth.
//   no pipelining (eq. 2):  T = I (c + T_A)
//   pipelined (eq. 3):      T = I max(c, T_A), where for a pipeline over N nodes c and T_A are
//     those of its slowest stage P: the busiest link's transfer time per batch (bytes / bandwidth
//     of every message on it; latencies overlap) or the slowest node's compute per batch.
// The master drains the ring at the end of each epoch to evaluate, so each epoch also fills and
// drains it once. A stage r (a node or a link) can start on the epoch's first batch only once that
// batch has reached it (fill_r), must do P_r for each of the n batches, and the last batch still
// has to come back after it (drain_r): at least fill_r + n P_r + drain_r, which for the slowest
// stage is eq. 3 plus one fill and drain. With K batches in flight, batch i enters only once batch
// i-K is back, and follows batch i-1 at least by the longest single step:
//   C_i = max(C_{i-1} + longest step, C_{i-K} + c + T_A),
// which with too few batches in flight to keep the slowest stage busy is about ceil(n/K) round
// trips. An epoch takes the largest of these; with K = 1 that is eq. 2.
// Each term is about a lower bound on the epoch's time, and the largest comes close to the run only
// when one stage is clearly the slowest and K keeps it busy, or when latencies dominate: with K P
// close to c + T_A, or two stages about as slow, batches queue behind each other at the nodes, and
// a link shared fairly (as in SimGrid and TCP) moves the batches on it at one pace, as a convoy.
// These forms are kept as reference values; the prediction follows the schedule the protocol
// really keeps (models/ring_tmp_schedule.hpp), a recursion over nodes, batches and messages whose
// steady state is eq. 3: each node takes its messages in the order they arrive, computes at its host's speed
// of the moment and each batch's straggle factor, and the messages share their routes' links.
//
// Values (eq. 20-22). Per sample RingTMP moves g = 2m values across each cut between consecutive
// nodes (m activations forward, m errors back), m the width of the cut (the size of one sample's
// activations there: channels x height x width after a convolution); the last node's prediction
// and the master's output error make the cut that closes the ring. A parameter server moves every
// parameter each way per worker round (one batch): f = m(n+1) values per dense layer of n inputs
// and m outputs, so per dense layer f = g (n+1) / 2 >= g.
#pragma once
#include "models/prediction.hpp"
#include "models/shared_link.hpp"
#include "models/flow_network.hpp"
#include "models/speed_timeline.hpp"
#include <functional>
#include <vector>

namespace ssim::models {

// Layers per node, master first: contiguous, at least one each, with the smallest largest
// sum of `layer_flops` over a node; among such splits the most even one (least sum of squares),
// and among those the one giving the later nodes more layers (the master also computes the loss).
std::vector<int> balanced_placement(const std::vector<double>& layer_flops, int nodes);

// Eq. 21 summed over the cuts of the ring: 2m per cut (none for a node alone), where m, the cut's
// width, is the size of what a node sends forward per sample (its last layer's output).
long ring_tmp_values_per_sample(const std::vector<long>& cut_widths);
// Eq. 20 summed over the layers, both ways: 2 m(n+1) per dense layer, 2 x its parameters for any
// layer: twice the parameter count per worker round.
long parameter_server_values_per_round(long parameter_count);

struct RingTmpBatches {
  long count = 0;                      // batches of this size in each epoch
  long samples = 0;                    // per batch
  std::vector<double> forward_flops;   // per node, through its layers
  std::vector<double> backward_flops;  // per node, through its layers, and the update
  double loss_flops = 0;               // the master's loss and output error
};

struct RingTmpInput {
  std::vector<long> cut_widths;        // per node, master first: values per sample it sends forward
  long parameter_count = 0;            // of the whole network
  int epochs = 1;
  std::vector<RingTmpBatches> epoch;   // the batches of one epoch in order: the full ones, then a smaller last one
  std::vector<double> node_speeds;     // flop/s after fixed slowdowns
  double bytes_per_value = 4;
  // The 2N messages of a batch: node w -> w+1 (forward) for w = 0..N-1, then node w -> w-1
  // (backward) for w = 0..N-1, indices modulo N. Each crossing the network alone, and all at once
  // (flows with one bottleneck id share that link). Empty for a node alone.
  std::vector<Flow> alone;
  std::vector<Flow> together;
  int in_flight = 1;                   // K
  // Random straggling: each node, each batch, is `straggle_slowdown` times slower with this
  // probability; the closed forms charge the mean slowdown.
  double straggle_probability = 0;
  double straggle_slowdown = 1;
  // For the schedule: each node's speed over time (empty: node_speeds throughout), the
  // compute-time factor of node w on batch b (none when empty), and the routes of the 2N messages
  // in `alone`'s order (empty: each message held only by its `together` bottleneck).
  std::vector<SpeedTimeline> node_timelines;
  std::function<double(int node, long batch)> straggle_factor;
  Routes routes;
};

struct RingTmpModel {
  long batches = 0;                  // I
  double compute_s = 0;              // T_A, mean per batch
  double communication_s = 0;        // c, mean per batch
  double slowest_node_s = 0;         // mean per batch
  double busiest_link_s = 0;         // mean per batch
  double sequential_s = 0;           // I (c + T_A), eq. 2
  double pipeline_bound_s = 0;       // I max(c, T_A) of the slowest stage, eq. 3
  double pipelined_s = 0;            // K in flight, with each epoch's fill and drain
  long ring_tmp_values_per_epoch = 0;
  long parameter_server_values_per_epoch = 0;
  double scheduled_s = 0;            // the schedule the protocol keeps: the prediction
  Prediction prediction;
};

RingTmpModel ring_tmp(const RingTmpInput& input);

}  // namespace ssim::models
