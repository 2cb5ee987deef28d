// core/src/rules/kinds/kit.hpp — what a rule kind's file works with (internal to core).
//
// A kind (rule_kind.hpp) is handed one helper per job: RuleLoader reads its fields from the rubric
// JSON, RuleLinter checks their meaning, RuleEvaluator reads and checks the unit's figures and
// collects the explanation, RuleAdviser words "where to gain points". The helpers hold what every
// kind shares (JSON paths and messages, input types, number formats, the Vietnamese wording of
// problems), so a kind's file holds only what is its own. Implemented next to their callers:
// model/rubric.cpp, model/lint.cpp, rules/evaluator.cpp, rules/advice.cpp.
//
// Not provided: anything a kind does not need; the public entry points (load_rubric, lint, score,
// where_to_gain) stay in their headers.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/base/num.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/rule_kind.hpp"
#include "cds/rules/score.hpp"
#include "../plan.hpp"

namespace cds {

// Each kind's file defines its specialisation; registry.cpp lists them all from CDS_RULE_KINDS.
template <RuleKind K>
const RuleKindDef& rule_kind_def();

// The names a value expression reads, as held in it (RuleKindDef::reads).
void read_value_names(const ValueExpr& v, std::vector<const std::string*>& out);

// A kind's fields on a rule node: created when loading, read everywhere else. A rule without fields
// (only an empty Rule{} after a load error) reads as the defaults.
template <class P>
P& make_fields(Rule& rule) {
  auto p = std::make_shared<P>();
  P& ref = *p;
  rule.params = std::move(p);
  return ref;
}
template <class P>
const P& fields(const Rule& rule) {
  static const P kDefaults{};
  return rule.params ? static_cast<const P&>(*rule.params) : kDefaults;
}

// ---------------------------------------------------------------------------------------------
// Loading: one rule object of a rubric file, its JSON path and nesting depth. Problems are recorded
// with their path; a field that cannot be read keeps its default.

class RubricReader;

class RuleLoader {
 public:
  RuleLoader(RubricReader& reader, const Json& obj, std::string path, int depth);

  const Json& json() const { return obj_; }
  const std::string& path() const { return path_; }
  void err(const std::string& where, const std::string& code, const std::string& vi, const std::string& en);

  const Json* need(const char* key);  // a required field (recorded as missing when absent)
  bool text(const char* key, std::string* out, bool required);
  bool number(const char* key, Num* out, bool required);
  bool boolean(const char* key, bool* out);
  ValueExpr value();                                     // the required "value" expression
  Rule rule(const char* key);                            // the required sub-rule `key` (empty when missing)
  Rule rule_at(const Json& j, const std::string& path);  // a sub-rule elsewhere: an element of "parts", a band's "rule"
  RuleLoader at(const Json& obj, std::string path) const;  // the same helpers on a nested object ("cond", a band)

 private:
  RubricReader& reader_;
  const Json& obj_;
  std::string path_;
  int depth_;
};

// ---------------------------------------------------------------------------------------------
// Lint: one rule node of a criterion, at its JSON path. Inputs the rule reads are recorded, so that
// the criterion can warn about inputs no rule reads.

class RuleLinter {
 public:
  RuleLinter(const Rubric& r, const Criterion& c, Messages& out, std::set<std::string>& used, std::string where);

  const Criterion& criterion() const { return c_; }
  const std::string& where() const { return where_; }
  // Linting the literal reading (Criterion::literal): the printed text as it is, so gaps and
  // single points that the applied rule may not have are allowed there.
  bool literal() const { return literal_; }
  void set_literal() { literal_ = true; }
  void err(const std::string& code, const std::string& vi, const std::string& en);

  void check(const Rule& rule);                                     // this node, through its kind
  void sub_rule(const Rule& rule, const std::string& path_suffix);  // a sub-rule at where + suffix
  // The input `id` must exist with one of `types`; nullptr otherwise (or when id is empty).
  const InputDef* input(const std::string& id, std::initializer_list<InputType> types);
  void value(const ValueExpr& v);                          // every name exists and is numeric; the scale is positive
  std::optional<Num> value_max(const ValueExpr& v) const;  // upper bound of a value; nullopt = unbounded

 private:
  void name(const std::string& name);  // an input id or "gi:<id>" in a value expression

  const Rubric& r_;
  const Criterion& c_;
  Messages& out_;
  std::set<std::string>& used_;
  std::string where_;
  bool literal_ = false;
};

// ---------------------------------------------------------------------------------------------
// Scoring one criterion: reads and checks the unit's figures, records why a score cannot be given
// (missing, invalid, pending) and collects the explanation lines.

// Adds an explanation line; the text is only built when explanations are asked for (formatting
// numbers is most of the cost of scoring).
#define CDS_LINE(ev, ...)                                     \
  do {                                                        \
    if ((ev).explaining()) (ev).lines.push_back(__VA_ARGS__); \
  } while (0)

class RuleEvaluator {
 public:
  struct Value {
    Num v;
    bool percent = true;
    std::string text;  // how it was obtained, e.g. "45/50 = 90 %"
  };

  // `criterion_answers`: the criterion's object in a.inputs (criterion_answers() in score.cpp),
  // nullptr when the answers have none.
  RuleEvaluator(const Rubric& r, const Criterion& c, const Answers& a, const ScoreOptions& o, const Json* criterion_answers);
  // With a scoring plan (ScoringPlan): every value found already, `inputs` this criterion's input
  // slots (AnswerSlots::input from the criterion's base), `general` AnswerSlots::general, and the
  // names its rules read resolved (`plan`).
  void use_plan(const Json* const* inputs, const Json* const* general, const CriterionPlan& plan) {
    input_slots_ = inputs;
    general_slots_ = general;
    plan_ = &plan;
  }

