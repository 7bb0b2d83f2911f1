#include "schemes/serving_options.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

// A billion seconds stays finite when multiplied by the requests queued ahead.
bool within_timeouts(double value) { return value > 0 && value <= 1e9; }
constexpr scenario::Range kTimeout{"> 0 and at most 1e9 s", within_timeouts};

std::string timeout_text(const std::optional<double>& timeout) { return timeout ? fmt::format("{}", *timeout) : ""; }

constexpr std::string_view kSingleKeys[] = {"dispatch", "request_timeout"};
constexpr std::string_view kReplicatedKeys[] = {"replicas", "losers", "request_timeout"};

std::shared_ptr<const scenario::SchemeOptions> read_single(const scenario::MapFields& map, const scenario::Scheme&) {
  auto options = std::make_shared<InferSingleOptions>();
  if (auto dispatch = map.optional("dispatch")) options->dispatch = scenario::read_choice(*dispatch, kDispatches);
  read_request_timeout(map, *options);
  return options;
}

std::shared_ptr<const scenario::SchemeOptions> read_replicated(const scenario::MapFields& map,
                                                               const scenario::Scheme& common) {
  auto options = std::make_shared<InferReplicatedOptions>();
  if (auto replicas = map.optional("replicas")) {
    options->replicas = scenario::read_integer(*replicas, 1);
    if (options->replicas > common.workers)
      replicas->fail_expected(fmt::format("at most the number of workers, {}", common.workers));
  } else if (options->replicas > common.workers) {
    map.fail(fmt::format("missing key 'replicas': its default, {}, is more than the {} worker(s)", options->replicas,
                         common.workers));
  }
  if (auto losers = map.optional("losers")) options->losers = scenario::read_choice(*losers, kLosers);
  read_request_timeout(map, *options);
  return options;
}

}  // namespace

void read_request_timeout(const scenario::MapFields& map, ServingOptions& options) {
  if (auto timeout = map.optional("request_timeout"))
    options.request_timeout = scenario::read_quantity(*timeout, scenario::Unit::duration, kTimeout);
}

scenario::CanonicalLines InferSingleOptions::canonical_lines() const {
  return {{"dispatch", std::string(scenario::name_of(dispatch, kDispatches))},
          {"request_timeout", timeout_text(request_timeout)}};
}

scenario::CanonicalLines InferReplicatedOptions::canonical_lines() const {
  return {{"replicas", fmt::format("{}", replicas)},
          {"losers", std::string(scenario::name_of(losers, kLosers))},
          {"request_timeout", timeout_text(request_timeout)}};
}

extern const scenario::SchemeSpec infer_single_spec{
    .has_server = true, .serves = true, .keys = kSingleKeys, .read = read_single};
extern const scenario::SchemeSpec infer_replicated_spec{
    .has_server = true, .serves = true, .keys = kReplicatedKeys, .read = read_replicated};

}  // namespace ssim::schemes
