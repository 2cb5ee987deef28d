// cds/office/aggregate.hpp — the receiving office: intake of many submission and appraisal files,
// classification, cross-unit criteria, appraisal, ranking, and the reports.
//
// Intake. Every file is checked on its own (check_file: pure and thread-safe, so callers may check
// files in parallel) and then added to the Aggregator (not thread-safe, cheap). Per unit, rubric
// and period the newest valid submission (by `signed.created`) counts; older valid ones are `superseded`,
// further copies of the same signed content (same SHA-256 of the signed part) are `duplicate`,
// files that fail verification are `invalid` with their reasons. The Aggregator keeps a small record
// per file and the criterion scores of each counted unit (what cross-unit criteria read, no more),
// so memory grows with the number of units, not with the bytes read; finish() && hands them over
// instead of copying, and the report writers stream. Classification does not depend on the order files are added.
//
// finish() then
//  1. finalises cross-unit criteria (a `relative_to_best` rule, e.g. Vĩnh Long 2025, 7.5): with an
//     authoritative reference from the office every unit is rescored against it, otherwise each
//     unit's own entered reference stands; the intake's best value is reported for information;
//  2. applies appraisals (matched to the counted submission by the SHA-256 of its signed part; a
//     newer appraisal of the same submission replaces an older one);
//  3. computes, per unit and criterion, the three columns of the official forms — self-assessed
//     (tự chấm) | appraised (thẩm định) | final (kết quả) — with section subtotals and totals;
//  4. ranks the units of each rubric and period by their final total rounded as the rubric rounds, ties
//     sharing a rank (1, 2, 2, 4);
//  5. lists the trust list's units that have no valid submission as missing.
//
// Not provided: file access, clocks, threads (callers bring bytes and times; the CLI checks files
// in parallel).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/num_column.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/base/message.hpp"
#include "cds/model/deadline.hpp"
#include "cds/model/file_kind.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/base/num.hpp"
#include "cds/model/rubric.hpp"
#include "cds/office/parts.hpp"
#include "cds/rules/score.hpp"
#include "cds/base/strbuf.hpp"
#include "cds/signing/submission.hpp"

namespace cds {

inline constexpr const char* kAggregateReportFormat = "cds-aggregate-report/1";

enum class IntakeStatus { Valid, Invalid, Superseded, Duplicate };

// Where a file's receipt time comes from (docs/aggregate-report.md, "Deadlines"): the office says
// when it received the files (`cds aggregate --received-at`), or cds falls back to what it can
// see — the file's modification time on the office's disk (the CLI; a copy that keeps times, such
// as a USB copy or an unzipped archive, carries the sender's), or the moment the file was opened
// in the app.
enum class ReceiptSource { Unknown, Given, FileTime, Opened };
const char* receipt_source_name(ReceiptSource s);            // "", "given", "file_mtime", "opened"
const char* receipt_source_label(ReceiptSource s, Lang l);  // "", "do cơ quan nhập", "giờ sửa tệp", "lúc mở trong ứng dụng"
const char* intake_status_name(IntakeStatus s);            // "valid", "invalid", "superseded", "duplicate"
const char* intake_status_label(IntakeStatus s, Lang l);  // "Hợp lệ", "Không hợp lệ", "Bị thay thế", "Trùng lặp"


// What one file taught us, small enough to keep for every file of a national roll-up.
struct IntakeRecord {
  std::string file;         // the name the caller gave (a path, or a file name in the app)
  std::string file_sha256;  // of the bytes
  FileKind kind = FileKind::Unknown;
  IntakeStatus status = IntakeStatus::Invalid;
  std::string unit_code, unit_name, rubric_id, rubric_version, created, signed_hash;
  std::optional<long long> created_at;  // parse_instant(created)
  Num total, scale;                     // as recomputed (valid files: as claimed)
  std::vector<std::string> signers;     // "preparer HY66-VN9K-PJ8M-GMVW" …
  int valid_signatures = 0;
  Messages problems;         // invalid: every reason; superseded/duplicate: the explanation
  // A rubric, trust list or appraisal draft given among the files: the office's own, so never
  // counted as a file a missing unit may have sent (AggregateCounts::no_unit).
  bool office_file = false;
  std::string counted_file;  // superseded/duplicate: the file that counts instead
  // A dossier's evidence checked against the submission's list (docs/dossier-format.md); absent
  // for a plain submission file. Evidence does not change the status: it is the appraiser's.
  std::optional<EvidenceTally> evidence;
  // A merged submission in a dossier (answers.provenance, docs/parts-format.md): its agencies'
  // signed parts under parts/ checked again (dossier_chain). Like the evidence, it is shown to the
  // appraiser and does not change the status: the head's signature stands for the values.
  std::optional<ProvenanceCheck> chain;
  // The period the submission is for (answers.period, or the rubric's; cds/model/deadline.hpp):
  // one submission counts per unit, rubric and period.
  std::string period, period_key;
  // When the office received the file (RFC 3339), and where that time comes from; set by the caller
  // (set_received) before add(). The rubric's deadline, when it declares one.
  std::string received;
  std::optional<long long> received_at;
  ReceiptSource received_source = ReceiptSource::Unknown;
  std::optional<Deadline> deadline;

