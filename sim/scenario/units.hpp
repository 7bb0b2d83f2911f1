// Reads the numbers a scenario is written with: strict integers, finite numbers, and
// quantities with units (flop/s, bytes/s, seconds). Text only, no YAML: an empty result
// means the text is not of that form; range checks are the caller's.
#pragma once
#include <charconv>
#include <concepts>
#include <optional>
#include <string_view>

namespace ssim::scenario {

// Decimal digits with an optional sign ("+" included, as YAML allows); nothing else, so
// "4.5", "4.0", "1e3" and "0x10" are not integers. Empty when out of T's range.
template <std::integral T>
std::optional<T> parse_integer(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A decimal number such as 3, -0.5 or 1e-3; infinities and NaN are refused.
std::optional<double> parse_number(std::string_view text);

enum class Unit {
  speed,      // flop/s: f, kf, Mf, Gf, Tf
  bandwidth,  // bytes/s: Bps and bps (bits, divided by 8), each with prefix k, M, G or T
  duration    // seconds: s, ms, us, ns
};

// A number optionally followed by one of the unit's suffixes ("1.5Gf", "10 Gbps", "50us"),
// converted to the unit's SI base. A bare number is already in the base unit.
std::optional<double> parse_quantity(std::string_view text, Unit unit);

}  // namespace ssim::scenario
