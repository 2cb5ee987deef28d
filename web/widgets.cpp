#include "widgets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "platform.hpp"
#include "test_hooks.hpp"

namespace ui {
namespace {

std::map<std::string, std::string> g_edit;  // what the user is typing, per widget id

// An InputText that shows `shown` when idle and keeps the typed text while active.
// The field being typed into stays in view: when the phone keyboard comes up the page gets shorter
// (meta viewport interactive-widget=resizes-content) and the field may end up under it.
void keep_in_view() {
  // Only when the page just got shorter (the keyboard came up) or the field was just activated, so
  // that scrolling away from a field being edited is not undone.
  static float last_h = 0;
  float h = ImGui::GetIO().DisplaySize.y;
  bool shrunk = h < last_h - 1;
  if (ImGui::IsItemActive()) last_h = h;
  if (!ImGui::IsItemActive() || !(shrunk || ImGui::IsItemActivated())) return;
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (r.Max.y > w->InnerClipRect.Max.y - 4 || r.Min.y < w->InnerClipRect.Min.y) ImGui::SetScrollHereY(0.4f);
}

// `mode` is the phone keyboard it wants while active ("decimal" for numbers and dates).
bool edit_box(const std::string& id, const std::string& shown, std::string* typed, float width, const char* hint = nullptr,
              const char* mode = nullptr) {
  ImGuiID gid = ImGui::GetID(id.c_str());
  std::string& buf = g_edit[id];
  bool active = ImGui::GetActiveID() == gid;
  if (!active) buf = shown;
  ImGui::SetNextItemWidth(width);
  bool changed = hint ? ImGui::InputTextWithHint(id.c_str(), hint, &buf) : ImGui::InputText(id.c_str(), &buf);
  if (mode && ImGui::IsItemActive()) platform::set_text_mode(mode);
  keep_in_view();
  if (changed) *typed = buf;
  return changed;
}

void small_label(const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  text_wrapped(s);
  ImGui::PopStyleColor();
}

bool number_box(const std::string& id, cds::Json& slot, cds::InputType type, float width, const char* suffix = nullptr) {
  std::string typed;
  float w = suffix ? width - ImGui::CalcTextSize(suffix).x - ImGui::GetStyle().ItemSpacing.x : width;
  bool changed = edit_box(id, display_value(slot, type), &typed, w, nullptr, "decimal");
  if (suffix) {
    ImGui::SameLine();
    ImGui::TextUnformatted(suffix);
  }
  if (changed) slot = parse_typed(typed, type);
  return changed;
}

const theme::Palette* g_palette = &theme::palette(theme::Id::Light);
const cds::Messages* g_field_messages = nullptr;
bool g_partly_filled = false;

}  // namespace

const theme::Palette& pal() { return *g_palette; }
void set_field_messages(const cds::Messages* messages, bool partly_filled) {
  g_field_messages = messages;
  g_partly_filled = partly_filled;
}
void set_palette(theme::Id id) { g_palette = &theme::palette(id); }
ImVec4 col(theme::Rgb c, float alpha) { return ImVec4(c.r, c.g, c.b, alpha); }
void push_primary_colors() {
  ImGui::PushStyleColor(ImGuiCol_Button, col(pal().primary));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, col(pal().primary_hover));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, col(pal().primary_hover));
  ImGui::PushStyleColor(ImGuiCol_Text, col(pal().primary_text));
}
void push_danger_colors() {
  ImGui::PushStyleColor(ImGuiCol_Button, col(pal().danger));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, col(pal().danger));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, col(pal().danger));
  ImGui::PushStyleColor(ImGuiCol_Text, col(pal().danger_text));
}

