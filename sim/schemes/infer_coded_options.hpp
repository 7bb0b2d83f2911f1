// infer_coded's own keys (seed 002): where a request's coded inputs are made, and how long the
// frontend waits for enough answers to decode.
#pragma once
#include "scenario/scheme_options.hpp"
#include <optional>

namespace ssim::schemes {

struct InferCodedOptions final : scenario::SchemeOptions {
  // Seed 002's Remark 1. frontend: the frontend holds the queries, computes the coefficients
  // (and V_p) and sends worker n its coded input E(alpha_n) (and the V_p). workers: every worker
  // holds the data, is sent the query ids, and encodes (and computes the V_p) itself.
  enum class Placement { frontend, workers } placement = Placement::frontend;
  // After sending, when a request with fewer than R answers is given up (its queries unanswered)
  // and its silent workers presumed dead; unset = ten times the slowest worker's unqueued request.
  std::optional<double> deadline;

  scenario::CanonicalLines canonical_lines() const override;
  // At least R workers, and few enough that no R of them amplify rounding past kMaxAmplification.
  void check_fits_model(const scenario::Field& scheme, const scenario::Scheme& common,
                        const scenario::Model& model) const override;
  // Requests hold whole groups of K queries.
  void check_fits_serving(const scenario::Field& scheme, const scenario::Field& section,
                          const scenario::Serving& serving, const scenario::Model& model) const override;
};

// How much decoding from the worst R of the workers may grow the float32 rounding of their
// answers (nn::worst_amplification): 1e4 times a relative rounding of 1e-7 keeps decoded logits
// good to 1e-3.
inline constexpr double kMaxAmplification = 1e4;

}  // namespace ssim::schemes
