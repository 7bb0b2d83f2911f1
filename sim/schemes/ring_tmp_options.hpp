// ring_tmp's own keys (scheme.in_flight, placement), read by its SchemeSpec.
#pragma once
#include "scenario/scheme_options.hpp"
#include <vector>

namespace ssim::schemes {

struct RingTmpOptions final : scenario::SchemeOptions {
  int in_flight = 0;           // batches in the pipeline at once: 1 = no pipelining, 0 = one per node
  std::vector<int> placement;  // layers of each node, master first; empty = balance the flops

  scenario::CanonicalLines canonical_lines() const override;
  // Every node holds at least one layer, and a placement places every layer.
  void check_fits_model(const scenario::Field& scheme, const scenario::Scheme& common,
                        const scenario::Model& model) const override;
};

}  // namespace ssim::schemes