void drag_to_scroll() {
  ImGuiContext& g = *GImGui;
  ImGuiWindow* w = g.CurrentWindow;
  ImGuiIO& io = ImGui::GetIO();
  if (io.MouseSource != ImGuiMouseSource_TouchScreen) return;
  ImGuiID id = w->GetID("##drag-scroll");
  ImGui::KeepAliveID(id);
  // A finger that lands on a button, option row, link or a field and then moves is scrolling, as in
  // every phone app: the item lets go (no click, no keyboard) and the drag scrolls. A text field the
  // user was already typing in (active before this touch) keeps its drag for selecting text.
  bool typing_before = g.InputTextState.ID == g.ActiveId && g.ActiveIdTimer > io.MouseDownDuration[0] + 0.05f;
  if (g.ActiveId != 0 && g.ActiveId != id && ImGui::IsMouseDragging(0, 10.0f) && g.ActiveIdWindow &&
      (g.ActiveIdWindow == w || g.ActiveIdWindow->RootWindow == w->RootWindow) && !typing_before &&
      w->Rect().Contains(io.MouseClickedPos[0]) && std::fabs(io.MousePos.y - io.MouseClickedPos[0].y) > std::fabs(io.MousePos.x - io.MouseClickedPos[0].x)) {
    ImGui::ClearActiveID();
    ImGui::SetActiveID(id, w);
    g.ActiveIdMouseButton = 0;
    ImGui::SetKeyOwner(ImGuiKey_MouseLeft, id);  // the item that had the press owned the button
  }
  bool hovered = false, held = false;
  if (g.ActiveId == id || (g.HoveredId == 0 && ImGui::IsWindowHovered()))
    ImGui::ButtonBehavior(w->Rect(), id, &hovered, &held, ImGuiButtonFlags_MouseButtonLeft);
  if (held && io.MouseDelta.y != 0.0f) ImGui::SetScrollY(w, w->Scroll.y - io.MouseDelta.y);
}

float touch_target() { return 44.0f; }
float touch_height() { return is_narrow() ? touch_target() : 0.0f; }
bool is_narrow() { return ImGui::GetIO().DisplaySize.x < 760.0f; }
void forget_edit_buffers() { g_edit.clear(); }

std::string display_value(const cds::Json& v, cds::InputType type) {
  if (v.is_null()) return "";
  if (v.is_string()) {
    if (type == cds::InputType::Date)
      if (auto d = cds::parse_iso_date(v.get<std::string>())) return cds::format_date(*d);
    return v.get<std::string>();  // as typed (invalid, or text)
  }
  if (auto n = cds::json_num(v)) return cds::format_number(*n, lang(), 6, true);
  return v.dump();
}

cds::Json parse_typed(const std::string& typed, cds::InputType type) { return cds::input_from_text(typed, type); }

namespace {

// A numerator / denominator pair; the denominator may come from the general information.
bool ratio_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, const cds::Json& general, const cds::Rubric& rubric,
                 float width) {
  small_label(in.label);
  if (!slot.is_object() && !slot.is_null()) {
    // Something else was stored (an old or hand-edited file): keep it visible, start over on edit.
    text_colored_wrapped(c_error(), T("Giá trị không đúng dạng tử số/mẫu số", "Not a numerator/denominator pair"));
  }
  cds::Json num = slot.is_object() && slot.contains("num") ? slot["num"] : cds::Json();
  cds::Json den = slot.is_object() && slot.contains("den") ? slot["den"] : cds::Json();
  float half = is_narrow() ? width : (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  // Each half wraps its own label at its own width: a long numerator label wrapped at the whole
  // column's edge pushed the denominator past the table's right edge (NQ57 A.II.1, A.III.2.4).
  // Side by side, the shorter label gets the difference below it so the two boxes line up.
  const std::string num_label = in.num_label.empty() ? T("Tử số", "Numerator") : in.num_label;
  const std::string den_label = in.den_label.empty() ? T("Mẫu số", "Denominator") : in.den_label;
  const float h_num = ImGui::CalcTextSize(num_label.c_str(), nullptr, false, half).y;
  const float h_den = ImGui::CalcTextSize(den_label.c_str(), nullptr, false, half).y;
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half);
  small_label(num_label);
  ImGui::PopTextWrapPos();
  if (!is_narrow() && h_den > h_num) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (h_den - h_num));
  bool c1 = number_box("##" + id + ":num", num, cds::InputType::Number, half);
  ImGui::EndGroup();
  if (!is_narrow()) ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half);
  small_label(den_label);
  if (!is_narrow() && h_num > h_den) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (h_num - h_den));
  bool c2 = false;
  if (!in.den_from.empty() && den.is_null()) {
    const cds::GeneralInfoField* g = rubric.general(in.den_from);
    const cds::Json* gv = general.is_object() && general.contains(in.den_from) ? &general[in.den_from] : nullptr;
    std::string shown = gv && !gv->is_null() ? display_value(*gv, cds::InputType::Number) : T("(chưa nhập)", "(not entered)");
    ImGui::TextWrapped("%s %s", shown.c_str(), T("— từ Thông tin chung", "— from general information"));
    if (g && ImGui::IsItemHovered()) tooltip(g->label.c_str());
  } else {
    c2 = number_box("##" + id + ":den", den, cds::InputType::Number, half);
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  if (!c1 && !c2) return false;
  if (num.is_null() && den.is_null()) {
    slot = nullptr;
  } else {
    cds::Json obj = cds::Json::object();
    obj["num"] = num;
    if (!den.is_null()) obj["den"] = den;
    slot = obj;
  }
  return true;
}

}  // namespace

