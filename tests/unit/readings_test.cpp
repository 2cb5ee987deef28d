// The two readings of the source documents (docs/rubric-format.md, "Two readings"): for every
// drafting problem found in the eight documents, cases at the boundary, just below, just above and
// far above, with the score an experienced appraiser gives (the applied reading) and the score the
// printed text read literally gives. The expected scores in tests/golden/<rubric>/readings.json
// were computed by hand from the printed text, never by running the engine.
#include <gtest/gtest.h>

#include <filesystem>

#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace cds;

namespace {

struct ReadingCase {
  std::string rubric, criterion, klass, why;
  Json answer;        // input id → value, for this criterion
  Json general_info;  // general-information fields the case needs
  Num applied;
  std::optional<Num> literal;
};

std::vector<ReadingCase> load_cases() {
  std::vector<ReadingCase> out;
  fs::path root = fs::path(CDS_SOURCE_DIR) / "tests" / "golden";
  for (const auto& dir : fs::directory_iterator(root)) {
    fs::path f = dir.path() / "readings.json";
    if (!fs::exists(f)) continue;
    auto parsed = parse_json(testutil::slurp("tests/golden/" + dir.path().filename().string() + "/readings.json"));
    EXPECT_TRUE(parsed.doc) << f;
    if (!parsed.doc) continue;
    for (const auto& c : (*parsed.doc)["cases"]) {
      ReadingCase rc;
      rc.rubric = (*parsed.doc)["rubric"];
      rc.criterion = c["criterion"];
      rc.klass = c.value("class", "");
      rc.why = c.value("why", "");
      rc.answer = c.value("answer", Json::object());
      rc.general_info = c.value("general_info", Json::object());
      rc.applied = *Num::parse(c["applied"].get<std::string>());
      if (c.contains("literal") && !c["literal"].is_null()) rc.literal = *Num::parse(c["literal"].get<std::string>());
      out.push_back(std::move(rc));
    }
  }
  return out;
}

}  // namespace

TEST(Readings, EveryDocumentedProblemScoresAsTheAppraiserAndAsPrinted) {
  auto cases = load_cases();
  ASSERT_GE(cases.size(), 40u) << "the cases of the audit of the eight documents";
  std::map<std::string, Rubric> rubrics;
  std::set<std::string> classes;
  for (const auto& rc : cases) {
    SCOPED_TRACE(rc.rubric + " " + rc.criterion + " (" + rc.klass + "): " + rc.why);
    if (!rubrics.count(rc.rubric)) {
      auto loaded = load_rubric(testutil::slurp("assets/rubrics/" + rc.rubric + ".json"));
      ASSERT_TRUE(loaded.rubric) << rc.rubric;
      rubrics.emplace(rc.rubric, std::move(*loaded.rubric));
    }
    const Rubric& r = rubrics.at(rc.rubric);
    const Criterion* c = r.criterion(rc.criterion);
    ASSERT_NE(c, nullptr);
    Answers a = answers_template(r);
    for (auto it = rc.answer.begin(); it != rc.answer.end(); ++it) a.set_value(rc.criterion, it.key(), it.value());
    for (auto it = rc.general_info.begin(); it != rc.general_info.end(); ++it) a.general_info[it.key()] = it.value();
    CriterionScore s = score_criterion(r, static_cast<size_t>(c - r.criteria.data()), a);
    EXPECT_EQ(s.score, rc.applied) << "applied reading: got " << s.score.to_string() << ", status " << status_name(s.status);
    classes.insert(rc.klass);
    if (rc.literal) {
      ASSERT_TRUE(c->literal && c->literal->rule) << "the case gives a literal score, the rubric keeps no literal rule";
      ASSERT_TRUE(s.literal.has_value());
      EXPECT_EQ(*s.literal, *rc.literal) << "literal reading: got " << s.literal->to_string();
      // Where the readings differ for these figures, the unit is told both, with the reason.
      bool told = false;
      for (const auto& m : s.messages) told = told || m.code == "reading.differs";
      EXPECT_EQ(told, *rc.literal != rc.applied);
    }
  }
  // Every class of problem found in the documents has cases.
  for (const char* k : {"boundary_gap", "above_top_band", "point_not_floor", "achieve_over_100", "discrete_not_count", "unit_mismatch",
                        "conditions_as_self_score", "cross_unit"})
    EXPECT_TRUE(classes.count(k)) << k;
}

TEST(Readings, EveryLiteralReadingNamesItsClassAndReason) {
  fs::path root = fs::path(CDS_SOURCE_DIR) / "assets" / "rubrics";
  int literal = 0;
  for (const auto& f : fs::directory_iterator(root)) {
    if (f.path().extension() != ".json") continue;  // superseded/ holds earlier versions
    auto loaded = load_rubric(testutil::slurp("assets/rubrics/" + f.path().filename().string()));
    ASSERT_TRUE(loaded.rubric) << f.path();
    for (const auto& c : loaded.rubric->criteria) {
      if (!c.literal) continue;
      ++literal;
      EXPECT_FALSE(c.literal->text.empty()) << c.id;
      EXPECT_FALSE(c.literal->why.empty()) << c.id;
      EXPECT_NE(literal_class_label(c.literal->klass, Lang::Vi), literal_class_label(c.literal->klass, Lang::En)) << c.id;
    }
  }
  EXPECT_GE(literal, 40) << "the drafting decisions of the eight documents";
}
