#include "scenario/choices.hpp"
#include "scenario/scheme_catalog.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <vector>

namespace ssim::scenario {
namespace {

constexpr std::string_view kCommonKeys[] = {"name", "workers", "epochs", "batch_size", "optimizer", "bytes_per_value"};

// A value is a few bytes on any wire; the bound leaves room for values carrying metadata while
// keeping every message of a run that fits in memory far below 2^53 bytes (read_model.cpp).
bool within_value_sizes(double value) { return value > 0 && value <= 1024; }
constexpr Range kValueSize{"> 0 and at most 1024", within_value_sizes};

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

bool has_key(const SchemeSpec& spec, std::string_view key) {
  return std::find(spec.keys.begin(), spec.keys.end(), key) != spec.keys.end();
}

// The name decides which other keys the map may hold, so it is read first.
const SchemeEntry& read_name(const Field& field) {
  if (!field.node().IsMap()) field.fail_expected(fmt::format("a map with keys {}", fmt::join(kCommonKeys, ", ")));
  const std::optional<Field> name = peek(field, "name");
  if (!name) field.fail("missing required key 'name'");
  if (name->is_scalar())
    if (const SchemeEntry* entry = find_in_catalog(name->node().Scalar())) return *entry;
  std::string names;
  for (const SchemeEntry& entry : scheme_catalog()) names += (names.empty() ? "" : ", ") + std::string(entry.name);
  name->fail_expected("one of " + names);
}

// A key of another scheme is refused as such, naming the schemes that have it, in catalog order.
void forbid_keys_of_other_schemes(const Field& field, const SchemeEntry& scheme) {
  for (const SchemeEntry& other : scheme_catalog())
    for (std::string_view key : other.spec.keys) {
      if (has_key(scheme.spec, key)) continue;
      const std::optional<Field> found = peek(field, key);
      if (!found) continue;
      std::string owners;
      for (const SchemeEntry& owner : scheme_catalog())
        if (has_key(owner.spec, key)) owners += (owners.empty() ? "" : ", ") + std::string(owner.name);
      found->fail(fmt::format("not allowed with scheme {} (only with {})", scheme.name, owners));
    }
}

}  // namespace

std::span<const std::string_view> common_scheme_keys() { return kCommonKeys; }

Scheme read_scheme(const Field& field) {
  const SchemeEntry& entry = read_name(field);
  forbid_keys_of_other_schemes(field, entry);
  std::vector<std::string_view> keys(std::begin(kCommonKeys), std::end(kCommonKeys));
  keys.insert(keys.end(), entry.spec.keys.begin(), entry.spec.keys.end());
  const MapFields map(field, keys);

  Scheme scheme;
  scheme.name = entry.name;
  if (auto workers = map.optional("workers")) scheme.workers = read_integer(*workers, 1);
  // A serving scheme trains only when its model is not an earlier run's (checked with the serving
  // section, check_training_keys).
  if (auto epochs = entry.spec.serves ? map.optional("epochs") : map.required("epochs"))
    scheme.epochs = read_integer(*epochs, 1);
  if (auto batch_size = map.optional("batch_size")) scheme.batch_size = read_integer(*batch_size, 1);
  if (auto optimizer = map.optional("optimizer")) scheme.optimizer = read_optimizer(*optimizer);
  if (auto bytes = map.optional("bytes_per_value")) scheme.bytes_per_value = read_number(*bytes, kValueSize);
  scheme.options = entry.spec.read(map, scheme);
  return scheme;
}

void check_training_keys(const Field& field, const Serving& serving) {
  if (serving.model.empty()) {
    if (!peek(field, "epochs")) field.fail("missing required key 'epochs' (the served model is trained in the run)");
    return;
  }
  for (const char* key : {"epochs", "batch_size", "optimizer", "train_erasures"})
    if (auto found = peek(field, key))
      found->fail("not allowed when serving.model names an earlier run's model (nothing is trained)");
}

}  // namespace ssim::scenario
