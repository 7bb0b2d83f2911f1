// downpour's own keys (scheme.round_timeout, split, aggregation, ship), read by its SchemeSpec.
#pragma once
#include "schemes/shared_options.hpp"
#include <optional>
#include <string_view>
#include <utility>

namespace ssim::schemes {

struct DownpourOptions final : BlockSplitOptions {
  std::optional<double> round_timeout;  // seconds; unset = 10 times the model's round time
  // How the manager combines the workers' updates; what travels with a block.
  enum class Aggregation { average, weighted } aggregation = Aggregation::average;
  enum class Ship { indices, data } ship = Ship::indices;

  scenario::CanonicalLines canonical_lines() const override;
};

inline constexpr std::pair<std::string_view, DownpourOptions::Aggregation> kAggregations[] = {
    {"average", DownpourOptions::Aggregation::average},
    {"weighted", DownpourOptions::Aggregation::weighted},
};
inline constexpr std::pair<std::string_view, DownpourOptions::Ship> kShips[] = {
    {"indices", DownpourOptions::Ship::indices},
    {"data", DownpourOptions::Ship::data},
};

}  // namespace ssim::schemes
