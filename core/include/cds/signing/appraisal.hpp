// cds/signing/appraisal.hpp — the receiving office's appraisal (thẩm định) of one submission
// (`cds-appraisal/1`, docs/appraisal-format.md).
//
// An appraisal names the submission it judges by the SHA-256 of its signed part, changes some
// criterion scores — each with a required reason — and may record a sampled check (kiểm tra xác
// suất): of `checked` figures verified against the unit's records, `verified` were right, and the
// unit's score is then scaled by verified/checked (the Sóc Trăng 2023 rule). It is signed by the
// appraiser's Ed25519 key and sealed and opened by the same envelope as a submission
// (envelope.hpp); `cds-appraisal/1` files are still read.
//
// Not provided: file access, clocks (callers pass `created`), applying an appraisal to a ranking
// (aggregate.hpp does).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/json_io.hpp"
#include "cds/signing/keys.hpp"
#include "cds/base/message.hpp"
#include "cds/base/num.hpp"
#include "cds/model/rubric.hpp"
#include "cds/signing/submission.hpp"

namespace cds {

inline constexpr const char* kAppraisalFormat = "cds-appraisal/2";
inline constexpr const char* kAppraisalChangesFormat = "cds-appraisal-changes/1";
// A level built on an earlier appraisal (district → department): `cds-appraisal/3`, with
// `signed.level` (2, 3, …) and `signed.previous` {signed_sha256, file?} (docs/appraisal-format.md,
// "Chained appraisals"). A first level is still written as `cds-appraisal/2`, byte for byte as before.
inline constexpr const char* kAppraisalChainFormat = "cds-appraisal/3";
inline constexpr int kMaxAppraisalLevels = 5;

struct AppraisalChange {
  std::string criterion;  // criterion id
  Num score;              // the appraised score: in [0, max] ([max, 0] for a penalty)
  std::string reason;     // required: why the score changed
};

struct SampledCheck {
  long long checked = 0;   // figures checked in the sample (> 0)
  long long verified = 0;  // of which were found correct (0 … checked)
  std::string reason;      // what was checked
  Num proportion() const;  // verified / checked
};

struct Appraisal {
  // The submission judged.
  std::string submission_sha256;  // SHA-256 of JCS(signed) of the submission
  std::string unit_code, unit_name;
  std::string rubric_id, rubric_version;
  std::string submission_created;
  // Who judged, when, and the conclusion.
  std::string appraiser_name, appraiser_title, organisation;
  std::string created;  // ISO 8601 with offset, from the caller's clock
  std::string note;     // general conclusion (optional)
  std::vector<AppraisalChange> changes;
  std::optional<SampledCheck> sampled;
  // The chain: level 1 judges the submission; level k > 1 builds on the level k-1 appraisal whose
  // signed part hashes to `previous_sha256`, and changes scores relative to it.
  int level = 1;
  std::string previous_sha256;
  std::string previous_file;  // sealing only: the previous appraisal file, embedded in the new one
  std::string previous_created;  // sealing only: when the previous level was made (build_on)

  const AppraisalChange* change(std::string_view criterion) const;
};

// The body an appraiser writes (`cds appraise --changes F`, or produced by the app):
//   { "format": "cds-appraisal-changes/1",            (required)
//     "appraiser": { "name": "…", "title": "…", "organisation": "…" },
//     "note": "…",
//     "changes": [ { "criterion": "3", "score": 2.5, "reason": "…" } ],
//     "sampled_check": { "checked": 20, "verified": 18, "reason": "…" } }
// Scores may be JSON numbers or text written the Vietnamese way ("2,5").
struct LoadedChanges {
  std::optional<Appraisal> appraisal;  // without the submission reference
  Messages messages;
};
LoadedChanges load_appraisal_changes(std::string_view bytes);

// Fills the submission reference (hash, unit, rubric, time) from a verified submission.
void refer_to(Appraisal& a, const Verification& v);

// Checks the appraisal against the rubric: every criterion exists and appears once, each score is
// within the criterion's range and has no more decimals than the rubric uses, each change has a
// reason, the sampled check has 0 ≤ verified ≤ checked, checked > 0 and a reason; the rubric
// matches the reference. Errors make the appraisal unusable.
Messages check_appraisal(const Appraisal& a, const Rubric& r);

struct AppraisalVerification;
// Makes `a` the next level on a verified appraisal `prev` (its file bytes `prev_bytes`, embedded):
// level, previous hash and the submission reference. Refused (false, reason in *problems) when
// `prev` does not verify, or the chain would exceed kMaxAppraisalLevels.
bool build_on(Appraisal& a, const AppraisalVerification& prev, std::string_view prev_bytes, Messages* problems);

// An appraisal time (a.created) before the submission it judges or the level it builds on
// (previous_created, set by build_on): a mistake when someone gave the time (the CLI's --time).
// Not checked when sealing: a unit's PC clock ahead of the office's would otherwise block the
// office's appraisal made "now".
std::optional<Message> appraisal_time_problem(const Appraisal& a);

Json appraisal_signed_part(const Appraisal& a);
// A new appraisal file with one signature (role "appraiser"); nullopt (reason in *problems) when
// `created` is not an ISO 8601 time with an offset.
std::optional<Json> make_appraisal(const Appraisal& a, const KeyPair& key, Messages* problems = nullptr);
// The canonical file layout (as for submissions): sorted keys, 2-space indent, final newline.
std::string appraisal_to_text(const Json& doc);
// "thamdinh_<unit-code>_<rubric-id>_<yyyymmdd-hhmm>.json"
std::string appraisal_file_name(const Appraisal& a);

struct AppraisalVerification {
  bool parsed = false;
  bool legacy = false;         // cds-appraisal/1: the role not covered by the signature
  bool layout_ok = false;
  bool time_ok = false;        // signed.created is an ISO 8601 instant
  bool signatures_ok = false;  // at least one signature, every one valid
  bool body_ok = false;        // the signed part reads as an appraisal
  bool trust_checked = false;
  bool trusted = false;        // every key is an appraiser key of the trust list
  bool chain_ok = true;        // the embedded earlier levels verify and link (level, hash, submission)
  std::string signed_hash;
  std::vector<SignatureCheck> signatures;
  std::optional<Appraisal> appraisal;
  Messages problems;
  // The earlier levels embedded in this file (`previous.file`, recursively), level 1 first; each
  // verified on its own (its own `earlier` empty).
  std::vector<AppraisalVerification> earlier;
  bool level_ok() const;  // this level alone: signatures, layout, body, trust
  bool ok() const;        // level_ok() and chain_ok
  std::string verdict(Lang lang) const;
  // One line per level, level 1 first: "Cấp 1 — Phòng VH-TT huyện (Nguyễn Văn A), 25/11/2026: 2 tiêu chí điều chỉnh; chữ ký đúng".
  std::vector<std::string> level_lines(Lang lang, const DisplayClock& clock) const;
};
AppraisalVerification verify_appraisal(std::string_view bytes, const TrustList* trust = nullptr);

}  // namespace cds