  void set_received(std::string iso, ReceiptSource source);
  // Late by the signed time / by the receipt time; nullopt when there is no deadline or no time.
  std::optional<bool> late_signed() const;
  std::optional<bool> late_received() const;
};

// The intake table's period and deadline columns (intake.csv and report.xlsx, after the others):
// period, received, where the receipt time comes from, the deadline (RFC 3339, +07:00), then
// "Đúng hạn" / "Muộn 2 giờ" by the signed time and by the receipt time (empty where unknown).
std::vector<std::string> intake_deadline_headings(Lang l);
std::vector<std::string> intake_deadline_cells(const IntakeRecord& rec, Lang l);
// A dossier's checks as the intake tables show them: the evidence tally, then, for a merged
// submission, whether its agencies' signed parts hold ("…; 3 phần số liệu có chữ ký của các cơ quan
// khớp với 40 số liệu của bài nộp"); empty for a plain file.
std::string intake_dossier_text(const IntakeRecord& rec, Lang l);
// True when the dossier needs the appraiser's eye: evidence missing or changed, or the chain broken.
bool intake_dossier_lacking(const IntakeRecord& rec);

// One piece of evidence a submission names for a criterion (answers.evidence), kept for the counted
// unit so that the reports can say, per criterion, what was named and how it stands in the dossier.
// A view into its unit's EvidenceNames: valid while the unit is.
struct NamedEvidence {
  bool file = false;   // a file (checked against the dossier by SHA-256), or a reference to a document
  uint32_t criterion = 0;  // the criterion naming it (index into Rubric::criteria)
  std::string_view name;    // a file's name as attached; a reference's number, else its title, else its link
  std::string_view sha256;  // a file's, as signed
};

// Every piece of evidence one unit names, ordered by criterion (then as named), kept for every
// counted unit of a national roll-up: 16 bytes a piece and one string holding all their text,
// instead of two strings (and their allocations) a piece.
class EvidenceNames {
 public:
  void reserve(size_t pieces, size_t text_bytes) {
    entries_.reserve(pieces);
    text_.reserve(text_bytes);
  }
  void add(uint32_t criterion, bool file, std::string_view name, std::string_view sha256);
  // By criterion, each criterion's pieces kept in the order they were added.
  void sort_by_criterion();
  // Drops what add() reserved beyond the pieces added (kept for the whole roll-up).
  void shrink_to_fit();
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  size_t text_bytes() const { return text_.size(); }  // every name and SHA-256 named
  NamedEvidence operator[](size_t k) const;
  // The pieces criterion i names: [first, last) positions.
  std::pair<size_t, size_t> range_of(size_t i) const;

 private:
  struct Entry {
    uint32_t criterion;
    uint32_t offset;    // into text_: the name, then the SHA-256
    uint32_t name_len;
    uint32_t sha_len;   // top bit: a file
  };
  std::vector<Entry> entries_;
  std::string text_;
};

// The evidence one criterion names: a view into its unit's list (UnitResult::evidence_of).
class EvidenceList {
 public:
  class iterator {
   public:
    iterator(const EvidenceNames* n, size_t k) : n_(n), k_(k) {}
    NamedEvidence operator*() const { return (*n_)[k_]; }
    iterator& operator++() {
      ++k_;
      return *this;
    }
    bool operator!=(const iterator& o) const { return k_ != o.k_; }
    bool operator==(const iterator& o) const { return k_ == o.k_; }

