#include "schemes/downpour_options.hpp"
#include "scenario/scheme_catalog.hpp"

namespace ssim::schemes {
namespace {

constexpr std::string_view kKeys[] = {"round_timeout", "split", "aggregation", "ship"};

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme&) {
  auto options = std::make_shared<DownpourOptions>();
  options->round_timeout = read_round_timeout(map);
  read_split(map, *options);
  if (auto aggregation = map.optional("aggregation"))
    options->aggregation = scenario::read_choice(*aggregation, kAggregations);
  if (auto ship = map.optional("ship")) options->ship = scenario::read_choice(*ship, kShips);
  return options;
}

}  // namespace

scenario::CanonicalLines DownpourOptions::canonical_lines() const {
  return {{"round_timeout", round_timeout_text(round_timeout)},
          {"split", std::string(scenario::name_of(split, kSplits))},
          {"aggregation", std::string(scenario::name_of(aggregation, kAggregations))},
          {"ship", std::string(scenario::name_of(ship, kShips))}};
}

extern const scenario::SchemeSpec downpour_spec{.has_server = true, .keys = kKeys, .read = read};

}  // namespace ssim::schemes
