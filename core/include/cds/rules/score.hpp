// cds/rules/score.hpp — scoring answers against a rubric, with explanations.
//
// score() evaluates every criterion's rule over the unit's inputs with exact arithmetic, checks
// each input (negative counts, numerator above denominator, impossible dates, …), clamps to
// [0, max], rounds as the rubric says, and explains the result in Vietnamese (or English) with
// the figures substituted. Where the rubric keeps a literal reading beside the applied one, that
// reading is scored too and a difference is said in words. Criteria of an exclusive group that
// are claimed together are refused; sections and the total are sums of the rounded criterion
// scores, the total at most the rubric's cap.
//
// Not provided: cross-unit finalisation (aggregate.hpp supplies `best` values through
// ScoreOptions::best_override), file access, clocks.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cds/model/answers.hpp"
#include "cds/base/message.hpp"
#include "cds/base/num.hpp"
#include "cds/model/rubric.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {

enum class Status : uint8_t { Answered, Unanswered, Invalid, Pending };
const char* status_name(Status s);           // "answered" …
const char* status_label(Status s, Lang l);  // "Đã trả lời" …

struct CriterionScore {
  size_t index = 0;  // into Rubric::criteria
  std::string id;
  std::string code;
  Num score;  // clamped and rounded
  Num raw;    // the rule's literal result (before clamp and rounding); 0 unless answered
  Num max;
  Status status = Status::Unanswered;
  bool clamped = false;
  std::optional<Num> value;  // the criterion's main measured value (first value read), if any
  Messages messages;
  std::vector<std::string> explanation;  // lines, figures substituted
  // The literal reading (Criterion::literal) scored on the same figures, clamped and rounded the
  // same way; set only when the rubric gives a literal rule. It differs from `score` exactly when
  // a message "reading.differs" says so.
  std::optional<Num> literal;
  Status literal_status = Status::Unanswered;
  bool differs() const { return literal && *literal != score; }
};

struct SectionScore {
  std::string id, code, title;
  int depth = 0;
  Num score;
  Num max;  // declared max, or the sum of its regular criteria when none is printed
  bool bonus_penalty = false;
  int answered = 0;
  int items = 0;
};

struct ScoreSheet {
  std::string rubric_id, rubric_version;
  Num scale;
  Num total;    // regular + bonus + penalty, at most the rubric's total cap
  std::optional<Num> uncapped;  // the sum before the rubric's total cap, when the cap applied
  Num regular;  // sum of regular criteria
  Num bonus;
  Num penalty;  // ≤ 0
  int answered = 0;
  int items = 0;
  int problems = 0;  // criteria with status invalid
  int pending = 0;
  std::vector<CriterionScore> criteria;  // rubric order
  std::vector<SectionScore> sections;    // pre-order
  Messages messages;                     // answers that do not fit the rubric

  const CriterionScore* find(const std::string& id) const;
};

struct ScoreOptions {
  Lang lang = Lang::Vi;
  bool explain = true;
  // Aggregator: criterion id → the best unit's value, used by relative_to_best rules in place of
  // the unit's own `best` input.
  std::map<std::string, Num> best_override;
};

ScoreSheet score(const Rubric& r, const Answers& a, const ScoreOptions& opt = {});

// A rubric prepared once for scoring many answer sets (the office scores thousands of files of the
// same rubric; verification rescores every file): the ids every answer set is matched against, in
// the order of a JSON object's members, so that one walk of the answers checks that they fit and
// finds every value. Scoring with a plan gives exactly what score(rubric, …) gives. The plan refers
// to the rubric: it must outlive the plan and stay unchanged while the plan is used.
//
// Beyond the index, the plan resolves once what every score would otherwise look up by name: each
// name a rule reads (an input id, "gi:<id>") to the input or general-information field it denotes,
// the general-information fields as the inputs messages name ("gi:<id>"), and each section's
// maximum (core/src/rules/plan.hpp).
class ScoringPlan {
 public:
  explicit ScoringPlan(const Rubric& r);
  const Rubric& rubric() const { return *r_; }
  const AnswersIndex& index() const { return index_; }
  struct Resolved;  // internal to core (core/src/rules/plan.hpp)
  const Resolved& resolved() const { return *resolved_; }

 private:
  const Rubric* r_;
  AnswersIndex index_;
  std::shared_ptr<const Resolved> resolved_;
};
ScoreSheet score(const ScoringPlan& plan, const Answers& a, const ScoreOptions& opt = {});
CriterionScore score_criterion(const Rubric& r, size_t index, const Answers& a, const ScoreOptions& opt = {});

// `cds score --json` shape (see docs/answers-format.md): numbers are JSON numbers.
Json score_to_json(const ScoreSheet& s, const Rubric& r);
// A readable table (Vietnamese or English) for terminals.
std::string score_to_table(const ScoreSheet& s, const Rubric& r, Lang lang = Lang::Vi);

// Number formatting used by explanations and reports.
std::string fmt_points(const Num& v, Lang lang, int decimals);

}  // namespace cds