// One choice as a row at least touch_target() tall: a radio mark and the label wrapped to `width`;
// the whole row is the target. `label_id` is "Label##id" like ImGui's own widgets.
bool option_row(const std::string& label_id, bool selected, float width) {
  const ImGuiStyle& st = ImGui::GetStyle();
  auto hash = label_id.find("##");
  std::string label = label_id.substr(0, hash);
  float mark = ImGui::GetFontSize();
  float text_w = std::max(40.0f, width - mark - st.ItemInnerSpacing.x * 3);
  ImVec2 ts = ImGui::CalcTextSize(label.c_str(), nullptr, false, text_w);
  float h = std::max(touch_target(), ts.y + st.FramePadding.y * 2);
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool clicked = ImGui::InvisibleButton(label_id.c_str(), ImVec2(width, h));
  ImGuiID id = ImGui::GetItemID();
  ImGuiContext& g = *GImGui;
  IMGUI_TEST_ENGINE_ITEM_INFO(id, label_id.c_str(), ImGuiItemStatusFlags_Checkable | (selected ? ImGuiItemStatusFlags_Checked : 0));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const theme::Palette& pl = pal();
  ImU32 bg = ImGui::GetColorU32(ImGui::IsItemActive() ? col(pl.button_active) : ImGui::IsItemHovered() ? col(pl.frame_hover) : col(pl.frame));
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), bg, st.FrameRounding);
  dl->AddRect(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(selected ? col(pl.mark) : col(pl.border, 0.55f)), st.FrameRounding, 0, selected ? 2.0f : 1.0f);
  ImVec2 c(p.x + st.ItemInnerSpacing.x + mark * 0.5f, p.y + h * 0.5f);
  dl->AddCircle(c, mark * 0.45f, ImGui::GetColorU32(col(pl.border)), 0, 1.5f);
  if (selected) dl->AddCircleFilled(c, mark * 0.28f, ImGui::GetColorU32(col(pl.mark)));
  dl->AddText(nullptr, 0.0f, ImVec2(c.x + mark * 0.5f + st.ItemInnerSpacing.x * 2, p.y + (h - ts.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_Text),
              label.c_str(), nullptr, text_w);
  if (g.LogEnabled) ImGui::LogText("%s\n", label.c_str());  // tests read the screen's text from ImGui's log
  return clicked;
}

bool passphrase_field(const std::string& id, std::string& value, float width, const char* hint) {
  static std::map<std::string, bool> shown;  // per field: the user pressed "Hiện"
  bool& show = shown[id];
  const char* toggle = show ? T("Ẩn##show", "Hide##show") : T("Hiện##show", "Show##show");
  float bw = button_width(T("Hiện##show", "Show##show")) + 8;
  ImGui::SetNextItemWidth(std::max(80.0f, width - bw - ImGui::GetStyle().ItemSpacing.x));
  bool changed = ImGui::InputTextWithHint(id.c_str(), hint, &value, show ? 0 : ImGuiInputTextFlags_Password);
  if (changed) value = cds::to_nfc_lossy(value);
  ImGui::SameLine();
  ImGui::PushID(id.c_str());
  if (ImGui::Button(toggle, ImVec2(bw, touch_height()))) show = !show;
  ImGui::PopID();
  if (ImGui::IsItemHovered()) tooltip(T("Hiện hoặc ẩn cụm mật khẩu đang gõ (kiểm tra dấu tiếng Việt)", "Show or hide the passphrase (check the Vietnamese accents)"));
  return changed;
}