   private:
    const EvidenceNames* n_;
    size_t k_;
  };
  EvidenceList() = default;
  EvidenceList(const EvidenceNames* n, size_t b, size_t e) : n_(n), b_(b), e_(e) {}
  iterator begin() const { return iterator(n_, b_); }
  iterator end() const { return iterator(n_, e_); }
  bool empty() const { return b_ == e_; }
  size_t size() const { return e_ - b_; }
  NamedEvidence operator[](size_t k) const { return (*n_)[b_ + k]; }

 private:
  const EvidenceNames* n_ = nullptr;
  size_t b_ = 0, e_ = 0;
};

// How a named evidence file stands at the office: inside the dossier as signed, missing from it,
// changed (other bytes under its name), or only named (a plain .json: the files did not come with
// it). A reference to a document has no state.
enum class EvidenceSeen { Reference, OnlyNamed, Present, Missing, Changed };
EvidenceSeen evidence_seen(const IntakeRecord& rec, const NamedEvidence& e);
const char* evidence_seen_name(EvidenceSeen s);              // "reference", "named", "present", "missing", "changed"
const char* evidence_seen_label(EvidenceSeen s, Lang l);     // "", "chỉ kê tên, không gửi kèm", "có trong hồ sơ", "thiếu trong hồ sơ", "bị thay, khác tệp đã ký"

// The compact scores of a valid submission (kept for the counted one of each unit).
struct UnitScores {
  NumColumn criteria;             // rubric order (8 bytes a score: kept for every counted unit)
  std::vector<Status> status;     // rubric order
  // Every piece of evidence named, ordered by criterion (then as named): one list per unit, not one
  // per criterion, since it is kept for every counted unit of a national roll-up.
  EvidenceNames evidence;
  std::vector<size_t> unsupported;  // criteria claiming points with no evidence where the rubric asks for some (unsupported_claims)
  // Only what cross-unit criteria read (inputs of those criteria + general info); null for a rubric
  // without such criteria (most), so that the roll-up does not keep an empty Answers per unit.
  std::shared_ptr<const Answers> cross_inputs;
  // The information sheet as submitted (answers.general_info), one value per field of the rubric's
  // sheet in its order, a discarded value where the field is absent; empty when nothing was
  // entered. Values only: the field names are the rubric's, not kept again for every unit.
  std::vector<Json> info_values;
  std::string unit_type;          // answers.unit.type: which rows of the sheet apply
};

// A checked file: the record, and for a valid submission its scores, for an appraisal its body.
// Files larger than a submission may be are refused before they are read (intake.too_big), by
// `cds aggregate` and the app alike (web/platform.js holds the same figure for the browser).
inline constexpr size_t kMaxIntakeBytes = kMaxSubmissionBytes;
// The reasons kept for one invalid file (IntakeRecord::problems): the first 20 errors, then one
// "… và 99.980 lỗi khác" line (intake.more_reasons).
inline constexpr size_t kMaxIntakeReasons = 20;

struct CheckedFile {
  IntakeRecord record;
  std::optional<UnitScores> scores;
  std::optional<AppraisalVerification> appraisal;
};

struct AppraisalRecord {
  std::string file;
  std::string signed_hash;
  bool valid = false;    // signature, layout, trust, and fits the rubric
  bool applied = false;  // counts for a unit's final scores (a level of the unit's applied chain)
  std::optional<Appraisal> appraisal;
  int level = 1;             // 1, or 2, 3… for a level built on another appraisal (cds-appraisal/3)
  std::string within;        // a level read from inside another appraisal file: that file's name
  std::vector<std::string> signers;
  Messages problems;  // why not valid / not applied
};

// Per unit, criterion and column. Kept small for a national roll-up: the self-assessed column is
// stored whole, the appraised column only where it differs (appraisal changes, cross-unit
// criteria), the final column as the appraised one times the sampled-check proportion; section
// subtotals are computed when a report needs them (section_column), except the pillars' final
// subtotals that rankings sort by.
enum class Column { Self, Appraised, Final };

struct UnitResult {
  std::string unit_code, unit_name;
  size_t record = 0;   // the counted submission in AggregateResult::records
  size_t rubric = 0;   // index into AggregateResult::rubrics
  NumColumn self;              // per criterion, rubric order
  std::vector<Status> status;  // per criterion
  std::map<size_t, Num> appraised_at;              // criterion index → appraised score, where set
  std::map<size_t, std::string> reasons;           // criterion index → the appraisal's reason or the cross-unit explanation
  std::optional<Num> proportion;                   // sampled check: final = appraised × proportion
  std::vector<Num> pillar_final;                   // final subtotal of each pillar (RubricGroup::pillars order)
  Num total_self, total_appraised, total_final;
  Num total_final_rounded;          // what ranks: total_final rounded as the rubric rounds
  std::optional<size_t> appraisal;  // into AggregateResult::appraisals: the last (final) level applied
  std::vector<size_t> levels;       // the applied chain, level 1 first (into AggregateResult::appraisals)
  std::map<size_t, Num> before_levels;  // a cross-unit criterion's value that a level then changed
  std::set<size_t> reasons_from_levels; // criteria some level changed
  std::vector<Json> info_values;    // UnitScores::info_values
  // The value entered for field f of the rubric's sheet (Rubric::general_info), as submitted (a
  // null stays null); nullptr when absent.
  const Json* info_value(size_t f) const;
  // The information sheet as submitted, for the rubric's fields: an object, or null when empty.
  Json general_info(const Rubric& r) const;
  std::string unit_type;
  EvidenceNames evidence;           // UnitScores::evidence: by criterion
  std::vector<size_t> unsupported;                        // UnitScores::unsupported, sorted
  int rank = 0;                     // 1-based within its rubric
  bool tied = false;                // another unit shares the rank

