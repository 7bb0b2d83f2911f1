// The frontend of infer_coded (seed 002). A request holds whole groups of K queries. Every worker
// believed alive gets the request: with placement frontend its coded input E(alpha_n) (and the
// V_p of a data computation), encoded here; with placement workers the query ids, the worker
// encoding for itself. Once R answers are in, the frontend interpolates D from them, reads every
// query at its beta_k, and cancels the answers still out. A request without R answers by its
// deadline is given up, its queries unanswered, and its silent workers are presumed dead until they
// answer again.
#pragma once
#include "nn/coded_network.hpp"
#include "schemes/coded_requests.hpp"
#include "schemes/frontend_loop.hpp"
#include "schemes/infer_coded_options.hpp"

namespace ssim::schemes {

struct CodedServing {
  const nn::CodedNetwork& network;
  CodedRequests& requests;           // the real coefficients of each request
  std::vector<double> alphas;        // worker n's point
  InferCodedOptions::Placement placement;
  double deadline_s = 0;             // after sending, when a request without R answers is given up
  double bytes_per_value = 4;
};

// Where the work of `groups` groups goes, by placement: the frontend encodes for `workers` workers
// (nothing with placement workers); each worker computes H, and encodes too with placement workers.
double coded_frontend_flops(const CodedServing& serving, int groups, int workers);
double coded_worker_flops(const CodedServing& serving, int groups);
// What one worker is sent: its coded input (and the V_p of a data computation), or the query ids
// (8 bytes each); and what it answers: the logits of each group.
double coded_request_bytes(const CodedServing& serving, int groups);
double coded_answer_bytes(const CodedServing& serving, int groups);

// Runs the frontend on its actor until every query is answered or given up.
void run_coded_frontend(cluster::Cluster& cluster, const Actors& actors, const RunInputs& in,
                        const CodedServing& serving, ServingOutcome& outcome);

}  // namespace ssim::schemes
