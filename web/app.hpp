// web/app.hpp — the web app: what it keeps (rubrics, drafts, keys, settings), its screens (one
// table, screens.cpp), and the services screens use — a message to the user, the rubric list, the
// drafts and the current one, the keys, opening files, moving between screens. The UI asks core
// for every score, advice and report; it holds no scoring logic of its own.
//
// Lower layers (drafts, rubric_list, key_ring, aggregate_state, widgets, platform) never include
// this header; screens do.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "drafts.hpp"
#include "key_ring.hpp"
#include "platform.hpp"
#include "requests.hpp"
#include "rubric_list.hpp"
#include "screen.hpp"
#include "toast.hpp"

namespace ui {

enum class Theme { Light, Dark, Contrast };

struct Settings {
  Theme theme = Theme::Light;
  float text_scale = 1.0f;
};

class App {
 public:
  App();
  ~App();

  // Lifecycle (main.cpp).
  void add_asset(const std::string& name, std::string bytes);
  void start();  // after the assets: load the rubrics, start reading storage
  void frame();  // one UI frame
  void page_hidden();
  // `rubrics_asked`: every bundled rubric file has been asked for already (read, or failed: the
  // files are then opened with what is here, never asked for again in a loop).
  void files_opened(const platform::FileRequest& request, std::vector<platform::OpenedFile> files, bool rubrics_asked = false);
  // While a screen receives files: they are a slice, more of the same request follow
  // (platform::FileRequest::more; the office's intake takes its files slice by slice).
  bool files_more() const { return files_more_; }
  std::string state_json() const;

  // Services for the screens.
  void toast(const std::string& text, bool error = false) { toasts_.show(text, error); }
  void withdraw_toast(const std::string& text) { toasts_.withdraw(text); }
  RubricList& rubrics() { return rubrics_; }
  DraftStore& drafts() { return drafts_; }
  KeyRing& keys() { return keys_; }
  // Opens a file by what it is (rubric, answers, submission, key), as if the user had picked it for
  // `request` (Drop: decide by its content).
  void open_file(Request request, const std::string& name, const std::string& bytes);
  // Language, theme and text size as full-width rows (phone menus).
  void settings_rows() { draw_settings_buttons(true); }
  // Moves to a screen (a browser history entry, so Back returns here).
  void go(ScreenId id, const Visit& visit = {});
  // The browser's Back/Forward reached the entry of screen `name`.
  void nav_back(const std::string& name);
  // The criterion in view on the form: kept for this tab so a reload returns to it.
  void remember_criterion(const std::string& criterion);
  // A new draft on a rubric (then the unit screen), an existing one (then the form).
  void new_draft(const std::string& rubric_key);
  // Runs `then` once the bundled rubric files with these keys (all, when `keys` is empty) have been
  // read, fetching those still waiting (web/rubric_list.hpp); at once when none is. An empty `then`
  // only fetches.
  void with_rubrics(std::vector<std::string> keys, std::function<void()> then);
  // The same for exactly these keys: none means nothing to wait for (not "all").
  void with_rubrics_of(const std::vector<std::string>& keys, std::function<void()> then);
  void open_draft(size_t i);

 private:
  bool files_more_ = false;
  Screen& screen_of(ScreenId id) { return *screens_[static_cast<size_t>(id)]; }
  void load_bundled();
  struct RubricFetch {
    size_t left;
    std::function<void()> then;
    std::vector<std::string> failed;  // files that could not be fetched
    std::string why;                  // the last failure's reason ("offline", "HTTP 404", …)
  };
  std::vector<RubricFetch> rubric_fetches_;  // with_rubrics() calls in flight (slots are not reused)
  std::string pending_choice_;  // the rubric chosen for a new draft while its file is on the way
  std::string pending_open_;    // the draft being opened while its rubric's file is on the way
  void load_storage();
  void load_settings(const std::string& value);
  void draft_switched();
  void save_place();
  void restore_place();
  // Shows the screen named `name` (Home when unknown, or when it needs a draft there is none of).
  void show_named(const std::string& name, const Visit& visit);
  void set_lang(cds::Lang l);
  void save_settings();
  void apply_style();
  void draw_header();
  void draw_settings_buttons(bool menu);
  cds::Json storage_state_json() const;
  cds::Json draft_state_json(const Draft& d) const;

  Toasts toasts_;
  RubricList rubrics_{toasts_};
  DraftStore drafts_{rubrics_, toasts_};
  KeyRing keys_{toasts_};
  Settings settings_;
  std::array<std::unique_ptr<Screen>, kScreenCount> screens_;
  ScreenId screen_ = ScreenId::Home;
  std::map<std::string, std::string> assets_;
  bool style_dirty_ = true;
  std::string place_criterion_;
};

App& app();

}  // namespace ui
