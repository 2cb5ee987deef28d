// The registry of rule kinds: every registered kind is documented in docs/rubric-format.md, and a
// small rubric using it loads, lints clean, scores and gets a "where to gain points" hint; every
// kind the bundled rubrics use is registered. A new kind needs its example in kExamples below.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "cds/rules/advice.hpp"
#include "cds/rules/rule_kind.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace cds;

namespace {

// One criterion worth `max`, scored `score` (below its maximum, so that there is advice) for `answers`.
struct Example {
  const char* kind;
  const char* inputs;
  const char* rule;
  const char* max;
  const char* answers;
  const char* score;
  bool ambiguity_note = false;
};

const char* kYesNo = R"([{"id":"x","type":"yesno","label":"X"},{"id":"y","type":"yesno","label":"Y"}])";
const char* kPercent = R"([{"id":"p","type":"percent","label":"Tỷ lệ"}])";

const Example kExamples[] = {
    {"const", "[]", R"({"kind":"const","points":6})", "10", "{}", "6", true},
    {"yesno", R"([{"id":"x","type":"yesno","label":"X"}])", R"({"kind":"yesno","input":"x","yes":10})", "10",
     R"({"x":false})", "0"},
    {"choice",
     R"([{"id":"c","type":"choice","label":"C","options":[{"value":"a","label":"A"},{"value":"b","label":"B"}]}])",
     R"({"kind":"choice","input":"c","points":{"a":10,"b":4}})", "10", R"({"c":"b"})", "4"},
    {"linear", kPercent, R"({"kind":"linear","value":{"input":"p"},"points":10})", "10", R"({"p":50})", "5"},
    {"threshold", kPercent, R"({"kind":"threshold","value":{"input":"p"},"op":">=","target":0.8,"points":10})", "10",
     R"({"p":70})", "0"},
    {"tiers", kPercent,
     R"({"kind":"tiers","value":{"input":"p"},"bands":[{"min":0.8,"points":10},{"max":0.8,"points":5}]})", "10",
     R"({"p":50})", "5"},
    {"months_late", R"([{"id":"d","type":"date","label":"Ngày ban hành"}])",
     R"({"kind":"months_late","date":"d","deadline_date":"2025-03-31","points":10})", "10", R"({"d":"2025-05-15"})",
     "9"},
    {"frequency_deduction", R"([{"id":"f","type":"frequency_counts","label":"Số lần"}])",
     R"({"kind":"frequency_deduction","input":"f","points":10,"rates":{"monthly":0.2}})", "10",
     R"({"f":{"monthly":1}})", "8"},
    {"relative_to_best",
     R"([{"id":"p","type":"percent","label":"Tỷ lệ"},{"id":"b","type":"number","label":"Cao nhất","best":true}])",
     R"({"kind":"relative_to_best","value":{"input":"p"},"best":"b","points":10})", "10", R"({"p":50,"b":100})", "5"},
    {"sum", kYesNo,
     R"({"kind":"sum","parts":[{"kind":"yesno","input":"x","yes":6},{"kind":"yesno","input":"y","yes":4}]})", "10",
     R"({"x":true,"y":false})", "6"},
    {"if", kYesNo,
     R"({"kind":"if","cond":{"input":"x","equals":true},"then":{"kind":"yesno","input":"y","yes":10},"else":{"kind":"const","points":3}})",
     "10", R"({"x":false})", "3"},
    {"cap", kYesNo,
     R"({"kind":"cap","max":10,"rule":{"kind":"sum","parts":[{"kind":"yesno","input":"x","yes":8},{"kind":"yesno","input":"y","yes":8}]}})",
     "10", R"({"x":true,"y":false})", "8"},
    {"floor", R"([{"id":"x","type":"yesno","label":"X"}])",
     R"({"kind":"floor","min":2,"rule":{"kind":"yesno","input":"x","yes":10}})", "10", R"({"x":false})", "2"},
    {"self_score", R"([{"id":"s","type":"number","label":"Điểm tự chấm","max":10}])",
     R"({"kind":"self_score","input":"s","points":10})", "10", R"({"s":7})", "7", true},
};

const Example* example_of(const std::string& kind) {
  for (const auto& e : kExamples)
    if (kind == e.kind) return &e;
  return nullptr;
}

std::string rubric_of(const Example& e) {
  std::string notes = e.ambiguity_note ? R"([{"kind":"ambiguity","text":"example"}])" : "[]";
  return std::string(
             R"({"format":"cds-rubric/1","id":"t","version":"1","title":"T","authority":"A","year":2025,"scale":)") +
         e.max + R"(,"unit_level":"xa","sections":[{"id":"I","title":"S","max":)" + e.max +
         R"(,"criteria":[{"id":"1","code":"1","title":"C","max":)" + e.max + R"(,"inputs":)" + e.inputs +
         R"(,"rule":)" + e.rule + R"(,"scoring_text":"x","notes":)" + notes + "}]}]}";
}

std::string texts(const Messages& ms) {
  std::string s;
  for (const auto& m : ms) s += m.code + " (" + m.where + ": " + m.en + ")\n";
  return s;
}

// The "kind" of every rule object in a rubric file, read from the JSON itself (not the loader).
void kinds_used(const Json& j, std::set<std::string>& out) {
  if (j.is_array()) {
    for (const auto& e : j) kinds_used(e, out);
    return;
  }
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "notes") continue;      // notes have a kind too: ambiguity, info, source
    if (it.key() == "exclusive") continue;  // so do exclusive groups: at_most_one, exactly_one (the loader checks them)
    if (it.key() == "kind" && it->is_string()) out.insert(it->get<std::string>());
    kinds_used(it.value(), out);
  }
}

}  // namespace

