// cds/signing/submission.hpp — signed submission files (`cds-submission/2`) and their verification.
//
// A submission is one readable JSON document: a `signed` part (the answers, the rubric's id,
// version and SHA-256, every computed score, the evidence manifest inside the answers, the app
// version and the creation time) and `signatures` by the preparer and, optionally, the head of the
// unit. Sealing and opening (layout, time, roles, keys, signatures) are envelope.hpp's; this module
// builds the signed part and checks what it says: the rubric (id, version and SHA-256), every score
// recomputed from the inputs with each difference listed, and whether each key is in the receiving
// office's trust list for the unit. `cds-submission/1` files are still read (envelope.legacy).
// See docs/submission-format.md.
//
// Not provided: file access, clocks (callers pass `created`), key storage.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/model/answers.hpp"
#include "cds/model/catalogue.hpp"
#include "cds/signing/envelope.hpp"
#include "cds/base/json_io.hpp"
#include "cds/signing/keys.hpp"
#include "cds/base/message.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"

namespace cds {

inline constexpr const char* kSubmissionFormat = "cds-submission/2";
inline constexpr const char* kSubmissionLegacyFormat = "cds-submission/1";
inline constexpr const char* kTrustFormat = "cds-trust/1";

// The signed part: answers + rubric reference + scores + app + time.
Json build_signed_part(const Rubric& r, std::string_view rubric_sha256, const Answers& a, std::string_view created,
                       std::string_view app_version);
// A new submission signed by its preparer; nullopt (reason in *problems) when `created` is not an
// ISO 8601 time with an offset or the signed part cannot be canonicalised.
std::optional<Json> make_submission(const Json& signed_part, const KeyPair& key, Messages* problems = nullptr);
// The head of the unit countersigning (role "head"); refused for an unknown or repeated role or a
// key that already signed (envelope.hpp).
bool add_signature(Json& submission, const std::string& role, const KeyPair& key, Messages* problems = nullptr);
// The canonical file layout (envelope_text).
std::string submission_to_text(const Json& submission);

// What signing gives back: the file and the facts about it that callers show and record, so that
// nobody reads them out of raw JSON again.
struct SignedSubmission {
  Json doc;
  std::string text;           // the file's bytes (submission_to_text)
  std::string signed_sha256;  // the submission's identity: SHA-256 of JCS(signed)
  std::string created;
  std::string file_name;      // submission_file_name
  Num total, scale;
  int answered = 0, items = 0, unanswered = 0, invalid = 0;
};
// Scores the answers, builds the signed part and signs it as the preparer. nullopt, with the
// reason in *problems, when `created` is not an ISO 8601 time with an offset.
std::optional<SignedSubmission> sign_submission(const Rubric& r, std::string_view rubric_sha256, const Answers& a, std::string_view created,
                                                std::string_view app_version, const KeyPair& key, Messages* problems = nullptr);
// "<unit-code>_<rubric-id>_<yyyymmdd-hhmm>.json" from the submission's own data.
std::string submission_file_name(const Json& submission);

struct TrustedKey {
  std::string key_id;
  std::string public_key;  // raw
  std::string unit_code, unit_name;
};

struct TrustList {
  std::vector<TrustedKey> keys;
  std::vector<std::pair<std::string, std::string>> units;  // code, name (also those without a key yet)
  // Keys allowed to sign appraisals (the receiving office's own staff); unit_code holds the
  // appraising office's code (may be empty), unit_name its name.
  std::vector<TrustedKey> appraisers;
  // Keys allowed to sign an agency's part of a shared self-assessment (docs/parts-format.md);
  // unit_code holds the agency id (as the rubric declares it), unit_name its name.
  std::vector<TrustedKey> agencies;
  const TrustedKey* find(std::string_view public_key) const;
  // The key registered for that agency (any agency when `agency_id` is empty), or nullptr.
  const TrustedKey* find_agency(std::string_view public_key, std::string_view agency_id) const;
  const TrustedKey* find_appraiser(std::string_view public_key) const;
  // Builds the lookup index (load_trust_list does; call it after changing `keys` by hand).
  void reindex();

