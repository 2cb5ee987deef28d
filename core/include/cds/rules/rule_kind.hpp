// cds/rules/rule_kind.hpp — one rule kind ("linear", "tiers", "months_late"…) and the registry of
// all of them.
//
// Each kind is one file, core/src/rules/kinds/<name>.cpp, implementing RuleKindDef: its fields, how
// they load from the rubric JSON, its lint checks, its highest score, its scoring with the
// explanation text, its "where to gain points" hint and what it reads from the answers. The kinds
// are listed once, in CDS_RULE_KINDS (model/rubric.hpp); rule_kinds() is that list, and every
// consumer dispatches through it: the loader (by name), the linter, rule_max(), the scorer, the
// adviser and cds-gen. To add a kind: its file, its line in CDS_RULE_KINDS, its section in
// docs/rubric-format.md, its tests (tests/unit/rule_kinds_test.cpp lists an example for each kind).
//
// Not provided: the helpers kinds work with (RuleLoader, RuleLinter, RuleEvaluator, RuleAdviser),
// which are internal to core (core/src/rules/kinds/kit.hpp); the public entry points stay
// load_rubric(), lint(), rule_max(), score() and where_to_gain().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cds/base/json_io.hpp"
#include "cds/base/num.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/rubric.hpp"

namespace cds {

class RuleLoader;
class RuleLinter;
class RuleEvaluator;
class RuleAdviser;

// What one rule node reads from a unit's answers (its sub-rules report their own), for tools that
// work with answers without scoring them (cds-gen fills realistic forms).
struct RuleNeeds {
  std::vector<std::string> inputs;   // input ids the node reads, the names in its value included
  std::vector<std::string> general;  // general-information ids it reads ("gi:<id>" in its value)
  const ValueExpr* value = nullptr;  // the value it compares, if any

  // How the score follows `value`.
  enum class Curve { None, UpToTarget, StepAtTarget, Bands, RelativeToBest };
  Curve curve = Curve::None;
  Num target;  // UpToTarget: where the points are reached; StepAtTarget: where the score changes
  std::vector<std::pair<std::optional<Num>, std::optional<Num>>> bands;  // Bands: [min, max] of each band
  std::string best;  // RelativeToBest: the input holding the best unit's value

  // Inputs with a special meaning.
  std::string own_score;  // the unit's own score, at most `ceiling` (self_score)
  Num ceiling;
  struct Deadline {
    std::string date, deadline, done;   // input ids (deadline and done may be empty)
    std::optional<Date> deadline_date;  // a fixed deadline instead of the `deadline` input
  };
  std::optional<Deadline> deadline;  // a date scored against a deadline (months_late)

  // Adds the input and general-information names of a value expression.
  void read(const ValueExpr& v);
};

class RuleKindDef {
 public:
  virtual const char* name() const = 0;  // in rubric files: "linear"

  // Reads the kind's fields from one rule object (its kind and label are read already).
  virtual void load(RuleLoader& in, Rule& rule) const = 0;
  // Meaning checks: the inputs it reads exist and have the right types, points are consistent…
  virtual void lint(RuleLinter& l, const Rule& rule) const = 0;
  // The highest score the rule can give; nullopt = unbounded.
  virtual std::optional<Num> max(const Rule& rule, const Criterion& c) const = 0;
  // The rule's score for the answers, adding explanation lines; nullopt = no score (the evaluator
  // records why: an input missing or invalid, or the score pending aggregation).
  virtual std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const = 0;
  // "Where to gain points": what would reach the maximum. nullopt = the general "up to N more points".
  virtual std::optional<std::string> advice(const RuleAdviser& a, const Rule& rule) const = 0;
  // What the node reads from the answers.
  virtual RuleNeeds needs(const Rule& rule) const = 0;
  // The same names as they are held in the node's fields (input ids, "gi:<id>" in a value), which a
  // ScoringPlan resolves once so that scoring compares no names. Default: the names in rule.value
  // (what linear, threshold and tiers read; nothing for a rule without a value).
  virtual void reads(const Rule& rule, std::vector<const std::string*>& out) const;

  // Sub-rules (default: Rule::children). Given the criterion's answers, only those the answers
  // reach (an `if` whose condition is answered takes one branch).
  virtual std::vector<const Rule*> sub_rules(const Rule& rule, const Json* answers = nullptr) const;
  // The highest score when the rule's value never exceeds `value_max` (a tiers band bounds the
  // rule inside it); nullopt (the default) when that does not bound the rule.
  virtual std::optional<Num> max_for_value(const Rule& rule, const Criterion& c, const Num& value_max) const;

 protected:
  ~RuleKindDef() = default;
};

// Every kind, in RuleKind order (CDS_RULE_KINDS): rule_kinds()[static_cast<size_t>(k)] is kind k.
const std::vector<const RuleKindDef*>& rule_kinds();
const RuleKindDef& rule_kind(RuleKind k);
// The kind named so in rubric files ("linear"); nullopt for an unknown name.
std::optional<RuleKind> find_rule_kind(std::string_view name);

}  // namespace cds
