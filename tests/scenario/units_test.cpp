// Numbers and quantities with units, as text.
#include "scenario/units.hpp"
#include <gtest/gtest.h>
#include <cstdint>

namespace ssim::scenario {
namespace {

TEST(Units, IntegersAreStrict) {
  EXPECT_EQ(parse_integer<int>("42"), 42);
  EXPECT_EQ(parse_integer<int>("+7"), 7);
  EXPECT_EQ(parse_integer<int>("-3"), -3);
  EXPECT_EQ(parse_integer<std::uint64_t>("18446744073709551615"), UINT64_MAX);
  for (const char* text : {"4.5", "4.0", "1e3", "0x10", "four", "", "+", "+-1", " 4", "4 ", "1_000"})
    EXPECT_FALSE(parse_integer<int>(text).has_value()) << text;
  EXPECT_FALSE(parse_integer<int>("2147483648").has_value());
  EXPECT_FALSE(parse_integer<std::uint64_t>("-1").has_value());
}

TEST(Units, NumbersAreFinite) {
  EXPECT_EQ(parse_number("0.5"), 0.5);
  EXPECT_EQ(parse_number("+1e-3"), 1e-3);
  EXPECT_EQ(parse_number("-2"), -2.0);
  for (const char* text : {"inf", "-inf", "nan", ".inf", ".nan", "1e400", "1.5x", "", "one"})
    EXPECT_FALSE(parse_number(text).has_value()) << text;
}

TEST(Units, Speeds) {
  EXPECT_EQ(parse_quantity("1Gf", Unit::speed), 1e9);
  EXPECT_EQ(parse_quantity("1.5Gf", Unit::speed), 1.5e9);
  EXPECT_EQ(parse_quantity("100Mf", Unit::speed), 100e6);
  EXPECT_EQ(parse_quantity("3kf", Unit::speed), 3e3);
  EXPECT_EQ(parse_quantity("2Tf", Unit::speed), 2e12);
  EXPECT_EQ(parse_quantity("250f", Unit::speed), 250.0);
  EXPECT_EQ(parse_quantity("5e8", Unit::speed), 5e8);
  for (const char* text : {"1GHz", "1G", "1gf", "Gf", "1Gbps"})
    EXPECT_FALSE(parse_quantity(text, Unit::speed).has_value()) << text;
}

TEST(Units, BandwidthsInBitsAreDividedByEight) {
  EXPECT_EQ(parse_quantity("1Gbps", Unit::bandwidth), 125e6);
  EXPECT_EQ(parse_quantity("10 Gbps", Unit::bandwidth), 1.25e9);
  EXPECT_EQ(parse_quantity("125MBps", Unit::bandwidth), 125e6);
  EXPECT_EQ(parse_quantity("8bps", Unit::bandwidth), 1.0);
  EXPECT_EQ(parse_quantity("1kBps", Unit::bandwidth), 1e3);
  EXPECT_EQ(parse_quantity("1TBps", Unit::bandwidth), 1e12);
  EXPECT_EQ(parse_quantity("-1Gbps", Unit::bandwidth), -125e6);  // the range is the caller's to check
  for (const char* text : {"10 parsecs", "1Gb", "1GBs", "1 G bps", "1Gbps/s", "infGbps"})
    EXPECT_FALSE(parse_quantity(text, Unit::bandwidth).has_value()) << text;
}

TEST(Units, Durations) {
  EXPECT_EQ(parse_quantity("50us", Unit::duration), 50e-6);
  EXPECT_EQ(parse_quantity("2s", Unit::duration), 2.0);
  EXPECT_EQ(parse_quantity("1.5ms", Unit::duration), 1.5e-3);
  EXPECT_EQ(parse_quantity("20ns", Unit::duration), 20e-9);
  EXPECT_EQ(parse_quantity("12.5", Unit::duration), 12.5);
  for (const char* text : {"2 min", "1h", "5sec", "1e999s"})
    EXPECT_FALSE(parse_quantity(text, Unit::duration).has_value()) << text;
}

}  // namespace
}  // namespace ssim::scenario
