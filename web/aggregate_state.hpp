// web/aggregate_state.hpp — the receiving office's intake in the app ("Tổng hợp"): the files
// received, the incremental checking queue, the trust list, core's AggregateResult and the
// appraisal edits kept in memory. Core does every check, classification, score and ranking
// (cds/office/aggregate.hpp); this holds bytes, schedules the work between frames and shapes rows for
// the screen (screen_aggregate.cpp, screen_aggregate_unit.cpp), which owns it.
//
// Memory: a file's bytes are released as soon as it is checked unless another trust list or
// another rubric could change its classification — valid submissions (the counted one is
// re-verified for the drill-down; superseded ones may count again), appraisals, and files refused
// only for trust or a missing rubric. A file that can never become valid (not JSON, not a cds
// file, broken signature, altered scores or layout, too large) keeps only its compact check
// result, which a rebuild re-adds as it is. So changing the trust list or opening a rubric file
// re-checks everything that can change, without asking for the files again.
//
// Not provided: messages to the user and routing of files that are not for the intake (the
// screen does both), anything about the app around it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cds/base/json_io.hpp"
#include "cds/model/catalogue.hpp"
#include "cds/office/aggregate.hpp"
#include "platform.hpp"

namespace ui {

// One file received (in the order received).
struct IntakeFile {
  std::string name;
  std::string bytes;  // empty once released, or while packed
  // Kept deflated (cds::zip::deflate_fast) instead, once the intake holds 4 MiB of files whole
  // (kKeepWholeBytes): `packed_size` is the size of the bytes inflated.
  std::string packed;
  size_t packed_size = 0;
  std::string sha256;
  std::optional<cds::CheckedFile> frozen;  // released files: the result, re-added as is on a rebuild
  // A dossier (.zip): once opened, `bytes` holds only its submission and this its evidence check
  // (the ZIP and the evidence files are not kept).
  std::optional<cds::EvidenceTally> evidence;
  // Its agencies' signed parts (parts/…, a merged submission's; small JSON files), kept so that the
  // chain is checked again when the trust list changes.
  std::vector<cds::DossierFile> parts;
  std::string received;  // when it was opened or dropped here (the app's receipt time: it cannot know when mail arrived)
  // The same file name (its folder aside) and bytes as a file already here (a folder or file
  // chosen twice; AggregateState::check_one): not a second receipt, so not added; dropped from
  // `files` when the batch ends.
  bool repeat = false;
  bool seen = false;  // checked once: its name and bytes are in the intake's record of what came
  double unread_bytes = 0;  // the size of a file refused unread (too large; 0 when it could not be read)
  bool kept() const { return !frozen && !repeat; }  // bytes still held
  bool held() const { return !bytes.empty() || !packed.empty(); }
  // The bytes held, inflated when packed (empty when none are).
  std::string raw() const;
};

// A row's class (its colour, what the filter buttons select).
enum class RowClass { Valid, Invalid, Superseded, Duplicate, Missing };

// One row of the intake table: a submission (or unreadable file), an appraisal, or a missing unit.
struct IntakeRow {
  enum class Kind { Record, Appraisal, Missing } kind = Kind::Record;
  size_t index = 0;  // into res.records / res.appraisals / res.missing
  RowClass cls = RowClass::Invalid;
  std::string file, unit, rubric, rubric_title, created, status, reason, reason_full;
  long long created_key = 0;  // seconds since 1970 (0 = unknown), for sorting
  std::string file_key, unit_key;  // ascii_fold()ed, for sorting and searching
  bool rubric_missing = false;  // refused because this device lacks the rubric
  bool evidence_incomplete = false;  // a dossier with evidence missing or changed
  bool chain_broken = false;         // a merged submission's dossier whose agencies' parts do not hold
  bool late = false;            // a submission signed or received after its rubric's deadline
};

struct AppraisalEdit {
  std::string score;   // as typed ("2,5")
  std::string reason;  // required when a score is typed
};

// Unsaved appraisal edits for one unit (kept while the page is open).
struct AppraisalDraft {
  std::map<std::string, AppraisalEdit> changes;  // criterion id → edit
  bool sampled = false;
  std::string checked, verified, sampled_reason;
  std::string note;
  std::string signed_snapshot;  // snapshot() at the last signing ("" = never signed here)
  std::string snapshot() const;
  bool empty() const;
  // Edits made since the last signing (or never signed) that are not signed yet.
  bool unsigned_edits() const { return !empty() && snapshot() != signed_snapshot; }
};

struct Appraiser {
  std::string name, title, organisation;
};

class AggregateState {
 public:
  // Files in (they are checked over the next frames). Trust lists, rubrics and keys among them are
  // the caller's to route first. `rubrics` is the app's catalogue: the aggregator is built from it
  // and rebuilt when it grows. `more`: a slice of a request, more of it follow (the batch is not
  // finished before the last slice, which may be empty, has come); the files of one request share
  // one receipt time.
  void add_files(const cds::RubricCatalogue& rubrics, std::vector<platform::OpenedFile> files, bool more = false);
  // Every frame: asks for the queued files to be checked (work()), finishes the batch in a frame
  // of its own when they are. Rebuilds when the rubrics on this device changed.
  void tick(const cds::RubricCatalogue& rubrics);
  // A task between frames: checks queued files for about 10 ms, asks for another task while some
  // are left, then a frame.
  void work();
  // A new trust list (or none): every file is checked again.
  void set_trust(const cds::RubricCatalogue& rubrics, std::optional<cds::TrustList> trust, const std::string& name);
  // Drops every file and the result (the trust list and appraisal edits stay), and the files still
  // to be read.
  void clear();
  // Stops checking: the files never checked are dropped, the checked ones aggregated, the files
  // still to be read are not read. Files already in the intake being checked again (a trust list or
  // rubric given) are not dropped: their check goes on (`rechecking` says so). Returns how many
  // were dropped, and in `unread` how many not read.
  size_t cancel(const cds::RubricCatalogue& rubrics, size_t* unread = nullptr, bool* rechecking = nullptr);

