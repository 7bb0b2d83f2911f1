#include "schemes/ps_sync_options.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"
#include "schemes/shared_options.hpp"
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

constexpr std::string_view kKeys[] = {"wait_for", "round_timeout"};

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme& common) {
  auto options = std::make_shared<PsSyncOptions>();
  if (auto wait_for = map.optional("wait_for")) {
    options->wait_for = scenario::read_integer(*wait_for, 1);
    if (options->wait_for > common.workers)
      wait_for->fail_expected(fmt::format("at most the number of workers, {}", common.workers));
  }
  options->round_timeout = read_round_timeout(map);
  return options;
}

}  // namespace

scenario::CanonicalLines PsSyncOptions::canonical_lines() const {
  return {{"wait_for", fmt::format("{}", wait_for)}, {"round_timeout", round_timeout_text(round_timeout)}};
}

extern const scenario::SchemeSpec ps_sync_spec{.has_server = true, .timing_mode = true, .keys = kKeys, .read = read};

}  // namespace ssim::schemes
