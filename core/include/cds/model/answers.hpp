// cds/model/answers.hpp — one unit's work on one rubric (`cds-answers/1`): load, save, template.
//
// Answers keep what the user entered exactly (input values are stored as JSON, checked only when
// scored), so a draft is never lost or rewritten because a value is invalid. See
// docs/answers-format.md.
//
// Not provided: scores (score.hpp recomputes them), clocks (callers pass `updated`).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/json_io.hpp"
#include "cds/base/message.hpp"
#include "cds/model/rubric.hpp"

namespace cds {

inline constexpr const char* kAnswersFormat = "cds-answers/1";

struct UnitInfo {
  std::string name, code, type;
};

struct Preparer {
  std::string name, title, phone, email;
};

struct EvidenceItem {
  std::string kind;  // "ref" or "file"
  // ref
  std::string number, date, title, link;
  // file
  std::string name;
  long long size = 0;
  std::string sha256;
};

struct Answers {
  std::string rubric_id;
  std::string rubric_version;
  UnitInfo unit;
  std::string period;
  Preparer preparer;
  Json general_info = Json::object();  // field id → value
  Json inputs = Json::object();        // criterion id → { input id → value }
  std::map<std::string, std::string> notes;
  std::map<std::string, std::vector<EvidenceItem>> evidence;
  std::string updated;
  Json extra = Json::object();  // unknown top-level fields, kept as they were

  // The stored value of one input, or nullptr when absent/null.
  const Json* value(std::string_view criterion, std::string_view input) const;
  void set_value(const std::string& criterion, const std::string& input, Json v);
};

struct LoadedAnswers {
  std::optional<Answers> answers;
  Messages messages;
};

LoadedAnswers load_answers(std::string_view bytes);
LoadedAnswers load_answers_json(const Json& doc);
// The same, taking the inputs and general information out of `doc` instead of copying them.
LoadedAnswers load_answers_json(Json&& doc);
Json answers_to_json(const Answers& a);
std::string answers_to_text(const Answers& a);  // pretty JSON, 2-space indent, trailing newline

// What a typed field stores, as the form does: a number written the Vietnamese way becomes a JSON
// number (a '%' only in a percent field), a date dd/mm/yyyy becomes "yyyy-mm-dd"; text that is not
// a valid value is kept as typed (scoring then says why); blank is null. NFC first.
Json input_from_text(std::string_view typed, InputType type);

// Every input and general-information field present and null (`cds template`).
Answers answers_template(const Rubric& r);

// What one unit's answers may hold in the fields the receiving office keeps and repeats for every
// unit of a roll-up (docs/limits.md): the unit's code, name and type, the period and the preparer's
// details at most kMaxAnswerLabelBytes each; each general-information value a number, a text of at
// most kMaxInfoTextBytes, true/false or empty (the information sheet's fields are counts, numbers and
// short texts); the evidence within kMaxEvidencePieces. Real values are a few dozen bytes. An error per field beyond: `cds submit` does not sign
// such answers and the office's check (check_sizes) marks such a file invalid,
// since otherwise a signed file of 16 MiB with a 16 MiB period made an info.csv of 300 MB.
inline constexpr size_t kMaxAnswerLabelBytes = 1000;
inline constexpr size_t kMaxInfoTextBytes = 4000;
// Evidence named (answers.evidence): at most this many pieces in all, each text of a piece (number,
// date, title, link, file name, SHA-256) at most kMaxAnswerLabelBytes. A unit names tens.
inline constexpr size_t kMaxEvidencePieces = 2000;  // the message says "2.000" / "2,000"
Messages check_answers_size(const Answers& a);

// Warnings for answers that do not fit the rubric (other rubric id/version, unknown criteria or
// inputs). Values themselves are checked when scoring.
Messages check_answers_fit(const Rubric& r, const Answers& a);

// The rubric's ids in the byte order of a JSON object's members (criteria, each criterion's inputs,
// general-information fields), made once per rubric, so that one walk of the answers both checks
// that they fit and finds every value. Holds views into the rubric: valid while it lives unchanged.
struct AnswersIndex {
  explicit AnswersIndex(const Rubric& r);
  std::vector<std::pair<std::string_view, size_t>> criteria;  // id → index into Rubric::criteria
  std::vector<size_t> input_base;                             // criterion i's inputs are slots [input_base[i], input_base[i + 1])
  std::vector<std::pair<std::string_view, size_t>> inputs;    // per criterion's range, by id: id → slot (input_base[i] + input index)
  std::vector<std::pair<std::string_view, size_t>> general;   // id → index into Rubric::general_info
};
// Where each value of the answers is; nullptr when absent (or, for inputs and general
// information, null) — what Answers::value() and a lookup in general_info would give.
struct AnswerSlots {
  std::vector<const Json*> criterion;  // each criterion's object (nullptr when absent or not an object)
  std::vector<const Json*> input;      // by slot (AnswersIndex::input_base)
  std::vector<const Json*> general;    // by index into Rubric::general_info
};
// check_answers_fit(r, a) — the same messages in the same order — and, into *slots, every value.
Messages check_answers_fit(const AnswersIndex& ix, const Rubric& r, const Answers& a, AnswerSlots* slots);

}  // namespace cds
