// Kosaian et al.'s learned parity code ("Learning-based coded computation"): k inputs X_1..X_k are
// coded into one parity input P = X_1 + ... + X_k, and a parity model F_P, trained so that
// F_P(P) ~ F(X_1) + ... + F(X_k), lets the output of a missing X_i be reconstructed as
// F_P(P) - sum of the other k - 1 outputs.
//
// A request of `count` inputs is laid out in shares of `share` consecutive inputs, share i going to
// data worker i: input c is in share c / share and in parity group c % share, so a full request
// (k * share inputs) makes `share` parities of k members each. A shorter request fills fewer
// shares; a group it leaves with fewer than k members is coded as if the missing members were
// zero inputs, so reconstruction also subtracts F(0) once for each of them.
#pragma once
#include "nn/tensor.hpp"

namespace ssim::nn {

struct ParityCode {
  int group = 1;            // k: inputs coded into one parity
  Eigen::Index share = 1;   // inputs of one data worker in a full request

  // Columns of a request's parity input: min(share, count).
  Eigen::Index parity_columns(Eigen::Index count) const;
  // Data workers a request of `count` inputs needs: ceil(count / share).
  int shares(Eigen::Index count) const;
  // Inputs of share i: consecutive from i * share, at most `share` of them (0 past the last share).
  Eigen::Index first_of_share(int i) const { return i * share; }
  Eigen::Index share_size(Eigen::Index count, int i) const;
  // Members of parity group j in a request of `count` inputs.
  int members(Eigen::Index count, Eigen::Index j) const;
};

// The parity inputs of a request (one column per input): column j is the sum of group j's inputs.
Matrix encode_parity(const ParityCode& code, const Matrix& inputs);
// Additions of encode_parity for `count` inputs of `rows` values.
double encode_flops(const ParityCode& code, Eigen::Index count, Eigen::Index rows);

// The outputs of inputs [first, first + n) of a request, each reconstructed as if it alone were
// missing: parity output of its group - the outputs of the group's other members (columns of
// `outputs`, which has one per input of the request; the reconstructed columns themselves are not
// read) - (k - members) * zero_output.
Matrix reconstruct(const ParityCode& code, const Matrix& parity_outputs, const Matrix& outputs, Eigen::Index first,
                   Eigen::Index n, const Vector& zero_output);
// Flops of that reconstruction: per column, the members' subtractions and, in a short group, a
// scale and a subtraction of zero_output.
double reconstruct_flops(const ParityCode& code, Eigen::Index count, Eigen::Index rows, Eigen::Index first,
                         Eigen::Index n);

}  // namespace ssim::nn
