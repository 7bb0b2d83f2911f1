// infer_parity's own keys (Kosaian et al.'s learned parity models): how many queries are coded
// into one parity, and how long the frontend waits for a request's answers.
#pragma once
#include "scenario/scheme_options.hpp"
#include <optional>
#include <string_view>

namespace ssim::schemes {

// The files a run saves its parity model in, beside its served model's (report/saved_model.hpp).
inline constexpr std::string_view kParityModelName = "parity_model";

struct InferParityOptions final : scenario::SchemeOptions {
  // k: a request's queries go to k data workers, and their k-query sums to one parity worker;
  // the workers are exactly k + 1.
  int group = 1;
  // How long after sending a request the frontend gives up on the queries it could neither answer
  // nor reconstruct; unset = ten times the slowest worker's time for one request with no queue.
  std::optional<double> deadline;

  scenario::CanonicalLines canonical_lines() const override;
  // serving.batch holds `group` shares of queries; a saved model comes with its parity model.
  void check_fits_serving(const scenario::Field& scheme, const scenario::Field& section,
                          const scenario::Serving& serving, const scenario::Model& model) const override;
};

}  // namespace ssim::schemes
