// web/screen.hpp — what a screen is, and the one table of screens (screens.cpp).
//
// A screen is one file (screen_*.cpp): a class derived from Screen that owns its state (form
// fields, scroll positions, caches) as members, created once by App from the table and kept for
// the page's life. App draws the current one every frame and offers the services screens need
// (app.hpp); screens reach each other only by App::go() with a Visit.
//
// To add a screen: write screen_x.cpp with its class and a make_x_screen() that creates it, add its
// id to ScreenId, and in screens.cpp declare make_x_screen() and add its row to kScreens (a
// static_assert checks the table against the enum: one row per id, in order).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cds/base/json_io.hpp"
#include "platform.hpp"
#include "requests.hpp"

namespace ui {

class App;
struct Draft;

enum class ScreenId { Home, Unit, Form, Keys, Submit, Verify, Aggregate, Notes, Parts, Count };

// How a screen is entered: where its "back" button returns, and what to show first.
struct Visit {
  ScreenId back = ScreenId::Home;
  std::string criterion;      // bring this criterion into view…
  bool open_details = false;  // …with its details open

  static Visit back_to(ScreenId s) {
    Visit v;
    v.back = s;
    return v;
  }
  static Visit criterion_of(std::string id, bool open_details) {
    Visit v;
    v.criterion = std::move(id);
    v.open_details = open_details;
    return v;
  }
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual void draw(App& app) = 0;
  virtual void enter(App&, const Visit&) {}  // navigated to
  virtual void tick(App&) {}                 // every frame, whichever screen is shown (background work)
  virtual void draft_switched() {}           // another draft became the current one
  // Files meant for this screen (App routes them here).
  virtual void receive(App&, Request, const std::string& /*arg*/, std::vector<platform::OpenedFile>) {}
  // Its part of window.cds.state() (tests, support).
  virtual void add_state(cds::Json&) const {}
};

// A screen about the current draft: App shows it only when there is one whose rubric is here.
class DraftScreen : public Screen {
 public:
  void draw(App& app) final;
  virtual void draw(App& app, Draft& d) = 0;
};

struct ScreenDef {
  ScreenId id;
  const char* name;  // window.cds.state().screen
  bool needs_draft;  // a DraftScreen (App falls back to Home without a current draft)
  std::unique_ptr<Screen> (*make)();
};

const ScreenDef& screen_def(ScreenId id);
inline constexpr size_t kScreenCount = static_cast<size_t>(ScreenId::Count);

}  // namespace ui
