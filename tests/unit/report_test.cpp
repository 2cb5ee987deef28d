// Report writers: CSV that Excel opens with Vietnamese intact, printable HTML, advice.
#include "cds/model/report.hpp"

#include <gtest/gtest.h>

#include "cds/rules/advice.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

using testutil::Loaded;
Loaded load(const std::string& id, const std::string& golden) { return testutil::load_golden(id, golden); }

}  // namespace

TEST(Csv, EscapesAndGuardsFormulas) {
  EXPECT_EQ(csv_text("Ủy ban"), "Ủy ban");
  EXPECT_EQ(csv_text("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_text("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_text("+1"), "'+1");
  EXPECT_EQ(csv_text("@cmd"), "'@cmd");
  EXPECT_EQ(csv_row(Lang::En, {"a", "b"}), "a,b\r\n");
  EXPECT_EQ(csv_row(Lang::Vi, {"a", "b"}), "a;b\r\n");  // Excel on Vietnamese Windows lists with ';'
  EXPECT_EQ(csv_number(Lang::Vi, Num::parse("3.79").value(), 2), "3,79");
  EXPECT_EQ(csv_number(Lang::En, Num::parse("3.79").value(), 2), "3.79");
  EXPECT_EQ(csv_number(Lang::Vi, Num::parse("-1250").value(), 0), "-1250");  // no grouping: Excel would read 1.250 as text
}

// append_csv_text is csv_text appended: every string of up to three characters from an alphabet of
// the characters that decide marking and quoting (formula starts, separators, quotes, line ends,
// spaces, tab, a Vietnamese letter's bytes), and longer ones around them, appended after a prefix.
TEST(Csv, AppendIsCsvTextAppended) {
  const std::vector<std::string> alphabet = {"=", "+", "-", "@", "\t", "\r", "\n", ",", ";", "\"", " ", "'", "a", "\xE1\xBB\xA6", std::string(1, '\0')};
  std::vector<std::string> cases = {"", "Ủy ban nhân dân", "=HYPERLINK(\"x\")", " lề ", "a\"b\"", "-", "+84 912", std::string(300, 'x') + ";"};
  for (const auto& a : alphabet) {
    cases.push_back(a);
    for (const auto& b : alphabet) {
      cases.push_back(a + b);
      cases.push_back(a + "text" + b);
      for (const auto& c : alphabet) cases.push_back(a + b + c);
    }
  }
  for (const auto& s : cases) {
    std::string out = "x;";
    append_csv_text(out, s);
    EXPECT_EQ(out, "x;" + csv_text(s)) << s;
  }
}

// append_csv_number is csv_number appended, whole or not, at and beyond its shortcut's bounds.
TEST(Csv, AppendNumberIsCsvNumberAppended) {
  const Num::i128 big = static_cast<Num::i128>(1) << 59;
  std::vector<Num> nums = {Num(0), Num(1), Num(-1), Num(10), Num(-250), Num(123456789), Num(static_cast<long long>(big - 1)),
                           Num(static_cast<long long>(-(big - 1))), Num(static_cast<long long>(big)), Num(static_cast<long long>(-big)),
                           Num::fraction(1, 3), Num::fraction(-1, 1000), Num::fraction(2848, 100),
                           Num::fraction(-5, 2), Num::fraction(19999, 2)};
  for (const Num& n : nums)
    for (Lang l : {Lang::Vi, Lang::En})
      for (int d : {0, 1, 2, 4, 18}) {
        std::string out = "x;";
        append_csv_number(out, l, n, d);
        EXPECT_EQ(out, "x;" + csv_number(l, n, d)) << n.to_string(6) << " " << d;
      }
}

TEST(Csv, SelfAssessmentHasBomHeadersAndTotal) {
  auto l = load("soctrang-2023-thidua-tinh", "mixed");
  std::string csv = self_assessment_csv(l.r, l.a, l.s, Lang::Vi);
  ASSERT_EQ(csv.rfind(kUtf8Bom, 0), 0u);
  EXPECT_NE(csv.find("TT;Mã;Nội dung;Điểm tối đa;Số liệu;Điểm tự đánh giá;Trạng thái;Minh chứng;Ghi chú"), std::string::npos);
  EXPECT_NE(csv.find("Tổng điểm;70,55;Thang điểm;100"), std::string::npos) << csv.substr(0, 400);
  EXPECT_NE(csv.find(";3,79;"), std::string::npos);  // the worked example
  std::string en = self_assessment_csv(l.r, l.a, l.s, Lang::En);
  EXPECT_NE(en.find("Total,70.55,Scale,100"), std::string::npos) << en.substr(0, 400);
  // Every data row has the same number of columns (quoted newlines aside).
  EXPECT_TRUE(is_valid_utf8(csv));
}

TEST(Html, SelfAssessmentIsEscapedAndComplete) {
  auto l = load("soctrang-2022-dti-so", "mixed");
  l.a.unit.name = "UBND <script>alert(1)</script> & Co";
  l.a.notes["I.1"] = "Ghi chú \"quan trọng\"";
  std::string html = self_assessment_html(l.r, l.a, l.s, Lang::Vi, {"23/11/2026 08:15", "0.1.0"});
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("UBND &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), std::string::npos);
  EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
  EXPECT_NE(html.find("THỦ TRƯỞNG ĐƠN VỊ"), std::string::npos);
  EXPECT_NE(html.find("(Ký tên, đóng dấu)"), std::string::npos);
  EXPECT_NE(html.find("Ghi chú &quot;quan trọng&quot;"), std::string::npos);
  for (const auto& c : l.r.criteria) EXPECT_NE(html.find(html_escape(c.title)), std::string::npos) << c.id;
  EXPECT_NE(html.find(fmt_points(l.s.total, Lang::Vi, 2)), std::string::npos);
}

TEST(Describe, InputsInWords) {
  auto l = load("soctrang-2023-thidua-tinh", "mixed");
  const Criterion* c1 = l.r.criterion("1");
  ASSERT_TRUE(c1);
  std::string d = describe_inputs(*c1, l.a, Lang::Vi);
  EXPECT_NE(d.find("/20"), std::string::npos) << d;  // dates as dd/mm/yyyy
}

TEST(Advice, OrderedByMissingPointsWithTheFigureToReach) {
  auto l = load("soctrang-2023-thidua-tinh", "mixed");
  auto adv = where_to_gain(l.r, l.s);
  ASSERT_FALSE(adv.empty());
  for (size_t i = 1; i < adv.size(); ++i) EXPECT_GE(adv[i - 1].missing, adv[i].missing);
  bool found = false;
  for (const auto& a : adv) {
    if (a.id == "3") {
      found = true;
      EXPECT_EQ(a.missing.to_string(), "0.21");
      EXPECT_NE(a.hint.find("90 % → 95 %: +0,21 điểm"), std::string::npos) << a.hint;
    }
  }
  EXPECT_TRUE(found);
  auto full = load("soctrang-2023-thidua-tinh", "full");
  EXPECT_TRUE(where_to_gain(full.r, full.s).empty());
}

TEST(Crypto, Sha256AndEncodings) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_base64("Việt"), "Vmnhu4d0");
  EXPECT_EQ(*from_base64("Vmnhu4d0"), "Việt");
  EXPECT_FALSE(from_base64("V!!"));
  EXPECT_EQ(*from_hex("00ff"), std::string("\x00\xff", 2));
  EXPECT_FALSE(from_hex("0g"));
  EXPECT_EQ(random_bytes(32).size(), 32u);
  EXPECT_NE(random_bytes(16), random_bytes(16));
}
