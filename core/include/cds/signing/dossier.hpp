// cds/signing/dossier.hpp — the dossier: one ZIP file holding a signed submission and the evidence
// files it names ("tài liệu kiểm chứng"), so that a clerk attaches one file to one e-mail.
//
// The layout (docs/dossier-format.md): `submission.json` (the signed submission, its bytes as
// signed) and `evidence/<criterion id>/<file name folded to ASCII>`, each distinct file once, stored
// as it is. The dossier adds no signature of its own: the submission's signed part already names
// every evidence file with its size and SHA-256, so the files are checked against what the preparer
// (and the head) signed. Files are matched by their SHA-256, wherever they lie, so a dossier that an
// office re-zipped, or loose files sent separately, check the same way.
//
// This module is pure: it works on a list of (name, bytes) the ZIP adapter read (cds/zip/zip.hpp),
// decides what a dossier must contain, checks names and limits, and compares the evidence present
// with the manifest.
//
// Not provided: reading or writing ZIP bytes (cds_zip), file access, verification of the
// submission itself (submission.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"

namespace cds {

inline constexpr const char* kDossierSubmissionName = "submission.json";
// An agency's part (docs/parts-format.md) packed with its evidence: the same layout with the signed
// part as `part.json` at the top instead of `submission.json`.
inline constexpr const char* kDossierPartName = "part.json";
// A merged submission's dossier also holds the agencies' signed parts here (docs/parts-format.md §7);
// they are not evidence files (check_evidence leaves them out).
inline constexpr const char* kDossierPartsFolder = "parts/";
// True for a file of the parts folder (an agency's signed part in a merged submission's dossier).
inline bool is_dossier_part(std::string_view name) { return name.rfind(kDossierPartsFolder, 0) == 0; }
inline constexpr const char* kDossierEvidenceFolder = "evidence/";

// What a dossier may hold. A reader refuses anything beyond these before inflating it (declared
// sizes) and while inflating it (actual sizes), so a ZIP bomb costs at most `total_bytes` of work.
struct DossierLimits {
  uint64_t file_bytes = 100ull << 20;   // the ZIP file itself
  size_t entries = 2000;                // entries in the central directory (folders included)
  uint64_t entry_bytes = 100ull << 20;  // one file, inflated
  uint64_t total_bytes = 200ull << 20;  // all files, inflated
  uint64_t ratio = 200;                 // inflated / stored, for entries over `ratio_from` bytes
  uint64_t ratio_from = 1ull << 20;
  size_t name_bytes = 240;              // an entry's full name, UTF-8 bytes
};

// Most mail services refuse a message over 25 MB (attachments grow by a third in transit); the app
// and `cds dossier` say how much room is left against this figure. Advisory: a dossier may be
// larger (a portal upload), up to DossierLimits::file_bytes.
inline constexpr uint64_t kMailAttachmentBytes = 25'000'000;
// The room a dossier of `bytes` leaves under kMailAttachmentBytes (negative: over by that much).
long long mail_room(uint64_t bytes);
// "Còn 12,3 MB trước giới hạn 25 MB của thư điện tử" / "Vượt giới hạn 25 MB của thư điện tử 3,1 MB: …".
std::string mail_room_text(uint64_t bytes, Lang lang);

// A file inside a dossier, as read or as to be written.
struct DossierFile {
  std::string name;  // full path inside the ZIP, '/' separated
  std::string bytes;
};

// Why an entry name may not be stored or read: absolute ("/x", "C:x", "\\x"), a ".." or "."
// component, an empty component ("a//b"), a backslash, control characters, invalid UTF-8, longer
// than `max_bytes`. nullopt when the name is safe. A name ending in '/' is a folder (allowed).
std::optional<Message> check_entry_name(std::string_view name, size_t max_bytes = DossierLimits{}.name_bytes);

// One evidence file the submission names (kind "file"), each distinct SHA-256 once.
struct EvidenceRef {
  std::string sha256;  // lower-case hex, as signed
  long long size = 0;
  std::string name;                   // as the preparer attached it (the first criterion's)
  std::vector<std::string> criteria;  // every criterion that cites it, in id order
  std::string path;                   // where build_dossier puts it
};
// In criterion id order; each file's dossier path is `evidence/<criterion id>/<name>` with both
// folded to safe ASCII ("Báo cáo số 12/BC.pdf" → "Bao cao so 12-BC.pdf"), " (2)" added on a clash.
std::vector<EvidenceRef> evidence_refs(const Answers& a);
// The same folding for one name (file names and criterion ids).
std::string safe_entry_component(std::string_view name);

// The top file's name for a signed document: `part.json` for a part (format cds-part/1), else
// `submission.json`.
std::string dossier_top_name(std::string_view signed_text);

// The files of a dossier for a submission (or a part): `submission_text` (the signed file's bytes, at
// the top under dossier_top_name) and each
// evidence file `find` gives (nullptr: not available). A file whose bytes do not have the size and
// SHA-256 signed is refused (evidence.changed) and left out, as is one `find` does not give
// (evidence.missing); both are errors: a dossier is only built whole.
struct DossierBuild {
  std::vector<DossierFile> files;
  std::vector<EvidenceRef> refs;
  std::vector<size_t> missing, changed;  // indexes into refs
  Messages problems;
  uint64_t content_bytes = 0;  // the files' bytes (the ZIP adds about 100 bytes a file)
  bool ok() const { return !has_errors(problems); }
};
DossierBuild build_dossier(std::string_view submission_text, const Answers& a,
                           const std::function<const std::string*(const EvidenceRef&)>& find);

// The answers a signed submission's text carries (`signed.answers`), and its `signed.created`;
// nullopt when it has none (the submission itself is checked by verify_submission).
std::optional<Answers> signed_answers(std::string_view submission_text, std::string* created = nullptr);
// "x_yyyymmdd-hhmm.json" → "x_yyyymmdd-hhmm.zip": the dossier of a submission file.
std::string dossier_file_name(const std::string& submission_file_name);

// A dossier's files split: the submission's (or the part's) bytes and the rest. Errors: neither
// `submission.json` nor `part.json` at the top (dossier.no_submission), both (dossier.duplicate), an
// unsafe or repeated name (dossier.name, dossier.duplicate).
struct OpenedDossier {
  std::optional<std::string> submission;  // bytes of submission.json, or of part.json
  std::string top;                        // which of the two it was
  std::vector<DossierFile> others;        // every other file (folders left out)
  Messages problems;
};
OpenedDossier open_dossier(std::vector<DossierFile> files, const DossierLimits& limits = {});

enum class EvidenceState { Present, Missing, Changed };
// The counts of an evidence check, and which named files were not found as signed (by SHA-256: a
// handful at most, so the office's reports can say per criterion which file is missing or changed),
// kept with an intake record (cds/office/aggregate.hpp).
struct EvidenceTally {
  int named = 0, present = 0, missing = 0, changed = 0, extra = 0;
  std::vector<std::string> missing_sha256, changed_sha256;  // sorted
  bool complete() const { return missing == 0 && changed == 0; }
  // A named file's state in the dossier: Missing or Changed when listed so, else Present.
  EvidenceState state_of(const std::string& sha256) const;
  // "12/12 tệp kiểm chứng khớp" / "10/12 tệp kiểm chứng khớp: thiếu 1, bị thay 1, thừa 1".
  std::string summary(Lang lang) const;
};
struct EvidenceCheck {
  EvidenceRef ref;
  EvidenceState state = EvidenceState::Missing;
  std::string found;         // the file that holds it (Present), or the one of that name with other bytes (Changed)
  std::string found_sha256;  // Changed: the SHA-256 of what was found
};
// The evidence present, file by file, against what the submission names.
struct EvidenceReport {
  std::vector<EvidenceCheck> files;  // in evidence_refs order
  std::vector<std::string> extra;    // files not named by the submission
  int present = 0, missing = 0, changed = 0;
  Messages problems;  // evidence.missing / evidence.changed (errors), evidence.extra (warning)
  bool complete() const { return missing == 0 && changed == 0; }
  EvidenceTally tally() const;
  std::string summary(Lang lang) const { return tally().summary(lang); }
};
// Files are matched by SHA-256, wherever they lie. A named file with no match is Changed when a
// file of the same (folded) name is there with other bytes, else Missing. `files` are the dossier's
// other files or loose files sent beside a plain submission; a file's SHA-256 is computed here.
EvidenceReport check_evidence(const Answers& a, const std::vector<DossierFile>& files);

// Criteria that claim points while naming no evidence although the rubric asks for some
// ("evidence" text): one warning each (evidence.unsupported, `where` = the criterion id), for the
// form and the appraiser.
Messages unsupported_claims(const Rubric& r, const Answers& a, const ScoreSheet& sheet);

}  // namespace cds
