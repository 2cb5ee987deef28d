// Every rule kind at and around its thresholds, zero denominators, values above 100 %, clamps,
// statuses and explanations.
#include <gtest/gtest.h>

#include "rule_fixture.hpp"

using namespace fixture;
using cds::Status;

namespace {
const char* kPct = R"([{"id":"p","type":"percent","label":"Tỷ lệ"}])";
const char* kRatio = R"([{"id":"r","type":"ratio","label":"Tỷ lệ","num_label":"Số đạt","den_label":"Tổng số"}])";
}  // namespace

TEST(Linear, CappedAtTargetLikeTheSocTrang2023Example) {
  auto r = one(kPct, R"({"kind":"linear","value":{"input":"p"},"target":0.95,"points":4,"cap":true})", "4");
  auto c = score(r, R"({"p":90})");
  EXPECT_EQ(sc(c), "3.79");
  EXPECT_EQ(c.status, Status::Answered);
  EXPECT_NE(text(c).find("90/95 × 4 = 3,79"), std::string::npos) << text(c);
  EXPECT_EQ(sc(score(r, R"({"p":95})")), "4");
  EXPECT_EQ(sc(score(r, R"({"p":94.99})")), "4");  // 94.99/95 × 4 = 3.99957… rounds to 4
  EXPECT_EQ(sc(score(r, R"({"p":94.7})")), "3.99");
  EXPECT_EQ(sc(score(r, R"({"p":100})")), "4");
  EXPECT_EQ(sc(score(r, R"({"p":0})")), "0");
  EXPECT_NE(text(score(r, R"({"p":96})")).find("96 % ≥ 95 % → 4"), std::string::npos);
}

TEST(Linear, UncappedIsClampedAndSaysSo) {
  // Commune 12 of Sóc Trăng 2023: "tỉ lệ đạt được/30 × điểm chuẩn" with no cap clause.
  auto r = one(kPct, R"({"kind":"linear","value":{"input":"p"},"target":0.3,"points":6})", "6",
               R"([{"kind":"ambiguity","text":"no cap"}])");
  auto c = score(r, R"({"p":45})");
  EXPECT_EQ(sc(c), "6");
  EXPECT_TRUE(c.clamped);
  EXPECT_EQ(c.raw, cds::Num(9));
  EXPECT_NE(text(c).find("nằm ngoài khoảng [0; 6] → 6"), std::string::npos) << text(c);
  EXPECT_EQ(sc(score(r, R"({"p":15})")), "3");
}

TEST(Linear, RatioInputValidation) {
  auto r = one(kRatio, R"({"kind":"linear","value":{"input":"r"},"points":10})");
  EXPECT_EQ(sc(score(r, R"({"r":{"num":45,"den":50}})")), "9");
  EXPECT_NE(text(score(r, R"({"r":{"num":45,"den":50}})")).find("45/50 = 90 %"), std::string::npos);
  auto over = score(r, R"({"r":{"num":51,"den":50}})");
  EXPECT_EQ(over.status, Status::Invalid);
  EXPECT_EQ(sc(over), "0");
  EXPECT_EQ(over.messages[0].code, "ratio.num_gt_den");
  EXPECT_NE(over.messages[0].vi.find("tử số (51) lớn hơn mẫu số (50)"), std::string::npos);
  auto zero = score(r, R"({"r":{"num":0,"den":0}})");
  EXPECT_EQ(zero.status, Status::Invalid);
  EXPECT_EQ(zero.messages[0].code, "ratio.den_zero");
  auto neg = score(r, R"({"r":{"num":-1,"den":5}})");
  EXPECT_EQ(neg.status, Status::Invalid);
  EXPECT_EQ(neg.messages[0].code, "input.negative");
  auto half = score(r, R"({"r":{"num":3}})");
  EXPECT_EQ(half.status, Status::Unanswered);
  auto wrong = score(r, R"({"r":"45/50"})");
  EXPECT_EQ(wrong.status, Status::Invalid);
  EXPECT_EQ(wrong.messages[0].code, "ratio.type");
  // Vietnamese-formatted text is accepted where a number is expected.
  EXPECT_EQ(sc(score(r, R"({"r":{"num":"1.234","den":"2.468"}})")), "5");
}

TEST(Linear, RatioOverOneAllowedWhenTheRubricSays) {
  auto r = one(R"([{"id":"r","type":"ratio","label":"Máy/người","allow_over_1":true}])",
               R"({"kind":"linear","value":{"input":"r"},"points":1,"cap":true})", "1");
  EXPECT_EQ(sc(score(r, R"({"r":{"num":51,"den":50}})")), "1");
}

