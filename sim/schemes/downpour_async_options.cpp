#include "schemes/downpour_async_options.hpp"
#include "scenario/scheme_catalog.hpp"
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

constexpr std::string_view kKeys[] = {"split", "fetch_every", "push_every"};

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme&) {
  auto options = std::make_shared<DownpourAsyncOptions>();
  read_split(map, *options);
  if (auto fetch = map.optional("fetch_every")) options->fetch_every = scenario::read_integer(*fetch, 1);
  if (auto push = map.optional("push_every")) options->push_every = scenario::read_integer(*push, 1);
  return options;
}

}  // namespace

scenario::CanonicalLines DownpourAsyncOptions::canonical_lines() const {
  return {{"split", std::string(scenario::name_of(split, kSplits))},
          {"fetch_every", fmt::format("{}", fetch_every)},
          {"push_every", fmt::format("{}", push_every)}};
}

extern const scenario::SchemeSpec downpour_async_spec{.has_server = true, .keys = kKeys, .read = read};

}  // namespace ssim::schemes
