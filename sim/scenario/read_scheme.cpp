#include "scenario/choices.hpp"
#include "scenario/sections.hpp"
#include <algorithm>
#include <fmt/format.h>

namespace ssim::scenario {
namespace {

using Name = Scheme::Name;

// Options that only some schemes have; any other scheme rejects them.
struct SchemeOption {
  std::string_view key;
  std::initializer_list<Name> schemes;
};
constexpr SchemeOption kSchemeOptions[] = {
    {"wait_for", {Name::ps_sync}},
    {"round_timeout", {Name::ps_sync, Name::downpour}},
    {"split", {Name::downpour, Name::downpour_async}},
    {"aggregation", {Name::downpour}},
    {"ship", {Name::downpour}},
    {"fetch_every", {Name::downpour_async}},
    {"push_every", {Name::downpour_async}},
    {"in_flight", {Name::ring_tmp}},
    {"placement", {Name::ring_tmp}},
    {"dispatch", {Name::infer_single}},
    {"replicas", {Name::infer_replicated}},
    {"losers", {Name::infer_replicated}},
};

// A value is a few bytes on any wire; the bound leaves room for values carrying metadata while
// keeping every message of a run that fits in memory far below 2^53 bytes (read_model.cpp).
bool within_value_sizes(double value) { return value > 0 && value <= 1024; }
constexpr Range kValueSize{"> 0 and at most 1024", within_value_sizes};
// Round timeouts are multiplied (a worker waits 4 of them for its server); a billion seconds stays
// finite and is longer than any run waits.
bool within_timeouts(double value) { return value > 0 && value <= 1e9; }
constexpr Range kTimeout{"> 0 and at most 1e9 s", within_timeouts};

std::string scheme_list(std::initializer_list<Name> schemes) {
  std::string list;
  for (Name name : schemes) list += (list.empty() ? "" : ", ") + std::string(name_of(name, kSchemeNames));
  return list;
}

Optimizer read_optimizer(const Field& field) {
  const MapFields map(field, {"type", "lr", "momentum", "beta1", "beta2", "epsilon"});
  Optimizer optimizer;
  if (auto type = map.optional("type")) optimizer.type = read_choice(*type, kOptimizerTypes);
  if (auto lr = map.optional("lr")) optimizer.learning_rate = read_number(*lr, kPositive);
  if (optimizer.type == Optimizer::Type::sgd) {
    for (const char* key : {"beta1", "beta2", "epsilon"}) map.forbid(key, "with optimizer sgd (only with adam)");
    if (auto momentum = map.optional("momentum")) optimizer.momentum = read_number(*momentum, kFraction);
  } else {
    map.forbid("momentum", "with optimizer adam (only with sgd)");
    if (auto beta1 = map.optional("beta1")) optimizer.beta1 = read_number(*beta1, kFraction);
    if (auto beta2 = map.optional("beta2")) optimizer.beta2 = read_number(*beta2, kFraction);
    if (auto epsilon = map.optional("epsilon")) optimizer.epsilon = read_number(*epsilon, kPositive);
  }
  return optimizer;
}

MapFields scheme_fields(const Field& field) {
  return MapFields(field, {"name", "workers", "epochs", "batch_size", "optimizer", "wait_for", "round_timeout",
                           "bytes_per_value", "split", "aggregation", "ship", "fetch_every", "push_every", "in_flight",
                           "placement", "dispatch", "replicas", "losers"});
}

}  // namespace

Scheme read_scheme(const Field& field) {
  const MapFields map = scheme_fields(field);
  Scheme scheme;
  scheme.name = read_choice(map.required("name"), kSchemeNames);
  const std::string name(name_of(scheme.name, kSchemeNames));
  for (const auto& option : kSchemeOptions)
    if (std::find(option.schemes.begin(), option.schemes.end(), scheme.name) == option.schemes.end())
      map.forbid(option.key, fmt::format("with scheme {} (only with {})", name, scheme_list(option.schemes)));

  if (auto workers = map.optional("workers")) {
    scheme.workers = read_integer(*workers, 1);
    if (scheme.name == Name::single && scheme.workers != 1)
      workers->fail_expected("1: scheme single trains on one worker");
  }
  scheme.epochs = read_integer(map.required("epochs"), 1);
  if (auto batch_size = map.optional("batch_size")) scheme.batch_size = read_integer(*batch_size, 1);
  if (auto optimizer = map.optional("optimizer")) scheme.optimizer = read_optimizer(*optimizer);
  if (auto bytes = map.optional("bytes_per_value")) scheme.bytes_per_value = read_number(*bytes, kValueSize);
  if (auto wait_for = map.optional("wait_for")) {
    scheme.wait_for = read_integer(*wait_for, 1);
    if (scheme.wait_for > scheme.workers)
      wait_for->fail_expected(fmt::format("at most the number of workers, {}", scheme.workers));
  }
  if (auto timeout = map.optional("round_timeout"))
    scheme.round_timeout = read_quantity(*timeout, Unit::duration, kTimeout);
  if (auto split = map.optional("split")) scheme.split = read_choice(*split, kSplits);
  if (auto aggregation = map.optional("aggregation")) scheme.aggregation = read_choice(*aggregation, kAggregations);
  if (auto ship = map.optional("ship")) scheme.ship = read_choice(*ship, kShips);
  if (auto fetch = map.optional("fetch_every")) scheme.fetch_every = read_integer(*fetch, 1);
  if (auto push = map.optional("push_every")) scheme.push_every = read_integer(*push, 1);
  if (auto in_flight = map.optional("in_flight")) scheme.in_flight = read_integer(*in_flight, 1);
  if (auto placement = map.optional("placement")) {
    // `auto`, or a list of layer counts, one per node.
    if (!(placement->is_scalar() && placement->node().Scalar() == "auto")) {
      for (const Field& count : list_elements(*placement, "auto or a list of layer counts, one per node"))
        scheme.placement.push_back(read_integer(count, 1));
      if (static_cast<int>(scheme.placement.size()) != scheme.workers)
        placement->fail_expected(fmt::format("one layer count per node: {} entries", scheme.workers));
    }
  }
  if (auto dispatch = map.optional("dispatch")) scheme.dispatch = read_choice(*dispatch, kDispatches);
  if (auto replicas = map.optional("replicas")) {
    scheme.replicas = read_integer(*replicas, 1);
    if (scheme.replicas > scheme.workers)
      replicas->fail_expected(fmt::format("at most the number of workers, {}", scheme.workers));
  }
  if (auto losers = map.optional("losers")) scheme.losers = read_choice(*losers, kLosers);
  return scheme;
}

void check_scheme_fits_model(const Field& field, const Scheme& scheme, const Model& model) {
  const int layers = static_cast<int>(model.layers.size());
  if (scheme.name == Name::ring_tmp && scheme.workers > layers)
    scheme_fields(field).required("workers").fail(fmt::format(
        "ring_tmp gives every node at least one layer: at most {} nodes for this model", layers));
  int placed = 0;
  for (int count : scheme.placement) placed += count;
  if (!scheme.placement.empty() && placed != layers)
    scheme_fields(field).required("placement").fail(
        fmt::format("the layer counts add up to {}, but the model has {} layers", placed, layers));
}

void check_scheme_fits_data(const Field& field, const Scheme& scheme, int classes) {
  if (scheme.split == Scheme::Split::by_class && scheme.workers != classes)
    scheme_fields(field).required("split").fail(
        fmt::format("class split gives each worker one class: needs workers = {} classes (got {} workers)", classes,
                    scheme.workers));
}

}  // namespace ssim::scenario