TEST(Linear, DenominatorFromGeneralInformation) {
  auto r = one(R"([{"id":"r","type":"ratio","label":"Máy tính","den_from":"so_cbcc"}])",
               R"({"kind":"linear","value":{"input":"r"},"points":2})", "2", "[]",
               R"([{"id":"so_cbcc","label":"Số lượng CBCC","type":"count"}])");
  EXPECT_EQ(sc(score(r, R"({"r":{"num":15}})", R"({"so_cbcc":20})")), "1.5");
  auto missing = score(r, R"({"r":{"num":15}})");
  EXPECT_EQ(missing.status, Status::Unanswered);
  EXPECT_NE(text(missing).find("Số lượng CBCC"), std::string::npos);
  EXPECT_EQ(score(r, R"({"r":{"num":15}})", R"({"so_cbcc":-3})").status, Status::Invalid);
}

TEST(Linear, PercentAbove100IsInvalidUnlessAllowed) {
  auto r = one(kPct, R"({"kind":"linear","value":{"input":"p"},"points":10})");
  auto c = score(r, R"({"p":100.5})");
  EXPECT_EQ(c.status, Status::Invalid);
  EXPECT_EQ(c.messages[0].code, "percent.over_100");
  EXPECT_EQ(score(r, R"({"p":-1})").status, Status::Invalid);
  auto r2 = one(R"([{"id":"p","type":"percent","label":"Thuê bao/100 dân","allow_over_100":true}])",
                R"({"kind":"linear","value":{"input":"p"},"points":10})", "10", R"([{"kind":"ambiguity","text":"x"}])");
  auto c2 = score(r2, R"({"p":130})");
  EXPECT_EQ(c2.status, Status::Answered);
  EXPECT_EQ(sc(c2), "10");
  EXPECT_TRUE(c2.clamped);
}

TEST(Threshold, AllOrNothingAtEveryOperator) {
  auto ge = one(kPct, R"({"kind":"threshold","value":{"input":"p"},"op":">=","target":0.8,"points":2})", "2");
  EXPECT_EQ(sc(score(ge, R"({"p":80})")), "2");
  EXPECT_EQ(sc(score(ge, R"({"p":79.99})")), "0");
  EXPECT_NE(text(score(ge, R"({"p":79.99})")).find("79,99 % < 80 %"), std::string::npos);
  auto gt = one(kPct, R"({"kind":"threshold","value":{"input":"p"},"op":">","target":0.8,"points":2})", "2");
  EXPECT_EQ(sc(score(gt, R"({"p":80})")), "0");
  EXPECT_EQ(sc(score(gt, R"({"p":80.01})")), "2");
  auto eq = one(kPct, R"({"kind":"threshold","value":{"input":"p"},"op":"==","target":1,"points":8})", "8");
  EXPECT_EQ(sc(score(eq, R"({"p":100})")), "8");
  EXPECT_EQ(sc(score(eq, R"({"p":99.9})")), "0");
  // 7 of 8 teams active is exactly 87.5 %: not all.
  auto teams = one(kRatio, R"({"kind":"threshold","value":{"input":"r"},"op":"==","target":1,"points":8})", "8");
  EXPECT_EQ(sc(score(teams, R"({"r":{"num":7,"den":8}})")), "0");
  EXPECT_EQ(sc(score(teams, R"({"r":{"num":8,"den":8}})")), "8");
  auto el = one(kPct, R"({"kind":"threshold","value":{"input":"p"},"op":"<","target":0.5,"points":1,"else":3})", "3",
                R"([{"kind":"ambiguity","text":"x"}])");
  EXPECT_EQ(sc(score(el, R"({"p":50})")), "3");
  EXPECT_EQ(sc(score(el, R"({"p":49})")), "1");
}

