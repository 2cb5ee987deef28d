#include "cds/base/num.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

using cds::Num;
using cds::RoundMode;
using testutil::n;

TEST(Num, ParsesDecimalsExactly) {
  EXPECT_EQ(n("0.1") + n("0.2"), n("0.3"));
  EXPECT_EQ(n("1234.5"), Num::fraction(2469, 2));
  EXPECT_EQ(n("-0.25"), Num::fraction(-1, 4));
  EXPECT_EQ(n("1e3"), Num(1000));
  EXPECT_EQ(n("2.5E-2"), Num::fraction(1, 40));
  EXPECT_EQ(n("007"), Num(7));
  EXPECT_FALSE(Num::parse(""));
  EXPECT_FALSE(Num::parse("-"));
  EXPECT_FALSE(Num::parse("1.2.3"));
  EXPECT_FALSE(Num::parse("1,5"));
  EXPECT_FALSE(Num::parse("1e"));
  EXPECT_FALSE(Num::parse("12a"));
  EXPECT_FALSE(Num::parse("1e999"));
  EXPECT_FALSE(Num::parse("1234567890123456789012345678901"));  // 31 significant digits
}

TEST(Num, ThresholdsAreExact) {
  // 7/10 is exactly 70 %; 2/3 is not 0.6667.
  EXPECT_EQ(Num::fraction(7, 10), n("0.7"));
  EXPECT_TRUE(Num::fraction(7, 10) >= n("0.7"));
  EXPECT_TRUE(Num::fraction(2, 3) > n("0.6666666666666666"));
  EXPECT_TRUE(Num::fraction(19, 20) == n("0.95"));
}

TEST(Num, RoundsHalfUpHalfEvenTruncate) {
  EXPECT_EQ(n("3.785").round(2, RoundMode::HalfUp), n("3.79"));
  EXPECT_EQ(n("3.785").round(2, RoundMode::HalfEven), n("3.78"));
  EXPECT_EQ(n("3.775").round(2, RoundMode::HalfEven), n("3.78"));
  EXPECT_EQ(n("3.789").round(2, RoundMode::Truncate), n("3.78"));
  EXPECT_EQ(n("-2.5").round(0, RoundMode::HalfUp), Num(-3));  // away from zero
  EXPECT_EQ(n("-2.5").round(0, RoundMode::HalfEven), Num(-2));
  // The worked example of the Sóc Trăng 2023 document: 90/95 × 4.
  EXPECT_EQ((Num(90) / Num(95) * Num(4)).round(2, RoundMode::HalfUp), n("3.79"));
  EXPECT_EQ((Num(90) / Num(95) * Num(4)).round(1, RoundMode::HalfUp), n("3.8"));
}

TEST(Num, FormatsFixedAndShortest) {
  EXPECT_EQ(n("3.8").to_fixed(2), "3.80");
  EXPECT_EQ(Num(0).to_fixed(2), "0.00");
  EXPECT_EQ(n("-0.004").to_fixed(2), "0.00");
  EXPECT_EQ(n("-0.005").to_fixed(2), "-0.01");
  EXPECT_EQ((Num(1) / Num(3)).to_string(4), "0.3333");
  EXPECT_EQ(n("0.125").to_string(6), "0.125");
  EXPECT_EQ(Num(100).to_string(), "100");
}

TEST(Num, ReadsJsonDoublesAsWritten) {
  EXPECT_EQ(*Num::from_double(0.1), n("0.1"));
  EXPECT_EQ(*Num::from_double(1234.5), n("1234.5"));
  EXPECT_EQ(*Num::from_double(62.5), n("62.5"));
  EXPECT_EQ(*Num::from_double(1e21), n("1e21"));
  EXPECT_FALSE(Num::from_double(1.0 / 0.0));
  EXPECT_FALSE(Num::from_double(0.0 / 0.0));
  EXPECT_EQ(n("3.79").to_double(), 3.79);
  EXPECT_EQ((Num(1) / Num(3)).to_double(), 1.0 / 3.0);
}

TEST(Num, OverflowIsReportedNotWrapped) {
  Num big = n("1e30");
  EXPECT_THROW(big * big, cds::NumOverflow);
  EXPECT_THROW(Num(1) / Num(0), std::domain_error);
}
