// The form: the official table people know (TT | Nội dung | Điểm tối đa | Số liệu | Điểm tự đánh
// giá | Minh chứng) on desktops, one card per criterion on phones. A header that never scrolls
// away shows total / max, answered / total and the problems (click to walk through them). Each
// criterion opens to the official "cách tính điểm", the engine's explanation with the unit's
// figures, the drafting notes, the unit's own note and its evidence.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app.hpp"
#include "cds/signing/dossier.hpp"
#include "edition.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "cds/model/deadline.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/model/report.hpp"
#include "cds/rules/advice.hpp"
#include "cds/model/workbook.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

std::string pts(const cds::Num& n, const cds::Rubric& r) { return fmt_points(n, lang(), r.decimals); }

// The unit's code (or name) and the rubric, for file names.
std::string base_name(const Draft& d) {
  return cds::file_name_part(d.answers.unit.code.empty() ? d.answers.unit.name : d.answers.unit.code) + "_" + d.answers.rubric_id;
}

// Some of the criterion's inputs entered, some not: then each empty one is named.
bool partly_filled(Draft& d, const cds::Criterion& c) {
  int set = 0;
  for (const auto& in : c.inputs) {
    const cds::Json& v = d.answers.inputs[c.id][in.id];
    set += !v.is_null();
  }
  return set > 0 && set < static_cast<int>(c.inputs.size());
}

void bold_line(const char* s) {
  ImGui::PushFont(fonts::bold());
  text_wrapped(s);  // wraps on a phone with larger text
  ImGui::PopFont();
}

void score_cell(const cds::Rubric& r, const cds::Criterion& c, const cds::CriterionScore& cs, bool narrow) {
  ImGui::PushStyleColor(ImGuiCol_Text, status_color(cs.status));
  ImGui::PushFont(fonts::bold());
  std::string s = pts(cs.score, r);
  if (narrow) s = std::string(T("Điểm: ", "Score: ")) + s + " / " + pts(c.max, r);
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopFont();
  ImGui::PopStyleColor();
  if (cs.status != cds::Status::Answered) {
    ImGui::PushStyleColor(ImGuiCol_Text, status_color(cs.status));
    ImGui::TextUnformatted(cds::status_label(cs.status, lang()));
    ImGui::PopStyleColor();
  } else if (cs.clamped) {
    text_disabled_wrapped(T("(đã giới hạn)", "(clamped)"));
  }
  if (cs.differs()) {  // the printed text read literally would score otherwise: say so next to the score
    ImGui::PushStyleColor(ImGuiCol_Text, c_warn());
    std::string lit = std::string(T("Theo văn bản: ", "As printed: ")) + pts(*cs.literal, r);
    ImGui::TextUnformatted(lit.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && c.literal) tooltip(c.literal->why.c_str());
  }
}

// "Nguồn số liệu: Công an tỉnh" under a criterion whose figures the document says come from outside
// the unit (rubric `source`); the document's own words are in the details.
void source_line(const cds::Criterion& c) {
  if (c.source) text_colored_wrapped(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), cds::source_mark(*c.source, lang()));
}

// The official rule and the engine's explanation, the drafting notes, the assignment, the evidence
// guidance.
void rule_and_notes(const cds::Criterion& c, const cds::CriterionScore& cs) {
  bold_line(T("Cách tính điểm (theo văn bản)", "Scoring rule (official text)"));
  text_wrapped(c.scoring_text.empty() ? T("(văn bản không in cách tính)", "(the document prints no rule)") : c.scoring_text);
  bold_line(T("Điểm của đơn vị được tính như sau", "How your score is computed"));
  for (const auto& l : cs.explanation) text_wrapped("• " + l);
  for (const auto& m : cs.messages) {
    if (m.severity == cds::Severity::Info) continue;
    text_colored_wrapped(m.severity == cds::Severity::Error ? c_error() : c_warn(), "! " + m.text(lang()));
  }
  if (c.literal) {  // the two readings of the printed text
    bold_line(T("Hai cách đọc văn bản", "Two readings of the document"));
    text_wrapped(std::string(T("Văn bản in: ", "As printed: ")) + c.literal->text);
    if (cs.differs())
      text_colored_wrapped(c_warn(), std::string(T("Theo văn bản: ", "As printed: ")) + fmt_points(*cs.literal, lang(), 2) +
                                                            T(" — cds áp dụng: ", " — cds applies: ") + fmt_points(cs.score, lang(), 2) + T(", vì ", ", because ") +
                                                            c.literal->why);
    else
      text_wrapped(std::string(T("cds áp dụng cách đọc của người thẩm định: ", "cds applies the appraiser's reading: ")) + c.literal->why);
  }
  if (!c.notes.empty()) {
    bold_line(T("Ghi chú về văn bản", "Notes on the document"));
    for (const auto& n : c.notes) {
      if (n.kind == "ambiguity") text_colored_wrapped(c_warn(), "⚠ " + n.text);
      else text_wrapped("• " + n.text);
    }
  }
  if (!c.assignment.empty()) {
    bold_line(T("Phân công", "Assignment"));
    if (!c.assignment.lead.empty()) text_wrapped(std::string(T("Chủ trì: ", "Lead: ")) + c.assignment.lead);
    if (!c.assignment.coordinating.empty()) text_wrapped(std::string(T("Phối hợp: ", "Coordinating: ")) + c.assignment.coordinating);
    if (!c.assignment.action.empty()) text_wrapped(std::string(T("Nội dung thực hiện: ", "Action: ")) + c.assignment.action);
    if (!c.assignment.timing.empty()) text_wrapped(std::string(T("Thời gian: ", "Timing: ")) + c.assignment.timing);
  }
  if (!c.evidence.empty()) {
    bold_line(T("Tài liệu kiểm chứng (theo văn bản)", "Evidence guidance (official text)"));
    text_wrapped(c.evidence);
  }
  if (c.source && c.source->text != c.evidence) text_wrapped("“" + c.source->text + "”");  // the document's words, once
}