float wrap_at(float em) {
  const ImGuiStyle& st = ImGui::GetStyle();
  float screen = ImGui::GetMainViewport()->WorkSize.x - 2 * (st.WindowPadding.x + st.DisplaySafeAreaPadding.x);
  return st.WindowPadding.x + std::max(ImGui::GetFontSize() * 8, std::min(ImGui::GetFontSize() * em, screen));
}

void tooltip(const char* text) {
  if (!ImGui::BeginTooltip()) return;
  ImGui::PushTextWrapPos(wrap_at(30));
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void item_tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_ForTooltip)) tooltip(text);
}

void cell_text(const std::string& s) {
  float avail = ImGui::GetContentRegionAvail().x;
  ImVec2 ts = ImGui::CalcTextSize(s.c_str(), s.c_str() + s.size());
  if (ts.x <= avail || avail <= 0) {
    ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
    return;
  }
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(avail, ts.y));
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), p, ImVec2(p.x + avail, p.y + ts.y), p.x + avail, p.x + avail, s.c_str(),
                            s.c_str() + s.size(), &ts);
  ImGuiContext& g = *GImGui;
  if (g.LogEnabled) ImGui::LogText("%s ", s.c_str());
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(wrap_at(30));
    ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    testhooks::capture_resume();
  }
}

void end_popup() {
  ImGui::EndPopup();
  testhooks::capture_resume();
}

// A clickable line of text that wraps to `width` (a link to a criterion, a problem): at least
// touch_height() tall on phones; a hover background like a Selectable.
bool link_row(const std::string& label_id, float width) {
  const ImGuiStyle& st = ImGui::GetStyle();
  auto hash = label_id.find("##");
  std::string label = label_id.substr(0, hash);
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;
  float text_w = std::max(40.0f, width - st.FramePadding.x * 2);
  ImVec2 ts = ImGui::CalcTextSize(label.c_str(), nullptr, false, text_w);
  float pad_y = is_narrow() ? st.FramePadding.y * 0.5f : st.FramePadding.y * 0.3f;
  float h = std::max(touch_height(), ts.y + pad_y * 2);
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool clicked = ImGui::InvisibleButton(label_id.c_str(), ImVec2(width, h));
  ImGuiID id = ImGui::GetItemID();
  ImGuiContext& g = *GImGui;
  IMGUI_TEST_ENGINE_ITEM_INFO(id, label_id.c_str(), 0);
  if (ImGui::IsItemHovered() || ImGui::IsItemActive())
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_HeaderActive : ImGuiCol_HeaderHovered),
                                              st.FrameRounding);
  ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f, ImVec2(p.x + st.FramePadding.x, p.y + (h - ts.y) * 0.5f), ImGui::GetColorU32(c_link()),
                                      label.c_str(), nullptr, text_w);
  if (g.LogEnabled) ImGui::LogText("%s\n", label.c_str());  // tests read the screen's text from ImGui's log
  return clicked;
}

