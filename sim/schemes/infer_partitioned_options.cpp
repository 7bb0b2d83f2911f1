#include "schemes/infer_partitioned_options.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

constexpr std::string_view kKeys[] = {"train_erasures", "wait_for", "deadline"};

// At most a billion seconds, as the other serving schemes' timeouts.
constexpr scenario::Range kDeadline{"> 0 and at most 1e9 s", [](double v) { return v > 0 && v <= 1e9; }};

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme&) {
  auto options = std::make_shared<InferPartitionedOptions>();
  if (auto erasures = map.optional("train_erasures")) options->train_erasures = scenario::read_integer(*erasures, 0);
  if (auto wait_for = map.optional("wait_for")) options->wait_for = scenario::read_integer(*wait_for, 1);
  if (auto deadline = map.optional("deadline"))
    options->deadline = scenario::read_quantity(*deadline, scenario::Unit::duration, kDeadline);
  return options;
}

// The key's field, or the scheme's map when the key is not written (a default is at fault).
scenario::Field at(const scenario::Field& scheme, std::string_view key) {
  if (auto field = scenario::peek(scheme, key)) return *field;
  return scheme;
}

}  // namespace

scenario::CanonicalLines InferPartitionedOptions::canonical_lines() const {
  return {{"train_erasures", fmt::format("{}", train_erasures)},
          {"wait_for", wait_for ? fmt::format("{}", *wait_for) : ""},
          {"deadline", deadline ? fmt::format("{}", *deadline) : ""}};
}

void InferPartitionedOptions::check_fits_model(const scenario::Field& scheme, const scenario::Scheme& common,
                                               const scenario::Model& model) const {
  if (!model.partitioned) return;  // refused with the model (scenario::check_model_form)
  const int parts = model.partitioned->partitioning.parts;
  if (common.workers != parts)
    at(scheme, "workers").fail(fmt::format("expected {} workers, one for each of the model's {} parts "
                                           "(model.partition.parts)",
                                           parts, parts));
  if (train_erasures > parts)
    at(scheme, "train_erasures").fail_expected(fmt::format("at most the model's {} parts", parts));
  if (wait_for && *wait_for > parts)
    at(scheme, "wait_for").fail_expected(fmt::format("at most the model's {} parts", parts));
}

extern const scenario::SchemeSpec infer_partitioned_spec{
    .has_server = true, .serves = true, .model_form = scenario::ModelForm::partitioned, .keys = kKeys, .read = read};

}  // namespace ssim::schemes