// The table's columns on wide screens: TT | Nội dung | Tối đa | Số liệu | Điểm | Minh chứng.
struct Columns {
  float x0 = 0, W = 0;
  float w_text = 0, w_in = 0;
  float x_tt = 0, x_text = 0, x_max = 0, x_in = 0, x_score = 0, x_ev = 0;
};

// The headings of the narrow columns (bold): at a larger text size a column is as wide as its
// heading, which otherwise ran into the next one.
const char* h_max() { return T("Tối đa", "Max"); }
const char* h_score() { return T("Điểm", "Score"); }
const char* h_ev() { return T("Minh chứng", "Evidence"); }

Columns columns(float x0, float W) {
  ImGui::PushFont(fonts::bold());
  auto fit = [](float w, const char* heading) { return std::max(w, ImGui::CalcTextSize(heading).x + 8); };
  const float gap = 10.0f, w_tt = fit(52, "TT"), w_max = fit(58, h_max()), w_ev = fit(110, h_ev());
  float w_score = fit(92, h_score());
  ImGui::PopFont();
  // The score cell wraps the status under the score between words: its longest word fits whole
  // ("Unanswered" broke in two in English at the largest text).
  for (cds::Status st : {cds::Status::Unanswered, cds::Status::Invalid, cds::Status::Pending}) {
    std::string_view label = cds::status_label(st, lang());
    for (size_t at = 0; at < label.size();) {
      size_t end = std::min(label.find(' ', at), label.size());
      w_score = std::max(w_score, ImGui::CalcTextSize(label.data() + at, label.data() + end).x + 8);
      at = end + 1;
    }
  }
  const float rest = std::max(200.0f, W - w_tt - w_max - w_score - w_ev - 5 * gap);
  Columns c;
  c.x0 = x0;
  c.W = W;
  c.w_text = rest * 0.45f;
  c.w_in = rest - c.w_text;
  c.x_tt = 0;
  c.x_text = c.x_tt + w_tt + gap;
  c.x_max = c.x_text + c.w_text + gap;
  c.x_in = c.x_max + w_max + gap;
  c.x_score = c.x_in + c.w_in + gap;
  c.x_ev = c.x_score + w_score + gap;
  return c;
}

class FormScreen : public DraftScreen {
 public:
  void draw(App& a, Draft& d) override;
  void enter(App&, const Visit& v) override {
    if (v.criterion.empty()) return;
    scroll_to_ = v.criterion;
    if (v.open_details) expanded_.insert(v.criterion);
  }
  void draft_switched() override {
    expanded_.clear();
    row_h_.clear();
    scroll_top_ = true;  // one scroll area serves every draft: another draft's form starts at its top
    problem_cursor_ = -1;
  }
  void add_state(cds::Json& j) const override {
    if (!j.contains("draft")) return;
    j["draft"]["scroll"] = scroll_;
    j["draft"]["scrollMax"] = scroll_max_;
    j["draft"]["expanded"] = expanded_;
    j["draft"]["search"] = search_;
    j["draft"]["found"] = found_;
    j["draft"]["copied"] = copied_;
    j["draft"]["deadline"] = deadline_;
  }

