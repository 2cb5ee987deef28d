// The form: the official table people know (TT | Nội dung | Điểm tối đa | Số liệu | Điểm tự đánh
// giá | Minh chứng) on desktops, one card per criterion on phones. A header that never scrolls
// away shows total / max, answered / total and the problems (click to walk through them). Each
// criterion opens to the official "cách tính điểm", the engine's explanation with the unit's
// figures, the drafting notes, the unit's own note and its evidence.
#include <algorithm>
#include <map>
#include <string>

#include "app.hpp"
#include "cds/rules/advice.hpp"
#include "cds/model/report.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

struct RefForm {
  std::string number, date, title, link;
};
std::map<std::string, RefForm> g_ref_forms;  // evidence reference being typed, per criterion

std::string pts(const cds::Num& n, const cds::Rubric& r) { return fmt_points(n, lang(), r.decimals); }

std::string file_stamp() { return cds::file_stamp(platform::local_time_iso()); }  // from the browser's local time

std::string printed_at() {
  std::string iso = platform::local_time_iso();
  if (iso.size() < 16) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 5);
}

// The unit's code (or name) and the rubric, for file names.
std::string base_name(const Draft& d) {
  return cds::file_name_part(d.answers.unit.code.empty() ? d.answers.unit.name : d.answers.unit.code) + "_" + d.answers.rubric_id;
}

const cds::CriterionScore& score_of(const Draft& d, size_t i) { return d.sheet.criteria[i]; }

void score_cell(const cds::Rubric& r, const cds::Criterion& c, const cds::CriterionScore& cs, bool narrow) {
  ImGui::PushStyleColor(ImGuiCol_Text, status_color(static_cast<int>(cs.status)));
  ImGui::PushFont(fonts::bold());
  std::string s = pts(cs.score, r);
  if (narrow) s = std::string(T("Điểm: ", "Score: ")) + s + " / " + pts(c.max, r);
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopFont();
  ImGui::PopStyleColor();
  if (cs.status != cds::Status::Answered) {
    ImGui::PushStyleColor(ImGuiCol_Text, status_color(static_cast<int>(cs.status)));
    ImGui::TextUnformatted(cds::status_label(cs.status, lang()));
    ImGui::PopStyleColor();
  } else if (cs.clamped) {
    ImGui::TextDisabled("%s", T("(đã giới hạn)", "(clamped)"));
  }
}