TEST(Tiers, ExactBoundsAndPrintedGaps) {
  // NQ57 A.I.2.1: "trên 95 %: 3; từ 90 % đến dưới 95 %: 1,5; dưới 90 %: 0" — exactly 95 % is in no tier.
  auto r = one(kPct, R"({"kind":"tiers","value":{"input":"p"},"uncovered":"zero","bands":[
      {"min":0.95,"min_inclusive":false,"points":3},
      {"min":0.9,"max":0.95,"points":1.5},
      {"max":0.9,"points":0}]})",
               "3", R"([{"kind":"ambiguity","text":"gap at 95"}])");
  EXPECT_EQ(sc(score(r, R"({"p":96})")), "3");
  EXPECT_EQ(sc(score(r, R"({"p":95.01})")), "3");
  EXPECT_EQ(sc(score(r, R"({"p":94.99})")), "1.5");
  EXPECT_EQ(sc(score(r, R"({"p":90})")), "1.5");
  EXPECT_EQ(sc(score(r, R"({"p":89.99})")), "0");
  auto gap = score(r, R"({"p":95})");
  EXPECT_EQ(sc(gap), "0");
  EXPECT_EQ(gap.status, Status::Answered);
  ASSERT_FALSE(gap.messages.empty());
  EXPECT_EQ(gap.messages[0].code, "tiers.uncovered");
  EXPECT_EQ(gap.messages[0].severity, cds::Severity::Warning);
  EXPECT_NE(text(gap).find("không thuộc mức nào"), std::string::npos);
  EXPECT_NE(text(score(r, R"({"p":92})")).find("thuộc mức «từ 90 % đến dưới 95 %» → 1,5"), std::string::npos)
      << text(score(r, R"({"p":92})"));
}

TEST(Tiers, BandWithARuleIsDiscontinuousAsPrinted) {
  // Vĩnh Long 7.1: ≥ 20 %: max; < 20 %: max × ratio.
  auto r = one(kPct, R"({"kind":"tiers","value":{"input":"p"},"bands":[
      {"min":0.2,"points":50},
      {"max":0.2,"rule":{"kind":"linear","value":{"input":"p"},"points":50}}]})",
               "50", R"([{"kind":"ambiguity","text":"jump"}])");
  EXPECT_EQ(sc(score(r, R"({"p":20})")), "50");
  EXPECT_EQ(sc(score(r, R"({"p":19.99})")), "10");  // 0.1999 × 50 = 9.995 → 10.00 (half up)
  EXPECT_EQ(sc(score(r, R"({"p":10})")), "5");
}

TEST(MonthsLate, FullMonthsWithFloor) {
  const char* in = R"([{"id":"done","type":"yesno","label":"Đã ban hành"},{"id":"d","type":"date","label":"Ngày ban hành"},
                       {"id":"h","type":"date","label":"Hạn"}])";
  auto r = one(in, R"({"kind":"months_late","done":"done","date":"d","deadline":"h","points":8,"max_months":7})", "8");
  EXPECT_EQ(sc(score(r, R"({"done":true,"d":"2023-01-31","h":"2023-01-31"})")), "8");
  EXPECT_EQ(sc(score(r, R"({"done":true,"d":"2023-01-10","h":"2023-01-31"})")), "8");
  EXPECT_EQ(sc(score(r, R"({"done":true,"d":"2023-02-27","h":"2023-01-31"})")), "8");  // not a full month yet
  EXPECT_EQ(sc(score(r, R"({"done":true,"d":"2023-02-28","h":"2023-01-31"})")), "7");
  EXPECT_EQ(sc(score(r, R"({"done":true,"d":"2023-05-10","h":"2023-01-31"})")), "5");
  auto late = score(r, R"({"done":true,"d":"2024-01-31","h":"2023-01-31"})");
  EXPECT_EQ(sc(late), "1");  // n ≤ 7
  EXPECT_NE(text(late).find("(tính tối đa 7)"), std::string::npos);
  EXPECT_EQ(sc(score(r, R"({"done":false})")), "0");  // nothing else needed
  EXPECT_EQ(score(r, R"({"done":false})").status, Status::Answered);
  auto bad = score(r, R"({"done":true,"d":"31/02/2023","h":"2023-01-31"})");
  EXPECT_EQ(bad.status, Status::Invalid);
  EXPECT_EQ(bad.messages[0].code, "date.impossible");
  EXPECT_EQ(sc(score(r, R"({"done":true,"d":"10/05/2023","h":"31/01/2023"})")), "5");  // dd/mm/yyyy accepted
  auto started = one(in, R"({"kind":"months_late","done":"done","date":"d","deadline":"h","points":5,"count":"started"})", "5");
  EXPECT_EQ(sc(score(started, R"({"done":true,"d":"2023-02-01","h":"2023-01-31"})")), "4");
  EXPECT_EQ(sc(score(started, R"({"done":true,"d":"2023-12-31","h":"2023-01-31"})")), "0");  // clamped
}