 private:
  void toolbar(App& a, Draft& d, const cds::Rubric& r);
  void summary_line(App& a, const Draft& d, const cds::Rubric& r);
  void gain_panel(const Draft& d, const cds::Rubric& r);
  void deadline_header(const cds::Rubric& r);
  void show(const std::string& criterion);
  void toggle(const std::string& criterion);
  bool section_header(const cds::Rubric& r, const cds::Section& sec, int depth, const cds::SectionScore& ss, const Columns& col);
  bool criterion_row(App& a, Draft& d, const cds::Rubric& r, size_t ci, const Columns& col, float& scroll_target);
  bool card(Draft& d, const cds::Rubric& r, const cds::Criterion& c, const cds::CriterionScore& cs, float W);
  bool table_row(Draft& d, const cds::Rubric& r, const cds::Criterion& c, const cds::CriterionScore& cs, const Columns& col, float y0);
  bool details(App& a, Draft& d, const cds::Criterion& c, const cds::CriterionScore& cs);
  bool evidence(App& a, Draft& d, const cds::Criterion& c, float w);
  bool matches(const cds::Criterion& c) const;

  std::set<std::string> expanded_;    // criterion ids with details open
  std::set<std::string> collapsed_;   // section ids folded
  std::map<std::string, float> row_h_;  // criterion id → height (last frame)
  std::string scroll_to_;             // criterion id to bring into view
  int problem_cursor_ = -1;
  bool show_gain_ = false;
  std::string search_;        // the form's search box
  bool search_dirty_ = false;
  bool scroll_top_ = false;   // the next frame starts at the top (another draft)
  bool show_search_ = false;  // phones: the search box is open
  int found_ = -1;            // criteria shown for the search (-1: not searching)
  std::string copied_;        // the criterion whose text was last copied (tests)
  std::string top_seen_;      // the criterion at the reading line this frame
  float scroll_ = 0, scroll_max_ = 0;  // for tests and status
  std::string deadline_;      // the countdown line shown (tests)
  double deadline_wake_ = 0;  // when the countdown next changes (a timer frame then)
  struct RefForm {
    std::string number, date, title, link;
  };
  std::map<std::string, RefForm> ref_forms_;  // evidence reference being typed, per criterion
};

void FormScreen::show(const std::string& criterion) {
  scroll_to_ = criterion;
  expanded_.insert(criterion);
  collapsed_.clear();
}

void FormScreen::toggle(const std::string& criterion) {
  if (expanded_.count(criterion)) expanded_.erase(criterion);
  else expanded_.insert(criterion);
}

// The unit's note and evidence (documents by reference, files by their SHA-256).
bool FormScreen::details(App& a, Draft& d, const cds::Criterion& c, const cds::CriterionScore& cs) {
  float w = ImGui::GetContentRegionAvail().x;
  bool changed = false;
  ImGui::Indent(8);
  // The canvas cannot be selected: copy the criterion's text (code, title, rule, evidence guidance)
  // to paste into a report or a message.
  if (small_button(T("Chép nội dung tiêu chí##copy", "Copy criterion text##copy"))) {
    std::string t = c.code + ". " + c.title + "\n" + T("Điểm tối đa: ", "Maximum: ") + pts(c.max, *a.drafts().rubric_of(d)) + "\n";
    if (!c.scoring_text.empty()) t += std::string(T("Cách tính điểm: ", "Scoring rule: ")) + c.scoring_text + "\n";
    if (!c.evidence.empty()) t += std::string(T("Tài liệu kiểm chứng: ", "Evidence: ")) + c.evidence + "\n";
    platform::clipboard_set(t.c_str());
    copied_ = c.id;
    a.toast(T("Đã chép nội dung tiêu chí; dán (Ctrl+V) vào nơi cần dùng.", "Criterion text copied; paste it (Ctrl+V) where you need it."));
  }
  rule_and_notes(c, cs);
  bold_line(T("Ghi chú của đơn vị", "Your note"));
  std::string note = d.answers.notes[c.id];
  if (text_field("##note:" + c.id, note, w - 16, 3)) {
    d.answers.notes[c.id] = note;
    changed = true;
  }
  changed |= evidence(a, d, c, w);
  ImGui::Unindent(8);
  return changed;
}