  Num appraised(size_t i) const;
  Num final_score(size_t i) const;  // exact, not rounded
  EvidenceList evidence_of(size_t i) const;  // empty when the criterion names none
  bool unsupported_claim(size_t i) const;
  const std::string& reason(size_t i) const;
  bool changed(size_t i) const;     // appraised differs from self
  std::vector<Num> column(Column c) const;
};

struct AggregateResult;
// A unit's score for criterion i after level k (0-based index into UnitResult::levels) of its
// appraisal chain, before the sampled check; and the change that level made to it (nullptr: none).
Num level_score(const AggregateResult& res, const UnitResult& u, size_t k, size_t i);
const AppraisalChange* level_change(const AggregateResult& res, const UnitResult& u, size_t k, size_t i);
// Whether the unit's appraisal chain forks after its applied levels: an appraisal of the intake,
// not applied, builds on the last applied level (several did: "appraisal.fork"). Signing another
// level on top would make a third branch, so the office withdraws the extra ones first. (Level-1
// appraisals never fork: the newest replaces the others.)
bool chain_forks(const AggregateResult& res, const UnitResult& u);
// The most levels any unit has (per-level report columns appear when it is 2 or more).
size_t max_levels(const AggregateResult& res);
// The evidence cell of criteria.csv and report.xlsx for a unit's criterion i: each piece the
// submission names with how it stands ("ke-hoach.pdf (có trong hồ sơ); văn bản 12/KH-UBND"),
// led by "Có điểm nhưng chưa kèm tài liệu kiểm chứng" where it claims points with none although
// the rubric asks for some; empty when it names none and none is asked for.
std::string criterion_evidence_text(const AggregateResult& res, const UnitResult& u, size_t i, Lang l);
// The flag alone: "Có điểm nhưng chưa kèm tài liệu kiểm chứng" / "Points claimed with no evidence".
const char* unsupported_claim_text(Lang l);

// Section subtotals of one column (UnitResult::column), in Rubric::flat_sections() order.
std::vector<Num> section_column(const Rubric& r, const std::vector<Num>& column);
std::vector<Num> section_column(const Rubric& r, const NumColumn& column);


// One cross-unit criterion (a `relative_to_best` rule, e.g. Vĩnh Long 2025, 7.5). Each unit is scored
// against the reference it entered itself (the best locality it knows of); an authoritative
// reference supplied by the office (AggregateReferences) replaces those for every unit. The best
// value inside the intake is reported for information only: it never replaces a reference, since
// one province alone would always be its own best.
struct CrossUnitValue {
  size_t criterion = 0;  // index into Rubric::criteria
  std::optional<Num> best;  // the best value inside the intake (information)
  std::string best_unit_code, best_unit_name;
  int units_with_value = 0;
  std::optional<Num> reference;  // the office's authoritative reference, when supplied
  std::string reference_source;
  int units_above_reference = 0;  // units whose value exceeds the reference used for them
};

// Authoritative references the office supplies for cross-unit criteria (`cds aggregate
// --references`, `cds-references/1`, docs/aggregate-report.md): (rubric id, criterion id) → value.
struct AggregateReference {
  Num value;
  std::string source;  // where the figure comes from ("Bộ TT&TT, DTI 2024")
};
using AggregateReferences = std::map<std::pair<std::string, std::string>, AggregateReference>;
struct LoadedReferences {
  std::optional<AggregateReferences> references;
  Messages messages;
};
LoadedReferences load_references(std::string_view bytes);

struct RubricGroup {
  std::shared_ptr<const Rubric> rubric;
  std::string sha256;
  std::vector<size_t> ranking;  // indices into AggregateResult::units, best first (ties by unit code)
  std::vector<CrossUnitValue> cross;
  std::vector<size_t> pillars;  // indices into flat_sections(): the sections shown as pillars
  std::vector<Num> section_max;  // per flat section, its maximum as the scoring engine counts it
  std::vector<std::vector<std::string>> general_info_users;  // general_info_users(*rubric) (info_sheet.hpp), made once
  // The period this group ranks (one group per rubric and period: files of different periods are
  // ranked apart, never superseding each other).
  std::string period, period_key;
  // criterion id → the office's reference, for scoring a counted unit's full answers the same way
  // (drill-down); empty where each unit's own reference stands.
  std::map<std::string, Num> best_override() const;
};

struct MissingUnit {
  std::string code, name;
  bool has_invalid = false;  // files came, none valid
};

struct AggregateCounts {
  int files = 0, submissions = 0, valid = 0, invalid = 0, superseded = 0, duplicate = 0, missing = 0, units = 0;
  int appraisals = 0, appraisals_applied = 0, appraisals_rejected = 0, unknown = 0;
  int late_signed = 0, late_received = 0;  // counted submissions signed / received after their rubric's deadline
  // Files refused before the unit they are for could be read (not JSON, too large, too many
  // values, no readable unit code; not the office's own files): a unit listed as missing may have
  // sent one of them.
  int no_unit = 0;
};

struct AggregateResult {
  std::vector<IntakeRecord> records;  // every file: by rubric, unit code, then time
  std::vector<AppraisalRecord> appraisals;
  std::vector<RubricGroup> rubrics;
  std::vector<UnitResult> units;
  std::vector<MissingUnit> missing;
  AggregateCounts counts;
  bool trust_checked = false;
  std::string trust_source;  // e.g. the trust list's file name, for the report