TEST(FrequencyDeduction, PerIncidentByFrequency) {
  const char* in = R"([{"id":"f","type":"frequency_counts","label":"Số lần nhập liệu không đúng quy chế"}])";
  auto r = one(in, R"({"kind":"frequency_deduction","input":"f","points":5,
      "rates":{"monthly":0.2,"quarterly":0.3,"semiannual":0.6,"annual":1}})", "5");
  EXPECT_EQ(sc(score(r, R"({"f":{"monthly":0,"quarterly":0,"semiannual":0,"annual":0}})")), "5");
  EXPECT_EQ(sc(score(r, R"({"f":{"monthly":1}})")), "4");
  EXPECT_EQ(sc(score(r, R"({"f":{"monthly":1,"quarterly":1}})")), "2.5");
  auto c = score(r, R"({"f":{"monthly":2,"semiannual":1}})");
  EXPECT_EQ(sc(c), "0");  // 5 − 100 % × 5 = 0
  EXPECT_NE(text(c).find("2 (tháng) × 20 % + 1 (6 tháng) × 60 % = 100 %"), std::string::npos) << text(c);
  auto over = score(r, R"({"f":{"annual":2}})");
  EXPECT_EQ(sc(over), "0");
  EXPECT_TRUE(over.clamped);
  EXPECT_EQ(score(r, R"({"f":{"monthly":-1}})").status, Status::Invalid);
  EXPECT_EQ(score(r, R"({"f":{"monthly":1.5}})").status, Status::Invalid);
}

TEST(RelativeToBest, PendingUntilTheBestIsKnown) {
  const char* in = R"([{"id":"a","type":"count","label":"Tên miền"},{"id":"b","type":"count","label":"Doanh nghiệp"},
                       {"id":"best","type":"number","label":"Tỷ lệ cao nhất","best":true}])";
  auto r = one(in, R"({"kind":"relative_to_best","value":{"num":["a"],"den":["b"],"display":"number","allow_over_1":true},
                       "best":"best","points":30})", "30");
  auto p = score(r, R"({"a":300,"b":400})");
  EXPECT_EQ(p.status, Status::Pending);
  EXPECT_EQ(sc(p), "0");
  ASSERT_TRUE(p.value);
  EXPECT_EQ(*p.value, cds::Num::fraction(3, 4));
  EXPECT_EQ(sc(score(r, R"({"a":300,"b":400,"best":1.25})")), "18");
  EXPECT_EQ(sc(score(r, R"({"a":500,"b":400,"best":1.25})")), "30");
  EXPECT_EQ(sc(score(r, R"({"a":600,"b":400,"best":1.25})")), "30");  // above the stated best
  // The aggregator's value overrides the unit's own.
  cds::Answers a;
  a.rubric_id = r.id;
  a.inputs["1"] = cds::Json::parse(R"({"a":300,"b":400})");
  cds::ScoreOptions o;
  o.best_override["1"] = cds::Num::fraction(3, 2);
  auto s = cds::score(r, a, o);
  EXPECT_EQ(s.criteria[0].score.to_string(), "15");
  EXPECT_EQ(s.criteria[0].status, Status::Answered);
}