namespace {

bool yes_no_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, float width) {
  small_label(in.label);
  bool changed = false;
  bool is_yes = slot.is_boolean() && slot.get<bool>();
  bool is_no = slot.is_boolean() && !slot.get<bool>();
  std::string yes = std::string(T("Có", "Yes")) + "##" + id + ":yes", no = std::string(T("Không", "No")) + "##" + id + ":no";
  if (is_narrow()) {  // two touch-sized halves side by side
    float half = (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    if (option_row(yes, is_yes, half)) slot = true, changed = true;
    ImGui::SameLine();
    if (option_row(no, is_no, half)) slot = false, changed = true;
  } else {
    if (ImGui::RadioButton(yes.c_str(), is_yes)) slot = true, changed = true;
    ImGui::SameLine(0, 24);
    if (ImGui::RadioButton(no.c_str(), is_no)) slot = false, changed = true;
  }
  if (!slot.is_null() && !slot.is_boolean()) {
    ImGui::SameLine();
    text_colored_wrapped(c_error(), T("(giá trị lạ)", "(odd value)"));
  }
  return changed;
}

bool choice_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, float width) {
  small_label(in.label);
  bool changed = false;
  std::string cur = slot.is_string() ? slot.get<std::string>() : "";
  for (const auto& o : in.options) {
    if (is_narrow()) {  // one touch-sized row per option, the label wrapped inside it
      std::string label = o.label + (o.printed ? "" : std::string(T(" (cds thêm: văn bản không nêu mức này)", " (added by cds: the document lists no such level)")));
      if (option_row(label + "##" + id + ":" + o.value, cur == o.value, width)) slot = o.value, changed = true;
      continue;
    }
    ImGui::PushID(o.value.c_str());
    if (ImGui::RadioButton(("##" + id + ":" + o.value).c_str(), cur == o.value)) {
      slot = o.value;
      changed = true;
    }
    ImGui::SameLine();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - ImGui::GetFrameHeight() - 8);
    std::string label = o.label + (o.printed ? "" : std::string(T(" (cds thêm: văn bản không nêu mức này)", " (added by cds: the document lists no such level)")));
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemClicked()) {
      slot = o.value;
      changed = true;
    }
    ImGui::PopID();
  }
  return changed;
}

// Counts per reporting frequency (monthly, quarterly…), only those the input asks for.
bool frequency_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, float width) {
  small_label(in.label);
  static const std::pair<const char*, std::pair<const char*, const char*>> kNames[] = {
      {"monthly", {"Tháng", "Monthly"}}, {"quarterly", {"Quý", "Quarterly"}}, {"semiannual", {"6 tháng", "Half-yearly"}}, {"annual", {"Năm", "Annual"}}};
  float cell = is_narrow() ? (width - 8) / 2 : (width - 3 * ImGui::GetStyle().ItemSpacing.x) / 4;
  bool changed = false;
  int shown = 0;
  for (const auto& [key, names] : kNames) {
    if (std::find(in.frequencies.begin(), in.frequencies.end(), key) == in.frequencies.end()) continue;
    if (shown++ % (is_narrow() ? 2 : 4) != 0) ImGui::SameLine();
    ImGui::BeginGroup();
    small_label(T(names.first, names.second));
    cds::Json v = slot.is_object() && slot.contains(key) ? slot[key] : cds::Json();
    if (number_box("##" + id + ":" + key, v, cds::InputType::Count, cell)) {
      if (!slot.is_object()) slot = cds::Json::object();
      slot[key] = v;
      changed = true;
    }
    ImGui::EndGroup();
  }
  return changed;
}

}  // namespace