void details(App& a, Draft& d, const cds::Criterion& c, const cds::CriterionScore& cs, bool& changed) {
  float w = ImGui::GetContentRegionAvail().x;
  ImGui::Indent(8);
  ImGui::PushFont(fonts::bold());
  ImGui::TextUnformatted(T("Cách tính điểm (theo văn bản)", "Scoring rule (official text)"));
  ImGui::PopFont();
  text_wrapped(c.scoring_text.empty() ? T("(văn bản không in cách tính)", "(the document prints no rule)") : c.scoring_text);
  ImGui::PushFont(fonts::bold());
  ImGui::TextUnformatted(T("Điểm của đơn vị được tính như sau", "How your score is computed"));
  ImGui::PopFont();
  for (const auto& l : cs.explanation) text_wrapped("• " + l);
  for (const auto& m : cs.messages) {
    if (m.severity == cds::Severity::Info) continue;
    ImGui::PushStyleColor(ImGuiCol_Text, m.severity == cds::Severity::Error ? ImVec4(0.85f, 0.1f, 0.1f, 1) : ImVec4(0.8f, 0.45f, 0.0f, 1));
    text_wrapped("! " + m.text(lang()));
    ImGui::PopStyleColor();
  }
  if (!c.notes.empty()) {
    ImGui::PushFont(fonts::bold());
    ImGui::TextUnformatted(T("Ghi chú về văn bản", "Notes on the document"));
    ImGui::PopFont();
    for (const auto& n : c.notes) {
      bool amb = n.kind == "ambiguity";
      if (amb) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.4f, 0.0f, 1));
      text_wrapped((amb ? "⚠ " : "• ") + n.text);
      if (amb) ImGui::PopStyleColor();
    }
  }
  if (!c.assignment.empty()) {
    ImGui::PushFont(fonts::bold());
    ImGui::TextUnformatted(T("Phân công", "Assignment"));
    ImGui::PopFont();
    if (!c.assignment.lead.empty()) text_wrapped(std::string(T("Chủ trì: ", "Lead: ")) + c.assignment.lead);
    if (!c.assignment.coordinating.empty()) text_wrapped(std::string(T("Phối hợp: ", "Coordinating: ")) + c.assignment.coordinating);
    if (!c.assignment.action.empty()) text_wrapped(std::string(T("Nội dung thực hiện: ", "Action: ")) + c.assignment.action);
    if (!c.assignment.timing.empty()) text_wrapped(std::string(T("Thời gian: ", "Timing: ")) + c.assignment.timing);
  }
  if (!c.evidence.empty()) {
    ImGui::PushFont(fonts::bold());
    ImGui::TextUnformatted(T("Tài liệu kiểm chứng (theo văn bản)", "Evidence guidance (official text)"));
    ImGui::PopFont();
    text_wrapped(c.evidence);
  }
  // The unit's own note.
  ImGui::PushFont(fonts::bold());
  ImGui::TextUnformatted(T("Ghi chú của đơn vị", "Your note"));
  ImGui::PopFont();
  std::string note = d.answers.notes[c.id];
  if (text_field("##note:" + c.id, note, w - 16, 3)) {
    d.answers.notes[c.id] = note;
    changed = true;
  }
  // Evidence.
  ImGui::PushFont(fonts::bold());
  ImGui::TextUnformatted(T("Minh chứng", "Evidence"));
  ImGui::PopFont();
  auto& items = d.answers.evidence[c.id];
  int remove = -1;
  for (size_t k = 0; k < items.size(); ++k) {
    ImGui::PushID(static_cast<int>(k));
    std::vector<std::string> lines = cds::describe_evidence(d.answers, c.id, lang());
    if (small_button("×")) remove = static_cast<int>(k);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("Bỏ minh chứng này", "Remove this evidence"));
    ImGui::SameLine();
    text_wrapped(k < lines.size() ? lines[k] : "");
    ImGui::PopID();
  }
  if (remove >= 0) {
    items.erase(items.begin() + remove);
    changed = true;
  }
  RefForm& f = g_ref_forms[c.id];
  float fw = std::min(w - 16, 520.0f);
  text_disabled_wrapped(T("Thêm văn bản làm minh chứng (số, ngày, trích yếu, liên kết):", "Add a document (number, date, title, link):"));
  text_field("##ref-number:" + c.id, f.number, fw, 1, T("Số hiệu, ví dụ 12/KH-UBND", "Number, e.g. 12/KH-UBND"));
  text_field("##ref-date:" + c.id, f.date, fw, 1, T("Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy)"));
  text_field("##ref-title:" + c.id, f.title, fw, 1, T("Trích yếu", "Title"));
  text_field("##ref-link:" + c.id, f.link, fw, 1, T("Liên kết (nếu có)", "Link (optional)"));
  if (small_button(T("Thêm văn bản##ref", "Add document##ref"))) {
    if (f.number.empty() && f.title.empty()) {
      a.toast(T("Cần ít nhất số hiệu hoặc trích yếu của văn bản.", "Give at least the document's number or title."), true);
    } else if (!f.date.empty() && !cds::parse_vn_date(f.date)) {
      a.toast(T("Ngày văn bản không hợp lệ (dd/mm/yyyy).", "The document date is not valid (dd/mm/yyyy)."), true);
    } else {
      cds::EvidenceItem e;
      e.kind = "ref";
      e.number = f.number;
      e.title = f.title;
      e.link = f.link;
      if (auto dt = cds::parse_vn_date(f.date)) e.date = cds::to_iso(*dt);
      items.push_back(std::move(e));
      f = RefForm{};
      changed = true;
    }
  }
  ImGui::SameLine();
  // The files come back with this criterion's id as the request's argument.
  open_small_button(T("Chọn tệp…##evidence", "Choose files…##evidence"), picker(Request::Evidence, c.id, "", true));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", T("Tính tên, dung lượng và mã SHA-256 của tệp ngay trên máy; tệp không được tải lên đâu cả.",
                              "Name, size and SHA-256 are computed on this device; the file is never uploaded."));
  ImGui::Unindent(8);
}

