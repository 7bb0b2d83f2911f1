// The model section of a coded model (seed 002's learned coded computation):
//   model:
//     coded:
//       inputs: 2                                   # K queries coded together
//       encoder: {network: conv, degree: 1}         # Gamma_g, g = 0..G: mlp or conv
//       computation: {kind: basic, network: mlp}    # H_B on the coded input alone
//       # computation: {kind: data, network: conv, degree: 2}   # H_S with Lambda_p, p = 0..P
//       channels: 40                                # filters of the hidden convolutions (20 K)
//       hidden: [200, 100]                          # the base MLP's L1, L2
//     loss: cross_entropy
#include "scenario/choices.hpp"
#include "scenario/model_layers.hpp"
#include <fmt/format.h>
#include <limits>

namespace ssim::scenario {
namespace {

// Decoding a degree-d polynomial needs d + 1 answers; beyond degree 12 even N = R workers amplify
// the answers' rounding more than infer_coded allows (16,383 times at R = 14).
constexpr int kMaxDegree = 12;

void read_encoder(const Field& field, nn::CodedSpec& spec) {
  const MapFields map(field, {"network", "degree"});
  spec.encoder = read_choice(map.required("network"), kCodedNets);
  spec.encoder_degree = read_integer(map.required("degree"), 1, kMaxDegree);
}

void read_computation(const Field& field, nn::CodedSpec& spec) {
  const MapFields map(field, {"kind", "network", "degree"});
  spec.computation = read_choice(map.required("kind"), kCodedComputations);
  spec.computation_net = read_choice(map.required("network"), kCodedNets);
  if (spec.computation == nn::CodedSpec::Computation::data)
    spec.computation_degree = read_integer(map.required("degree"), 1, kMaxDegree);
  else
    map.forbid("degree", "with kind basic: its computation is linear, of degree 1 (kind data has a degree)");
}

std::vector<int> read_hidden(const Field& field) {
  constexpr std::string_view kExpected = "a list of 1 to 8 layer sizes such as [200, 100]";
  const std::vector<Field> elements = list_elements(field, kExpected);
  if (elements.empty() || elements.size() > 8) field.fail_expected(kExpected);
  std::vector<int> sizes;
  for (const Field& element : elements) sizes.push_back(read_integer(element, 1, 1 << 20));
  return sizes;
}

}  // namespace

void read_coded_model(const MapFields& map, const Data& data, Model& model) {
  for (const char* key : {"layers", "activation", "init"})
    map.forbid(key, "with coded: a coded model's networks are seed 002's, set by `coded`");
  if (auto loss = map.optional("loss")) {
    model.loss = read_choice(*loss, kLosses);
    if (model.loss != nn::Loss::cross_entropy)
      loss->fail_expected("cross_entropy: a coded model classifies its decoded logits by softmax");
  }
  const Field coded = map.required("coded");
  const MapFields fields(coded, {"inputs", "encoder", "computation", "channels", "hidden"});
  nn::CodedSpec spec;
  spec.image = sample_shape(data);
  spec.classes = class_count(data);
  spec.inputs = read_integer(fields.required("inputs"), 1, 64);
  read_encoder(fields.required("encoder"), spec);
  read_computation(fields.required("computation"), spec);
  if (spec.degree() > kMaxDegree)
    fields.required("computation").fail(fmt::format("encoder degree {} times computation degree {} is {}: decoding "
                                                    "would need {} answers; at most degree {}",
                                                    spec.encoder_degree, spec.computation_degree, spec.degree(),
                                                    spec.degree() + 1, kMaxDegree));
  spec.channels = 20 * spec.inputs;  // seed 002's encoders, after its reference [10]: 20 filters per input
  if (auto channels = fields.optional("channels")) spec.channels = read_integer(*channels, 1, 4096);
  if (auto hidden = fields.optional("hidden")) spec.hidden = read_hidden(*hidden);
  const long joined = spec.inputs * spec.image.size();
  if (joined > std::numeric_limits<int>::max() / spec.inputs)
    fields.required("inputs").fail(fmt::format("{} inputs of {} make a group too large for a layer", spec.inputs,
                                               values_of(spec.image)));
  model.coded = spec;
}

}  // namespace ssim::scenario