bool input_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, const cds::Json& general,
                 const cds::Rubric& rubric, float width) {
  bool changed = false;
  // This field's own messages (Message::input): errors mark it, "input.missing" names it.
  std::vector<const cds::Message*> errors;
  bool missing = false;
  if (g_field_messages)
    for (const auto& m : *g_field_messages) {
      if (m.input != in.id) continue;
      if (m.severity == cds::Severity::Error) errors.push_back(&m);
      else if (m.code == "input.missing") missing = true;
    }
  ImGui::BeginGroup();
  ImGui::PushID(id.c_str());
  switch (in.type) {
    case cds::InputType::Count:
    case cds::InputType::Number:
    {
      // The unit after the label, unless the document's label already ends with it ("(tỷ đồng)").
      std::string u = in.unit.empty() ? "" : " (" + in.unit + ")";
      bool has_unit = u.empty() || (in.label.size() >= u.size() && in.label.compare(in.label.size() - u.size(), u.size(), u) == 0);
      small_label(has_unit ? in.label : in.label + u);
      changed = number_box("##" + id, slot, in.type, width);
      break;
    }
    case cds::InputType::Percent:
      small_label(in.label);
      changed = number_box("##" + id, slot, in.type, width, "%");
      break;
    case cds::InputType::Ratio: changed = ratio_field(id, in, slot, general, rubric, width); break;
    case cds::InputType::YesNo: changed = yes_no_field(id, in, slot, width); break;
    case cds::InputType::Choice: changed = choice_field(id, in, slot, width); break;
    case cds::InputType::Date: {
      small_label(in.label);
      std::string typed;
      if (edit_box("##" + id, display_value(slot, cds::InputType::Date), &typed, width, "dd/mm/yyyy", "decimal")) {
        slot = parse_typed(typed, cds::InputType::Date);
        changed = true;
      }
      break;
    }
    case cds::InputType::FrequencyCounts: changed = frequency_field(id, in, slot, width); break;
    case cds::InputType::Text: {
      small_label(in.label);
      std::string s = slot.is_string() ? slot.get<std::string>() : "";
      if (text_field("##" + id, s, width)) {
        slot = s.empty() ? cds::Json() : cds::Json(s);
        changed = true;
      }
      break;
    }
  }
  for (const auto* m : errors) text_colored_wrapped(c_error(), "✕ " + m->text(lang()));
  if (missing && g_partly_filled) text_colored_wrapped(c_warn(), T("Chưa nhập ô này", "This field is empty"));
  if (!in.help.empty()) text_disabled_wrapped(in.help);
  ImGui::PopID();
  ImGui::EndGroup();
  if (!errors.empty()) {  // a red frame around the field and its reason
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 3, a.y - 2), ImVec2(b.x + 3, b.y + 2), ImGui::GetColorU32(c_error()), 4.0f, 0, 2.0f);
  }
  return changed;
}

bool general_field(const std::string& id, const cds::GeneralInfoField& f, cds::Json& slot, float width) {
  cds::InputDef in;
  in.id = f.id;
  in.type = f.type;
  in.label = f.label;
  in.unit = f.unit;
  in.help = f.help;
  static const cds::Rubric kNone;
  return input_field(id, in, slot, cds::Json(), kNone, width);
}

bool text_field(const std::string& id, std::string& value, float width, int lines, const char* hint) {
  std::string before = value;
  bool changed;
  if (lines > 1) {
    changed = ImGui::InputTextMultiline(id.c_str(), &value, ImVec2(width, ImGui::GetTextLineHeightWithSpacing() * lines + 8));
  } else {
    ImGui::SetNextItemWidth(width);
    changed = hint ? ImGui::InputTextWithHint(id.c_str(), hint, &value) : ImGui::InputText(id.c_str(), &value);
  }
  keep_in_view();
  if (changed) value = cds::to_nfc_lossy(value);
  return changed && value != before;
}

void column_headings(float x0, std::initializer_list<std::pair<float, const char*>> cols) {
  ImGui::PushFont(fonts::bold());
  float y = ImGui::GetCursorPosY();
  for (const auto& [x, label] : cols) {
    ImGui::SetCursorPos(ImVec2(x0 + x, y));
    ImGui::TextUnformatted(label);
  }
  ImGui::PopFont();
  ImGui::Separator();
}

namespace {

// The last item opens `picker`: from the pointer handler (its zone) or now (keyboard).
bool picker_item(bool clicked, const platform::FilePicker& picker) {
  ImVec2 p0 = ImGui::GetItemRectMin(), p1 = ImGui::GetItemRectMax();
  platform::add_picker_zone(p0.x, p0.y, p1.x - p0.x, p1.y - p0.y, picker);
  if (clicked) platform::open_picker(picker);
  return clicked;
}

}  // namespace

bool open_button(const char* label, const platform::FilePicker& picker, bool primary) { return picker_item(button(label, primary), picker); }
bool open_small_button(const char* label, const platform::FilePicker& picker) { return picker_item(small_button(label), picker); }

float button_width(const char* label) { return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2; }

float menu_row_width() {
  const ImGuiStyle& st = ImGui::GetStyle();
  return std::min(
      ImGui::GetMainViewport()->Size.x - 2 * (st.WindowPadding.x + st.DisplaySafeAreaPadding.x) - st.ScrollbarSize - 8,
      300.0f);
}