TEST(Composite, SumIfCapFloorYesNoChoiceConst) {
  // Incident handling (Sóc Trăng DTI V.5): none → max; else 50 % + report 25 % + procedure 25 %.
  const char* in = R"([{"id":"sc","type":"yesno","label":"Có xảy ra sự cố"},{"id":"bc","type":"yesno","label":"Báo cáo ngay"},
                       {"id":"qt","type":"yesno","label":"Đúng quy trình"}])";
  auto r = one(in, R"({"kind":"if","cond":{"input":"sc","equals":true},
      "then":{"kind":"sum","parts":[{"kind":"const","points":0.5,"label":"Có xảy ra sự cố"},
                                     {"kind":"yesno","input":"bc","yes":0.25},{"kind":"yesno","input":"qt","yes":0.25}]},
      "else":{"kind":"const","points":1,"label":"Không xảy ra sự cố"}})", "1");
  EXPECT_EQ(sc(score(r, R"({"sc":false})")), "1");
  EXPECT_EQ(score(r, R"({"sc":false})").status, Status::Answered);  // other inputs not needed
  EXPECT_EQ(sc(score(r, R"({"sc":true,"bc":true,"qt":false})")), "0.75");
  EXPECT_EQ(score(r, R"({"sc":true,"bc":true})").status, Status::Unanswered);
  EXPECT_EQ(score(r, R"({"sc":"yes"})").status, Status::Invalid);
  auto cap = one(in, R"({"kind":"cap","max":1,"rule":{"kind":"sum","parts":[{"kind":"yesno","input":"sc","yes":0.5},
      {"kind":"yesno","input":"bc","yes":0.5},{"kind":"yesno","input":"qt","yes":0.25}]}})", "1");
  auto c = score(cap, R"({"sc":true,"bc":true,"qt":true})");
  EXPECT_EQ(sc(c), "1");
  EXPECT_NE(text(c).find("vượt mức trần"), std::string::npos);
  auto fl = one(in, R"({"kind":"floor","min":1,"rule":{"kind":"yesno","input":"sc","yes":3}})", "3");
  EXPECT_EQ(sc(score(fl, R"({"sc":false})")), "1");
  const char* ch = R"([{"id":"c","type":"choice","label":"Hình thức","options":[{"value":"to_chuc","label":"Tổ chức triển khai"},
      {"value":"phoi_hop","label":"Phối hợp triển khai"},{"value":"khong","label":"Không","printed":false}]}])";
  auto choice = one(ch, R"({"kind":"choice","input":"c","points":{"to_chuc":5,"phoi_hop":3,"khong":0}})", "5",
                    R"([{"kind":"info","text":"'Không' is not printed"}])");
  EXPECT_EQ(sc(score(choice, R"({"c":"phoi_hop"})")), "3");
  EXPECT_NE(text(score(choice, R"({"c":"phoi_hop"})")).find("«Phối hợp triển khai» → 3"), std::string::npos);
  auto unk = score(choice, R"({"c":"khac"})");
  EXPECT_EQ(unk.status, Status::Invalid);
  EXPECT_EQ(unk.messages[0].code, "choice.unknown");
}

TEST(SelfScore, WithinItsCeiling) {
  auto r = one(R"([{"id":"s","type":"number","label":"Điểm tự chấm","max":0.4}])",
               R"({"kind":"self_score","input":"s","points":0.4})", "0.4", R"([{"kind":"ambiguity","text":"ceiling only"}])");
  EXPECT_EQ(sc(score(r, R"({"s":0.3})")), "0.3");
  EXPECT_EQ(score(r, R"({"s":0.5})").status, Status::Invalid);
  EXPECT_EQ(score(r, R"({"s":-0.1})").status, Status::Invalid);
}

TEST(Inputs, CountsMustBeWholeAndNonNegative) {
  auto r = one(R"([{"id":"n","type":"count","label":"Số văn bản"}])",
               R"({"kind":"threshold","value":{"input":"n"},"op":">=","target":52,"points":10})", "10");
  EXPECT_EQ(sc(score(r, R"({"n":52})")), "10");
  EXPECT_EQ(sc(score(r, R"({"n":"51"})")), "0");
  auto neg = score(r, R"({"n":-3})");
  EXPECT_EQ(neg.status, Status::Invalid);
  EXPECT_NE(neg.messages[0].vi.find("không được âm"), std::string::npos);
  EXPECT_EQ(score(r, R"({"n":2.5})").status, Status::Invalid);
  EXPECT_EQ(score(r, R"({"n":true})").status, Status::Invalid);
  EXPECT_EQ(score(r, R"({"n":"năm mươi"})").status, Status::Invalid);
  EXPECT_EQ(score(r, R"({"n":1e300})").status, Status::Invalid);  // absurd: too large to compute
  EXPECT_EQ(score(r, R"({"n":null})").status, Status::Unanswered);
  EXPECT_EQ(score(r, R"({})").status, Status::Unanswered);
}

TEST(Explanations, EnglishToo) {
  auto r = one(kPct, R"({"kind":"linear","value":{"input":"p"},"target":0.95,"points":4,"cap":true})", "4");
  auto c = score(r, R"({"p":90})", "{}", cds::Lang::En);
  EXPECT_NE(text(c).find("90/95 × 4 = 3.79"), std::string::npos) << text(c);
}