void summary_bar(App& a, Draft& d, const cds::Rubric& r) {
  bool narrow = is_narrow();
  if (button(T("← Trang chủ", "← Home"))) a.screen = Screen::Home;
  ImGui::SameLine();
  if (button(T("Đơn vị", "Unit"))) a.screen = Screen::Unit;
  ImGui::SameLine();
  if (button(a.show_gain ? T("Ẩn nơi tăng điểm", "Hide gains") : T("Nơi tăng điểm", "Where to gain"))) a.show_gain = !a.show_gain;
  if (!narrow) ImGui::SameLine();
  if (button(T("In", "Print"))) {
    platform::print_html(cds::self_assessment_html(r, d.answers, d.sheet, lang(), {printed_at(), cds::kVersion}));
  }
  ImGui::SameLine();
  if (button("CSV")) {
    platform::save_file(base_name(d) + "_" + file_stamp() + ".csv", "text/csv;charset=utf-8",
                        cds::self_assessment_csv(r, d.answers, d.sheet, lang()));
  }
  ImGui::SameLine();
  if (button(T("Xuất bản nháp", "Export draft"))) a.export_draft(d);
  ImGui::SameLine();
  if (button(T("Nộp bài…##submit", "Submit…##submit"), true)) a.screen = Screen::Submit;
  // The summary line.
  ImGui::PushFont(fonts::bold());
  std::string total = std::string(T("Tổng điểm: ", "Total: ")) + pts(d.sheet.total, r) + " / " + pts(d.sheet.scale, r);
  ImGui::TextUnformatted(total.c_str());
  ImGui::PopFont();
  ImGui::SameLine(0, 18);
  ImGui::Text("%s %d/%d", T("Đã nhập", "Answered"), d.sheet.answered, d.sheet.items);
  ImGui::SameLine(0, 18);
  std::vector<std::string> problems;
  for (const auto& cs : d.sheet.criteria)
    if (cs.status == cds::Status::Invalid) problems.push_back(cs.id);
  if (problems.empty()) {
    ImGui::TextDisabled("%s", T("Không có lỗi số liệu", "No problems"));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.75f, 0.1f, 0.1f, 1));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    std::string label = std::to_string(problems.size()) + T(" lỗi số liệu ▸##problems", " problems ▸##problems");
    if (ImGui::SmallButton(label.c_str())) {
      a.problem_cursor = (a.problem_cursor + 1) % static_cast<int>(problems.size());
      a.scroll_to = problems[static_cast<size_t>(a.problem_cursor)];
      a.expanded.insert(a.scroll_to);
      a.collapsed.clear();
    }
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("Bấm để lần lượt đến từng lỗi", "Click to walk through the problems"));
  }
  if (!narrow) {
    ImGui::SameLine(0, 18);
    if (!a.last_save_error.empty()) {
      ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", T("Chưa lưu được!", "Not saved!"));
    } else {
      ImGui::TextDisabled("%s", d.dirty ? T("Đang lưu…", "Saving…") : T("Đã lưu trên máy", "Saved on this device"));
    }
  }
  if (a.show_gain) {
    auto adv = cds::where_to_gain(r, d.sheet, lang());
    ImGui::BeginChild("##gain", ImVec2(0, std::min(200.0f, 30.0f + 26.0f * static_cast<float>(adv.size()))), true);
    if (adv.empty()) text_wrapped(T("Đã đạt điểm tối đa ở mọi tiêu chí.", "Every criterion is at its maximum."));
    for (const auto& x : adv) {
      const cds::Criterion& c = r.criteria[x.index];
      std::string line = c.code + ". " + cds::ellipsize(c.title, 70) + " — " + x.hint;
      ImGui::PushID(x.id.c_str());
      if (ImGui::Selectable(line.c_str())) {
        a.scroll_to = x.id;
        a.expanded.insert(x.id);
        a.collapsed.clear();
      }
      ImGui::PopID();
    }
    ImGui::EndChild();
  }
  ImGui::Separator();
}

}  // namespace

