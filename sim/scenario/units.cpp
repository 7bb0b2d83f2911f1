#include "scenario/units.hpp"
#include <cmath>
#include <span>

namespace ssim::scenario {
namespace {

// value * multiplier / divisor: dividing (rather than multiplying by 1e-6) keeps
// "50us" exactly equal to the literal 50e-6.
struct Suffix {
  std::string_view text;
  double multiplier = 1;
  double divisor = 1;
};

constexpr Suffix kSpeedSuffixes[] = {
    {"f"}, {"kf", 1e3}, {"Mf", 1e6}, {"Gf", 1e9}, {"Tf", 1e12},
};
constexpr Suffix kBandwidthSuffixes[] = {
    {"Bps"},          {"kBps", 1e3},     {"MBps", 1e6},     {"GBps", 1e9},     {"TBps", 1e12},
    {"bps", 1, 8},    {"kbps", 1e3, 8},  {"Mbps", 1e6, 8},  {"Gbps", 1e9, 8},  {"Tbps", 1e12, 8},
};
constexpr Suffix kDurationSuffixes[] = {
    {"s"}, {"ms", 1, 1e3}, {"us", 1, 1e6}, {"ns", 1, 1e9},
};

std::span<const Suffix> suffixes_of(Unit unit) {
  switch (unit) {
    case Unit::speed: return kSpeedSuffixes;
    case Unit::bandwidth: return kBandwidthSuffixes;
    case Unit::duration: return kDurationSuffixes;
  }
  return {};
}

// Finite and, unless zero, normal: a subnormal (below about 2.2e-308) is no sensible quantity, and
// SimGrid cannot take one (it reads profile times with std::stod, which refuses them, and a message
// of a subnormal size never ends).
bool usable(double value) { return std::isfinite(value) && std::fpclassify(value) != FP_SUBNORMAL; }

// Parses the longest number at the start of `text` and returns the rest.
std::optional<double> parse_leading_number(std::string_view& text) {
  std::string_view digits = text;
  if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-') digits.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc{} || !usable(value)) return std::nullopt;
  text = std::string_view(end, digits.data() + digits.size());
  return value;
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  const auto value = parse_leading_number(text);
  if (!value || !text.empty()) return std::nullopt;
  return value;
}

std::optional<double> parse_quantity(std::string_view text, Unit unit) {
  const auto value = parse_leading_number(text);
  if (!value) return std::nullopt;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (text.empty()) return value;
  for (const Suffix& suffix : suffixes_of(unit)) {
    if (suffix.text != text) continue;
    const double converted = *value * suffix.multiplier / suffix.divisor;
    if (!usable(converted)) return std::nullopt;
    return converted;
  }
  return std::nullopt;
}

}  // namespace ssim::scenario
