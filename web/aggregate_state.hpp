// web/aggregate_state.hpp — the receiving office's intake in the app ("Tổng hợp"): the files
// received, the incremental checking queue, the trust list, core's AggregateResult and the
// appraisal edits kept in memory. Core does every check, classification, score and ranking
// (cds/office/aggregate.hpp); this holds bytes, schedules the work across frames and shapes rows for
// the screens (screen_aggregate.cpp, screen_aggregate_unit.cpp).
//
// Memory: a file's bytes are released as soon as it is checked unless another trust list or
// another rubric could change its classification — valid submissions (the counted one is
// re-verified for the drill-down; superseded ones may count again), appraisals, and files refused
// only for trust or a missing rubric. A file that can never become valid (not JSON, not a cds
// file, broken signature, altered scores or layout, too large) keeps only its compact check
// result, which a rebuild re-adds as it is. So changing the trust list or opening a rubric file
// re-checks everything that can change, without asking for the files again.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cds/office/aggregate.hpp"
#include "cds/base/json_io.hpp"
#include "platform.hpp"
#include "requests.hpp"

namespace ui {

class App;

using cds::kMaxIntakeBytes;

// One file received (in the order received).
struct IntakeFile {
  std::string name;
  std::string bytes;  // empty once released
  std::string sha256;
  std::optional<cds::CheckedFile> frozen;  // released files: the result, re-added as is on a rebuild
  bool kept() const { return !frozen; }     // bytes still held
};

// What the filter buttons select.
enum class RowClass { Valid, Invalid, Superseded, Duplicate, Missing };

// One row of the intake table: a submission (or unreadable file), an appraisal, or a missing unit.
struct IntakeRow {
  enum Kind { Record, Appraisal, Missing } kind = Record;
  size_t index = 0;  // into res.records / res.appraisals / res.missing
  RowClass cls = RowClass::Invalid;
  std::string file, unit, rubric, rubric_title, created, status, reason, reason_full;
  long long created_key = 0;  // seconds since 1970 (0 = unknown), for sorting
  std::string file_key, unit_key;  // ascii_fold()ed, for sorting and searching
  bool rubric_missing = false;  // refused because this device lacks the rubric
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
};

struct Appraiser {
  std::string name, title, organisation;
};

struct AggregateState {
  // Intake.
  std::vector<IntakeFile> files;
  std::vector<size_t> queue;  // files to check, in order
  size_t queue_at = 0;
  size_t batch_total = 0, batch_done = 0;  // for the progress bar
  double batch_started = 0, last_batch_ms = 0;
  double frame_ms_max = 0;  // the longest frame while checking (this batch)
  double check_ms_max = 0;  // the longest checking slice of one frame (this batch)
  double finish_ms = 0;     // core's finish() and the rows, in a frame of their own
  double finish_core_ms = 0;  // of which core's finish()
  int measure_tail = 0;     // frames after finish() still counted in frame_ms_max (the first result frame)
  bool finishing = false;   // every file checked; finish() runs on the next frame
  bool was_busy = false;
  std::unique_ptr<cds::Aggregator> agg;
  size_t rubric_count = 0;  // App::rubrics.size() the aggregator was built with
  std::map<std::string, std::shared_ptr<const cds::Rubric>> rubric_copies;  // by SHA-256
  std::optional<cds::TrustList> trust;
  std::string trust_name;

  // Result (the last finish(); kept on screen while a new batch is checked).
  std::optional<cds::AggregateResult> res;
  long generation = 0;
  std::vector<IntakeRow> rows;  // built when first shown (aggregate_rows()), not in finish()'s frame
  long rows_generation = -1;
  cds::Lang rows_lang = cds::Lang::Vi;

  // Views.
  int view = 0;  // 0 intake, 1 ranking
  int filter = -1;  // -1 all, else RowClass; 5 = appraisals
  std::string search;
  int group = 0;  // selected rubric group in the ranking
  std::string open_rubric, open_version, open_unit;  // the drill-down ("" = none)
  std::string report_title;
  bool confirm_clear = false;

  // Appraisal edits by "rubric id|version|unit code", and the appraiser (shared by every unit).
  std::map<std::string, AppraisalDraft> drafts;
  Appraiser appraiser;

  bool busy() const { return queue_at < queue.size() || finishing; }
  size_t pending() const { return queue.size() - queue_at; }
};

AggregateState& aggregate();

// Files from the intake's pickers or dropped on the screen.
void aggregate_files_opened(App& a, Request kind, std::vector<platform::OpenedFile> files);
// Adds files to the intake and starts checking them.
void aggregate_add_files(App& a, std::vector<platform::OpenedFile> files);
// Every frame: checks queued files for about 8 ms, then asks for another frame; finishes the
// batch when the queue is empty. Rebuilds when the rubrics on this device changed.
void aggregate_tick(App& a);
void aggregate_set_trust(App& a, std::optional<cds::TrustList> trust, const std::string& name);
void aggregate_clear(App& a);
void aggregate_cancel(App& a);
// The (name, bytes) of a file still held, by the SHA-256 of its bytes.
const IntakeFile* aggregate_file_by_sha(const std::string& sha256);
// The intake table's rows for the current result and language (rebuilt when either changed).
const std::vector<IntakeRow>& aggregate_rows();
std::string draft_key(const std::string& rubric_id, const std::string& version, const std::string& unit_code);
// A UnitResult by the drill-down key (nullptr when the unit is not in the result).
const cds::UnitResult* aggregate_find_unit(const std::string& rubric_id, const std::string& version, const std::string& code);
// The drill-down of st.open_unit (screen_aggregate_unit.cpp).
void draw_aggregate_unit_page(App& a);
// window.cds.state().aggregate
cds::Json aggregate_state_json();

// "23/11/2026 08:15" from an ISO time.
std::string agg_time(const std::string& iso);

}  // namespace ui