bool FormScreen::evidence(App& a, Draft& d, const cds::Criterion& c, float w) {
  bool changed = false;
  bold_line(T("Minh chứng", "Evidence"));
  auto& items = d.answers.evidence[c.id];
  int remove = -1;
  for (size_t k = 0; k < items.size(); ++k) {
    ImGui::PushID(static_cast<int>(k));
    std::vector<std::string> lines = cds::describe_evidence(d.answers, c.id, lang());
    if (small_button("×")) remove = static_cast<int>(k);
    if (ImGui::IsItemHovered()) tooltip(T("Bỏ minh chứng này", "Remove this evidence"));
    ImGui::SameLine();
    text_wrapped(k < lines.size() ? lines[k] : "");
    ImGui::PopID();
  }
  if (remove >= 0) {
    std::string sha = items[static_cast<size_t>(remove)].sha256;
    items.erase(items.begin() + remove);
    a.drafts().forget_evidence({sha});
    changed = true;
  }
  // The dossier (.zip) these files will travel in, against the 25 MB of most mail services.
  EvidenceFiles ef = evidence_files(d.answers);
  uint64_t bytes = ef.bytes;
  size_t files = ef.sha256.size();
  if (files > 0) {
    std::string line = std::string(T("Hồ sơ nộp kèm ", "The dossier carries ")) + std::to_string(files) + T(" tệp kiểm chứng — ", " evidence files — ") +
                       cds::mail_room_text(bytes + 64 * 1024, lang());
    if (cds::mail_room(bytes + 64 * 1024) < 0) text_colored_wrapped(c_warn(), line);
    else text_disabled_wrapped(line);
  }
  RefForm& f = ref_forms_[c.id];
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
  open_small_button(T("Chọn tệp…##evidence", "Choose files…##evidence"), picker(Request::Evidence, c.id, "", true));
  if (ImGui::IsItemHovered())
    tooltip(T("Tên, dung lượng và mã SHA-256 được ký trong bài nộp; tệp được giữ trên máy này và chỉ rời máy trong hồ sơ .zip bạn lưu khi ký.",
              "Name, size and SHA-256 are signed in the submission; the file stays on this device and leaves it only in the .zip dossier you save when signing."));
  return changed;
}

void FormScreen::toolbar(App& a, Draft& d, const cds::Rubric& r) {
  auto print = [&] {
    cds::ReportInfo info{platform::local_time_iso(), cds::kVersion, display_clock()};
    platform::print_html(cds::self_assessment_html(r, d.answers, d.sheet, lang(), info));
  };
  auto csv = [&] {
    platform::save_file(base_name(d) + "_" + file_stamp_now() + ".csv", "text/csv;charset=utf-8", cds::self_assessment_csv(r, d.answers, d.sheet, lang()));
  };
  auto xlsx = [&] {
    // The official layout as an Excel workbook (web/edition.hpp: written in this module in the
    // office edition, by the cds-xlsx worker in the unit edition).
    cds::SelfAssessmentWorkbookInfo info{epoch_now(), display_now(), cds::kVersion};
    if (!office_edition() && !platform::is_single_file()) a.toast(T("Đang tạo tệp Excel…", "Making the Excel file…"));
    const RubricItem* item = a.rubrics().find(d.rubric_key);
    save_self_assessment_xlsx(r, item ? item->text : std::string(), d.answers, d.sheet, lang(), info, base_name(d) + "_" + file_stamp_now() + ".xlsx",
                  [&a](bool ok, const std::string& err) {
                    if (ok) a.toast(T("Đã tạo tệp Excel.", "Excel file made."));
                    else a.toast(std::string(T("Không tạo được tệp Excel: ", "Could not make the Excel file: ")) + err, true);
                  });
  };
  size_t notes = cds::drafting_notes(r).size();
  std::string notes_label = std::string(T("Ghi chú soạn thảo (", "Drafting notes (")) + std::to_string(notes) + ")##notes";
  if (is_narrow()) {
    // Phones: one row — back, a menu with everything else, and the main action.
    if (button(T("← Trang chủ", "← Home"))) a.go(ScreenId::Home);
    ImGui::SameLine();
    if (button(T("Thao tác…##actions", "Actions…##actions"))) ImGui::OpenPopup("##form-actions");
    same_line_if_fits(button_width(T("Nộp bài…##submit", "Submit…##submit")));
    if (button(T("Nộp bài…##submit", "Submit…##submit"), true)) a.go(ScreenId::Submit);
    if (ImGui::BeginPopup("##form-actions")) {
      float w = menu_row_width();
      auto item = [&](const char* label) { return ImGui::Button(label, ImVec2(w, touch_target())); };
      if (item(T("Tìm tiêu chí##find", "Find a criterion##find"))) show_search_ = true, ImGui::CloseCurrentPopup();
      if (item(T("Thông tin đơn vị##unit", "Unit details##unit"))) a.go(ScreenId::Unit), ImGui::CloseCurrentPopup();
      if (item(show_gain_ ? T("Ẩn nơi tăng điểm##gain", "Hide gains##gain") : T("Nơi tăng điểm##gain", "Where to gain##gain")))
        show_gain_ = !show_gain_, ImGui::CloseCurrentPopup();
      if (item(T("In##print", "Print##print"))) print(), ImGui::CloseCurrentPopup();
      if (item(T("Tải bảng Excel (.xlsx)##xlsx", "Download Excel (.xlsx)##xlsx"))) xlsx(), ImGui::CloseCurrentPopup();
      if (item(T("Tải bảng CSV##csv", "Download CSV##csv"))) csv(), ImGui::CloseCurrentPopup();
      if (item(T("Xuất bản nháp##export", "Export draft##export"))) a.drafts().export_file(d), ImGui::CloseCurrentPopup();
      if (notes && item(notes_label.c_str())) a.go(ScreenId::Notes), ImGui::CloseCurrentPopup();
      ImGui::Separator();
      a.settings_rows();  // language, theme, text size (the phone form has no title row)
      end_popup();
    }
  } else {
    if (button(T("← Trang chủ", "← Home"))) a.go(ScreenId::Home);
    ImGui::SameLine();
    if (button(T("Đơn vị", "Unit"))) a.go(ScreenId::Unit);
    ImGui::SameLine();
    if (button(show_gain_ ? T("Ẩn nơi tăng điểm##gain", "Hide gains##gain") : T("Nơi tăng điểm##gain", "Where to gain##gain"))) show_gain_ = !show_gain_;
    ImGui::SameLine();
    if (button(T("In", "Print"))) print();
    ImGui::SameLine();
    if (button("Excel")) xlsx();
    item_tooltip(T("Bảng tự đánh giá theo mẫu (có cột điểm thẩm định để trống), số liệu là số thật.",
                   "The self-assessment in the official layout (blank appraisal column), real numbers."));
    ImGui::SameLine();
    if (button("CSV")) csv();
    ImGui::SameLine();
    if (button(T("Xuất bản nháp", "Export draft"))) a.drafts().export_file(d);
    if (notes) {
      same_line_if_fits(button_width(notes_label.c_str()));
      if (button(notes_label.c_str())) a.go(ScreenId::Notes);
    }
    same_line_if_fits(button_width(T("Nộp bài…##submit", "Submit…##submit")));
    if (button(T("Nộp bài…##submit", "Submit…##submit"), true)) a.go(ScreenId::Submit);
  }
  // Search: a criterion's code ("3.2") or words of its title or rule, with or without diacritics.
  // On phones the box shows when asked for ("Thao tác… → Tìm tiêu chí"), to keep the header short.
  if (is_narrow() && !show_search_ && search_.empty()) return;
  const char* clear_label = T("Xóa tìm kiếm##search-clear", "Clear search##search-clear");
  float sw = is_narrow() ? ImGui::GetContentRegionAvail().x : std::min(420.0f, ImGui::GetContentRegionAvail().x);
  if (!search_.empty() || ImGui::GetActiveID() == ImGui::GetID("##form-search"))
    sw = std::min(sw, ImGui::GetContentRegionAvail().x - button_width(clear_label) - ImGui::GetStyle().ItemSpacing.x);
  if (text_field("##form-search", search_, sw, 1, T("Tìm tiêu chí: mã hoặc từ khóa", "Find a criterion: code or words"))) search_dirty_ = true;
  if (!search_.empty()) {
    ImGui::SameLine();
    if (small_button(clear_label)) search_.clear(), search_dirty_ = true, show_search_ = false;
  }
}

