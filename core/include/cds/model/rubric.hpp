// cds/model/rubric.hpp — the rubric model (`cds-rubric/1`), its loader and its linter.
//
// A Rubric is one official scoring form as data: identity, scale, rounding, general-information
// fields, a tree of sections and the criteria with their typed inputs and rules. The format is
// documented in docs/rubric-format.md; this header mirrors it. Loading checks structure and types
// (every problem with its JSON path); lint() checks meaning (sums, references, tier coverage,
// reachable maximum).
//
// Not provided: each rule kind's own fields and logic (one file per kind, see rules/rule_kind.hpp),
// scoring (score.hpp), answers (answers.hpp), file access (callers pass bytes).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/json_io.hpp"
#include "cds/base/message.hpp"
#include "cds/base/num.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {

inline constexpr const char* kRubricFormat = "cds-rubric/1";

enum class InputType { Count, Number, Percent, Ratio, YesNo, Choice, Date, FrequencyCounts, Text };  // named once, in rubric.cpp
const char* input_type_name(InputType t);  // the name in rubric files: "count", "frequency_counts"…

struct ChoiceOption {
  std::string value;
  std::string label;
  bool printed = true;
};

struct InputDef {
  std::string id;
  InputType type = InputType::Number;
  std::string label;
  std::string help;
  std::string unit;
  std::optional<Num> min;  // count/number (number defaults to 0)
  std::optional<Num> max;
  std::optional<Date> min_date, max_date;
  bool allow_over_100 = false;  // percent
  bool allow_over_1 = false;    // ratio
  std::string num_label, den_label;
  std::string den_from;  // general_info id
  std::vector<ChoiceOption> options;
  std::vector<std::string> frequencies;  // frequency_counts keys that apply
  bool best = false;                     // the "best unit's value" of relative_to_best
  bool part_of_whole = false;            // ratio: the numerator counts part of the denominator (> 100 % is a data error)
};

// Who does a criterion or a general-information row (Vĩnh Long's "Bảng phân công nhiệm vụ"): the
// document's own words (`lead`, `coordinating`, `action`, `timing`, verbatim) and, where the rubric
// declares `agencies`, the ids of the leading agencies those words name (`agencies`, normalised;
// docs/rubric-format.md, "Agencies"). A work packet (cds/office/parts.hpp) covers what an agency leads.
struct Assignment {
  std::string lead, coordinating, action, timing;
  std::vector<std::string> agencies;  // ids into Rubric::agencies; several when the document names several leads
  bool empty() const { return lead.empty() && coordinating.empty() && action.empty() && timing.empty() && agencies.empty(); }
};

// An agency that leads part of the rubric: a short stable id ("SKHCN"), its display name and the
// other spellings the document uses for it ("Chi cục Cục Thống kê" for "Chi cục Thống kê").
struct Agency {
  std::string id;
  std::string name;
  std::vector<std::string> aliases;
};

struct Note {
  std::string kind;  // ambiguity | info | source
  std::string text;
};

struct GeneralInfoField {
  std::string id;
  std::string label;
  InputType type = InputType::Count;  // count, number, percent, text, date, yesno
  std::string unit;
  std::string help;
  std::vector<std::string> applies_to;  // unit type ids; empty = all
  bool required = false;
  Assignment assignment;
  int number = 0;  // the row's number (STT) on the paper sheet, when it differs from the position (0: the position)
};

// A value read by linear/threshold/tiers/relative_to_best.
struct ValueExpr {
  enum class Kind { Input, Ratio, Sum } kind = Kind::Input;
  std::string input;              // Kind::Input
  std::vector<std::string> num;   // Kind::Ratio (names: input ids or "gi:<id>")
  std::vector<std::string> den;   // Kind::Ratio
  std::vector<std::string> terms;  // Kind::Sum
  Num scale = 1;
  bool percent = true;       // display as a percentage
  bool allow_over_1 = false;  // Kind::Ratio: numerator may exceed denominator
};

// The rule kinds. Each kind is one file, core/src/rules/kinds/<name>.cpp, holding everything about
// it (fields, loading, lint, maximum, scoring, advice, what it reads); this list is the registry.
// The enum and the table every consumer iterates (rule_kinds(), cds/rules/rule_kind.hpp) are both
// made from it, so they cannot disagree; a kind listed here without its file does not link.
#define CDS_RULE_KINDS(X) \
  X(Const)                \
  X(YesNo)                \
  X(Choice)               \
  X(Linear)               \
  X(Threshold)            \
  X(Tiers)                \
  X(MonthsLate)           \
  X(FrequencyDeduction)   \
  X(RelativeToBest)       \
  X(Sum)                  \
  X(If)                   \
  X(Cap)                  \
  X(Floor)                \
  X(SelfScore)

enum class RuleKind {
#define CDS_RULE_KIND_ENUMERATOR(k) k,
  CDS_RULE_KINDS(CDS_RULE_KIND_ENUMERATOR)
#undef CDS_RULE_KIND_ENUMERATOR
};
const char* rule_kind_name(RuleKind k);  // the name in rubric files: "linear", "months_late"…

// A kind's own fields ("target", "bands", "rates"…), defined in and read only by its file.
struct RuleParams {
  virtual ~RuleParams() = default;
};

struct Rule {
  RuleKind kind = RuleKind::Const;
  std::string label;
  ValueExpr value;  // the value compared by linear, threshold, tiers and relative_to_best
  // Sub-rules: sum → parts; if → [then, else]; cap/floor → [inner]. (A tiers band's rule is a field
  // of tiers.)
  std::vector<Rule> children;
  std::shared_ptr<const RuleParams> params;  // the kind's fields; shared by copies, never changed after loading
};