TEST(RuleKinds, RegistryFollowsTheEnumAndNamesAreUnique) {
  const auto& all = rule_kinds();
  ASSERT_FALSE(all.empty());
  std::set<std::string> names;
  for (size_t i = 0; i < all.size(); ++i) {
    auto k = static_cast<RuleKind>(i);
    std::string name = all[i]->name();
    EXPECT_TRUE(names.insert(name).second) << "two kinds named " << name;
    EXPECT_EQ(&rule_kind(k), all[i]);
    EXPECT_EQ(rule_kind_name(k), name);
    EXPECT_EQ(find_rule_kind(name), k) << name;
  }
  EXPECT_FALSE(find_rule_kind("magic"));
  EXPECT_FALSE(find_rule_kind(""));
}

TEST(RuleKinds, EveryKindIsDocumented) {
  std::string doc = testutil::slurp("docs/rubric-format.md");
  ASSERT_FALSE(doc.empty());
  for (const RuleKindDef* k : rule_kinds())
    EXPECT_NE(doc.find(std::string("\n### `") + k->name() + "`\n"), std::string::npos)
        << "docs/rubric-format.md has no section \"### `" << k->name() << "`\"";
}

TEST(RuleKinds, EveryKindLoadsLintsScoresAndAdvises) {
  for (const RuleKindDef* k : rule_kinds()) {
    SCOPED_TRACE(k->name());
    const Example* e = example_of(k->name());
    ASSERT_TRUE(e) << "no example for rule kind \"" << k->name() << "\" in rule_kinds_test.cpp";
    auto loaded = load_rubric(rubric_of(*e));
    ASSERT_TRUE(loaded.rubric) << texts(loaded.messages);
    const Rubric& r = *loaded.rubric;
    const Criterion& c = r.criteria.at(0);
    EXPECT_STREQ(rule_kind_name(c.rule.kind), k->name());

    Messages lint_msgs = lint(r);
    EXPECT_FALSE(has_errors(lint_msgs)) << texts(lint_msgs);
    std::optional<Num> reach = rule_max(c.rule, c);
    ASSERT_TRUE(reach);
    if (!e->ambiguity_note) EXPECT_EQ(*reach, c.max);  // else lint would have said so
    EXPECT_LE(testutil::n(e->score), *reach);

    Answers a;
    a.rubric_id = r.id;
    a.inputs["1"] = Json::parse(e->answers);
    for (Lang lang : {Lang::Vi, Lang::En}) {
      ScoreOptions o;
      o.lang = lang;
      ScoreSheet s = score(r, a, o);
      const CriterionScore& cs = s.criteria.at(0);
      EXPECT_EQ(cs.status, Status::Answered) << texts(cs.messages);
      EXPECT_EQ(cs.score.to_string(6), e->score);
      EXPECT_FALSE(cs.explanation.empty());

      auto advice = where_to_gain(r, s, lang);
      ASSERT_EQ(advice.size(), 1u);
      EXPECT_EQ(advice[0].status, Status::Answered);
      EXPECT_EQ(advice[0].missing, c.max - cs.score);
      EXPECT_FALSE(advice[0].hint.empty());
    }
  }
}

TEST(RuleKinds, ExamplesAreForRegisteredKinds) {
  for (const auto& e : kExamples) EXPECT_TRUE(find_rule_kind(e.kind)) << e.kind;
}

