// The linter catches each kind of drafting mistake, with a code and a location.
#include <gtest/gtest.h>

#include "cds/model/info_sheet.hpp"
#include "rule_fixture.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

Messages lint_of(const std::string& doc) {
  auto loaded = load_rubric(doc);
  if (!loaded.rubric) return loaded.messages;
  return lint(*loaded.rubric);
}

bool has(const Messages& ms, const std::string& code) {
  for (const auto& m : ms)
    if (m.code == code) return true;
  return false;
}

std::string codes(const Messages& ms) {
  std::string s;
  for (const auto& m : ms) s += m.code + " (" + m.where + ": " + m.vi + ")\n";
  return s;
}

std::string rubric(const std::string& criteria, const std::string& section_max = "10", const std::string& scale = "10",
                   const std::string& gi = "[]") {
  return R"({"format":"cds-rubric/1","id":"t","version":"1","title":"T","authority":"A","year":2025,"scale":)" + scale +
         R"(,"unit_level":"xa","general_info":)" + gi + R"(,"sections":[{"id":"I","title":"S","max":)" + section_max +
         R"(,"criteria":[)" + criteria + "]}]}";
}

std::string crit(const std::string& id, const std::string& max, const std::string& inputs, const std::string& rule,
                 const std::string& notes = "[]") {
  return R"({"id":")" + id + R"(","code":")" + id + R"(","title":"C","max":)" + max + R"(,"inputs":)" + inputs +
         R"(,"rule":)" + rule + R"(,"scoring_text":"x","notes":)" + notes + "}";
}

const char* kYes = R"([{"id":"x","type":"yesno","label":"X"}])";

}  // namespace

TEST(Lint, CleanRubricHasNoMessages) {
  auto ms = lint_of(rubric(crit("1", "10", kYes, R"({"kind":"yesno","input":"x","yes":10})")));
  EXPECT_TRUE(ms.empty()) << codes(ms);
}

TEST(Lint, SumsMustMatchSectionsAndScale) {
  auto ms = lint_of(rubric(crit("1", "6", kYes, R"({"kind":"yesno","input":"x","yes":6})")));
  EXPECT_TRUE(has(ms, "lint.section_sum")) << codes(ms);
  EXPECT_TRUE(has(ms, "lint.scale_sum")) << codes(ms);
}

TEST(Lint, DuplicateIdsAreStructuralErrors) {
  auto ms = lint_of(rubric(crit("1", "5", kYes, R"({"kind":"yesno","input":"x","yes":5})") + "," +
                           crit("1", "5", kYes, R"({"kind":"yesno","input":"x","yes":5})")));
  EXPECT_TRUE(has(ms, "rubric.duplicate")) << codes(ms);
  auto in = lint_of(rubric(crit("1", "10", R"([{"id":"x","type":"yesno","label":"X"},{"id":"x","type":"yesno","label":"Y"}])",
                                R"({"kind":"yesno","input":"x","yes":10})")));
  EXPECT_TRUE(has(in, "rubric.duplicate"));
}

TEST(Lint, ReferencesAndTypes) {
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", kYes, R"({"kind":"yesno","input":"nope","yes":10})"))), "lint.input_missing"));
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", kYes, R"({"kind":"linear","value":{"input":"x"},"points":10})"))),
                  "lint.input_type"));
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", R"([{"id":"a","type":"count","label":"A"}])",
                                      R"({"kind":"linear","value":{"num":["a"],"den":["gi:nope"]},"points":10})"))),
                  "lint.general_missing"));
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", R"([{"id":"r","type":"ratio","label":"R","den_from":"nope"}])",
                                      R"({"kind":"linear","value":{"input":"r"},"points":10})"))),
                  "lint.general_missing"));
  auto unused = lint_of(rubric(crit("1", "10", R"([{"id":"x","type":"yesno","label":"X"},{"id":"y","type":"yesno","label":"Y"}])",
                                    R"({"kind":"yesno","input":"x","yes":10})")));
  ASSERT_TRUE(has(unused, "lint.unused_input"));
  EXPECT_FALSE(has_errors(unused));  // a warning only
}

