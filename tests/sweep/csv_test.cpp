#include "sweep/csv.hpp"
#include <gtest/gtest.h>

using namespace ssim::sweep;

TEST(Csv, QuotesOnlyFieldsThatNeedIt) {
  EXPECT_EQ(csv_line({"a", "1.5", ""}), "a,1.5,\n");
  EXPECT_EQ(csv_line({"{x: 1, y: 2}", "say \"hi\"", "two\nlines"}),
            "\"{x: 1, y: 2}\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
}

TEST(Csv, ReadsBackWhatItWrites) {
  const CsvRow row = {"{x: 1, y: 2}", "say \"hi\"", "two\nlines", "", "plain"};
  const auto parsed = parse_csv(csv_line({"h1", "h2", "h3", "h4", "h5"}) + csv_line(row));
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[1], row);
  EXPECT_FALSE(parsed.cut_short);
}

TEST(Csv, ARowCutShortIsLeftOut) {
  for (const std::string tail : {"3,4", "3,\"open", "3,4,\"quoted\nstill open"}) {
    const auto parsed = parse_csv("a,b\n1,2\n" + tail);
    EXPECT_EQ(parsed.rows.size(), 2u) << tail;
    EXPECT_TRUE(parsed.cut_short) << tail;
  }
}
