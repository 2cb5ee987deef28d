#include "cds/base/vnformat.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace cds;
using testutil::n;

static Num parsed(const char* s) {
  auto v = parse_vn_number(s);
  EXPECT_TRUE(v) << s;
  return v ? v->value : Num(-999999);
}

TEST(VnNumber, VietnameseAndPlainForms) {
  EXPECT_EQ(parsed("1.234,5"), n("1234.5"));
  EXPECT_EQ(parsed("3,8"), n("3.8"));
  EXPECT_EQ(parsed("1234.5"), n("1234.5"));
  EXPECT_EQ(parsed("1234,5"), n("1234.5"));
  EXPECT_EQ(parsed("12.345.678"), n("12345678"));
  EXPECT_EQ(parsed("1.500"), n("1500"));  // thousands dot
  EXPECT_EQ(parsed("0.500"), n("0.5"));   // leading zero: a decimal point
  EXPECT_EQ(parsed("3.8"), n("3.8"));
  EXPECT_EQ(parsed("1,234.5"), n("1234.5"));  // English style when both appear
  EXPECT_EQ(parsed("1 234,5"), n("1234.5"));
  EXPECT_EQ(parsed("\xC2\xA0 42 \xC2\xA0"), n("42"));  // NBSP around
  EXPECT_EQ(parsed("−12,75"), n("-12.75"));             // U+2212
  EXPECT_EQ(parsed(",5"), n("0.5"));
}

TEST(VnNumber, PercentSignIsReported) {
  auto v = parse_vn_number("62,5 %");
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->percent);
  EXPECT_EQ(v->value, n("62.5"));
}

TEST(VnNumber, ClearErrors) {
  ParseError e;
  EXPECT_FALSE(parse_vn_number("", &e));
  EXPECT_EQ(e.code, "number.empty");
  EXPECT_FALSE(parse_vn_number("12a", &e));
  EXPECT_EQ(e.code, "number.syntax");
  EXPECT_FALSE(parse_vn_number("1.23.4", &e));
  EXPECT_EQ(e.code, "number.grouping");
  EXPECT_FALSE(parse_vn_number("1.2345,6", &e));
  EXPECT_EQ(e.code, "number.grouping");
  EXPECT_FALSE(parse_vn_number("1,2,3,4", &e));
  EXPECT_FALSE(parse_vn_number("3,", &e));
  EXPECT_FALSE(parse_vn_number("1e5", &e));
  EXPECT_FALSE(parse_vn_number("\xFF\xFE", &e));
  EXPECT_EQ(e.code, "text.utf8");
  EXPECT_FALSE(e.vi.empty());
  EXPECT_FALSE(e.en.empty());
}

TEST(VnNumber, FormatsTheVietnameseWay) {
  EXPECT_EQ(format_number(n("1234.5")), "1.234,5");
  EXPECT_EQ(format_number(n("1234.5"), Lang::En), "1,234.5");
  EXPECT_EQ(format_number(n("3.789473"), Lang::Vi, 2), "3,79");
  EXPECT_EQ(format_number(n("-1234567")), "-1.234.567");
  EXPECT_EQ(format_fixed(n("3.8"), 2), "3,80");
  EXPECT_EQ(format_percent(n("0.9")), "90 %");
  EXPECT_EQ(format_percent(n("0.625"), Lang::En), "62.5%");
}

TEST(VnDate, ParsesAndChecks) {
  EXPECT_EQ(*parse_vn_date("05/3/2025"), (Date{2025, 3, 5}));
  EXPECT_EQ(*parse_vn_date("5-3-2025"), (Date{2025, 3, 5}));
  EXPECT_EQ(*parse_vn_date("2025-03-05"), (Date{2025, 3, 5}));
  EXPECT_EQ(*parse_vn_date("29/02/2024"), (Date{2024, 2, 29}));
  ParseError e;
  EXPECT_FALSE(parse_vn_date("29/02/2023", &e));
  EXPECT_EQ(e.code, "date.impossible");
  EXPECT_FALSE(parse_vn_date("31/04/2025", &e));
  EXPECT_FALSE(parse_vn_date("1/1/25", &e));
  EXPECT_EQ(e.code, "date.syntax");
  EXPECT_FALSE(parse_vn_date("hôm qua", &e));
  EXPECT_EQ(format_date(Date{2025, 3, 5}), "05/03/2025");
}

TEST(VnDate, PhoneKeypadSpellings) {
  // A phone's number pad has digits and "," or "." only; people also type spaces.
  EXPECT_EQ(*parse_vn_date("05032025"), (Date{2025, 3, 5}));
  EXPECT_EQ(*parse_vn_date("05.03.2025"), (Date{2025, 3, 5}));
  EXPECT_EQ(*parse_vn_date("5,3,2025"), (Date{2025, 3, 5}));
  EXPECT_EQ(*parse_vn_date("5 3 2025"), (Date{2025, 3, 5}));
  EXPECT_EQ(*parse_vn_date("  05  03  2025 "), (Date{2025, 3, 5}));
  ParseError e;
  EXPECT_FALSE(parse_vn_date("31042025", &e));  // 31 April
  EXPECT_EQ(e.code, "date.impossible");
  EXPECT_FALSE(parse_vn_date("0503202", &e));  // seven digits: not a date
  EXPECT_EQ(e.code, "date.syntax");
  EXPECT_FALSE(parse_vn_date("050320251", &e));
  EXPECT_EQ(*parse_vn_date("05 / 03 / 2025"), (Date{2025, 3, 5}));
  EXPECT_FALSE(parse_vn_date("5 / 3", &e));
}

TEST(VnDate, MonthsLate) {
  Date deadline{2023, 1, 31};
  EXPECT_EQ(full_months_between(deadline, Date{2023, 1, 31}), 0);
  EXPECT_EQ(full_months_between(deadline, Date{2023, 2, 27}), 0);
  EXPECT_EQ(full_months_between(deadline, Date{2023, 2, 28}), 1);  // 31/01 + 1 month = 28/02
  EXPECT_EQ(full_months_between(deadline, Date{2023, 5, 10}), 3);
  EXPECT_EQ(full_months_between(deadline, Date{2022, 12, 1}), 0);  // early
  EXPECT_EQ(started_months_between(deadline, Date{2023, 2, 1}), 1);
  EXPECT_EQ(started_months_between(deadline, Date{2023, 2, 28}), 1);
  EXPECT_EQ(started_months_between(deadline, Date{2023, 3, 1}), 2);
  EXPECT_EQ(started_months_between(deadline, Date{2023, 1, 31}), 0);
  EXPECT_EQ(full_months_between(Date{2023, 3, 15}, Date{2024, 3, 15}), 12);
}
