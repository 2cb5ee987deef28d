// Field-level reasons: a criterion with several inputs says WHICH input is wrong or missing
// (Message::input, the input's label in the text), and a half-filled criterion lists each missing
// input (code input.missing, Info) without changing its score, status or the sheet's counts.
#include <gtest/gtest.h>

#include <algorithm>

#include "rule_fixture.hpp"

using namespace fixture;
using cds::Status;

namespace {

// Three counts summed into a tiers rule: a criterion with three inputs.
const char* kThree = R"([{"id":"a","type":"count","label":"Số văn bản ban hành"},
                         {"id":"b","type":"count","label":"Số văn bản đúng hạn"},
                         {"id":"c","type":"count","label":"Số văn bản có chữ ký số"}])";
const char* kSumRule = R"({"kind":"tiers","value":{"sum":["a","b","c"]},"bands":[{"min":0,"max":1000000,"points":5}]})";

std::vector<const cds::Message*> with_code(const cds::CriterionScore& c, const std::string& code) {
  std::vector<const cds::Message*> out;
  for (const auto& m : c.messages)
    if (m.code == code) out.push_back(&m);
  return out;
}

const cds::Message* about(const cds::CriterionScore& c, const std::string& input, cds::Severity sev) {
  for (const auto& m : c.messages)
    if (m.input == input && m.severity == sev) return &m;
  return nullptr;
}

}  // namespace

TEST(FieldReasons, HalfFilledNamesEachMissingInput) {
  auto r = one(kThree, kSumRule, "5");
  auto c = score(r, R"({"a":3})");
  EXPECT_EQ(c.status, Status::Unanswered);
  EXPECT_EQ(sc(c), "0");
  auto miss = with_code(c, "input.missing");
  ASSERT_EQ(miss.size(), 2u) << text(c);
  // In the rubric's order, each with its key and its label.
  EXPECT_EQ(miss[0]->input, "b");
  EXPECT_EQ(miss[1]->input, "c");
  for (const auto* m : miss) {
    EXPECT_EQ(m->severity, cds::Severity::Info);
    EXPECT_EQ(m->where, "1");
    const cds::InputDef* in = r.criteria[0].input(m->input);
    ASSERT_NE(in, nullptr);
    EXPECT_EQ(m->vi, "Chưa nhập: " + in->label);
    EXPECT_EQ(m->en, "Not entered: " + in->label);
  }
  // The entered input is not reported.
  EXPECT_EQ(about(c, "a", cds::Severity::Info), nullptr);
  // All three missing: one note for each.
  auto empty = score(r, "{}");
  EXPECT_EQ(with_code(empty, "input.missing").size(), 3u);
  // All entered: none.
  auto full = score(r, R"({"a":3,"b":2,"c":1})");
  EXPECT_EQ(full.status, Status::Answered);
  EXPECT_TRUE(with_code(full, "input.missing").empty());
}

TEST(FieldReasons, InvalidInputIsNamedAndMissingOnesToo) {
  auto r = one(kThree, kSumRule, "5");
  auto c = score(r, R"({"a":3,"b":-2})");
  EXPECT_EQ(c.status, Status::Invalid);
  const cds::Message* bad = about(c, "b", cds::Severity::Error);
  ASSERT_NE(bad, nullptr) << text(c);
  EXPECT_EQ(bad->code, "input.negative");
  EXPECT_NE(bad->vi.find(r.criteria[0].input("b")->label), std::string::npos) << bad->vi;
  EXPECT_EQ(about(c, "a", cds::Severity::Error), nullptr);
  const cds::Message* miss = about(c, "c", cds::Severity::Info);
  ASSERT_NE(miss, nullptr) << text(c);
  EXPECT_EQ(miss->code, "input.missing");
  // The error comes first (callers show messages[0]).
  EXPECT_EQ(c.messages[0].code, "input.negative");
}