TEST(Lint, ChoiceOptionsAndPoints) {
  const char* ch = R"([{"id":"c","type":"choice","label":"C","options":[{"value":"a","label":"A"},{"value":"b","label":"B"}]}])";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", ch, R"({"kind":"choice","input":"c","points":{"a":10}})"))), "lint.choice_points"));
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", ch, R"({"kind":"choice","input":"c","points":{"a":10,"b":5,"z":1}})"))),
                  "lint.choice_points"));
  const char* unprinted = R"([{"id":"c","type":"choice","label":"C","options":[{"value":"a","label":"A"},{"value":"b","label":"B","printed":false}]}])";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", unprinted, R"({"kind":"choice","input":"c","points":{"a":10,"b":0}})"))),
                  "lint.unprinted_option"));
}

TEST(Lint, TierGapsAndOverlaps) {
  const char* pct = R"([{"id":"p","type":"percent","label":"P"}])";
  std::string gap = R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":0.95,"min_inclusive":false,"points":10},{"min":0.9,"max":0.95,"points":5},{"max":0.9,"points":0}]})";
  auto ms = lint_of(rubric(crit("1", "10", pct, gap)));
  ASSERT_TRUE(has(ms, "lint.tiers_gap")) << codes(ms);
  EXPECT_NE(codes(ms).find("[0,95; 0,95]"), std::string::npos) << codes(ms);
  // The applied reading may not leave a gap, even acknowledged: the printed gap belongs in "literal".
  std::string acked = gap;
  acked.insert(acked.size() - 1, R"(,"uncovered":"zero")");
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", pct, acked, R"([{"kind":"ambiguity","text":"gap"}])"))), "lint.tiers_gap"));
  // …where it is allowed, beside a rule that closes it.
  std::string closed = R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":0.95,"points":10},{"min":0.9,"max":0.95,"points":5},{"max":0.9,"points":0}]})";
  std::string with_literal = crit("1", "10", pct, closed);
  with_literal.insert(with_literal.size() - 1, R"(,"literal":{"class":"boundary_gap","text":"trên 95%","why":"dưới 95% loại trừ 95%","rule":)" + acked + "}");
  EXPECT_FALSE(has_errors(lint_of(rubric(with_literal)))) << codes(lint_of(rubric(with_literal)));
  std::string overlap = R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":0.7,"points":10},{"max":0.7,"max_inclusive":true,"points":5}]})";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", pct, overlap))), "lint.tiers_overlap"));
  std::string top_gap = R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":0.5,"max":0.8,"points":10},{"max":0.5,"points":0}]})";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", pct, top_gap))), "lint.tiers_gap"));
  std::string bottom = R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":0.7,"points":10}]})";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", pct, bottom))), "lint.tiers_gap"));
  // A single point where a floor was meant ("= 60 %: điểm tối đa"); at the top of the domain it is fine.
  std::string point = R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":0.6,"max":0.6,"max_inclusive":true,"points":10},{"max":0.6,"points":0},{"min":0.6,"min_inclusive":false,"points":0}]})";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", pct, point))), "lint.tiers_point"));
  std::string top_point = R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":1,"max":1,"max_inclusive":true,"points":10},{"max":1,"points":0}]})";
  EXPECT_FALSE(has(lint_of(rubric(crit("1", "10", pct, top_point))), "lint.tiers_point"));
}

TEST(Lint, RatiosThatCanExceedTheirWholeSayWhatThatMeans) {
  std::string rule = R"({"kind":"threshold","value":{"input":"r"},"op":">=","target":1,"points":10})";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", R"([{"id":"r","type":"ratio","label":"R"}])", rule))), "lint.ratio_over_1"));
  EXPECT_FALSE(has(lint_of(rubric(crit("1", "10", R"([{"id":"r","type":"ratio","label":"R","allow_over_1":true}])", rule))), "lint.ratio_over_1"));
  EXPECT_FALSE(has(lint_of(rubric(crit("1", "10", R"([{"id":"r","type":"ratio","label":"R","part_of_whole":true}])", rule))), "lint.ratio_over_1"));
}

