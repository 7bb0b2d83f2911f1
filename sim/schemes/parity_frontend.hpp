// The frontend of infer_parity (Kosaian et al.'s learned parity models). A request's queries are
// shared out over the data workers (share i to worker i, nn/parity.hpp), and their group sums go
// to the parity worker (worker k). A query is answered by its data worker's answer; once all but
// one of the request's answers are in and a data worker's is the missing one, its queries are
// rebuilt from the parity answer and the others' (any answer arriving at that same instant is taken
// first), and the task still out is cancelled. A request whose answers are fewer than that at its
// deadline leaves the queries it could not answer unanswered, and its tasks still out are cancelled.
#pragma once
#include "nn/network.hpp"
#include "nn/parity.hpp"
#include "schemes/frontend_loop.hpp"

namespace ssim::schemes {

struct ParityServing {
  const nn::Network& model;  // F: what the data workers run, and the parity model's architecture
  nn::ParityCode code;
  nn::Vector zero_output;    // F(0), for groups with fewer than k members
  double deadline_s = 0;     // after sending, when a request stops waiting
};

// Runs the frontend on its actor until every request is closed.
void run_parity_frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in,
                         const ParityServing& serving, ServingOutcome& outcome);

}  // namespace ssim::schemes