void draw_form_screen(App& a, Draft& d) {
  const cds::Rubric& r = *a.rubric_of(d);
  bool changed = false;
  summary_bar(a, d, r);
  bool narrow = is_narrow();

  ImGui::BeginChild("##form", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  const float W = ImGui::GetContentRegionAvail().x;
  const float gap = 10.0f;
  // Column layout (wide): TT | Nội dung | Tối đa | Số liệu | Điểm | Minh chứng.
  const float w_tt = 52, w_max = 58, w_score = 92, w_ev = 110;
  const float rest = std::max(200.0f, W - w_tt - w_max - w_score - w_ev - 5 * gap);
  const float w_text = rest * 0.45f, w_in = rest - w_text;
  const float x_tt = 0, x_text = x_tt + w_tt + gap, x_max = x_text + w_text + gap, x_in = x_max + w_max + gap,
              x_score = x_in + w_in + gap, x_ev = x_score + w_score + gap;
  const float x0 = ImGui::GetCursorPosX();
  if (!narrow)
    column_headings(x0, {{x_tt, "TT"},
                         {x_text, T("Nội dung", "Criterion")},
                         {x_max, T("Tối đa", "Max")},
                         {x_in, T("Số liệu", "Figures")},
                         {x_score, T("Điểm", "Score")},
                         {x_ev, T("Minh chứng", "Evidence")}});
  const float scroll = ImGui::GetScrollY();
  const float view_h = ImGui::GetWindowHeight();
  float scroll_target = -1;

  auto flat = r.flat_sections();
  for (size_t si = 0; si < flat.size(); ++si) {
    const cds::Section& sec = *flat[si].first;
    int depth = flat[si].second;
    // Hidden when an ancestor is folded.
    bool hidden = false;
    const std::string& path = sec.id;
    for (const auto& fold : a.collapsed)
      if (path != fold && path.rfind(fold + ".", 0) == 0) hidden = true;
    if (hidden) continue;
    const cds::SectionScore& ss = d.sheet.sections[si];
    bool open = !a.collapsed.count(sec.id);
    ImGui::PushID(sec.id.c_str());
    ImGui::SetCursorPosX(x0 + static_cast<float>(depth) * 12);
    std::string head = std::string(open ? "▾ " : "▸ ") + (sec.code.empty() ? sec.id : sec.code) + ". " + sec.title;
    std::string sub = ss.bonus_penalty ? pts(ss.score, r) : pts(ss.score, r) + " / " + pts(ss.max, r);
    ImGui::PushStyleColor(ImGuiCol_Header, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    ImGui::PushFont(fonts::bold());
    float sub_w = ImGui::CalcTextSize(sub.c_str()).x;
    std::string shown_head = cds::ellipsize(head, static_cast<size_t>(std::max(12.0f, (W - sub_w - 40) / (ImGui::GetFontSize() * 0.5f))));
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);  // Tab goes from field to field
    bool toggled = ImGui::Selectable((shown_head + "##section").c_str(), true, 0, ImVec2(W - static_cast<float>(depth) * 12, 0));
    ImGui::PopItemFlag();
    if (toggled) {
      if (open) a.collapsed.insert(sec.id);
      else a.collapsed.erase(sec.id);
    }
    ImGui::SameLine(x0 + W - sub_w - 4);
    ImGui::TextUnformatted(sub.c_str());
    ImGui::PopFont();
    ImGui::PopStyleColor();
    ImGui::PopID();
    if (!open) continue;

    for (size_t ci : sec.criteria) {
      const cds::Criterion& c = r.criteria[ci];
      const cds::CriterionScore& cs = score_of(d, ci);
      float y0 = ImGui::GetCursorPosY();
      a.row_y[c.id] = y0;
      if (a.scroll_to == c.id) {
        scroll_target = y0;
        a.scroll_to.clear();
      }
      // Off-screen rows: keep their last height, draw nothing (the largest rubric stays smooth).
      auto hit = a.row_h.find(c.id);
      bool is_expanded = a.expanded.count(c.id) > 0;
      if (hit != a.row_h.end() && !is_expanded && (y0 + hit->second < scroll - 200 || y0 > scroll + view_h + 200)) {
        ImGui::Dummy(ImVec2(W, hit->second));
        continue;
      }
      ImGui::PushID(c.id.c_str());
      float bottom = y0;
      auto track = [&]() { bottom = std::max(bottom, ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y + scroll); };
      if (narrow) {
        ImGui::BeginGroup();
        ImGui::PushFont(fonts::bold());
        text_wrapped(c.code + ". " + c.title);
        ImGui::PopFont();
        score_cell(r, c, cs, true);
        for (const auto& in : c.inputs) {
          cds::Json& slot = d.answers.inputs[c.id][in.id];
          if (input_field("in:" + c.id + ":" + in.id, in, slot, d.answers.general_info, r, W - 8)) changed = true;
        }
        if (small_button((std::string(is_expanded ? T("Ẩn cách tính", "Hide details") : T("Cách tính, ghi chú, minh chứng", "Rule, notes, evidence")) +
                          "##details:" + c.id).c_str())) {
          if (is_expanded) a.expanded.erase(c.id);
          else a.expanded.insert(c.id);
        }
        size_t nev = d.answers.evidence.count(c.id) ? d.answers.evidence[c.id].size() : 0;
        if (nev) {
          ImGui::SameLine();
          ImGui::TextDisabled("%zu %s", nev, T("minh chứng", "evidence"));
        }
        ImGui::EndGroup();
        track();
      } else {
        ImGui::SetCursorPos(ImVec2(x0 + x_tt, y0));
        ImGui::BeginGroup();
        ImGui::TextUnformatted(c.code.c_str());
        ImGui::EndGroup();
        track();
        ImGui::SetCursorPos(ImVec2(x0 + x_text, y0));
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(x0 + x_text + w_text);
        ImGui::TextUnformatted(c.title.c_str());
        ImGui::PopTextWrapPos();
        bool amb = c.has_ambiguity_note();
        std::string more = std::string(is_expanded ? "▾ " : "▸ ") + T("Cách tính", "Details") +
                           (amb ? std::string(T(" · ⚠ ghi chú", " · ⚠ notes")) : std::string());
        ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
        if (ImGui::SmallButton((more + "##details:" + c.id).c_str())) {
          if (is_expanded) a.expanded.erase(c.id);
          else a.expanded.insert(c.id);
        }
        ImGui::PopItemFlag();
        ImGui::EndGroup();
        track();
        ImGui::SetCursorPos(ImVec2(x0 + x_max, y0));
        ImGui::TextUnformatted(pts(c.max, r).c_str());
        track();
        ImGui::SetCursorPos(ImVec2(x0 + x_in, y0));
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(x0 + x_in + w_in);
        for (const auto& in : c.inputs) {
          cds::Json& slot = d.answers.inputs[c.id][in.id];
          if (input_field("in:" + c.id + ":" + in.id, in, slot, d.answers.general_info, r, w_in)) changed = true;
        }
        if (c.inputs.empty()) ImGui::TextDisabled("—");
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        track();
        ImGui::SetCursorPos(ImVec2(x0 + x_score, y0));
        ImGui::BeginGroup();
        score_cell(r, c, cs, false);
        ImGui::EndGroup();
        track();
        ImGui::SetCursorPos(ImVec2(x0 + x_ev, y0));
        ImGui::BeginGroup();
        size_t nev = d.answers.evidence.count(c.id) ? d.answers.evidence[c.id].size() : 0;
        if (nev) ImGui::Text("%zu %s", nev, T("tài liệu", "items"));
        ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
        if (ImGui::SmallButton((std::string(T("Thêm", "Add")) + "##ev:" + c.id).c_str())) a.expanded.insert(c.id);
        ImGui::PopItemFlag();
        ImGui::EndGroup();
        track();
        ImGui::SetCursorPos(ImVec2(x0, bottom + 4));
      }
      if (is_expanded) {
        ImGui::SetCursorPosX(x0);
        ImGui::BeginGroup();
        details(a, d, c, cs, changed);
        ImGui::EndGroup();
      }
      ImGui::Separator();
      a.row_h[c.id] = ImGui::GetCursorPosY() - y0;
      ImGui::PopID();
    }
  }
  ImGui::Dummy(ImVec2(W, 40));
  if (scroll_target >= 0) ImGui::SetScrollY(std::max(0.0f, scroll_target - 60));
  a.form_scroll = ImGui::GetScrollY();
  a.form_scroll_max = ImGui::GetScrollMaxY();
  drag_to_scroll();
  ImGui::EndChild();
  if (changed) a.changed(d);
}

}  // namespace ui
