#include "schemes/infer_coded_options.hpp"
#include "nn/lagrange.hpp"
#include "scenario/choices.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scheme_catalog.hpp"
#include <fmt/format.h>

namespace ssim::schemes {
namespace {

constexpr std::string_view kKeys[] = {"placement", "deadline"};

constexpr scenario::Choice<InferCodedOptions::Placement> kPlacements[] = {
    {"frontend", InferCodedOptions::Placement::frontend},
    {"workers", InferCodedOptions::Placement::workers},
};

// At most a billion seconds, as the other serving schemes' timeouts.
constexpr scenario::Range kDeadline{"> 0 and at most 1e9 s", [](double v) { return v > 0 && v <= 1e9; }};

std::shared_ptr<const scenario::SchemeOptions> read(const scenario::MapFields& map, const scenario::Scheme&) {
  auto options = std::make_shared<InferCodedOptions>();
  if (auto placement = map.optional("placement")) options->placement = scenario::read_choice(*placement, kPlacements);
  if (auto deadline = map.optional("deadline"))
    options->deadline = scenario::read_quantity(*deadline, scenario::Unit::duration, kDeadline);
  return options;
}

// The key's field, or the scheme's map when the key is not written (a default is at fault).
scenario::Field at(const scenario::Field& map, std::string_view key) {
  if (auto field = scenario::peek(map, key)) return *field;
  return map;
}

std::vector<double> betas(int inputs) {
  std::vector<double> values;
  for (int k = 1; k <= inputs; ++k) values.push_back(double(k) / inputs);
  return values;
}

}  // namespace

scenario::CanonicalLines InferCodedOptions::canonical_lines() const {
  return {{"placement", std::string(scenario::name_of(placement, kPlacements))},
          {"deadline", deadline ? fmt::format("{}", *deadline) : ""}};
}

void InferCodedOptions::check_fits_model(const scenario::Field& scheme, const scenario::Scheme& common,
                                         const scenario::Model& model) const {
  if (!model.coded) return;  // refused with the model (scenario::check_model_form)
  const int r = model.coded->recovery_threshold();
  if (common.workers < r)
    at(scheme, "workers").fail(fmt::format("expected at least {} workers: the coded model's answers are a polynomial "
                                           "of degree {}, decoded from any {} of them",
                                           r, r - 1, r));
  const double amplification =
      nn::worst_amplification(nn::worker_alphas(common.workers), r, betas(model.coded->inputs), kMaxAmplification);
  if (amplification > kMaxAmplification)
    at(scheme, "workers").fail(fmt::format("decoding from the worst {} of {} workers amplifies the rounding of their "
                                           "answers {:.3g} times, more than {:g}: use fewer workers or lower degrees",
                                           r, common.workers, amplification, kMaxAmplification));
}

void InferCodedOptions::check_fits_serving(const scenario::Field&, const scenario::Field& section,
                                           const scenario::Serving& values, const scenario::Model& model) const {
  if (!model.coded) return;
  const int inputs = model.coded->inputs;
  if (values.batch % inputs != 0)
    at(section, "batch").fail_expected(fmt::format("a multiple of the coded model's {} inputs (model.coded.inputs): "
                                                   "a request holds whole groups of queries coded together",
                                                   inputs));
  if (values.queries % values.batch != 0)
    at(section, "queries").fail_expected(fmt::format("a multiple of serving.batch ({}): every request holds whole "
                                                     "groups of {} queries",
                                                     values.batch, inputs));
}

extern const scenario::SchemeSpec infer_coded_spec{
    .has_server = true, .serves = true, .model_form = scenario::ModelForm::coded, .keys = kKeys, .read = read};

}  // namespace ssim::schemes
