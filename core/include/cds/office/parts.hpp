// cds/office/parts.hpp — one self-assessment filled by many agencies: work packets, signed parts,
// the merge and the progress board (docs/parts-format.md).
//
// A rubric that declares `agencies` (docs/rubric-format.md, "Agencies") says which agency leads
// each criterion and general-information row. The coordinating office makes one work packet per
// agency (`cds-packet/1`, signed by the office: the agency, what it leads, the deadline, the
// province's identity); the agency fills its part and signs it (`cds-part/1`: its answers for only
// what it leads, bound to the packet by the packet's SHA-256); the office merges the returned
// parts: each is verified (signatures, the signer registered for that agency in the trust list,
// only what that agency leads), the answers are assembled, two parts giving one input different
// values are a conflict the office decides (never silently), and the merged answers record, per
// input, which signed part supplied it (`provenance`, inside the answers, so inside the signed
// submission). The parts travel in the provincial dossier (`parts/…`) and verify_provenance checks
// the chain again at the next level.
//
// Pure: bytes in, bytes out; times are passed in (ISO 8601 with offset, or instants).
// Not provided: file access, ZIP, clocks.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/json_io.hpp"
#include "cds/base/message.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/signing/envelope.hpp"
#include "cds/signing/submission.hpp"

namespace cds {

inline constexpr const char* kPacketFormat = "cds-packet/1";
inline constexpr const char* kPartFormat = "cds-part/1";
inline constexpr const char* kProvenanceFormat = "cds-provenance/1";
inline constexpr const char* kAssignmentFormat = "cds-assignment/1";

const EnvelopeKind& packet_envelope();  // cds-packet/1, one role: "office"
const EnvelopeKind& part_envelope();    // cds-part/1, roles "preparer" then optionally "head"

// What one agency leads: the criteria and general-information rows whose `assignment.agencies`
// name it, in rubric order.
struct AgencyScope {
  std::string id, name;
  std::vector<std::string> criteria;
  std::vector<std::string> general_info;
  bool covers_criterion(std::string_view id) const;
  bool covers_general(std::string_view id) const;
  size_t inputs = 0;  // the inputs of its criteria plus its rows (filled by agency_scopes)
};
// Every declared agency, in declaration order (empty when the rubric declares none).
std::vector<AgencyScope> agency_scopes(const Rubric& r);
std::optional<AgencyScope> agency_scope(const Rubric& r, std::string_view agency_id);
// General-information rows no agency leads: the coordinating office fills them itself.
std::vector<std::string> office_rows(const Rubric& r);
// How lists name a criterion: its code, or its id where the rubric repeats the code across
// sections (NQ57: "1.1" of A.I and of A.III → "A.III.1.1").
std::string criterion_label(const Rubric& r, const Criterion& c);
// The agency whose name or alias is `text` (NFC, spaces and case as written), or nullptr.
const Agency* agency_by_name(const Rubric& r, std::string_view text);

// ---- A split the rubric does not declare ------------------------------------------------------

// Who leads what, for a rubric whose document assigns nothing (a commune's party committee dividing
// Resolution 57 among its departments): the agencies, and per criterion and general-information
// row the agencies that lead it (docs/parts-format.md §1b). The rubric file stays as published (its
// SHA-256, so the next level still recognises it); the split travels signed inside every packet
// (`assignment`) and inside the merged answers' provenance, so the chain can be checked again.
// A criterion or row the plan does not name stays the coordinating office's own.
struct AssignmentPlan {
  std::string rubric_id, rubric_version, rubric_sha256;
  std::vector<Agency> agencies;                                    // as declared (ids distinct)
  std::map<std::string, std::vector<std::string>> criteria, rows;  // criterion / row id → agency ids
};
inline constexpr size_t kMaxPlanAgencies = 200;  // more is a mistake (or an attack), not a commune
struct LoadedAssignment {
  std::optional<AssignmentPlan> plan;
  Messages messages;  // assignment.* errors, each with where it is
};
// A cds-assignment/1 document: exactly {format, rubric {id, version, sha256}, agencies [{id, name,
// aliases?}], criteria {id: [agency ids]}, general_info {id: [agency ids]}}.
LoadedAssignment load_assignment(std::string_view bytes);
LoadedAssignment assignment_from_json(const Json& j, const std::string& where = "");
Json assignment_to_json(const AssignmentPlan& a);
// The rubric with the plan applied (Rubric::agencies and every assignment.agencies set; the
// document's own `lead` text kept), or nullopt with the reasons: another rubric (assignment.rubric),
// a rubric that declares its own agencies (assignment.declared), a criterion, row or agency id the
// rubric or the plan does not have (assignment.unknown, assignment.agency), an agency leading
// nothing (a warning).
std::optional<Rubric> with_assignment(const Rubric& r, std::string_view rubric_sha256, const AssignmentPlan& a, Messages* problems);
// A plan to fill in: the rubric's identity, two example agencies, every criterion and row with an
// empty list (the office's own until an agency is named).
AssignmentPlan assignment_template(const Rubric& r, std::string_view rubric_sha256);

// ---- Work packets ----------------------------------------------------------------------------

struct PacketSpec {
  std::string agency;            // agency id
  UnitInfo unit;                 // the province (or commune, …) whose self-assessment this is
  std::string period;
  std::string deadline;          // ISO 8601 with offset
  std::string created;           // ISO 8601 with offset
  std::string office_name, office_contact;  // who asks, and how to reach them (shown to the agency)
  std::string app_version;
  // The split when the rubric declares none (`r` is then the rubric with_assignment made): carried
  // signed in the packet so the agency's side and the merge know it.
  const AssignmentPlan* assignment = nullptr;
};
// The signed packet file (envelope_text gives its bytes). nullopt with the reason in *problems: an
// unknown agency, one that leads nothing, a time without offset, no unit code.
std::optional<Json> make_packet(const Rubric& r, std::string_view rubric_sha256, const PacketSpec& spec, const KeyPair& office_key,
                                Messages* problems);
// "<unit code>_<agency id>_<rubric id>.packet.json"
std::string packet_file_name(const Json& packet);

struct Packet {
  Envelope env;
  std::string signed_hash, created, deadline;
  std::optional<long long> deadline_at;
  std::string rubric_id, rubric_version, rubric_sha256;
  UnitInfo unit;
  std::string period, office_name, office_contact;
  AgencyScope scope;  // as the packet says
  std::optional<AssignmentPlan> assignment;  // the split it carries (a rubric that declares none)
  Messages problems;  // the envelope's and the packet's own
  bool ok() const { return env.ok() && !has_errors(problems); }
};
// Opens a packet: the envelope (layout, time, signature), exactly the members of cds-packet/1, a
// deadline with offset, criteria and rows listed once each. With `rubric` (the one it names), its
// hash must match and the lists must be exactly what the rubric assigns the agency — or, when the
// packet carries an `assignment`, what that plan applied to the rubric assigns it.
Packet open_packet(std::string_view bytes, const Rubric* rubric = nullptr, std::string_view rubric_sha256 = {});

// ---- Parts -----------------------------------------------------------------------------------

// The signed part as an agency's answers make it: the answers cut to the packet's scope (values
// outside it are kept when `keep_outside`, for tests of the merge's refusal only), nulls dropped,
// the province's identity, period and rubric taken from the packet.
Json build_part_signed(const Packet& packet, const Answers& a, std::string_view created, std::string_view app_version,
                       bool keep_outside = false);
// Answers values outside the packet's scope (non-null): "criterion/input" or "gi:<row>".
std::vector<std::string> outside_scope(const Packet& packet, const Answers& a);
struct SignedPart {
  Json doc;
  std::string text, signed_sha256, file_name;
  int supplied = 0;  // non-null values carried
};
// Signs an agency's part. Refused (nullopt, reasons in *problems) when the packet does not hold,
// when `a` has values outside the packet's scope (part.outside, each named), or a bad time.
std::optional<SignedPart> sign_part(const Packet& packet, const Answers& a, std::string_view created, std::string_view app_version,
                                    const KeyPair& key, Messages* problems);
// "<unit code>_<agency id>_<yyyymmdd-hhmm>.part.json"
std::string part_file_name(const Json& part);

struct Part {
  Envelope env;
  std::string signed_hash, created;
  std::optional<long long> created_at, deadline_at;
  std::string agency_id, agency_name, packet_sha256, deadline;
  std::string rubric_id, rubric_version, rubric_sha256;
  std::optional<Answers> answers;
  Messages problems;
  bool ok() const { return env.ok() && answers.has_value() && !has_errors(problems); }
  std::string key_id() const { return env.signatures.empty() ? std::string() : env.signatures[0].key_id; }
};
// Opens a part: envelope, exactly the members of cds-part/1, answers that load.
Part open_part(std::string_view bytes);
// The part against the rubric it names: the same rubric (id, version, SHA-256), a declared agency
// whose name matches, and every value for a criterion or row that agency leads (part.outside).
Messages check_part_scope(const Rubric& r, std::string_view rubric_sha256, const Part& p);
// Every signing key registered in the trust list for the part's agency (trust.agency).
Messages check_part_trust(const TrustList& t, Part& p);

// ---- Merge -----------------------------------------------------------------------------------

struct PartFile {
  std::string name;
  std::string bytes;  // the signed part (a part dossier's part.json)
  // A part dossier (`<unit>_<agency>_<time>.part.zip`: part.json and evidence/…, docs/parts-format.md)
  // gives its other files here; a plain .part.json has none.
  bool dossier = false;
  std::vector<DossierFile> evidence;
};
struct MergeOptions {
  const TrustList* trust = nullptr;  // without one, the merge refuses every part (merge.no_trust)
  // Packets sent (signed hash → packet): when not empty, a part must answer one of these.
  std::vector<Packet> packets;
  // Decisions for conflicts: "<criterion>/<input>" or "gi:<row>" → the chosen part's agency id
  // or its signed SHA-256 (the first 8 hex digits or more suffice).
  std::map<std::string, std::string> decisions;
  // The split the rubric given to merge_parts was made with (with_assignment), recorded in the
  // provenance so that verify_provenance applies it again.
  const AssignmentPlan* assignment = nullptr;
};
struct MergedPart {
  std::string name;  // file name as given
  size_t index = 0;  // its position in the files given to merge_parts
  Part part;
  enum class State { Accepted, Refused, Superseded, Duplicate } state = State::Refused;
  bool late = false;  // signed after the packet's deadline
  int supplied = 0;   // values this part supplied to the merged answers
  std::string dossier_name;  // "parts/<agency>_<first 12 hex of its hash>.json" (accepted parts)
  // The evidence files the part names (kind "file") against those its dossier holds (accepted parts
  // that name any; a plain .part.json holds none, so all are missing). An incomplete one is a
  // warning (part.evidence): the values still count; the province's dossier will need the files.
  std::optional<EvidenceTally> evidence;
};
struct ConflictOption {
  std::string sha256, agency_id, agency_name, file;
  Json value;
};
struct MergeConflict {
  std::string key;  // "<criterion>/<input>" or "gi:<row>"
  std::string criterion, input, row;
  std::vector<ConflictOption> options;  // by agency id, then hash
  std::string chosen;                   // the chosen option's sha256, empty while undecided
};
struct MergeResult {
  Answers answers;  // the province's answers; answers.extra["provenance"] records the sources
  std::vector<MergedPart> parts;  // sorted by agency id, then signing time, then hash
  std::vector<MergeConflict> conflicts;
  Messages problems;  // refusals (with the part's file name in `where`), conflicts, unused decisions
  int accepted = 0, refused = 0, unresolved = 0;
  bool ok() const { return refused == 0 && unresolved == 0; }
};
// Deterministic: the same parts in any order give the same answers and the same report. `base`
// gives the unit, period and preparer and the rows no agency leads; its values for what an agency
// leads are not used (merge.base_assigned warning).
MergeResult merge_parts(const Rubric& r, std::string_view rubric_sha256, const Answers& base, const std::vector<PartFile>& parts,
                        const MergeOptions& options);
// The accepted parts as dossier files (`parts/…`), bytes as signed, for build_dossier's list;
// `parts` is the list given to merge_parts, in the same order.
std::vector<DossierFile> merged_part_files(const MergeResult& m, const std::vector<PartFile>& parts);
// The evidence files the accepted parts' dossiers hold as their parts signed them (size and
// SHA-256), each distinct file once, at its path in the part's dossier (evidence/<criterion>/<name>):
// what the province's dossier needs besides the office's own evidence.
std::vector<DossierFile> merged_evidence_files(const MergeResult& m, const std::vector<PartFile>& parts);

// ---- The chain at the next level --------------------------------------------------------------

struct ProvenanceCheck {
  bool present = false;  // the answers carry provenance
  int parts = 0, inputs = 0;
  Messages problems;
  bool ok() const { return !has_errors(problems); }
  std::string summary(Lang lang) const;  // "9 phần ký của 9 cơ quan khớp với 131 số liệu"
  // Why it does not hold: the first `max` errors' texts, and how many errors there are in all.
  std::vector<std::string> reasons(Lang lang, size_t max, size_t* total = nullptr) const;
};
// For signed answers with provenance: every part it names is among `files` (under parts/, matched
// by signed hash), opens, is within its agency's scope (the rubric's own split, or the one the
// provenance records), was signed by a key registered for that agency (when `trust` is given), and
// every value said to come from it equals the part's value.
ProvenanceCheck verify_provenance(const Rubric& r, std::string_view rubric_sha256, const Answers& merged,
                                  const std::vector<DossierFile>& files, const TrustList* trust);
// The same for a signed submission and the other files of its dossier, as an office's intake sees
// them: nullopt when the submission carries no provenance (or cannot be read, or `lookup` does not
// know its rubric: the submission's own check says so).
std::optional<ProvenanceCheck> dossier_chain(std::string_view submission, const std::vector<DossierFile>& files, const RubricLookup& lookup,
                                             const TrustList* trust);

// ---- Progress board ---------------------------------------------------------------------------

struct ProgressRow {
  std::string agency_id, agency_name, deadline;
  int criteria = 0, rows = 0, inputs = 0, filled = 0;
  bool packet = false;    // a packet was made for it
  bool returned = false;  // an accepted part
  bool refused = false;   // only refused parts came back
  bool late = false;      // returned after the deadline, or not returned and the deadline passed
  std::string returned_at;
  std::vector<std::string> empty;  // criterion codes (and row labels) it leads still without a value
};
struct ProgressBoard {
  std::string unit_name, rubric_title, now, office_name, office_contact;
  std::vector<ProgressRow> rows;
  std::vector<std::string> empty_criteria;  // codes, the whole form
  int returned = 0, late = 0, inputs = 0, filled = 0;
};
// `now`: ISO 8601 with offset (the board is as of then).
ProgressBoard progress_board(const Rubric& r, const std::vector<Packet>& packets, const MergeResult& merged, std::string_view now);
std::string progress_text(const ProgressBoard& b, Lang lang, const DisplayClock& clock);
std::string progress_csv(const ProgressBoard& b);
std::string progress_html(const ProgressBoard& b, Lang lang, const DisplayClock& clock);
// Text to paste into mail or Zalo for a late agency.
std::string reminder_text(const ProgressBoard& b, const ProgressRow& row, Lang lang, const DisplayClock& clock);

}  // namespace cds