enum class Category { Regular, Bonus, Penalty };

// The literal reading of a criterion's printed text, kept beside the reading cds applies (the one an
// experienced appraiser would score; docs/rubric-format.md, "Two readings").
struct Literal {
  std::string klass;         // the kind of drafting problem: one of literal_classes()
  std::string text;          // the printed words the literal reading follows
  std::string why;           // why cds applies the other reading
  std::optional<Rule> rule;  // the literal rule, when the same inputs can score it
};
// "boundary_gap", "above_top_band", "point_not_floor", "achieve_over_100", "discrete_not_count",
// "unit_mismatch", "conditions_as_self_score", "cross_unit", "exclusive_bonus_penalty", "other".
const std::vector<std::string>& literal_classes();
// The class in plain words: "ranh giới giữa hai mức bị hở" / "a gap between two tiers".
std::string literal_class_label(std::string_view klass, Lang lang);

// Who supplies a criterion's figures, where the document says they come from outside the unit
// ("Căn cứ báo cáo của đơn vị và số liệu Công an tỉnh cung cấp"): docs/rubric-format.md, "source".
struct FigureSource {
  std::string agency;  // who supplies them, as the document names it: "Công an tỉnh"
  std::string text;    // the document's own words, verbatim
};

struct Criterion {
  std::string id;
  std::string code;
  std::string title;
  Num max;
  Category category = Category::Regular;
  std::string unit;
  std::vector<InputDef> inputs;
  Rule rule;
  std::string scoring_text;
  std::string evidence;
  std::vector<Note> notes;
  std::optional<Literal> literal;  // where the printed text read literally would score otherwise
  Assignment assignment;
  std::optional<FigureSource> source;  // figures supplied from outside the unit
  std::string path;  // JSON path in the rubric file, for messages

  const InputDef* input(std::string_view id) const;
  bool has_ambiguity_note() const;
};

struct Section {
  std::string id;
  std::string code;
  std::string title;
  std::optional<Num> max;
  bool bonus_penalty = false;
  std::vector<size_t> criteria;  // indices into Rubric::criteria
  std::vector<Section> sections;
  std::string path;
};

// Criteria of which only one may count (a bonus and a penalty that are each other's negation):
// `exactly_one` also refuses none.
struct ExclusiveGroup {
  std::vector<std::string> criteria;  // criterion ids
  bool exactly_one = false;
  std::string text;  // what the document says, and why the group exists
  std::string path;
};

// How the total is formed beyond the plain sum: a ceiling (e.g. 100 even with bonus points), and
// what the document says about it.
struct TotalRule {
  std::optional<Num> cap;
  std::string text;
};

struct Rubric {
  std::string id;
  std::string version;
  std::string title;
  std::string subtitle;
  std::string authority;
  std::string doc_number, doc_date, doc_title, doc_source;
  int year = 0;
  Num scale = 100;
  std::string unit_level;
  std::vector<std::pair<std::string, std::string>> unit_types;  // id, label
  std::optional<Date> period_from, period_to;
  std::string period_text;
  std::string deadline_at, deadline_text;
  int decimals = 2;
  RoundMode round_mode = RoundMode::HalfUp;
  std::vector<GeneralInfoField> general_info;
  std::vector<Section> sections;
  std::vector<Criterion> criteria;  // every criterion, in document order
  std::vector<Note> notes;
  std::vector<ExclusiveGroup> exclusive;
  bool exclusive_declared = false;  // "exclusive" present (possibly empty: none exclude each other)
  std::optional<TotalRule> total;
  std::vector<Agency> agencies;  // declared: criteria and rows name their leads by these ids

  const Criterion* criterion(std::string_view id) const;
  // Criterion id → index into `criteria`, in the byte order of the ids (the order of a JSON
  // object's members once read), so that answers can be matched to criteria in one walk.
  const std::map<std::string, size_t, std::less<>>& criterion_index() const { return index_; }
  const GeneralInfoField* general(std::string_view id) const;
  const Agency* agency(std::string_view id) const;
  // Sections in pre-order with their depth (0 = top level).
  std::vector<std::pair<const Section*, int>> flat_sections() const;

 private:
  friend struct RubricLoader;
  std::map<std::string, size_t, std::less<>> index_;
};

struct LoadedRubric {
  std::optional<Rubric> rubric;
  Messages messages;  // errors → rubric empty
};

LoadedRubric load_rubric(std::string_view bytes);
LoadedRubric load_rubric_json(const Json& doc);

// Meaning checks (see docs/rubric-format.md, "Lint"). Errors and warnings; empty = clean.
Messages lint(const Rubric& r);

// Every drafting decision the rubric records, for the issuing office to correct its document
// (`cds lint --notes`, the app's "Ghi chú soạn thảo"): criteria whose printed text is read otherwise
// than literally (`literal`), ambiguity notes, exclusive bonus/penalty groups and the total rule.
struct DraftingNote {
  std::string criterion;  // criterion id; empty for the whole rubric
  std::string code, title;
  std::string klass;      // a literal class (literal_classes()), or "ambiguity", "exclusive", "total"
  std::string printed;    // the printed words
  std::string decision;   // what cds applies, and why
};
std::vector<DraftingNote> drafting_notes(const Rubric& r);

// Highest score a rule can reach (nullopt = unbounded), used by lint and "where to gain points".
std::optional<Num> rule_max(const Rule& rule, const Criterion& c);

}  // namespace cds