void same_line_if_fits(float w) {
  const ImGuiStyle& st = ImGui::GetStyle();
  float right = ImGui::GetItemRectMax().x + st.ItemSpacing.x + w;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

void text_wrapped(const std::string& s) {
  // Wrap at the enclosing column if one set a wrap position, else at the window's edge.
  bool own = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.0f;
  if (own) ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(s.c_str(), s.c_str() + s.size());
  if (own) ImGui::PopTextWrapPos();
}

void text_disabled_wrapped(const std::string& s) { text_colored_wrapped(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), s); }

void text_colored_wrapped(const ImVec4& color, const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  text_wrapped(s);
  ImGui::PopStyleColor();
}

void heading(const std::string& s) {
  ImGui::PushFont(fonts::bold());
  text_wrapped(s);
  ImGui::PopFont();
}

// After SameLine(), a button that would run past the window's right edge starts a new row instead
// (phones, tablets and larger text: toolbars wrap rather than cut their last buttons). Half a pixel
// of slack: a button placed to end exactly at the edge (the header's) must not wrap on rounding.
static void wrap_before(const char* label) {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  if (w->DC.IsSameLine && w->DC.CursorPos.x + button_width(label) > w->WorkRect.Max.x + 0.5f) ImGui::NewLine();
}

// A button whose label is wider than `room` (a phone at large text, a narrow column): `room`
// wide, its label wrapped on as many lines as it takes, none of it cut. 0 when it fits as it is.
static float room_short(const char* label, float room) {
  if (room <= 0) room = ImGui::GetContentRegionAvail().x;
  return button_width(label) > room + 0.5f && room > ImGui::GetFontSize() * 3 ? room : 0.0f;
}

static bool wrapped_button(const char* label, float width, float pad_y) {
  ImGuiContext& g = *GImGui;
  const ImGuiStyle& st = g.Style;
  const char* end = ImGui::FindRenderedTextEnd(label);
  float text_w = width - st.FramePadding.x * 2;
  ImVec2 ts = ImGui::CalcTextSize(label, end, false, text_w);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 q(p.x + width, p.y + std::max(touch_height(), ts.y + pad_y * 2));
  bool clicked = ImGui::InvisibleButton(label, ImVec2(width, q.y - p.y));
  ImGuiID id = g.LastItemData.ID;
  IMGUI_TEST_ENGINE_ITEM_INFO(id, label, g.LastItemData.StatusFlags);
  bool held = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
  ImGui::RenderNavHighlight(ImRect(p, q), id);
  ImGui::RenderFrame(p, q, ImGui::GetColorU32(held && hovered ? ImGuiCol_ButtonActive : hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button), true,
                     st.FrameRounding);
  ImVec2 tp(p.x + st.FramePadding.x, p.y + (q.y - p.y - ts.y) * 0.5f);
  ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f, tp, ImGui::GetColorU32(ImGuiCol_Text), label, end, text_w);
  if (g.LogEnabled) {  // tests read the screen's text from ImGui's log: "[ label ]" as for any button
    ImGui::LogSetNextTextDecoration("[", "]");
    ImGui::LogRenderedText(&tp, label, end);
  }
  return clicked;
}

bool button(const char* label, bool primary) {
  wrap_before(label);
  if (primary) push_primary_colors();
  float w = room_short(label, 0);
  bool r = w > 0 ? wrapped_button(label, w, ImGui::GetStyle().FramePadding.y) : ImGui::Button(label, ImVec2(0, touch_height()));
  if (primary) ImGui::PopStyleColor(4);
  return r;
}

bool small_button(const char* label, float room) {
  wrap_before(label);
  if (float w = room_short(label, room)) return wrapped_button(label, w, is_narrow() ? ImGui::GetStyle().FramePadding.y : 0.0f);
  return is_narrow() ? ImGui::Button(label, ImVec2(0, touch_target())) : ImGui::SmallButton(label);
}

ImVec4 status_color(cds::Status status) {
  switch (status) {
    case cds::Status::Answered: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
    case cds::Status::Unanswered: return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    case cds::Status::Invalid: return c_error();
    case cds::Status::Pending: break;
  }
  return c_link();
}

}  // namespace ui