// Does criterion c match the search? Code prefix, or every word (diacritics ignored) in its code,
// title, rule or evidence text.
bool FormScreen::matches(const cds::Criterion& c) const {
  if (search_.empty()) return true;
  std::string q = cds::ascii_fold(search_);
  std::string hay = cds::ascii_fold(c.code + " " + c.id + " " + c.title + " " + c.scoring_text + " " + c.evidence);
  std::string code = cds::ascii_fold(c.code);
  if (code.rfind(q, 0) == 0) return true;
  size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && q[i] == ' ') ++i;
    size_t j = q.find(' ', i);
    if (j == std::string::npos) j = q.size();
    if (j > i && hay.find(q.substr(i, j - i)) == std::string::npos) return false;
    i = j;
  }
  return true;
}

// Total / max, answered / items, the problems (click to walk through them), the saving state.
void FormScreen::summary_line(App& a, const Draft& d, const cds::Rubric& r) {
  ImGui::PushFont(fonts::bold());
  std::string total = std::string(T("Tổng điểm: ", "Total: ")) + pts(d.sheet.total, r) + " / " + pts(d.sheet.scale, r);
  ImGui::TextUnformatted(total.c_str());
  ImGui::PopFont();
  if (r.total && (ImGui::IsItemHovered() || d.sheet.uncapped)) {
    if (d.sheet.uncapped) {
      ImGui::SameLine();
      ImGui::TextDisabled("(%s %s)", T("trước giới hạn", "before the cap"), pts(*d.sheet.uncapped, r).c_str());
    }
    if (ImGui::IsItemHovered()) tooltip(r.total->text.c_str());
  }
  std::string answered = std::string(T("Đã nhập ", "Answered ")) + std::to_string(d.sheet.answered) + "/" + std::to_string(d.sheet.items);
  same_line_if_fits(ImGui::CalcTextSize(answered.c_str()).x + 18);
  ImGui::TextUnformatted(answered.c_str());
  std::vector<std::string> problems;
  for (const auto& cs : d.sheet.criteria)
    if (cs.status == cds::Status::Invalid) problems.push_back(cs.id);
  if (problems.empty()) {
    const char* none = T("Không có lỗi số liệu", "No problems");
    same_line_if_fits(ImGui::CalcTextSize(none).x + 18);
    text_disabled_wrapped(none);
  } else {
    push_danger_colors();
    std::string label = std::to_string(problems.size()) + T(" lỗi số liệu → xem##problems", " problems → show##problems");
    same_line_if_fits(button_width(label.c_str()));
    if (small_button(label.c_str())) {
      problem_cursor_ = (problem_cursor_ + 1) % static_cast<int>(problems.size());
      show(problems[static_cast<size_t>(problem_cursor_)]);
    }
    ImGui::PopStyleColor(4);
    if (ImGui::IsItemHovered()) tooltip(T("Bấm để lần lượt đến từng lỗi", "Click to walk through the problems"));
  }
  if (is_narrow()) return;
  ImGui::SameLine(0, 18);
  if (!a.drafts().storage().last_error.empty()) {
    text_colored_wrapped(c_error(), T("Chưa lưu được!", "Not saved!"));
  } else {
    text_disabled_wrapped(d.dirty ? T("Đang lưu…", "Saving…") : T("Đã lưu trên máy", "Saved on this device"));
  }
}

