#include "schemes/infer_parity_options.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"
#include <filesystem>
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

constexpr std::string_view kKeys[] = {"group", "deadline"};

// At most a billion seconds, as the other serving schemes' timeouts.
constexpr scenario::Range kDeadline{"> 0 and at most 1e9 s", [](double v) { return v > 0 && v <= 1e9; }};

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme& common) {
  auto options = std::make_shared<InferParityOptions>();
  options->group = scenario::read_integer(map.required("group"), 1, 1 << 20);
  const int workers = options->group + 1;
  if (auto field = map.optional("workers")) {
    if (common.workers != workers)
      field->fail_expected(fmt::format("{} workers for group {}: {} data workers and one parity worker", workers,
                                       options->group, options->group));
  } else {
    map.fail(fmt::format("missing key 'workers': group {} needs {} ({} data workers and one parity worker)",
                         options->group, workers, options->group));
  }
  if (auto deadline = map.optional("deadline"))
    options->deadline = scenario::read_quantity(*deadline, scenario::Unit::duration, kDeadline);
  return options;
}

}  // namespace

scenario::CanonicalLines InferParityOptions::canonical_lines() const {
  return {{"group", fmt::format("{}", group)}, {"deadline", deadline ? fmt::format("{}", *deadline) : ""}};
}

void InferParityOptions::check_fits_serving(const scenario::Field&, const scenario::Field& section,
                                            const scenario::Serving& serving, const scenario::Model&) const {
  if (serving.batch % group != 0) {
    const std::string expected = fmt::format("a multiple of scheme.group, {} (each of the {} data workers gets "
                                             "batch / group queries of a request)",
                                             group, group);
    if (auto batch = scenario::peek(section, "batch")) batch->fail_expected(expected);
    section.fail(fmt::format("missing key 'batch': its default, {}, is not {}", serving.batch, expected));
  }
  if (serving.model.empty()) return;
  const auto saved = std::filesystem::path(serving.model) / (std::string(kParityModelName) + ".json");
  if (std::error_code error; !std::filesystem::is_regular_file(saved, error))
    scenario::peek(section, "model")
        ->fail(fmt::format("expected train, or the results directory of an earlier infer_parity run, which saves "
                           "its parity model beside its model: '{}' holds no {}.json",
                           serving.model, kParityModelName));
}

extern const scenario::SchemeSpec infer_parity_spec{.has_server = true, .serves = true, .keys = kKeys, .read = read};

}  // namespace ssim::schemes
