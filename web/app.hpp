// web/app.hpp — the web app's state and its screens. The UI asks core for every score, advice and
// report; it holds no scoring logic of its own. One file per screen (screen_*.cpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cds/model/answers.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "platform.hpp"
#include "requests.hpp"

namespace ui {

struct RubricEntry {
  std::string key;   // bundled: the rubric id; opened by the user: "user:<sha256>"
  std::string file;  // file name
  bool bundled = true;
  std::optional<cds::Rubric> rubric;
  cds::Messages problems;  // load or lint problems
  std::string sha256;      // of the file's bytes (submissions reference it)
  std::string bytes;
};

struct SubmissionRecord {
  std::string time;      // local ISO time of signing
  std::string file;      // file name given to the download/share
  std::string sha256;    // SHA-256 of the canonical signed bytes (the submission's identity)
  std::string key_id, role;
  cds::Num total;
};

struct StoredKey {
  std::string key_id;
  std::string file;  // the encrypted key file (cds-key/1)
  cds::KeyInfo info;
};

struct Draft {
  std::string id;          // random, stable
  std::string rubric_key;  // RubricEntry::key
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

enum class Screen { Home, Unit, Form, Keys, Submit, Verify, Aggregate };
enum class Theme { Light, Dark, Contrast };

struct Settings {
  Theme theme = Theme::Light;
  float text_scale = 1.0f;
};

struct Toast {
  std::string text;
  bool error = false;
  double until = 0;
};

class App {
 public:
  // Lifecycle
  void add_asset(const std::string& name, std::string bytes);
  void start();  // after assets: load rubrics, start reading storage
  void frame();  // one UI frame
  void page_hidden();
  std::string state_json() const;

  // Rubrics and drafts
  const RubricEntry* rubric_entry(const std::string& key) const;
  const cds::Rubric* rubric_of(const Draft& d) const;
  Draft* current();
  void new_draft(const std::string& rubric_key);
  void open_draft(size_t i);
  void duplicate_draft(size_t i);
  void delete_draft(size_t i);
  void export_draft(Draft& d);
  void changed(Draft& d);  // rescore, mark dirty, schedule save
  void rescore(Draft& d);
  void save_now(Draft& d);

  // Files
  void files_opened(const platform::FileRequest& request, std::vector<platform::OpenedFile> files);  // picked or dropped
  void open_files(Request kind, const std::string& arg, std::vector<std::pair<std::string, std::string>> files);
  void open_rubric_bytes(const std::string& name, const std::string& bytes, bool persist);
  void import_answers(const std::string& name, const std::string& bytes);
  void add_evidence_files(const std::string& criterion, std::vector<std::pair<std::string, std::string>> files);
  void import_key(const std::string& name, const std::string& bytes);
  void store_key(const std::string& file_bytes);
  void delete_key(const std::string& key_id);
  void verify_file(const std::string& name, const std::string& bytes);
  cds::RubricLookup rubric_lookup() const;

  // Messages
  void toast(const std::string& text, bool error = false);
  void set_lang(bool vietnamese);
  void save_settings();
  void apply_style();

  std::vector<RubricEntry> rubrics;
  std::vector<Draft> drafts;
  int current_draft = -1;
  Screen screen = Screen::Home;
  Settings settings;
  bool storage_loaded = false;
  bool storage_failed = false;
  std::string last_save_error;
  long long saves_ok = 0;
  Toast toast_;
  int confirm_delete = -1;

  // Form view state
  std::set<std::string> expanded;         // criterion ids with details open
  std::set<std::string> collapsed;        // section ids folded
  std::map<std::string, float> row_y;     // criterion id → y in the form's scroll space (last frame)
  std::map<std::string, float> row_h;     // criterion id → height (last frame)
  std::string scroll_to;                  // criterion id to bring into view
  int problem_cursor = -1;
  bool show_gain = false;
  float form_scroll = 0, form_scroll_max = 0;  // for tests and status

  // Keys, submitting, verifying
  std::vector<StoredKey> keys;
  struct VerifyResult {
    std::string file;
    cds::Verification v;
  };
  std::optional<VerifyResult> verified;
  Screen back_to = Screen::Home;

 private:
  void draw_header();
  void draw_toast();
  void tick_autosave();
  void load_storage();
  std::map<std::string, std::string> assets_;
  bool style_dirty_ = true;
};

App& app();

// Screens (screen_*.cpp)
void draw_home_screen(App& a);
void draw_unit_screen(App& a, Draft& d);
void draw_form_screen(App& a, Draft& d);
void draw_keys_screen(App& a);
void draw_submit_screen(App& a, Draft& d);
void draw_verify_screen(App& a);
void draw_aggregate_screen(App& a);  // screen_aggregate.cpp: the receiving office ("Tổng hợp")

}  // namespace ui
