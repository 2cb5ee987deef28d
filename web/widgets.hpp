// web/widgets.hpp — input widgets for rubric inputs and small UI helpers.
//
// Number fields accept "1.234,5", "3,8", "1234.5" and "62 %"; while a field is being edited it
// shows exactly what was typed, otherwise the value formatted the Vietnamese way. A value that does
// not parse is stored as typed (so the draft keeps it and the engine reports why it is invalid),
// never silently changed. Widget ids are "##in:<criterion>:<input>[:part]" so browser tests can
// find them through window.cds.items().
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include "cds/base/json_io.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "theme.hpp"

namespace ui {

// The current theme's colours (web/theme.hpp; App::apply_style sets it). State colours for text:
// error (red), warning (orange), ok (green), link/highlight (blue), each AA on the page and in fields.
const theme::Palette& pal();
void set_palette(theme::Id id);
ImVec4 col(theme::Rgb c, float alpha = 1.0f);
inline ImVec4 c_error() { return col(pal().error); }
inline ImVec4 c_warn() { return col(pal().warning); }
inline ImVec4 c_ok() { return col(pal().ok); }
inline ImVec4 c_link() { return col(pal().link); }
// Pushes the colours of the screen's main action (primary) or a destructive one (danger); pop 4.
void push_primary_colors();
void push_danger_colors();

// Minimum touch target in CSS pixels (44, WCAG 2.5.5 / platform guidelines), and the height buttons
// get: that on phones, ImGui's own elsewhere (0).
float touch_target();
float touch_height();
bool is_narrow();  // one-column layout (phones)

// The criterion's messages while its fields are drawn (nullptr after): a field named by an error's
// Message::input gets a red outline and the reason under it; when the criterion is partly filled,
// each empty field named by "input.missing" says "Chưa nhập". FormScreen sets it per criterion.
void set_field_messages(const cds::Messages* messages, bool partly_filled);
// The field for one rubric input; `slot` is the answers value (null = unanswered). Returns true
// when the value changed. `general` supplies denominators taken from general information.
bool input_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, const cds::Json& general,
                 const cds::Rubric& rubric, float width);
// A general-information field (count / number / percent / text / date / yesno).
bool general_field(const std::string& id, const cds::GeneralInfoField& f, cds::Json& slot, float width);
// A text field bound to a std::string (unit name, notes…); multiline when `lines` > 1.
bool text_field(const std::string& id, std::string& value, float width, int lines = 1, const char* hint = nullptr);

// The text shown for a stored value when not editing.
std::string display_value(const cds::Json& v, cds::InputType type);
// Parses what was typed into the stored value: number, ISO date, raw text (invalid), or null.
cds::Json parse_typed(const std::string& typed, cds::InputType type);

// A table's bold column headings on one line at x0 + each column's x, then a separator.
void column_headings(float x0, std::initializer_list<std::pair<float, const char*>> cols);
void text_wrapped(const std::string& s);
void text_disabled_wrapped(const std::string& s);
void text_colored_wrapped(const ImVec4& color, const std::string& s);
void heading(const std::string& s);  // bold, wrapped
// Buttons of the app. After SameLine() one that would not fit takes the next row; one whose label
// is wider than its row (or than `room`, a column's width) is that wide, its label wrapped.
bool button(const char* label, bool primary = false);
bool small_button(const char* label, float room = 0);
// One choice drawn as a full-width, touch-sized row (radio mark + wrapped label); phones.
bool option_row(const std::string& label_id, bool selected, float width);
// A passphrase field with a "Hiện/Ẩn" (show/hide) button beside it; text kept in NFC.
bool passphrase_field(const std::string& id, std::string& value, float width, const char* hint);
// A table cell's text: whole when it fits, else cut with "…" and the whole text in a tooltip.
void cell_text(const std::string& s);
// Where a tooltip's or a small popup's text wraps: `em` font heights, or less where the screen is
// narrower (a phone's 360 px), so that none is cut at the screen's edge. For PushTextWrapPos.
float wrap_at(float em);
// A tooltip of `text` wrapped at wrap_at(30): for the last item when hovered (item_tooltip, as
// ImGui::SetItemTooltip), or now (tooltip, as ImGui::SetTooltip). ImGui's own are one line as
// long as the text, cut on a phone.
void item_tooltip(const char* text);
void tooltip(const char* text);
// ImGui::EndPopup, then the tests' text capture goes on (a popup's End stops ImGui's log).
void end_popup();
// A clickable line of text wrapped to `width` (0: the rest of the row); touch-sized on phones.
bool link_row(const std::string& label_id, float width = 0);
// A button that opens a file picker: synchronously from the pointer handler through a gesture
// zone (Safari needs the user's gesture), or from here for keyboard activation.
bool open_button(const char* label, const platform::FilePicker& picker, bool primary = false);
bool open_small_button(const char* label, const platform::FilePicker& picker);
float button_width(const char* label);
// A full-width row of a phone's menu: the popup with its padding and scrollbar fits the screen at any text size.
float menu_row_width();
// Keeps the next widget of `w` px on this row when it fits, else starts a new row (phones, large text).
void same_line_if_fits(float w);
ImVec4 status_color(cds::Status status);
void forget_edit_buffers();       // after switching drafts
// Touch: dragging on empty space scrolls the current window (imgui #3379). Call before EndChild.
void drag_to_scroll();

}  // namespace ui
