#include "scenario/sections.hpp"
#include <fmt/format.h>
#include <algorithm>
#include <span>
#include <map>

namespace ssim::scenario {
namespace {

// A worker's slowdowns multiply where they overlap (speed profiles, random factors). The bound keeps
// the product, and every time scaled by it, finite, and its inverse a speed ratio SimGrid can read
// (1e-308 was not); a trillion times slower is already a host that never finishes.
constexpr double kMostSlowdown = 1e12;
bool within_slowdowns(double value) { return value >= 1 && value <= kMostSlowdown; }
constexpr Range kSlowdown{">= 1 and at most 1e12", within_slowdowns};

MapFields straggler_fields(const Field& field) {
  return MapFields(field, {"worker", "host", "slowdown", "probability", "from", "to", "fail_at"});
}

// An entry's kind follows from the keys it has; these are the keys that decide it.
struct KindKey {
  std::string_view key;
  Straggler::Kind kind;
};
constexpr KindKey kKindKeys[] = {
    {"probability", Straggler::Kind::random},
    {"from", Straggler::Kind::window},
    {"to", Straggler::Kind::window},
    {"fail_at", Straggler::Kind::fail},
};

Straggler::Kind kind_of(const MapFields& map) {
  std::optional<KindKey> decided;
  for (const KindKey& candidate : kKindKeys) {
    if (!map.has(candidate.key)) continue;
    if (decided && decided->kind != candidate.kind)
      map.required(candidate.key)
          .fail(fmt::format("cannot be combined with '{}': a straggler is exactly one of slow, random, window, fail",
                            decided->key));
    decided = candidate;
  }
  return decided ? decided->kind : Straggler::Kind::slow;
}

// Which worker the entry affects: by index, or by the name of its host.
void read_target(const MapFields& map, const Scheme& scheme, Straggler& straggler) {
  if (map.has("worker") && map.has("host"))
    map.required("host").fail("cannot be combined with 'worker': name the worker by index or by host, not both");
  if (auto worker = map.optional("worker")) straggler.worker = read_integer(*worker, 0, scheme.workers - 1);
  if (auto host = map.optional("host")) {
    straggler.host = read_string(*host);
    if (straggler.host->empty()) host->fail_expected("a host name");
  }
  if (!straggler.worker && !straggler.host && straggler.kind != Straggler::Kind::random)
    map.fail("missing required key 'worker' or 'host'");
}

// SimGrid takes one failure time per host (a second state profile aborts it): a worker or host
// named by two fail_at entries is refused here, where the second can be pointed at.
using FirstFailures = std::map<std::string, int>;  // "worker 1" or "host 'h'" -> line of its fail_at

void reject_second_failure(const Straggler& straggler, const Field& fail_at, FirstFailures& first) {
  const std::string target =
      straggler.worker ? fmt::format("worker {}", *straggler.worker) : fmt::format("host '{}'", *straggler.host);
  const auto [known, fresh] = first.emplace(target, straggler.line);
  if (!fresh)
    fail_at.fail(fmt::format("{} already fails at line {}; a host fails once, so give it one fail_at", target,
                             known->second));
}

Straggler read_straggler(const Field& field, const Scheme& scheme, FirstFailures& first_failures) {
  const MapFields map = straggler_fields(field);
  Straggler straggler;
  straggler.line = field.line();
  straggler.kind = kind_of(map);
  read_target(map, scheme, straggler);
  if (straggler.kind == Straggler::Kind::fail) {
    map.forbid("slowdown", "in a fail straggler (the host stops)");
    const Field fail_at = map.required("fail_at");
    straggler.fail_at = read_quantity(fail_at, Unit::duration, kNonNegative);
    reject_second_failure(straggler, fail_at, first_failures);
    return straggler;
  }
  straggler.slowdown = read_number(map.required("slowdown"), kSlowdown);
  if (straggler.kind == Straggler::Kind::random)
    straggler.probability = read_number(map.required("probability"), kProbability);
  if (straggler.kind == Straggler::Kind::window) {
    straggler.from = read_quantity(map.required("from"), Unit::duration, kNonNegative);
    const Field to = map.required("to");
    straggler.to = read_quantity(to, Unit::duration, kNonNegative);
    if (straggler.to <= straggler.from)
      to.fail_expected(fmt::format("a time after 'from' ({}s)", straggler.from));
  }
  return straggler;
}

bool applies_to_everyone(const Straggler& s) { return !s.worker && !s.host; }

// The product of the slowdowns of `entries` that fall on the worker `target` names: those naming
// the same worker (by index, or by host name, which is only resolved with the platform) and those
// applying to every worker.
double product_on(const Straggler& target, std::span<const Straggler> entries) {
  double product = 1;
  for (const Straggler& e : entries)
    if (e.kind != Straggler::Kind::fail &&
        (applies_to_everyone(e) || (e.worker && e.worker == target.worker) || (e.host && e.host == target.host)))
      product *= e.slowdown;
  return product;
}

// Fails at the first entry whose slowdown takes the product of some worker's slowdowns (fixed,
// windowed and random all at once) past the bound.
void check_slowdown_products(const std::vector<Field>& elements, const std::vector<Straggler>& stragglers) {
  for (std::size_t i = 0; i < stragglers.size(); ++i) {
    const auto so_far = std::span(stragglers).first(i + 1);
    double worst = 1;
    for (const Straggler& target : so_far) worst = std::max(worst, product_on(target, so_far));
    if (worst > kMostSlowdown)
      straggler_fields(elements[i]).required("slowdown")
          .fail(fmt::format("with the slowdowns listed before it, a worker could be {:g} times slower; at most 1e12",
                            worst));
  }
}

}  // namespace

std::vector<Straggler> read_stragglers(const Field& field, const Scheme& scheme) {
  std::vector<Straggler> stragglers;
  FirstFailures first_failures;
  const auto elements = list_elements(field, "a list of stragglers such as [{worker: 1, slowdown: 4}]");
  for (const Field& element : elements) stragglers.push_back(read_straggler(element, scheme, first_failures));
  check_slowdown_products(elements, stragglers);
  return stragglers;
}

}  // namespace ssim::scenario
