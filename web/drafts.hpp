// web/drafts.hpp — the self-assessments being prepared on this device ("bản nháp"): each a set of
// answers to one rubric, scored by core after every change and saved to the browser's storage
// within a second (two alternating slots, so a failed write never loses the previous copy), with
// the history of the signed files made from it. Export and import as cds-answers/1 files are the
// safety net when storage is refused.
//
// Not provided: scoring (core), screens (screen_unit / screen_form / screen_submit).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cds/base/num.hpp"
#include "cds/model/answers.hpp"
#include "cds/rules/score.hpp"
#include "platform.hpp"

namespace ui {

class RubricList;
class Toasts;

// Storage key prefix of evidence files' bytes, by SHA-256 ("ev:<sha256>"), for dossiers.
inline const std::string kEvidencePrefix = "ev:";
// The SHA-256 of every evidence file the answers name.
std::vector<std::string> evidence_shas(const cds::Answers& a);

// The agencies' signed parts a merged draft names (its answers' `provenance.parts`,
// docs/parts-format.md): each one's path in the dossier (parts/…) and signed SHA-256. Their bytes
// are kept in storage under kPartPrefix + sha256 when the merge becomes a draft, and go into the
// dossier when it is signed, so the next level can check them (cds verify).
inline const std::string kPartPrefix = "part:";
struct PartRef {
  std::string file, sha256;
};
std::vector<PartRef> provenance_parts(const cds::Answers& a);
// The distinct evidence files the answers name (a dossier stores each once) and their bytes.
struct EvidenceFiles {
  std::vector<std::string> sha256;
  uint64_t bytes = 0;
};
EvidenceFiles evidence_files(const cds::Answers& a);

struct SubmissionRecord {
  std::string time;      // local ISO time of signing
  std::string file;      // file name given to the download/share
  std::string sha256;    // SHA-256 of the canonical signed bytes (the submission's identity)
  std::string key_id, role;
  cds::Num total;
};

struct Draft {
  std::string id;          // random, stable
  std::string rubric_key;  // RubricItem::key
  cds::Answers answers;
  std::string created, updated;  // local ISO times
  std::string exported_hash;     // SHA-256 of the answers at the last export ("" = never)
  std::string submitted_hash;    // SHA-256 of the answers at the last submission
  std::vector<SubmissionRecord> submissions;  // history of signed files made from this draft
  long long seq = 0;             // storage record sequence
  bool dirty = false;
  double dirty_since = 0;
  cds::ScoreSheet sheet;  // recomputed after every change
  std::string answers_hash() const;
  bool changed_since_export() const;
};

// Whether the browser keeps what the app stores.
struct StorageStatus {
  bool loaded = false;     // the stored drafts have been read
  bool failed = false;     // the browser refuses storage (file:// pages, private windows)
  std::string last_error;  // the last failed save, as said to the user ("" = none)
  long long saves_ok = 0;
};

class DraftStore {
 public:
  DraftStore(const RubricList& rubrics, Toasts& toasts) : rubrics_(rubrics), toasts_(toasts) {}

  std::vector<Draft>& all() { return drafts_; }
  const std::vector<Draft>& all() const { return drafts_; }
  Draft* current();
  const Draft* current() const { return const_cast<DraftStore*>(this)->current(); }
  const cds::Rubric* rubric_of(const Draft& d) const;
  const StorageStatus& storage() const { return storage_; }

  // Each makes the draft current (new and opened drafts) or keeps the current one current.
  bool create(const std::string& rubric_key);
  bool open(size_t i);
  void duplicate(size_t i);
  void remove(size_t i);
  void import_file(const std::string& name, const std::string& bytes);
  void export_file(Draft& d);

  void add_evidence(const std::string& criterion, const std::vector<platform::OpenedFile>& files);
  // An evidence file's bytes kept in storage ("ev:<sha256>") for the dossier; dropped by
  // forget_evidence once no draft names them.
  void keep_evidence_bytes(const std::string& name, const std::string& sha256, const std::string& bytes);
  bool names_evidence(const std::string& sha256) const;
  void forget_evidence(const std::vector<std::string>& sha256s);
  // The same for merged drafts' agency parts ("part:<signed sha256>"), once no draft's provenance names them.
  void forget_parts(const std::vector<std::string>& sha256s);
  void record_submission(Draft& d, SubmissionRecord rec);
  void changed(Draft& d);  // rescore, mark dirty, save soon
  void rescore(Draft& d);
  void rescore_all();

  // Storage: is it usable at all (said at once, not at the first save); the drafts stored on
  // earlier visits (record candidates per draft id); saving.
  void probe_storage();
  void restore(const std::map<std::string, std::vector<std::string>>& slots);
  // The stored drafts and the rubric files they use are here (storage().loaded; App sets it once
  // those files have arrived, so a restored draft is scored when the list first shows it).
  void mark_loaded() { storage_.loaded = true; }
  void save_now(Draft& d);
  void tick_autosave();
  void save_dirty();  // the page is being hidden

 private:
  Draft& insert_front(Draft d);
  void save_failed(const std::string& id, const std::string& error);
  const RubricList& rubrics_;
  Toasts& toasts_;
  std::vector<Draft> drafts_;
  std::optional<size_t> current_;
  StorageStatus storage_;
};

}  // namespace ui
