#include "scenario/choices.hpp"
#include "scenario/sections.hpp"
#include <fmt/format.h>

namespace ssim::scenario {
namespace {

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

}  // namespace

Scheme read_scheme(const Field& field) {
  const MapFields map(field, {"name", "workers", "epochs", "batch_size", "optimizer", "wait_for", "round_timeout",
                              "bytes_per_value"});
  Scheme scheme;
  scheme.name = read_choice(map.required("name"), kSchemeNames);
  if (auto workers = map.optional("workers")) {
    scheme.workers = read_integer(*workers, 1);
    if (scheme.name == Scheme::Name::single && scheme.workers != 1)
      workers->fail_expected("1: scheme single trains on one worker");
  }
  scheme.epochs = read_integer(map.required("epochs"), 1);
  if (auto batch_size = map.optional("batch_size")) scheme.batch_size = read_integer(*batch_size, 1);
  if (auto optimizer = map.optional("optimizer")) scheme.optimizer = read_optimizer(*optimizer);
  if (scheme.name == Scheme::Name::ps_sync) {
    if (auto wait_for = map.optional("wait_for")) {
      scheme.wait_for = read_integer(*wait_for, 1);
      if (scheme.wait_for > scheme.workers)
        wait_for->fail_expected(fmt::format("at most the number of workers, {}", scheme.workers));
    }
    if (auto timeout = map.optional("round_timeout"))
      scheme.round_timeout = read_quantity(*timeout, Unit::duration, kPositive);
  } else {
    for (const char* key : {"wait_for", "round_timeout"}) map.forbid(key, "with scheme single (only with ps_sync)");
  }
  if (auto bytes = map.optional("bytes_per_value")) scheme.bytes_per_value = read_number(*bytes, kPositive);
  return scheme;
}

}  // namespace ssim::scenario