  const RubricGroup& group(const UnitResult& u) const { return rubrics[u.rubric]; }
};

// A rubric the intake may meet, with the SHA-256 of its file's bytes.
using KnownRubric = CatalogueEntry;

class AggregateFinishSteps;

class Aggregator {
 public:
  Aggregator(std::vector<KnownRubric> rubrics, std::optional<TrustList> trust);
  // Authoritative references for cross-unit criteria (before finish()).
  void set_references(AggregateReferences refs) { references_ = std::move(refs); }
  Aggregator(const RubricCatalogue& rubrics, std::optional<TrustList> trust)
      : Aggregator(std::vector<KnownRubric>(rubrics.entries().begin(), rubrics.entries().end()), std::move(trust)) {}

  // Checks one file (submission or appraisal, told apart by its "format"). Thread-safe.
  CheckedFile check_file(std::string name, std::string_view bytes) const;
  // The same for a submission the caller has verified already, with this aggregator's lookup() and
  // trust() (verify_submission(bytes, agg.lookup(), agg.trust())): no second verification.
  CheckedFile check_submission(std::string name, std::string_view bytes, Verification v) const;
  // Adds a checked file. Not thread-safe; cheap.
  void add(CheckedFile f);
  // Room for this many files' records at once (the CLI knows how many it will add): the record list
  // then never grows by doubling, which left up to half of it unused at the peak.
  void reserve(size_t files) { records_.reserve(files); }
  void add_file(std::string name, std::string_view bytes) { add(check_file(std::move(name), bytes)); }

  // The roll-up of every file added: supersession, duplicates, cross-unit criteria, appraisals,
  // ranks (AggregateFinishSteps, all at once).
  AggregateResult finish() const&;
  // The same, handing the per-file records and per-unit scores over instead of copying them (the
  // CLI's last step).
  AggregateResult finish() &&;