TEST(FieldReasons, EveryKindOfBadValueNamesItsInput) {
  struct Case {
    const char* inputs;
    const char* rule;
    const char* answer;
    const char* code;
    const char* input;
  };
  const char* ratio = R"([{"id":"x","type":"count","label":"Khác"},{"id":"r","type":"ratio","label":"Tỷ lệ hồ sơ","num_label":"Số hồ sơ đúng hạn","den_label":"Tổng số hồ sơ"}])";
  const char* ratio_rule = R"({"kind":"sum","parts":[{"kind":"linear","value":{"input":"r"},"points":4},{"kind":"linear","value":{"input":"x"},"target":10,"points":1,"cap":true}]})";
  const char* pct = R"([{"id":"x","type":"count","label":"Khác"},{"id":"p","type":"percent","label":"Tỷ lệ"}])";
  const char* pct_rule = R"({"kind":"sum","parts":[{"kind":"linear","value":{"input":"p"},"points":4},{"kind":"linear","value":{"input":"x"},"target":10,"points":1,"cap":true}]})";
  const char* date = R"([{"id":"done","type":"yesno","label":"Đã ban hành"},{"id":"d","type":"date","label":"Ngày ban hành"},{"id":"dl","type":"date","label":"Hạn"}])";
  const char* date_rule = R"({"kind":"months_late","done":"done","date":"d","deadline":"dl","points":2})";
  const Case cases[] = {
      {ratio, ratio_rule, R"({"x":1,"r":{"num":51,"den":50}})", "ratio.num_gt_den", "r"},
      {ratio, ratio_rule, R"({"x":1,"r":{"num":5,"den":0}})", "ratio.den_zero", "r"},
      {ratio, ratio_rule, R"({"x":1,"r":"45/50"})", "ratio.type", "r"},
      {ratio, ratio_rule, R"({"x":"mười","r":{"num":5,"den":10}})", "number.syntax", "x"},
      {ratio, ratio_rule, R"({"x":1.5,"r":{"num":5,"den":10}})", "input.not_integer", "x"},
      {ratio, ratio_rule, R"({"x":true,"r":{"num":5,"den":10}})", "input.type", "x"},
      {ratio, ratio_rule, R"({"x":1,"r":{"num":1e16,"den":1e17}})", "input.too_large", "r"},
      {pct, pct_rule, R"({"x":1,"p":100.5})", "percent.over_100", "p"},
      {pct, pct_rule, R"({"x":1,"p":-3})", "percent.negative", "p"},
      {pct, pct_rule, R"({"x":"5 %","p":30})", "input.percent_sign", "x"},
      {date, date_rule, R"({"done":true,"d":"31/02/2025","dl":"01/03/2025"})", "date.impossible", "d"},
      {date, date_rule, R"({"done":true,"d":"01/03/2025","dl":7})", "date.type", "dl"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.answer);
    auto r = one(k.inputs, k.rule, "5");
    auto c = score(r, k.answer);
    EXPECT_EQ(c.status, Status::Invalid) << text(c);
    auto ms = with_code(c, k.code);
    ASSERT_FALSE(ms.empty()) << text(c);
    EXPECT_EQ(ms[0]->input, k.input);
    // Worded with the input's label, so the clerk sees which field too.
    EXPECT_NE(ms[0]->vi.find(r.criteria[0].input(k.input)->label), std::string::npos) << ms[0]->vi;
    // Exactly the named input is blamed.
    for (const auto& m : c.messages)
      if (m.severity == cds::Severity::Error) EXPECT_EQ(m.input, k.input) << m.code;
  }
}

