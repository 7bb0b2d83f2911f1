// The options of the serving schemes: what both have (request_timeout) and each one's own.
#pragma once
#include "scenario/fields.hpp"
#include "scenario/scheme_options.hpp"
#include <optional>
#include <string_view>
#include <utility>

namespace ssim::schemes {

struct ServingOptions : scenario::SchemeOptions {
  // How long the frontend waits for a request's first answer before it presumes its workers dead
  // and sends it to others, in seconds, once per request ahead in their queues; unset = ten times
  // the slowest worker's unqueued request time (schemes/serving.hpp).
  std::optional<double> request_timeout;
};

struct InferSingleOptions final : ServingOptions {
  enum class Dispatch { round_robin, least_loaded } dispatch = Dispatch::round_robin;
  scenario::CanonicalLines canonical_lines() const override;
};

struct InferReplicatedOptions final : ServingOptions {
  int replicas = 2;  // workers each request goes to
  // What becomes of the requests still running or queued when another replica has answered.
  enum class Losers { cancel, ignore } losers = Losers::ignore;
  scenario::CanonicalLines canonical_lines() const override;
};

inline constexpr std::pair<std::string_view, InferSingleOptions::Dispatch> kDispatches[] = {
    {"round_robin", InferSingleOptions::Dispatch::round_robin},
    {"least_loaded", InferSingleOptions::Dispatch::least_loaded},
};
inline constexpr std::pair<std::string_view, InferReplicatedOptions::Losers> kLosers[] = {
    {"cancel", InferReplicatedOptions::Losers::cancel},
    {"ignore", InferReplicatedOptions::Losers::ignore},
};

// Reads request_timeout into `options`, if the map has it.
void read_request_timeout(const scenario::MapFields& map, ServingOptions& options);

}  // namespace ssim::schemes