// The rubric's deadline under the summary: how long is left, "due today", or how late (docs/rubric-
// format.md); nothing for a rubric without one or with one that does not parse. Redrawn each minute.
void FormScreen::deadline_header(const cds::Rubric& r) {
  const double now_ms = platform::now_ms();
  auto s = cds::deadline_status(r, static_cast<long long>(now_ms / 1000), display_clock());
  deadline_.clear();
  if (!s) return;
  deadline_ = cds::deadline_line(*s, display_clock(), lang());
  if (s->phase == cds::DeadlinePhase::Open) text_wrapped(deadline_);
  else text_colored_wrapped(s->phase == cds::DeadlinePhase::Late ? c_error() : c_warn(), deadline_);
  if (!is_narrow() && ImGui::IsItemHovered() && !r.deadline_text.empty())  // a phone's last tap would leave it covering the form
    tooltip((std::string(T("Hạn nộp theo văn bản: ", "Deadline as printed: ")) + r.deadline_text).c_str());
  if (now_ms >= deadline_wake_) {
    deadline_wake_ = (std::floor(now_ms / 60000) + 1) * 60000;
    platform::request_timer(deadline_wake_ - now_ms + 50);
  }
}

// "Nơi tăng điểm": the criteria where the unit can still gain, each a link to it.
void FormScreen::gain_panel(const Draft& d, const cds::Rubric& r) {
  auto adv = cds::where_to_gain(r, d.sheet, lang());
  float row = is_narrow() ? touch_target() + 8 : 30.0f;
  ImGui::BeginChild("##gain", ImVec2(0, std::min(ImGui::GetMainViewport()->Size.y * 0.4f, 30.0f + row * static_cast<float>(adv.size()))), true);
  if (adv.empty()) text_wrapped(T("Đã đạt điểm tối đa ở mọi tiêu chí.", "Every criterion is at its maximum."));
  for (const auto& x : adv) {
    const cds::Criterion& c = r.criteria[x.index];
    std::string line = c.code + ". " + c.title + " — " + x.hint;
    ImGui::PushID(x.id.c_str());
    if (link_row(line + "##gain-row")) show(x.id);
    ImGui::PopID();
  }
  ImGui::EndChild();
}

// A section's heading row (click to fold); false when folded.
bool FormScreen::section_header(const cds::Rubric& r, const cds::Section& sec, int depth, const cds::SectionScore& ss, const Columns& col) {
  float indent = static_cast<float>(depth) * 12;
  bool open = !collapsed_.count(sec.id);
  ImGui::PushID(sec.id.c_str());
  ImGui::SetCursorPosX(col.x0 + indent);
  std::string head = std::string(open ? "▼ " : "▶ ") + (sec.code.empty() ? sec.id : sec.code) + ". " + sec.title;
  std::string sub = ss.bonus_penalty ? pts(ss.score, r) : pts(ss.score, r) + " / " + pts(ss.max, r);
  ImGui::PushStyleColor(ImGuiCol_Header, ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
  ImGui::PushFont(fonts::bold());
  float sub_w = ImGui::CalcTextSize(sub.c_str()).x;
  std::string shown = cds::ellipsize(head, static_cast<size_t>(std::max(12.0f, (col.W - sub_w - 40) / (ImGui::GetFontSize() * 0.5f))));
  ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);  // Tab goes from field to field
  // On phones the row is a 44 px touch target: its text sits in the middle of the band, not at its top.
  float y0 = ImGui::GetCursorPosY();
  float h = std::max(touch_height(), ImGui::GetTextLineHeight());
  ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
  bool toggled = ImGui::Selectable((shown + "##section").c_str(), true, 0, ImVec2(col.W - indent, touch_height()));
  ImGui::PopStyleVar();
  ImGui::PopItemFlag();
  if (toggled) {
    if (open) collapsed_.insert(sec.id);
    else collapsed_.erase(sec.id);
  }
  ImGui::SameLine(col.x0 + col.W - sub_w - 4);
  ImGui::SetCursorPosY(y0 + (h - ImGui::GetTextLineHeight()) * 0.5f);
  ImGui::TextUnformatted(sub.c_str());
  ImGui::PopFont();
  ImGui::PopStyleColor();
  ImGui::PopID();
  return open;
}

