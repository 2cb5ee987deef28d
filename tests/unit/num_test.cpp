#include "cds/base/num.hpp"
#include "cds/base/num_column.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

using cds::Num;
using cds::NumColumn;
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

// The arithmetic takes shortcuts (no third gcd after a cross-reduced product, one small gcd after a
// sum, cross products for comparisons): each operation must give exactly what reducing the plain
// result gives, and throw exactly where the plain steps (every intermediate below 2^120) throw.
namespace {

using i128 = Num::i128;
constexpr i128 kRefLimit = static_cast<i128>(1) << 120;

i128 ref_mul(i128 a, i128 b) {
  i128 r;
  if (__builtin_mul_overflow(a, b, &r) || r >= kRefLimit || r <= -kRefLimit) throw cds::NumOverflow();
  return r;
}
i128 ref_add(i128 a, i128 b) {
  i128 r;
  if (__builtin_add_overflow(a, b, &r) || r >= kRefLimit || r <= -kRefLimit) throw cds::NumOverflow();
  return r;
}
i128 ref_gcd(i128 a, i128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}
// The operations as they were written before the shortcuts: every result through fraction(),
// which reduces with a full gcd.
Num ref_plus(const Num& x, const Num& y) {
  i128 g = ref_gcd(x.den(), y.den());
  i128 lhs = ref_mul(x.num(), y.den() / g);
  i128 rhs = ref_mul(y.num(), x.den() / g);
  return Num::fraction(ref_add(lhs, rhs), ref_mul(x.den() / g, y.den()));
}
Num ref_times(const Num& x, const Num& y) {
  i128 g1 = ref_gcd(x.num(), y.den());
  i128 g2 = ref_gcd(y.num(), x.den());
  if (g1 == 0) g1 = 1;
  if (g2 == 0) g2 = 1;
  return Num::fraction(ref_mul(x.num() / g1, y.num() / g2), ref_mul(x.den() / g2, y.den() / g1));
}
Num ref_div(const Num& x, const Num& y) { return ref_times(x, Num::fraction(y.den(), y.num())); }
int ref_compare(const Num& x, const Num& y) {
  if (x.den() == y.den()) return x.num() < y.num() ? -1 : (x.num() > y.num() ? 1 : 0);
  return ref_plus(x, -y).sign();
}

template <class F>
std::string outcome(F f) {
  try {
    Num v = f();
    return std::to_string(static_cast<long long>(v.num() % 1000000007)) + "/" + std::to_string(static_cast<long long>(v.den() % 1000000007)) +
           (v.num() == 0 ? "z" : "") + ":" + v.to_string(12);
  } catch (const cds::NumOverflow&) {
    return "overflow";
  } catch (const std::domain_error&) {
    return "division";
  }
}

}  // namespace

TEST(Num, ShortcutsGiveTheReducedResultAndTheSameOverflows) {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  // Magnitudes from tiny to near the 2^120 limit, with shared factors often.
  auto magnitude = [&]() -> i128 {
    switch (next() % 6) {
      case 0: return static_cast<i128>(next() % 10 + 1);
      case 1: return static_cast<i128>(next() % 1000 + 1) * static_cast<i128>(next() % 3 == 0 ? 100 : 6);
      case 2: return static_cast<i128>(next() % 1000000000000000ULL + 1);
      case 3: return static_cast<i128>(next() >> 4) + 1;                                  // ~2^60
      case 4: return (static_cast<i128>(next() >> 8) << 40) + static_cast<i128>(next() % 7 + 1);  // ~2^96
      default: return (static_cast<i128>(next() >> 9) << 64) + 1;                       // ~2^119
    }
  };
  auto number = [&]() {
    i128 num = magnitude();
    if (next() % 4 == 0) num = 0;
    if (next() % 2) num = -num;
    i128 den = next() % 3 == 0 ? 1 : magnitude();
    return Num::fraction(num, den);
  };
  int overflows = 0, checked = 0;
  for (int i = 0; i < 60000; ++i) {
    Num a = number(), b = next() % 5 == 0 ? a : number();
    std::string want = outcome([&] { return ref_plus(a, b); });
    overflows += want == "overflow";
    ASSERT_EQ(outcome([&] { return a + b; }), want) << a.to_string() << " + " << b.to_string();
    ASSERT_EQ(outcome([&] { return a - b; }), outcome([&] { return ref_plus(a, -b); })) << a.to_string() << " - " << b.to_string();
    ASSERT_EQ(outcome([&] { return a * b; }), outcome([&] { return ref_times(a, b); })) << a.to_string() << " * " << b.to_string();
    if (!b.is_zero())
      ASSERT_EQ(outcome([&] { return a / b; }), outcome([&] { return ref_div(a, b); })) << a.to_string() << " / " << b.to_string();
    std::string c_want, c_got;
    try {
      c_want = std::to_string(ref_compare(a, b));
    } catch (const cds::NumOverflow&) {
      c_want = "overflow";
    }
    try {
      c_got = std::to_string(a.compare(b));
    } catch (const cds::NumOverflow&) {
      c_got = "overflow";
    }
    ASSERT_EQ(c_got, c_want) << a.to_string() << " <=> " << b.to_string();
    ++checked;
  }
  EXPECT_EQ(checked, 60000);
  EXPECT_GT(overflows, 300);  // the overflow edge is exercised, not only the common case
}

// A column keeps fractions of 32-bit parts in 8 bytes and every other number whole: each reads back
// exactly as stored, whichever way it was kept, in any order and mixture.
TEST(NumColumn, ReadsBackEveryNumberExactly) {
  const Num::i128 big = static_cast<Num::i128>(1) << 40;
  const std::vector<Num> values = {
      Num(0), Num(1), Num(-1), Num(2147483647LL), Num(-2147483647LL - 1),  // int32's ends: packed
      Num(2147483648LL), Num(-2147483649LL),                              // just beyond: whole
      Num::fraction(1, 3), Num::fraction(-7, 4294967295LL),               // the largest packed denominator
      Num::fraction(1, 4294967296LL), Num::fraction(-1, 4294967296LL),    // one more: whole
      Num::fraction(big + 1, big), Num::fraction(3, 8), *Num::parse("3.79"), *Num::parse("-0.125"),
      *Num::parse("123456789012345678901234567.5"), Num::fraction(2147483647LL, 4294967295LL)};
  NumColumn col;
  for (const Num& v : values) col.push_back(v);
  ASSERT_EQ(col.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(col[i], values[i]) << i;
    EXPECT_EQ(col[i].num(), values[i].num()) << i;  // the reduced form itself, not an equal value
    EXPECT_EQ(col[i].den(), values[i].den()) << i;
  }
  EXPECT_EQ(col.values(), values);
  EXPECT_EQ(NumColumn(values).values(), values);
  EXPECT_TRUE(NumColumn().empty());
  EXPECT_TRUE(NumColumn().values().empty());
}
