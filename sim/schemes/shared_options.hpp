// Options that more than one scheme has: round_timeout (ps_sync, downpour) and split (downpour,
// downpour_async).
#pragma once
#include "scenario/fields.hpp"
#include "scenario/scheme_options.hpp"
#include <optional>
#include <string_view>
#include <utility>

namespace ssim::schemes {

// round_timeout: how long a server waits for a round's results, in seconds; unset = 10 times the
// model's round time (schemes/training.hpp, silence_timeout).
std::optional<double> read_round_timeout(const scenario::MapFields& map);
std::string round_timeout_text(const std::optional<double>& round_timeout);

// The options of a scheme that cuts the training set into one block per worker.
struct BlockSplitOptions : scenario::SchemeOptions {
  enum class Split { random, by_class, equal } split = Split::random;

  // A class split gives each worker one class, so it needs one worker per class.
  void check_fits_data(const scenario::Field& scheme, const scenario::Scheme& common, int classes) const override;
};

inline constexpr std::pair<std::string_view, BlockSplitOptions::Split> kSplits[] = {
    {"random", BlockSplitOptions::Split::random},
    {"class", BlockSplitOptions::Split::by_class},
    {"equal", BlockSplitOptions::Split::equal},
};

// Reads split into `options`, if the map has it.
void read_split(const scenario::MapFields& map, BlockSplitOptions& options);

}  // namespace ssim::schemes