TEST(Lint, BonusAndPenaltyStateTheTotalAndWhatExcludesWhat) {
  auto doc = [](const std::string& extra) {
    return R"({"format":"cds-rubric/1","id":"t","version":"1","title":"T","authority":"A","year":2022,"scale":2,"unit_level":"so",)" + extra +
           R"("sections":[{"id":"I","title":"S","max":2,"criteria":[{"id":"I.1","code":"1","title":"C","max":2,
        "inputs":[{"id":"x","type":"yesno","label":"X"}],"rule":{"kind":"yesno","input":"x","yes":2},"scoring_text":"x"}]},
      {"id":"IX","title":"Thưởng, trừ","category":"bonus_penalty","criteria":[
        {"id":"IX.1","code":"1","title":"B","max":1,"category":"bonus","inputs":[{"id":"b","type":"yesno","label":"B"}],
         "rule":{"kind":"yesno","input":"b","yes":1},"scoring_text":"x"},
        {"id":"IX.2","code":"2","title":"P","max":-1,"category":"penalty","inputs":[{"id":"p","type":"yesno","label":"P"}],
         "rule":{"kind":"yesno","input":"p","yes":-1},"scoring_text":"x"}]}]})";
  };
  auto bare = lint_of(doc(""));
  EXPECT_TRUE(has(bare, "lint.total_rule"));
  EXPECT_TRUE(has(bare, "lint.exclusive_undeclared"));
  auto declared = lint_of(doc(R"("total":{"cap":null,"text":"không giới hạn"},"exclusive":[{"criteria":["IX.1","IX.2"],"kind":"exactly_one","text":"t"}],)"));
  EXPECT_TRUE(declared.empty()) << codes(declared);
  EXPECT_TRUE(has(lint_of(doc(R"("total":{"cap":2,"text":"t"},"exclusive":[{"criteria":["IX.1","IX.9"],"text":"t"}],)")), "lint.exclusive_missing"));
}

TEST(Lint, ReachableMaximum) {
  // A rule that can never reach the max, or can exceed it, needs an ambiguity note.
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", kYes, R"({"kind":"yesno","input":"x","yes":8})"))), "lint.reach"));
  const char* pct = R"([{"id":"p","type":"percent","label":"P"}])";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", pct, R"({"kind":"linear","value":{"input":"p"},"target":0.3,"points":10})"))),
                  "lint.reach"));
  const char* cnt = R"([{"id":"n","type":"count","label":"N"}])";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", cnt, R"({"kind":"linear","value":{"input":"n"},"target":52,"points":10})"))),
                  "lint.unbounded"));
  EXPECT_FALSE(has_errors(lint_of(rubric(crit("1", "10", cnt, R"({"kind":"linear","value":{"input":"n"},"target":52,"points":10})",
                                              R"([{"kind":"ambiguity","text":"no cap"}])")))));
}

TEST(Lint, SelfScoreNeedsANote) {
  const char* num = R"([{"id":"s","type":"number","label":"S"}])";
  EXPECT_TRUE(has(lint_of(rubric(crit("1", "10", num, R"({"kind":"self_score","input":"s","points":10})"))), "lint.self_score_note"));
}

TEST(Load, StructuralProblemsHaveJsonPaths) {
  auto loaded = load_rubric(R"({"format":"cds-rubric/1","id":"t","version":"1","title":"T","authority":"A","year":2025,
     "scale":10,"unit_level":"xa","sections":[{"id":"I","title":"S","criteria":[{"id":"1","code":"1","title":"C","max":"ten",
     "inputs":[{"id":"x","type":"slider","label":"X"}],"rule":{"kind":"magic"},"scoring_text":"x"}]}]})");
  EXPECT_FALSE(loaded.rubric);
  std::string all = codes(loaded.messages);
  EXPECT_NE(all.find("$.sections[0].criteria[0].max"), std::string::npos) << all;
  EXPECT_NE(all.find("$.sections[0].criteria[0].inputs[0].type"), std::string::npos) << all;
  EXPECT_NE(all.find("$.sections[0].criteria[0].rule.kind"), std::string::npos) << all;
}

TEST(Load, UnknownFormatVersionIsRefusedClearly) {
  auto loaded = load_rubric(R"({"format":"cds-rubric/2","id":"t"})");
  ASSERT_FALSE(loaded.rubric);
  EXPECT_EQ(loaded.messages[0].code, "rubric.format");
  EXPECT_NE(loaded.messages[0].vi.find("phiên bản mới hơn"), std::string::npos);
}

TEST(Load, RulesNestAtMostEightLevels) {
  std::string rule = R"({"kind":"yesno","input":"x","yes":10})";
  for (int i = 0; i < 10; ++i) rule = R"({"kind":"cap","max":10,"rule":)" + rule + "}";
  auto loaded = load_rubric(rubric(crit("1", "10", kYes, rule)));
  EXPECT_FALSE(loaded.rubric);
  EXPECT_TRUE(has(loaded.messages, "rubric.depth"));
}