// Phones: one card per criterion.
bool FormScreen::card(Draft& d, const cds::Rubric& r, const cds::Criterion& c, const cds::CriterionScore& cs, float W) {
  bool changed = false;
  bool is_expanded = expanded_.count(c.id) > 0;
  ImGui::BeginGroup();
  heading(c.code + ". " + c.title);
  source_line(c);
  score_cell(r, c, cs, true);
  set_field_messages(&cs.messages, partly_filled(d, c));
  for (const auto& in : c.inputs)
    changed |= input_field("in:" + c.id + ":" + in.id, in, d.answers.inputs[c.id][in.id], d.answers.general_info, r, W - 8);
  set_field_messages(nullptr, false);
  if (small_button((std::string(is_expanded ? T("Ẩn cách tính", "Hide details") : T("Cách tính, ghi chú, minh chứng", "Rule, notes, evidence")) +
                    "##details:" + c.id).c_str()))
    toggle(c.id);
  size_t nev = d.answers.evidence.count(c.id) ? d.answers.evidence[c.id].size() : 0;
  if (nev) {
    ImGui::SameLine();
    ImGui::TextDisabled("%zu %s", nev, T("minh chứng", "evidence"));
  }
  ImGui::EndGroup();
  return changed;
}

// Wide screens: one table row per criterion, each column placed at its x; the row ends below the
// tallest cell.
bool FormScreen::table_row(Draft& d, const cds::Rubric& r, const cds::Criterion& c, const cds::CriterionScore& cs, const Columns& col, float y0) {
  bool changed = false;
  const float x0 = col.x0, scroll = ImGui::GetScrollY();
  float bottom = y0;
  auto cell = [&](float x, auto&& draw) {
    ImGui::SetCursorPos(ImVec2(x0 + x, y0));
    ImGui::BeginGroup();
    draw();
    ImGui::EndGroup();
    bottom = std::max(bottom, ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y + scroll);
  };
  cell(col.x_tt, [&] { ImGui::TextUnformatted(c.code.c_str()); });
  cell(col.x_text, [&] {
    ImGui::PushTextWrapPos(x0 + col.x_text + col.w_text);
    ImGui::TextUnformatted(c.title.c_str());
    source_line(c);
    ImGui::PopTextWrapPos();
    std::string more = std::string(expanded_.count(c.id) ? "▼ " : "▶ ") + T("Cách tính", "Details") +
                       (c.has_ambiguity_note() ? std::string(T(" · ⚠ ghi chú", " · ⚠ notes")) : std::string());
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
    if (small_button((more + "##details:" + c.id).c_str(), col.w_text)) toggle(c.id);
    ImGui::PopItemFlag();
  });
  cell(col.x_max, [&] { ImGui::TextUnformatted(pts(c.max, r).c_str()); });
  cell(col.x_in, [&] {
    ImGui::PushTextWrapPos(x0 + col.x_in + col.w_in);
    set_field_messages(&cs.messages, partly_filled(d, c));
    for (const auto& in : c.inputs)
      changed |= input_field("in:" + c.id + ":" + in.id, in, d.answers.inputs[c.id][in.id], d.answers.general_info, r, col.w_in);
    set_field_messages(nullptr, false);
    if (c.inputs.empty()) ImGui::TextDisabled("—");
    ImGui::PopTextWrapPos();
  });
  cell(col.x_score, [&] {
    ImGui::PushTextWrapPos(x0 + col.x_ev - 8);  // "Chưa nhập" at a larger text size
    score_cell(r, c, cs, false);
    ImGui::PopTextWrapPos();
  });
  cell(col.x_ev, [&] {
    size_t nev = d.answers.evidence.count(c.id) ? d.answers.evidence[c.id].size() : 0;
    if (nev) ImGui::Text("%zu %s", nev, T("tài liệu", "items"));
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
    if (ImGui::SmallButton((std::string(T("Thêm", "Add")) + "##ev:" + c.id).c_str())) expanded_.insert(c.id);
    ImGui::PopItemFlag();
  });
  ImGui::SetCursorPos(ImVec2(x0, bottom + 4));
  return changed;
}

