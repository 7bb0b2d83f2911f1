// infer_partitioned's own keys (seed 000): how its partitioned model is trained to bear erased
// parts, and when the frontend decodes without the parts still missing.
#pragma once
#include "scenario/scheme_options.hpp"
#include <optional>

namespace ssim::schemes {

struct InferPartitionedOptions final : scenario::SchemeOptions {
  // Each training sample has s of its parts erased (set to -1), s drawn uniformly from
  // 0..train_erasures: seed 000's "trained for 0-n stragglers".
  int train_erasures = 0;
  // The frontend decodes once this many node outputs of a request are in; unset = all parts.
  std::optional<int> wait_for;
  // Or once this long has passed since it sent the request's parts, with the outputs it has;
  // unset = ten times the slowest node's time for one request with no queue.
  std::optional<double> deadline;

  int outputs_awaited(int parts) const { return wait_for.value_or(parts); }
  scenario::CanonicalLines canonical_lines() const override;
  // One worker per part; at most every part erased or awaited.
  void check_fits_model(const scenario::Field& scheme, const scenario::Scheme& common,
                        const scenario::Model& model) const override;
};

}  // namespace ssim::schemes