// `source`: who supplies a criterion's figures, quoting the document (docs/rubric-format.md).
TEST(Lint, FigureSourceQuotesTheDocument) {
  auto with_source = [](const std::string& source, const std::string& evidence = "Căn cứ báo cáo của đơn vị và số liệu Công an tỉnh cung cấp") {
    return rubric(R"({"id":"1","code":"1","title":"C","max":10,"inputs":[{"id":"x","type":"yesno","label":"X"}],)"
                  R"("rule":{"kind":"yesno","input":"x","yes":10},"scoring_text":"x","evidence":")" + evidence + R"(","source":)" + source + "}");
  };
  // The bundled form: agency inside the text, the text the criterion's own evidence.
  auto ok = with_source(R"({"agency":"Công an tỉnh","text":"Căn cứ báo cáo của đơn vị và số liệu Công an tỉnh cung cấp"})");
  EXPECT_TRUE(lint_of(ok).empty()) << codes(lint_of(ok));
  auto loaded = load_rubric(ok);
  ASSERT_TRUE(loaded.rubric);
  ASSERT_TRUE(loaded.rubric->criteria[0].source);
  EXPECT_EQ(loaded.rubric->criteria[0].source->agency, "Công an tỉnh");
  EXPECT_EQ(source_mark(*loaded.rubric->criteria[0].source, Lang::Vi), "Nguồn số liệu: Công an tỉnh");
  // An agency the text does not name: error.
  auto ms = lint_of(with_source(R"({"agency":"Sở Tài chính","text":"Căn cứ báo cáo của đơn vị và số liệu Công an tỉnh cung cấp"})"));
  EXPECT_TRUE(has(ms, "lint.source_agency")) << codes(ms);
  EXPECT_TRUE(has_errors(ms));
  // Words that are not the document's (a paraphrase): warning only.
  ms = lint_of(with_source(R"({"agency":"Công an tỉnh","text":"Số liệu do Công an tỉnh cung cấp"})"));
  EXPECT_TRUE(has(ms, "lint.source_unquoted")) << codes(ms);
  EXPECT_FALSE(has_errors(ms)) << codes(ms);
  // Empty fields: error; missing fields and a wrong type: the loader refuses.
  ms = lint_of(with_source(R"({"agency":"","text":""})"));
  EXPECT_TRUE(has(ms, "lint.source")) << codes(ms);
  EXPECT_TRUE(has(lint_of(with_source(R"({"agency":"Công an tỉnh"})")), "rubric.missing"));
  EXPECT_TRUE(has(lint_of(with_source(R"("Công an tỉnh")")), "rubric.type"));
}

// Every bundled `source` names its agency in the criterion's own evidence wording.
TEST(Lint, BundledFigureSourcesAreTheDocumentsWords) {
  int n = 0;
  for (const char* id : {"soctrang-2023-thidua-tinh", "soctrang-2023-thidua-huyen", "soctrang-2023-thidua-xa", "nhuthanh-2026-nq57"}) {
    auto r = load_rubric(testutil::slurp(std::string("assets/rubrics/") + id + ".json"));
    ASSERT_TRUE(r.rubric) << id;
    for (const auto& c : r.rubric->criteria)
      if (c.source) {
        ++n;
        EXPECT_EQ(c.source->text, c.evidence) << id << " " << c.id;
      }
    for (const auto& m : lint(*r.rubric)) EXPECT_NE(m.code.rfind("lint.source", 0), 0u) << id << ": " << m.code;
  }
  EXPECT_EQ(n, 22);  // 6 + 6 + 6 + 4 (docs/rubric-notes.md)
  auto so = load_rubric(testutil::slurp("assets/rubrics/soctrang-2023-thidua-huyen.json"));
  ASSERT_TRUE(so.rubric);
  ASSERT_TRUE(so.rubric->criterion("14")->source);
  EXPECT_EQ(so.rubric->criterion("14")->source->agency, "Sở Công thương");
  EXPECT_EQ(so.rubric->criterion("14")->source->text, "Số liệu do Sở Công thương cung cấp");
  EXPECT_FALSE(so.rubric->criterion("13")->source);  // "Căn cứ vào số liệu báo cáo của đơn vị": the unit's own
}