TEST(FieldReasons, RatioPartsAndGeneralInformation) {
  auto r = one(R"([{"id":"r","type":"ratio","label":"Tỷ lệ hồ sơ","num_label":"Số hồ sơ đúng hạn","den_label":"Tổng số hồ sơ"}])",
               R"({"kind":"linear","value":{"input":"r"},"points":4})", "4");
  auto half = score(r, R"({"r":{"num":3}})");
  EXPECT_EQ(half.status, Status::Unanswered);
  auto miss = with_code(half, "input.missing");
  ASSERT_EQ(miss.size(), 1u);
  EXPECT_EQ(miss[0]->input, "r");
  EXPECT_EQ(miss[0]->vi, "Chưa nhập: Tỷ lệ hồ sơ — Tổng số hồ sơ");
  // Without printed part labels, cds words them in each language.
  auto plain = one(R"([{"id":"r","type":"ratio","label":"Tỷ lệ hồ sơ"}])", R"({"kind":"linear","value":{"input":"r"},"points":4})", "4");
  auto plain_c = score(plain, R"({"r":{"den":3}})", "{}", cds::Lang::En);
  auto m2 = with_code(plain_c, "input.missing");
  ASSERT_EQ(m2.size(), 1u);
  EXPECT_EQ(m2[0]->vi, "Chưa nhập: Tỷ lệ hồ sơ — Tử số");
  EXPECT_EQ(m2[0]->en, "Not entered: Tỷ lệ hồ sơ — Numerator");

  auto g = one(R"([{"id":"r","type":"ratio","label":"Máy tính","den_from":"so_cbcc"}])", R"({"kind":"linear","value":{"input":"r"},"points":2})", "2",
               "[]", R"([{"id":"so_cbcc","label":"Số lượng CBCC","type":"count"}])");
  auto g_c = score(g, R"({"r":{"num":15}})");
  auto gm = with_code(g_c, "input.missing");
  ASSERT_EQ(gm.size(), 1u);
  EXPECT_EQ(gm[0]->input, "gi:so_cbcc");
  EXPECT_EQ(gm[0]->vi, "Chưa nhập: Thông tin chung: Số lượng CBCC");
  auto gb = score(g, R"({"r":{"num":15}})", R"({"so_cbcc":-3})");
  ASSERT_NE(about(gb, "gi:so_cbcc", cds::Severity::Error), nullptr) << text(gb);
}

TEST(FieldReasons, RatioOfSeveralInputsMarksTheSingleOne) {
  const char* in = R"([{"id":"n","type":"count","label":"Số thủ tục trực tuyến"},{"id":"t","type":"count","label":"Tổng số thủ tục"}])";
  auto r = one(in, R"({"kind":"linear","value":{"num":["n"],"den":["t"]},"points":4})", "4");
  auto over = score(r, R"({"n":12,"t":10})");
  ASSERT_EQ(over.status, Status::Invalid);
  auto m = with_code(over, "ratio.num_gt_den");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->input, "n");
  // Vietnamese text in `vi` and English text in `en`, whichever language scored.
  auto zero = score(r, R"({"n":0,"t":0})", "{}", cds::Lang::En);
  auto en = with_code(zero, "ratio.den_zero");
  ASSERT_EQ(en.size(), 1u);
  EXPECT_EQ(en[0]->input, "t");
  EXPECT_NE(en[0]->vi.find("mẫu số bằng 0"), std::string::npos) << en[0]->vi;
  EXPECT_NE(en[0]->en.find("denominator is 0"), std::string::npos) << en[0]->en;
}

TEST(FieldReasons, NotesChangeNoScoreNorCount) {
  // The notes are Info: the sheet's problem count, answered count and total are those of the
  // statuses, which a half-filled criterion keeps as unanswered.
  auto r = one(kThree, kSumRule, "5");
  cds::Answers a;
  a.rubric_id = r.id;
  a.inputs = cds::Json::object();
  a.inputs["1"] = cds::Json::parse(R"({"a":3,"b":1})");
  auto s = cds::score(r, a);
  EXPECT_EQ(s.problems, 0);
  EXPECT_EQ(s.answered, 0);
  EXPECT_EQ(s.total, cds::Num(0));
  EXPECT_FALSE(cds::has_errors(s.criteria[0].messages));
  // problems_to_json carries the key and says "info".
  auto j = cds::problems_to_json(s.criteria[0].messages);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["input"], "c");
  EXPECT_EQ(j[0]["severity"], "info");
}
