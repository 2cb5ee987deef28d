// The table of screens: one row each. Order follows ScreenId (checked below).
#include "app.hpp"
#include "edition.hpp"
#include "screen.hpp"

namespace ui {

std::unique_ptr<Screen> make_home_screen();       // screen_home.cpp
std::unique_ptr<Screen> make_unit_screen();       // screen_unit.cpp
std::unique_ptr<Screen> make_form_screen();       // screen_form.cpp
std::unique_ptr<Screen> make_keys_screen();       // screen_keys.cpp
std::unique_ptr<Screen> make_submit_screen();     // screen_submit.cpp
std::unique_ptr<Screen> make_verify_screen();     // screen_verify.cpp
std::unique_ptr<Screen> make_notes_screen();      // screen_notes.cpp
std::unique_ptr<Screen> make_parts_screen();      // screen_parts.cpp (office edition), edition/unit.cpp

namespace {

constexpr ScreenDef kScreens[] = {
    {ScreenId::Home, "home", false, make_home_screen},
    {ScreenId::Unit, "unit", true, make_unit_screen},
    {ScreenId::Form, "form", true, make_form_screen},
    {ScreenId::Keys, "keys", false, make_keys_screen},
    {ScreenId::Submit, "submit", true, make_submit_screen},
    {ScreenId::Verify, "verify", false, make_verify_screen},
    {ScreenId::Aggregate, "aggregate", false, make_aggregate_entry_screen},  // web/edition.hpp
    {ScreenId::Notes, "notes", true, make_notes_screen},
    {ScreenId::Parts, "parts", false, make_parts_screen},
};

constexpr bool table_matches_enum() {
  if (std::size(kScreens) != kScreenCount) return false;
  for (size_t i = 0; i < std::size(kScreens); ++i)
    if (static_cast<size_t>(kScreens[i].id) != i) return false;
  return true;
}
static_assert(table_matches_enum(), "kScreens has one row per ScreenId, in the enum's order");

}  // namespace

const ScreenDef& screen_def(ScreenId id) { return kScreens[static_cast<size_t>(id)]; }

// App shows a needs_draft screen only with a current draft whose rubric is here.
void DraftScreen::draw(App& app) {
  if (Draft* d = app.drafts().current()) draw(app, *d);
}

}  // namespace ui