  const TrustList* trust() const { return trust_ ? &*trust_ : nullptr; }
  RubricLookup lookup() const;

 private:
  struct Current {
    size_t record;
    UnitScores scores;
  };
  std::vector<KnownRubric> known_;
  std::vector<std::vector<size_t>> cross_;  // per known rubric: criteria with a relative_to_best rule
  std::optional<TrustList> trust_;
  AggregateReferences references_;
  std::vector<IntakeRecord> records_;
  std::vector<CheckedFile> appraisals_;
  std::map<std::pair<std::string, std::string>, Current> current_;  // (rubric key, unit code) → counted
  std::map<std::string, size_t> by_hash_;                           // signed hash → valid record kept
  int find_known(const std::string& id, const std::string& version) const;
  using ByUnit = std::map<std::pair<std::string, std::string>, Current>;  // (rubric key, unit code) → counted
  // finish()'s stages, in order (AggregateFinishSteps runs them):
  friend class AggregateFinishSteps;
  void explain_copies(AggregateResult& res, const ByUnit& by_unit) const;
  using Groups = std::map<std::pair<int, std::string>, size_t>;  // (known rubric, period key) → rubric group
  Groups build_groups(AggregateResult& res, const ByUnit& by_unit, std::vector<int>& group_known) const;
  void build_unit(AggregateResult& res, Current& cur, const Groups& groups, std::map<std::string, size_t>& unit_by_hash,
                  std::vector<const UnitScores*>& scores) const;
  struct CrossUnitCursor {  // where finalise_cross_unit goes on
    size_t group = 0, criterion = 0, unit = 0;
    bool measured = false;  // the first pass (each unit's own score, the best) done
    CrossUnitValue value;
    std::vector<std::pair<size_t, Status>> own;  // the group's units and the criterion's status as each scored it
  };
  bool finalise_cross_unit(AggregateResult& res, const std::vector<const UnitScores*>& scores,
                           const std::vector<int>& group_known, CrossUnitCursor& at, size_t budget) const;
  void apply_appraisals(AggregateResult& res, const std::map<std::string, size_t>& unit_by_hash) const;
  void list_missing(AggregateResult& res) const;
};

// finish() as a row of small steps — the records and the units kept copied a slice at a time, each
// stage of the roll-up, the columns of a slice of units, the kept units let go a slice at a time —
// so the app can finish a national intake a few milliseconds per frame and the page keeps drawing.
// finish() runs these same steps, so both give the same result. The aggregator must outlive it and
// not change meanwhile (a file added: start again).
class AggregateFinishSteps {
 public:
  explicit AggregateFinishSteps(const Aggregator& agg);
  // Does up to `count` steps (at least one); true once the result is ready for take().
  bool step(size_t count = 1);
  bool finished() const { return stage_ == Stage::Done; }
  AggregateResult take() { return std::move(res_); }
  size_t done() const { return done_; }