TEST(RuleKinds, BundledRubricsUseOnlyRegisteredKinds) {
  std::set<std::string> used;
  size_t files = 0;
  for (const auto& f : fs::directory_iterator(fs::path(CDS_SOURCE_DIR) / "assets" / "rubrics")) {
    if (f.path().extension() != ".json") continue;
    ++files;
    kinds_used(Json::parse(testutil::slurp("assets/rubrics/" + f.path().filename().string())), used);
  }
  EXPECT_EQ(files, 8u);
  EXPECT_GE(used.size(), 10u);  // the walk found the rules
  for (const auto& k : used) EXPECT_TRUE(find_rule_kind(k)) << "rule kind \"" << k << "\" is used but not registered";
}

TEST(InputTypes, EveryTypeHasANameAndTheNameLoadsBack) {
  // The list of input types is one table (rubric.cpp); a type added to the enum without its name
  // shows here as "?".
  for (int t = 0; t <= static_cast<int>(cds::InputType::Text); ++t)
    EXPECT_STRNE(cds::input_type_name(static_cast<cds::InputType>(t)), "?") << t;
}

TEST(AdviceHint, ALinearRuleWorthNothingGetsTheGeneralHint) {
  // where_to_gain once divided by a linear rule's points; with "points": 0 it threw.
  auto r = cds::load_rubric(R"({"format": "cds-rubric/1", "id": "zero-points", "version": "1", "title": "t", "authority": "a",
    "year": 2026, "scale": 1, "unit_level": "xa", "sections": [{"id": "I", "code": "I", "title": "s", "max": 1, "criteria": [
      {"id": "1", "code": "1", "title": "c", "max": 1, "inputs": [{"id": "x", "type": "percent", "label": "x"}],
       "rule": {"kind": "linear", "value": {"input": "x"}, "points": 0},
       "scoring_text": "t", "notes": [{"kind": "ambiguity", "text": "n"}]}]}]})");
  ASSERT_TRUE(r.rubric) << (r.messages.empty() ? "" : r.messages[0].text());
  auto a = cds::answers_template(*r.rubric);
  a.set_value("1", "x", cds::Json(10));
  EXPECT_NO_THROW((void)cds::where_to_gain(*r.rubric, cds::score(*r.rubric, a, {})));
}

// Every name a node reads (RuleKindDef::needs) is one the kind lists as held in its fields
// (RuleKindDef::reads), which the scoring plan resolves once; and nothing else. Every kind's
// example, and every rule (applied and literal) of the bundled rubrics.
TEST(RuleKinds, ReadsListsTheNamesNeedsSays) {
  std::vector<Rubric> rubrics;
  for (const RuleKindDef* k : rule_kinds()) {
    const Example* e = example_of(k->name());
    ASSERT_TRUE(e) << k->name();
    auto loaded = load_rubric(rubric_of(*e));
    ASSERT_TRUE(loaded.rubric) << k->name();
    rubrics.push_back(std::move(*loaded.rubric));
  }
  for (const auto& f : fs::directory_iterator(fs::path(CDS_SOURCE_DIR) / "assets" / "rubrics")) {
    if (f.path().extension() != ".json" || f.path().filename() == "index.json") continue;
    auto loaded = load_rubric(testutil::slurp("assets/rubrics/" + f.path().filename().string()));
    ASSERT_TRUE(loaded.rubric) << f.path();
    rubrics.push_back(std::move(*loaded.rubric));
  }
  std::set<std::string> kinds_seen;
  for (const Rubric& r : rubrics) {
    SCOPED_TRACE(r.id);
    std::vector<const Rule*> nodes;
    for (const Criterion& c : r.criteria) {
      nodes.push_back(&c.rule);
      if (c.literal && c.literal->rule) nodes.push_back(&*c.literal->rule);
    }
    for (size_t i = 0; i < nodes.size(); ++i)
      for (const Rule* sub : rule_kind(nodes[i]->kind).sub_rules(*nodes[i])) nodes.push_back(sub);
    for (const Rule* n : nodes) {
      kinds_seen.insert(rule_kind_name(n->kind));
      std::set<std::string> needed, held;
      RuleNeeds needs = rule_kind(n->kind).needs(*n);
      for (const auto& id : needs.inputs) needed.insert(id);
      for (const auto& id : needs.general) needed.insert("gi:" + id);
      std::vector<const std::string*> names;
      rule_kind(n->kind).reads(*n, names);
      for (const std::string* p : names)
        if (!p->empty()) held.insert(*p);
      EXPECT_EQ(held, needed) << rule_kind_name(n->kind);
    }
  }
  EXPECT_EQ(kinds_seen.size(), rule_kinds().size());
}
