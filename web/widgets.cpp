#include "widgets.hpp"

#include <algorithm>
#include <map>

#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "platform.hpp"

namespace ui {
namespace {

std::map<std::string, std::string> g_edit;  // what the user is typing, per widget id

// An InputText that shows `shown` when idle and keeps the typed text while active.
bool edit_box(const std::string& id, const std::string& shown, std::string* typed, float width, const char* hint = nullptr) {
  ImGuiID gid = ImGui::GetID(id.c_str());
  std::string& buf = g_edit[id];
  bool active = ImGui::GetActiveID() == gid;
  if (!active) buf = shown;
  ImGui::SetNextItemWidth(width);
  bool changed = hint ? ImGui::InputTextWithHint(id.c_str(), hint, &buf) : ImGui::InputText(id.c_str(), &buf);
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
  bool changed = edit_box(id, display_value(slot, type), &typed, w);
  if (suffix) {
    ImGui::SameLine();
    ImGui::TextUnformatted(suffix);
  }
  if (changed) slot = parse_typed(typed, type);
  return changed;
}

}  // namespace

void drag_to_scroll() {
  ImGuiContext& g = *GImGui;
  ImGuiWindow* w = g.CurrentWindow;
  ImGuiIO& io = ImGui::GetIO();
  if (io.MouseSource != ImGuiMouseSource_TouchScreen) return;
  ImGuiID id = w->GetID("##drag-scroll");
  ImGui::KeepAliveID(id);
  bool hovered = false, held = false;
  if (g.ActiveId == id || (g.HoveredId == 0 && ImGui::IsWindowHovered()))
    ImGui::ButtonBehavior(w->Rect(), id, &hovered, &held, ImGuiButtonFlags_MouseButtonLeft);
  if (held && io.MouseDelta.y != 0.0f) ImGui::SetScrollY(w, w->Scroll.y - io.MouseDelta.y);
}

float touch_height() { return is_narrow() ? 40.0f : 0.0f; }
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

cds::Json parse_typed(const std::string& typed_raw, cds::InputType type) {
  std::string typed = cds::to_nfc_lossy(typed_raw);
  std::string t(cds::trim(typed));
  if (t.empty()) return nullptr;
  switch (type) {
    case cds::InputType::Count:
    case cds::InputType::Number:
    case cds::InputType::Percent: {
      auto p = cds::parse_vn_number(t);
      if (!p) return t;  // kept as typed; the engine says why it is invalid
      if (p->percent && type != cds::InputType::Percent) return t;
      return cds::num_to_json(p->value);
    }
    case cds::InputType::Date: {
      if (auto d = cds::parse_vn_date(t)) return cds::to_iso(*d);
      return t;
    }
    default:
      return t;
  }
}

namespace {

// A numerator / denominator pair; the denominator may come from the general information.
bool ratio_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, const cds::Json& general, const cds::Rubric& rubric,
                 float width) {
  small_label(in.label);
  if (!slot.is_object() && !slot.is_null()) {
    // Something else was stored (an old or hand-edited file): keep it visible, start over on edit.
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", T("Giá trị không đúng dạng tử số/mẫu số", "Not a numerator/denominator pair"));
  }
  cds::Json num = slot.is_object() && slot.contains("num") ? slot["num"] : cds::Json();
  cds::Json den = slot.is_object() && slot.contains("den") ? slot["den"] : cds::Json();
  float half = is_narrow() ? width : (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
  ImGui::BeginGroup();
  small_label(in.num_label.empty() ? T("Tử số", "Numerator") : in.num_label);
  bool c1 = number_box("##" + id + ":num", num, cds::InputType::Number, half);
  ImGui::EndGroup();
  if (!is_narrow()) ImGui::SameLine();
  ImGui::BeginGroup();
  small_label(in.den_label.empty() ? T("Mẫu số", "Denominator") : in.den_label);
  bool c2 = false;
  if (!in.den_from.empty() && den.is_null()) {
    const cds::GeneralInfoField* g = rubric.general(in.den_from);
    const cds::Json* gv = general.is_object() && general.contains(in.den_from) ? &general[in.den_from] : nullptr;
    std::string shown = gv && !gv->is_null() ? display_value(*gv, cds::InputType::Number) : T("(chưa nhập)", "(not entered)");
    ImGui::TextWrapped("%s %s", shown.c_str(), T("— từ Thông tin chung", "— from general information"));
    if (g && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", g->label.c_str());
  } else {
    c2 = number_box("##" + id + ":den", den, cds::InputType::Number, half);
  }
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

bool yes_no_field(const std::string& id, const cds::InputDef& in, cds::Json& slot) {
  small_label(in.label);
  bool changed = false;
  bool is_yes = slot.is_boolean() && slot.get<bool>();
  bool is_no = slot.is_boolean() && !slot.get<bool>();
  if (ImGui::RadioButton((std::string(T("Có", "Yes")) + "##" + id + ":yes").c_str(), is_yes)) {
    slot = true;
    changed = true;
  }
  ImGui::SameLine(0, 24);
  if (ImGui::RadioButton((std::string(T("Không", "No")) + "##" + id + ":no").c_str(), is_no)) {
    slot = false;
    changed = true;
  }
  if (!slot.is_null() && !slot.is_boolean()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", T("(giá trị lạ)", "(odd value)"));
  }
  return changed;
}

bool choice_field(const std::string& id, const cds::InputDef& in, cds::Json& slot, float width) {
  small_label(in.label);
  bool changed = false;
  std::string cur = slot.is_string() ? slot.get<std::string>() : "";
  for (const auto& o : in.options) {
    ImGui::PushID(o.value.c_str());
    if (ImGui::RadioButton(("##" + id + ":" + o.value).c_str(), cur == o.value)) {
      slot = o.value;
      changed = true;
    }
    ImGui::SameLine();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - ImGui::GetFrameHeight() - 8);
    std::string label = o.label + (o.printed ? "" : std::string(T(" (không in trong văn bản)", " (not printed)")));
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
  ImGui::PushID(id.c_str());
  switch (in.type) {
    case cds::InputType::Count:
    case cds::InputType::Number:
      small_label(in.label + (in.unit.empty() ? "" : " (" + in.unit + ")"));
      changed = number_box("##" + id, slot, in.type, width);
      break;
    case cds::InputType::Percent:
      small_label(in.label);
      changed = number_box("##" + id, slot, in.type, width, "%");
      break;
    case cds::InputType::Ratio: changed = ratio_field(id, in, slot, general, rubric, width); break;
    case cds::InputType::YesNo: changed = yes_no_field(id, in, slot); break;
    case cds::InputType::Choice: changed = choice_field(id, in, slot, width); break;
    case cds::InputType::Date: {
      small_label(in.label);
      std::string typed;
      if (edit_box("##" + id, display_value(slot, cds::InputType::Date), &typed, width, "dd/mm/yyyy")) {
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
  if (!in.help.empty()) text_disabled_wrapped(in.help);
  ImGui::PopID();
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


bool button(const char* label, bool primary) {
  if (primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.10f, 0.34f, 0.86f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.15f, 0.42f, 0.95f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  }
  bool r = ImGui::Button(label, ImVec2(0, touch_height()));
  if (primary) ImGui::PopStyleColor(3);
  return r;
}

bool small_button(const char* label) { return is_narrow() ? ImGui::Button(label, ImVec2(0, 34)) : ImGui::SmallButton(label); }

ImVec4 status_color(cds::Status status) {
  switch (status) {
    case cds::Status::Answered: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
    case cds::Status::Unanswered: return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    case cds::Status::Invalid: return ImVec4(0.85f, 0.12f, 0.12f, 1);
    case cds::Status::Pending: break;
  }
  return ImVec4(0.15f, 0.45f, 0.9f, 1);
}

}  // namespace ui