TEST(Penalty, NegativeRangeAndTotals) {
  std::string doc = R"({"format":"cds-rubric/1","id":"t","version":"1","title":"T","authority":"A","year":2022,"scale":2,
    "unit_level":"so","total":{"cap":null,"text":"không giới hạn"},"exclusive":[],"sections":[
      {"id":"I","title":"S","max":2,"criteria":[{"id":"I.1","code":"1","title":"C","max":2,
        "inputs":[{"id":"x","type":"yesno","label":"X"}],"rule":{"kind":"yesno","input":"x","yes":2},"scoring_text":"x"}]},
      {"id":"IX","title":"Thưởng, trừ","category":"bonus_penalty","criteria":[
        {"id":"IX.1","code":"1","title":"B","max":1,"category":"bonus","inputs":[{"id":"b","type":"yesno","label":"B"}],
         "rule":{"kind":"yesno","input":"b","yes":1},"scoring_text":"x"},
        {"id":"IX.2","code":"2","title":"P","max":-1,"category":"penalty","inputs":[{"id":"p","type":"yesno","label":"P"}],
         "rule":{"kind":"yesno","input":"p","yes":-1},"scoring_text":"x"}]}]})";
  auto loaded = cds::load_rubric(doc);
  ASSERT_TRUE(loaded.rubric);
  EXPECT_TRUE(cds::lint(*loaded.rubric).empty());
  cds::Answers a;
  a.rubric_id = "t";
  a.inputs = cds::Json::parse(R"({"I.1":{"x":true},"IX.1":{"b":true},"IX.2":{"p":true}})");
  auto s = cds::score(*loaded.rubric, a);
  EXPECT_EQ(s.regular, cds::Num(2));
  EXPECT_EQ(s.bonus, cds::Num(1));
  EXPECT_EQ(s.penalty, cds::Num(-1));
  EXPECT_EQ(s.total, cds::Num(2));
  EXPECT_EQ(s.scale, cds::Num(2));
  EXPECT_EQ(s.sections.size(), 2u);
  EXPECT_EQ(s.sections[1].score, cds::Num(0));
}

TEST(Penalty, ExclusivePairsAndTheTotalCap) {
  auto make = [](const std::string& cap) {
    return *cds::load_rubric(R"({"format":"cds-rubric/1","id":"t","version":"1","title":"T","authority":"A","year":2022,"scale":2,
    "unit_level":"so","total":{"cap":)" + cap + R"(,"text":"t"},"exclusive":[{"criteria":["IX.1","IX.2"],"kind":"exactly_one","text":"hoàn thành / chưa hoàn thành"}],"sections":[
      {"id":"I","title":"S","max":2,"criteria":[{"id":"I.1","code":"1","title":"C","max":2,
        "inputs":[{"id":"x","type":"yesno","label":"X"}],"rule":{"kind":"yesno","input":"x","yes":2},"scoring_text":"x"}]},
      {"id":"IX","title":"Thưởng, trừ","category":"bonus_penalty","criteria":[
        {"id":"IX.1","code":"1","title":"B","max":1,"category":"bonus","inputs":[{"id":"b","type":"yesno","label":"B"}],
         "rule":{"kind":"yesno","input":"b","yes":1},"scoring_text":"x"},
        {"id":"IX.2","code":"2","title":"P","max":-1,"category":"penalty","inputs":[{"id":"p","type":"yesno","label":"P"}],
         "rule":{"kind":"yesno","input":"p","yes":-1},"scoring_text":"x"}]}]})").rubric;
  };
  auto with = [](const cds::Rubric& r, const char* inputs) {
    cds::Answers a;
    a.rubric_id = "t";
    a.inputs = cds::Json::parse(inputs);
    return cds::score(r, a);
  };
  cds::Rubric open = make("null"), capped = make("2");
  // One of the pair: fine; the bonus above the scale counts unless the total is capped.
  auto one = with(open, R"({"I.1":{"x":true},"IX.1":{"b":true},"IX.2":{"p":false}})");
  EXPECT_EQ(one.total, cds::Num(3));
  EXPECT_FALSE(one.uncapped);
  auto cap = with(capped, R"({"I.1":{"x":true},"IX.1":{"b":true},"IX.2":{"p":false}})");
  EXPECT_EQ(cap.total, cds::Num(2));
  ASSERT_TRUE(cap.uncapped);
  EXPECT_EQ(*cap.uncapped, cds::Num(3));
  // Both claimed: both refused; neither claimed of an exactly-one pair: both refused too.
  auto both = with(open, R"({"I.1":{"x":true},"IX.1":{"b":true},"IX.2":{"p":true}})");
  EXPECT_EQ(both.find("IX.1")->status, cds::Status::Invalid);
  EXPECT_EQ(both.find("IX.2")->status, cds::Status::Invalid);
  EXPECT_EQ(both.total, cds::Num(2));
  EXPECT_EQ(both.find("IX.1")->messages.back().code, "exclusive.both");
  auto none = with(open, R"({"I.1":{"x":true},"IX.1":{"b":false},"IX.2":{"p":false}})");
  EXPECT_EQ(none.find("IX.2")->messages.back().code, "exclusive.none");
}