  bool busy() const { return queue_at < queue.size() || finishing || arriving; }
  // Whether finishing this batch classifies and ranks again (not after a batch of repeats alone).
  bool will_rank() const { return !res || added_ > 0; }
  // Files in the list, not counting repeats still waiting to be dropped.
  size_t listed() const;
  size_t pending() const { return queue.size() - queue_at; }
  // The (name, bytes) of a file still held, by the SHA-256 of its bytes.
  const IntakeFile* file_by_sha(const std::string& sha256) const;
  // A UnitResult by rubric, version and unit code (nullptr when the unit is not in the result).
  const cds::UnitResult* find_unit(const std::string& rubric_id, const std::string& version, const std::string& code) const;
  // The intake table's rows for the current result and language (rebuilt when either changed).
  const std::vector<IntakeRow>& intake_rows();
  // The unit a record counts for (nullptr: none), once intake_rows() has been built for this result.
  const cds::UnitResult* unit_of_record(size_t record) const;
  // window.cds.state().aggregate
  cds::Json to_json() const;

  // Intake.
  std::vector<IntakeFile> files;
  std::vector<size_t> queue;  // files to check, in order
  size_t queue_at = 0;
  size_t batch_total = 0, batch_done = 0;  // for the progress bar
  double batch_started = 0, last_batch_ms = 0;
  double frame_ms_max = 0;  // the longest frame while checking (this batch)
  double check_ms_max = 0;  // the longest checking task (work(), this batch)
  double check_ms_sum = 0;  // every checking task of this batch together
  long check_tasks = 0;     // how many (this batch)
  double finish_ms = 0;     // core's finish() (over its frames) and the rows
  double finish_core_ms = 0;  // of which core's finish()
  double finish_slice_ms_max = 0;  // the longest frame's share of finish() (this batch)
  long finish_frames = 0;   // the frames finish() was spread over (this batch)
  int measure_tail = 0;     // frames after finish() still counted in frame_ms_max (the first result frame)
  bool finishing = false;   // every file checked; finish() runs a few ms per frame from the next
  bool arriving = false;    // the request being received has more slices to come (add_files' `more`)
  // Files given again (IntakeFile::repeat) since the screen last told the user; it resets this
  // when it has.
  size_t repeats_untold = 0;
  bool was_busy = false;
  std::optional<cds::TrustList> trust;
  std::string trust_name;

  // Result (the last finish(); kept on screen while a new batch is checked).
  std::optional<cds::AggregateResult> res;
  long generation = 0;
  long rows_generation = -1;

  // Appraisal edits by "rubric id|version|unit code", and the appraiser (shared by every unit).
  std::map<std::string, AppraisalDraft> drafts;
  Appraiser appraiser;

 private:
  void start_batch();
  void ensure_aggregator(const cds::RubricCatalogue& rubrics);
  void rebuild(const cds::RubricCatalogue& rubrics);
  void check_one(IntakeFile& f);
  void open_dossier(IntakeFile& f, const std::string& sha256);  // sha256: of the ZIP
  bool finish_batch(double budget_ms);
  void drop_repeats();
  void post_work();  // a task to check queued files, unless one is asked for already
  void keep(IntakeFile& f);  // a checked file's bytes held, whole or packed

  std::unique_ptr<cds::Aggregator> agg_;
  // finish() under way, a few milliseconds per frame; reset whenever the aggregator changes. Then
  // the intake table's rows of its result, a slice per frame too, before the result is shown.
  std::unique_ptr<cds::AggregateFinishSteps> finisher_;
  std::optional<cds::AggregateResult> next_res_;
  std::vector<IntakeRow> next_rows_;
  cds::Lang next_rows_lang_ = cds::Lang::Vi;  // the language next_rows_ are in
  void stop_finishing();
  void index_units();  // unit_of_record_ for `res`
  bool build_rows(const cds::AggregateResult& r, std::vector<IntakeRow>& into, double t0, double budget_ms) const;
  size_t rubric_count_ = 0;  // catalogue entries the aggregator was built with
  size_t added_ = 0;         // files added to the aggregator since its last finish()
  bool work_posted_ = false;       // a task to check files is asked for
  size_t whole_bytes_ = 0;         // bytes of checked files kept whole (IntakeFile::packed beyond kKeepWholeBytes)
  std::string arriving_received_;  // the receipt time of the request whose slices are arriving
  // Of every file checked once (IntakeFile::seen): its file name without its folder + "\n" + the
  // SHA-256 of its bytes (a dossier's: of its ZIP; "unread <size>" for a file refused unread), and
  // that name. Files leave them only when they all go (clear()).
  std::unordered_set<std::string> seen_, names_seen_;
  std::vector<IntakeRow> rows_;  // built over finish()'s frames (or when first shown, after a change of language)
  std::vector<size_t> unit_of_record_;  // with rows_: record index → unit index + 1 (0: counts for none)
  cds::Lang rows_lang_ = cds::Lang::Vi;
};

// A file's name without its folder ("hop-thu/a.json" → "a.json"; folders give paths with "/").
std::string_view file_name_of(std::string_view path);

std::string draft_key(const std::string& rubric_id, const std::string& version, const std::string& unit_code);

}  // namespace ui
