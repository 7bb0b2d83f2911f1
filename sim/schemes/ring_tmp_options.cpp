#include "schemes/ring_tmp_options.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <numeric>

namespace ssim::schemes {
namespace {

constexpr std::string_view kKeys[] = {"in_flight", "placement"};

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme& common) {
  auto options = std::make_shared<RingTmpOptions>();
  if (auto in_flight = map.optional("in_flight")) options->in_flight = scenario::read_integer(*in_flight, 1);
  if (auto placement = map.optional("placement")) {
    // `auto`, or a list of layer counts, one per node.
    if (!(placement->is_scalar() && placement->node().Scalar() == "auto")) {
      for (const auto& count : scenario::list_elements(*placement, "auto or a list of layer counts, one per node"))
        options->placement.push_back(scenario::read_integer(count, 1));
      if (static_cast<int>(options->placement.size()) != common.workers)
        placement->fail_expected(fmt::format("one layer count per node: {} entries", common.workers));
    }
  }
  return options;
}

}  // namespace

scenario::CanonicalLines RingTmpOptions::canonical_lines() const {
  return {{"in_flight", fmt::format("{}", in_flight)}, {"placement", fmt::format("[{}]", fmt::join(placement, ", "))}};
}

void RingTmpOptions::check_fits_model(const scenario::Field& scheme, const scenario::Scheme& common,
                                      const scenario::Model& model) const {
  const int layers = static_cast<int>(model.layers.size());
  if (common.workers > layers)
    scenario::peek(scheme, "workers")
        ->fail(fmt::format("ring_tmp gives every node at least one layer: at most {} nodes for this model", layers));
  const int placed = std::accumulate(placement.begin(), placement.end(), 0);
  if (!placement.empty() && placed != layers)
    scenario::peek(scheme, "placement")
        ->fail(fmt::format("the layer counts add up to {}, but the model has {} layers", placed, layers));
}

extern const scenario::SchemeSpec ring_tmp_spec{.has_server = false, .keys = kKeys, .read = read};

}  // namespace ssim::schemes