 private:
  friend class Aggregator;
  // finish() &&: the records and the units kept handed over, not copied.
  AggregateFinishSteps(const Aggregator& agg, std::vector<IntakeRecord> records, Aggregator::ByUnit by_unit);
  enum class Stage {
    CopyRecords,
    CopyUnits,
    Copies,
    Groups,
    Units,
    CrossUnit,
    LetGo,
    Appraisals,
    Columns,
    Rank,
    Missing,
    Order,
    Count,
    Done
  };
  void one_step();
  const Aggregator& agg_;
  Stage stage_;
  size_t at_ = 0, done_ = 0;
  Aggregator::ByUnit::const_iterator copy_at_;  // CopyUnits: the next unit of the aggregator's to copy
  Aggregator::ByUnit::iterator unit_at_;        // Units: the next counted unit to build a result for
  Aggregator::Groups groups_;
  Aggregator::CrossUnitCursor cross_at_;
  AggregateResult res_;
  Aggregator::ByUnit by_unit_;
  std::vector<int> group_known_;
  std::map<std::string, size_t> unit_by_hash_;
  std::vector<const UnitScores*> scores_;
};

// Pillars: the first level of sections (outside bonus/penalty) with more than one section.
std::vector<size_t> pillar_sections(const Rubric& r);

// Reports. `generated` is the caller's local time ("23/11/2026 08:15"). Each writer exists twice:
// into a StrBuf (give it a flush target to stream a report of any size to a file with a small
// buffer, as `cds aggregate` does) and returning the whole text (the app, tests).
struct AggregateReportInfo {
  std::string generated;  // when the report was made: an RFC 3339 instant (shown at `clock`'s offset) or text shown as is
  std::string app_version;
  std::string title;  // optional heading, e.g. the receiving office
  size_t max_unit_pages = 500;  // HTML: one page per unit up to this many units (then ranking only)
  DisplayClock clock;  // the reader's offset for every time the HTML report shows (CSV and JSON keep ISO 8601)
};
// A counted unit's information sheet (cds/model/info_sheet.hpp), from what it submitted.
std::vector<InfoRow> unit_information_sheet(const Rubric& r, const UnitResult& u, Lang lang);
// The same with what its rubric group made once (the reports, for every unit).
std::vector<InfoRow> unit_information_sheet(const RubricGroup& g, const UnitResult& u, Lang lang);
// info.csv: one row per ranked unit and information-sheet row (rubrics without one give none).
std::string aggregate_info_csv(const AggregateResult& res, Lang lang);
void aggregate_info_csv(const AggregateResult& res, Lang lang, StrBuf& out);
// Ranking per rubric: rank, ties, unit, three totals, final pillar subtotals (UTF-8 BOM, CRLF).
std::string aggregate_ranking_csv(const AggregateResult& res, Lang lang);
// One row per unit and criterion: self | appraised | final, the reason, figures from, the evidence named
// (criterion_evidence_text), then per level of the longest appraisal chain its score and reason.
std::string aggregate_criteria_csv(const AggregateResult& res, Lang lang);
// One row per file: its classification and reason.
std::string aggregate_intake_csv(const AggregateResult& res, Lang lang);
// Everything, for other systems (`cds-aggregate-report/1`, docs/aggregate-report.md).
Json aggregate_to_json(const AggregateResult& res, const AggregateReportInfo& info);
// The same document as text, written one file / unit per line without building the whole tree
// (what `cds aggregate` writes: memory stays small for a national roll-up).
std::string aggregate_json_text(const AggregateResult& res, const AggregateReportInfo& info);
// Printable A4 HTML: summary, intake problems, ranking with a bar chart, a per-pillar chart, one
// page per unit with its criteria in three columns.
std::string aggregate_html(const AggregateResult& res, Lang lang, const AggregateReportInfo& info);
void aggregate_ranking_csv(const AggregateResult& res, Lang lang, StrBuf& out);
void aggregate_criteria_csv(const AggregateResult& res, Lang lang, StrBuf& out);
void aggregate_intake_csv(const AggregateResult& res, Lang lang, StrBuf& out);
void aggregate_json_text(const AggregateResult& res, const AggregateReportInfo& info, StrBuf& out);
void aggregate_html(const AggregateResult& res, Lang lang, const AggregateReportInfo& info, StrBuf& out);
// The one-paragraph summary the CLI prints and the app shows.
std::string aggregate_summary(const AggregateResult& res, Lang lang);
// What the missing-unit lists say of a unit: files came but none is valid; nothing under its code
// while some files named no unit (one may be its); or nothing received.
std::string missing_unit_note(const AggregateResult& res, const MissingUnit& m, Lang lang);

// A text report as a row of small steps — its head, one file, one unit's rows, its end — so the app
// can write a report of any size a few milliseconds per frame and the page keeps drawing. The
// one-call writers above run these same steps, so both give the same bytes. `res` must outlive it.
enum class AggregateReportKind { Ranking, Criteria, Info, Intake, Json, Html };
class AggregateReportSteps {
 public:
  AggregateReportSteps(const AggregateResult& res, AggregateReportKind kind, Lang lang, const AggregateReportInfo& info = {});
  // Writes up to `count` steps (at least one); true once the report is complete.
  bool step(StrBuf& out, size_t count = 1);
  void write_all(StrBuf& out) {
    while (!step(out, static_cast<size_t>(-1))) {
    }
  }
  size_t done() const { return done_; }
  size_t total() const { return total_; }
  bool finished() const { return done_ == total_; }

  // One part: `n` steps of one writer (item i of a list).
  struct Part {
    size_t n = 1;
    std::function<void(size_t, StrBuf&)> item;
  };

 private:
  std::vector<Part> parts_;
  size_t part_ = 0, index_ = 0, done_ = 0, total_ = 0;
};

}  // namespace cds
