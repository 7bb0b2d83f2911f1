// ps_sync's own keys (scheme.wait_for, scheme.round_timeout), read by its SchemeSpec.
#pragma once
#include "scenario/scheme_options.hpp"
#include <optional>

namespace ssim::schemes {

struct PsSyncOptions final : scenario::SchemeOptions {
  int wait_for = 0;                     // gradients averaged per round; 0 = all workers
  std::optional<double> round_timeout;  // seconds; unset = 10 times the model's round time

  scenario::CanonicalLines canonical_lines() const override;
};

}  // namespace ssim::schemes
