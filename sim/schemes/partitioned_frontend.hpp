// The frontend of infer_partitioned (seed 000). Each request's samples are split into one part per
// node and every node believed alive gets its part; the frontend decodes when the awaited number
// of node outputs are in, or at the request's deadline with what it has, putting each missing
// node's erased output (schemes/partitioned_model.hpp) in its place, and cancels the parts still
// out. Nodes silent at a deadline are presumed dead, and get no parts until they answer again.
#pragma once
#include "nn/partitioned_network.hpp"
#include "schemes/frontend_loop.hpp"
#include <memory>

namespace ssim::schemes {

struct PartitionedServing {
  const nn::PartitionedNetwork& network;
  nn::Matrix erased_outputs;  // m x parts
  int awaited = 0;            // node outputs that let a request be decoded
  double deadline_s = 0;      // after sending, when a request is decoded with what has come
};

// Runs the frontend on its actor until every query is answered.
void run_partitioned_frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in,
                              const PartitionedServing& serving, ServingOutcome& outcome);

}  // namespace ssim::schemes