 private:
  std::map<std::string, size_t, std::less<>> index_;  // public key → keys[i]
};

struct LoadedTrust {
  std::optional<TrustList> trust;
  Messages messages;
};
LoadedTrust load_trust_list(std::string_view bytes);

struct ScoreDifference {
  std::string where;  // criterion id, or "total", "max", "regular", "bonus", "penalty", "answered", "items", "criteria", "sections"
  std::string claimed, recomputed;  // the JSON written in the file / recomputed (technical detail)
  // For people: the criterion's code and title (criteria only), the points (or counts) on each
  // side when both are numbers, and a criterion's status on each side ("answered", …).
  std::string code, title;
  std::optional<Num> claimed_value, recomputed_value;
  std::string claimed_status, recomputed_status;
};

// Verification::doc: the document as read, used like a std::optional<Json>. Verification leaves
// signed.scores as the bytes it read them from (in their checked canonical layout) when they agree
// with the recomputation — the usual case, about 40 % of the document's nodes not built —, and the
// first use of the whole document (*, ->) reads them in, giving exactly the document parse_json
// gives. signed.answers likewise: its value was moved into Verification::answers, and the first use
// of the whole document reads it in again from its bytes. That first use changes the object: not
// from two threads at once.
class VerifiedDocument {
 public:
  VerifiedDocument() = default;
  VerifiedDocument(Json doc, std::string deferred_scores = {}, std::string deferred_answers = {});
  bool has_value() const { return doc_.has_value(); }
  explicit operator bool() const { return doc_.has_value(); }
  const Json& operator*() const { return whole(); }
  Json& operator*() { return const_cast<Json&>(whole()); }
  const Json* operator->() const { return &whole(); }
  Json* operator->() { return &const_cast<Json&>(whole()); }
  // Without reading the scores in: signed.scores is null while deferred() is not empty (and
  // signed.answers null when verification took it apart).
  const Json& partial() const { return *doc_; }
  std::string_view deferred() const { return deferred_; }

 private:
  const Json& whole() const;
  mutable std::optional<Json> doc_;
  mutable std::string deferred_;  // signed.scores as laid out in the file, until read in
  mutable std::string answers_;   // signed.answers as laid out in the file, until read in
};

struct Verification {
  bool parsed = false;
  bool legacy = false;          // cds-submission/1: roles not covered by the signatures
  bool layout_ok = false;
  bool time_ok = false;         // signed.created is an ISO 8601 instant
  bool signatures_ok = false;  // at least one signature, every one valid
  bool rubric_found = false;
  bool rubric_hash_ok = false;
  bool scores_ok = false;
  bool exclusive_ok = true;     // no two items of an exclusive bonus/penalty group claimed together
  bool sizes_ok = true;         // the answers within check_answers_size's limits (set by check_sizes)
  bool trust_checked = false;
  bool all_trusted = false;
  std::string rubric_id, rubric_version, unit_code, unit_name, created;
  std::string rubric_title;  // when the rubric was found
  // Code and title of each criterion a problem names in `where` (exclusive groups), for plain().
  std::map<std::string, std::pair<std::string, std::string>> criterion_names;
  std::optional<long long> created_at;
  std::string signed_hash;  // SHA-256 of the canonical signed bytes: the submission's identity
  Num total, scale;
  std::vector<SignatureCheck> signatures;
  std::vector<ScoreDifference> differences;
  Messages problems;  // every reason, Vietnamese first
  std::optional<Answers> answers;
  VerifiedDocument doc;
  std::optional<ScoreSheet> sheet;  // the recomputation (no explanations), when the rubric was found
  // Signatures hold, the rubric matches, every score agrees (and, when a trust list was given,
  // every key is trusted for the unit).
  bool ok() const;
  // The verdict in one plain sentence: "HỢP LỆ: …" / "KHÔNG HỢP LỆ: bài nộp của … đã bị sửa sau
  // khi ký." No codes, JSON paths, hashes, key ids or ISO times.
  std::string headline(Lang lang) const;
  // The headline, then each reason as a plain sentence on a line of its own ("\n- …").
  std::string verdict(Lang lang) const;
  // The whole account for a clerk, one short sentence a line, Vietnamese (or English): what is
  // wrong (each reason in plain words, each score that disagrees by criterion code and title with
  // decimal commas), then who the unit is, the rubric, when it was signed (local time at `clock`),
  // who signed and whether the keys are trusted, and whether the scores agree. The headline is not
  // repeated.
  std::vector<std::string> plain(Lang lang, const DisplayClock& clock = {}) const;
  // The machine detail for a "Chi tiết kỹ thuật" fold: format, rubric id, version and hash check,
  // the ISO time, the submission's SHA-256, each signature's role and key id, every problem with
  // its code and JSON path, every score difference as written.
  std::vector<std::string> technical(Lang lang) const;
};

// One verification problem (a code verify_submission produces) as a plain sentence; empty for a
// code it does not know (plain() then says "another problem, see the technical details").
std::string plain_problem(const Verification& v, const Message& m, Lang lang);

// A submission file may be at most this large (docs/limits.md).
inline constexpr size_t kMaxSubmissionBytes = kMaxSignedFileBytes;
Verification verify_submission(std::string_view bytes, const RubricLookup& rubrics, const TrustList* trust = nullptr);
// The answers' size limits (check_answers_size) on a verified submission: each excess an error,
// sizes_ok false. What the office and `cds verify` apply; the unit edition does not (its size
// budget), so a unit that typed a name of over 1,000 bytes learns it from the office.
void check_sizes(Verification& v);
// `cds verify --json` shape (docs/submission-format.md); "plain" and "technical" in `lang`.
Json verification_to_json(const Verification& v, Lang lang = Lang::Vi, const DisplayClock& clock = {});

}  // namespace cds