  std::optional<Num> run(const Rule& rule);  // a rule node, through its kind

  bool missing = false;
  bool invalid = false;
  bool pending = false;
  Messages msgs;
  std::vector<std::string> lines;
  std::vector<std::string> missing_labels;  // in the scoring language, for the explanation
  // Each input not entered: its key (input id, or "gi:<id>"), and its label in both languages.
  struct Missing {
    std::string input, vi, en;
  };
  std::vector<Missing> missing_inputs;
  std::optional<Num> first_value;

  // What is being scored.
  const Criterion& criterion() const { return c_; }
  const ScoreOptions& options() const { return o_; }
  const Json* answer(const InputDef& in) const;  // the stored value, nullptr when absent

  // The criterion's input `id` (Criterion::input), nullptr when it has none; `id` is a name held in
  // a rule of the criterion (a plan knows it by its address).
  const InputDef* find_input(const std::string& id) const;
  // Reading the unit's figures; nullopt/nullptr after recording the problem (bad/absent).
  const InputDef* input_of(const std::string& id);
  std::optional<Num> read_number(const InputDef& in);  // count/number/percent (percent as 0–100)
  std::optional<bool> read_bool(const InputDef& in);
  const ChoiceOption* read_choice(const InputDef& in);
  std::optional<Date> read_date(const InputDef& in);
  std::optional<Value> value(const ValueExpr& e, const std::string& label);
  std::optional<Num> to_num(const Json& j, const InputDef* in, const char* what);
  bool check_count(const Num& v, const InputDef* in, const char* vi_what, const char* en_what);
  // An invalid figure; the message names `in` (its label in the text, its id in Message::input).
  void bad(const InputDef* in, const std::string& code, const std::string& vi, const std::string& en);
  // The same for a problem about one input that is not worded with its label (`input` may be empty).
  void bad_input(const std::string& input, const std::string& code, const std::string& vi, const std::string& en);
  // An input not entered: its key (input id or "gi:<id>") and its label (Vietnamese; English when
  // the label itself is worded by cds, e.g. "Tổng số hồ sơ — Mẫu số" / "… — Denominator").
  void absent(const std::string& input, const std::string& label_vi, const std::string& label_en = {});
  void absent(const InputDef& in) { absent(in.id, in.label); }

  // Explanation text.
  bool explaining() const { return o_.explain; }
  const char* T(const char* vi, const char* en) const { return lang_ == Lang::Vi ? vi : en; }
  bool vi() const { return lang_ == Lang::Vi; }
  std::string N(const Num& v, int decimals = 4) const { return format_number(v, lang_, decimals, true); }
  std::string P(const Num& v) const { return fmt_points(v, lang_, std::max(2, r_.decimals)); }
  std::string pct(const Num& fraction) const { return format_percent(fraction, lang_, 2); }
  std::string disp(const Value& v) const { return v.percent ? pct(v.v) : N(v.v); }
  // A value in the units people read (90 for 90 %), for "90/95 × 4".
  std::string bare(const Num& v, bool percent) const { return percent ? N(v * Num(100), 2) : N(v); }
  std::string q(const std::string& s) const { return lang_ == Lang::Vi ? "«" + s + "»" : "\"" + s + "\""; }

 private:
  std::optional<Num> in_range(Num v, const InputDef* in, const char* what);
  std::optional<Num> general_num(std::string_view id, const GeneralInfoField* g, const InputDef* as_input);
  std::optional<Num> general_named(const std::string& held, std::string_view id);
  void lacks_input(const std::string& id);
  std::optional<Num> named(const std::string& name);
  std::optional<std::pair<Num, Num>> read_ratio(const InputDef& in);
  bool check_count_or_nonneg(const Num& v, const InputDef* in, const char* vi, const char* en);

  const Rubric& r_;
  const Criterion& c_;
  const Answers& a_;
  const ScoreOptions& o_;
  Lang lang_;
  const Json* answers_;  // this criterion's answers object (looked up once), nullptr when none
  const Json* const* input_slots_ = nullptr;    // with a plan: this criterion's values by input index
  const Json* const* general_slots_ = nullptr;  // with a plan: general information by field index
  const CriterionPlan* plan_ = nullptr;         // with a plan: the names resolved
};

// ---------------------------------------------------------------------------------------------
// "Where to gain points" for one answered criterion below its maximum.

class RuleAdviser {
 public:
  RuleAdviser(Lang lang, const Rubric& r, const Criterion& c, const CriterionScore& cs)
      : lang(lang), r(r), c(c), cs(cs) {}

  const Lang lang;
  const Rubric& r;
  const Criterion& c;
  const CriterionScore& cs;

  std::string pts(const Num& n) const { return fmt_points(n, lang, r.decimals); }
  std::string plus() const;                        // ": +3 điểm", the points still missing
  bool percent_of(const ValueExpr& v) const;       // the value reads as a percentage
  std::string label_of(const Rule& rule) const;    // the rule's label, else its input's, else "Tỷ lệ"
  std::string show(const Num& v, bool pct) const;  // 62 % / 62
  std::string now(bool pct) const;                 // "62 % → " (the unit's value), or ""
};

}  // namespace cds