// One criterion: skipped (its last height kept) when off screen and closed, else its card or row
// and, when open, its details.
bool FormScreen::criterion_row(App& a, Draft& d, const cds::Rubric& r, size_t ci, const Columns& col, float& scroll_target) {
  const cds::Criterion& c = r.criteria[ci];
  const cds::CriterionScore& cs = d.sheet.criteria[ci];
  float y0 = ImGui::GetCursorPosY();
  if (scroll_to_ == c.id) {
    scroll_target = y0;
    scroll_to_.clear();
  }
  const float scroll = ImGui::GetScrollY(), view_h = ImGui::GetWindowHeight();
  auto hit = row_h_.find(c.id);
  // The criterion at the reading line (60 px below the top): the place a reload returns to.
  if (top_seen_.empty() && hit != row_h_.end() && y0 + hit->second > scroll + 60) top_seen_ = c.id;
  bool is_expanded = expanded_.count(c.id) > 0;
  if (hit != row_h_.end() && !is_expanded && (y0 + hit->second < scroll - 200 || y0 > scroll + view_h + 200)) {
    ImGui::Dummy(ImVec2(col.W, hit->second));  // the largest rubric stays smooth
    return false;
  }
  ImGui::PushID(c.id.c_str());
  bool changed = is_narrow() ? card(d, r, c, cs, col.W) : table_row(d, r, c, cs, col, y0);
  if (is_expanded) {
    ImGui::SetCursorPosX(col.x0);
    ImGui::BeginGroup();
    changed |= details(a, d, c, cs);
    ImGui::EndGroup();
  }
  ImGui::Separator();
  row_h_[c.id] = ImGui::GetCursorPosY() - y0;
  ImGui::PopID();
  return changed;
}

void FormScreen::draw(App& a, Draft& d) {
  const cds::Rubric& r = *a.drafts().rubric_of(d);
  toolbar(a, d, r);
  summary_line(a, d, r);
  deadline_header(r);
  if (show_gain_) gain_panel(d, r);
  ImGui::Separator();

  ImGui::BeginChild("##form", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  const Columns col = columns(ImGui::GetCursorPosX(), ImGui::GetContentRegionAvail().x);
  if (!is_narrow())
    column_headings(col.x0, {{col.x_tt, "TT"},
                             {col.x_text, T("Nội dung", "Criterion")},
                             {col.x_max, h_max()},
                             {col.x_in, T("Số liệu", "Figures")},
                             {col.x_score, h_score()},
                             {col.x_ev, h_ev()}});
  bool changed = false;
  float scroll_target = -1;
  auto flat = r.flat_sections();
  if (search_dirty_ || scroll_top_) {  // a new search starts at the top of its results
    ImGui::SetScrollY(0);
    search_dirty_ = scroll_top_ = false;
  }
  int found = 0;
  top_seen_.clear();
  const bool arriving = !scroll_to_.empty();
  for (size_t si = 0; si < flat.size(); ++si) {
    const cds::Section& sec = *flat[si].first;
    if (!search_.empty()) {
      // Searching: only the matching criteria, under their section's heading, folds ignored.
      std::vector<size_t> hits;
      for (size_t ci : sec.criteria)
        if (matches(r.criteria[ci])) hits.push_back(ci);
      if (hits.empty()) continue;
      found += static_cast<int>(hits.size());
      heading((sec.code.empty() ? sec.id : sec.code) + ". " + sec.title);
      for (size_t ci : hits) changed |= criterion_row(a, d, r, ci, col, scroll_target);
      continue;
    }
    const std::string& path = sec.id;
    // Hidden when an ancestor is folded.
    bool hidden = std::any_of(collapsed_.begin(), collapsed_.end(),
                              [&](const std::string& fold) { return path != fold && path.rfind(fold + ".", 0) == 0; });
    if (hidden || !section_header(r, sec, flat[si].second, d.sheet.sections[si], col)) continue;
    for (size_t ci : sec.criteria) changed |= criterion_row(a, d, r, ci, col, scroll_target);
  }
  if (!search_.empty() && found == 0)
    text_wrapped(std::string(T("Không có tiêu chí nào khớp với “", "No criterion matches “")) + search_ + "”.");
  found_ = search_.empty() ? -1 : found;
  ImGui::Dummy(ImVec2(col.W, 40));
  if (scroll_target >= 0) ImGui::SetScrollY(std::max(0.0f, scroll_target - 60));
  else if (!arriving && search_.empty() && !top_seen_.empty()) a.remember_criterion(top_seen_);
  scroll_ = ImGui::GetScrollY();
  scroll_max_ = ImGui::GetScrollMaxY();
  drag_to_scroll();
  ImGui::EndChild();
  if (changed) a.drafts().changed(d);
}

}  // namespace

std::unique_ptr<Screen> make_form_screen() { return std::make_unique<FormScreen>(); }

}  // namespace ui
