// "Tổng hợp": the receiving office's screen. Many submission (and appraisal) files in at once —
// picked, a folder, or dropped on the page — checked a few milliseconds per frame with a progress
// bar, then core's classification (valid / invalid / superseded / duplicate / missing) in a
// sortable table, the ranking per rubric with a bar chart, and the reports. Clicking a unit opens
// its page (screen_aggregate_unit.cpp). Every check, score and rank comes from core
// (cds/office/aggregate.hpp); this file arranges them.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "aggregate_state.hpp"
#include "aggregate_unit.hpp"
#include "screen_figures.hpp"
#include "app.hpp"
#include "cds/office/aggregate_workbook.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "cds/model/file_kind.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

// Criteria rows the app writes into an Excel workbook (about 200 bytes of memory per cell while it is
// made, in the browser); beyond, the sheet points to the criteria CSV.
constexpr size_t kAppCriteriaRows = 200000;

enum class View { Intake, Ranking };
// What the intake table shows: every row, one class of rows, or the appraisals.
enum class RowFilter { All, Valid, Invalid, Superseded, Duplicate, Missing, Late, Appraisals };

std::string n_text(long long n) { return cds::format_number(cds::Num(n), lang(), 0); }

// A button placed on the current row when it fits.
bool flow_button(const char* label, bool primary = false) {
  same_line_if_fits(button_width(label));
  return button(label, primary);
}
// A toggle drawn as a button: the selected one looks primary.
bool toggle_button(const std::string& label, bool selected) {
  same_line_if_fits(button_width(label.c_str()));
  if (!selected) return button(label.c_str());
  push_primary_colors();
  bool r = ImGui::Button(label.c_str(), ImVec2(0, touch_height()));
  ImGui::PopStyleColor(4);
  return r;
}

bool row_passes(const IntakeRow& r, RowFilter filter, const std::string& folded_search) {
  switch (filter) {
    case RowFilter::All: break;
    case RowFilter::Appraisals:
      if (r.kind != IntakeRow::Kind::Appraisal) return false;
      break;
    case RowFilter::Valid: if (r.cls != RowClass::Valid) return false; break;
    case RowFilter::Invalid: if (r.cls != RowClass::Invalid) return false; break;
    case RowFilter::Superseded: if (r.cls != RowClass::Superseded) return false; break;
    case RowFilter::Duplicate: if (r.cls != RowClass::Duplicate) return false; break;
    case RowFilter::Missing: if (r.cls != RowClass::Missing) return false; break;
    case RowFilter::Late: if (!r.late) return false; break;
  }
  if (folded_search.empty()) return true;
  return r.file_key.find(folded_search) != std::string::npos || r.unit_key.find(folded_search) != std::string::npos ||
         r.rubric.find(folded_search) != std::string::npos;
}

void sort_intake(const std::vector<IntakeRow>& rows, std::vector<size_t>& order, const ImGuiTableSortSpecs* specs) {
  if (!specs || specs->SpecsCount == 0) return;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const IntakeRow& a = rows[x];
    const IntakeRow& b = rows[y];
    for (int i = 0; i < specs->SpecsCount; ++i) {
      const ImGuiTableColumnSortSpecs& s = specs->Specs[i];
      int c = 0;
      switch (s.ColumnIndex) {
        case 0: c = a.file_key.compare(b.file_key); break;
        case 1: c = a.unit_key.compare(b.unit_key); break;
        case 2: c = a.rubric.compare(b.rubric); break;
        case 3: c = a.created_key < b.created_key ? -1 : (a.created_key > b.created_key ? 1 : 0); break;
        case 4: c = static_cast<int>(a.cls) - static_cast<int>(b.cls); break;
        case 5: c = a.reason.compare(b.reason); break;
        default: break;
      }
      if (c != 0) return s.SortDirection == ImGuiSortDirection_Ascending ? c < 0 : c > 0;
    }
    return x < y;
  });
}

ImVec4 row_color(const IntakeRow& r) {
  switch (r.cls) {
    case RowClass::Valid: return ImGui::GetStyleColorVec4(ImGuiCol_Text);
    case RowClass::Invalid: return c_error();
    case RowClass::Superseded:
    case RowClass::Duplicate: return c_warn();
    case RowClass::Missing: return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

float text_w(const std::string& t) { return ImGui::CalcTextSize(t.c_str(), t.c_str() + t.size()).x; }

// `s` whole when it is at most `width` wide, else its start and end around "…", as much of both as
// fits (2 : 3; at code point boundaries): a file name keeps its distinguishing end ("…1122-1315.json").
std::string fit_middle(const std::string& s, float width, bool keep_end = true) {
  if (width <= 0 || text_w(s) <= width) return s;
  std::vector<size_t> at;  // where each code point starts
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) at.push_back(i);
  const size_t n = at.size();
  auto cut = [&](size_t keep) {  // keep ≤ n code points of s, "…" between
    size_t head = keep_end ? keep * 2 / 5 : keep, tail = keep - head;
    return s.substr(0, at[head]) + "…" + (tail ? s.substr(at[n - tail]) : std::string());
  };
  // The most code points kept that fit: cut(n) is all of s and "…", wider than s; cut(0) is "…".
  size_t lo = 0, hi = n;
  while (lo + 1 < hi) {
    size_t mid = (lo + hi) / 2;
    if (text_w(cut(mid)) <= width) lo = mid;
    else hi = mid;
  }
  return cut(lo);
}

// A file's path (as a folder gives it: "c1000/tinh-00104_….json") to `width`: whole when it fits,
// else its folder as "…/" and the file's own name fit_middle()d.
std::string fit_path(const std::string& s, float width) {
  std::string name(file_name_of(s));
  if (width <= 0 || name.size() == s.size() || text_w(s) <= width) return fit_middle(s, width);
  return "…/" + fit_middle(name, width - text_w("…/"));
}

// A phone's list row (the intake, the ranking): the page's width, a touch target tall, a bold
// line and then `more` lines, each cut to the width (so the rows of a list have one height, as the
// list clipper needs). A table there showed its first column only, with a scroll area of its own
// inside the page's.
struct RowLine {
  const std::string& text;
  ImVec4 color;
  bool keep_end = false;  // cut in the middle (a file name: its end tells files apart), not at the end
};

bool phone_row(const std::string& label_id, const std::string& first, std::initializer_list<RowLine> more) {
  ImGuiContext& g = *GImGui;
  const ImGuiStyle& st = g.Style;
  const float width = ImGui::GetContentRegionAvail().x, text_width = width - st.FramePadding.x * 2;
  ImGui::PushFont(fonts::bold());
  ImFont* bold = ImGui::GetFont();
  const float bold_size = ImGui::GetFontSize();
  const std::string head = fit_middle(first, text_width, false);
  ImGui::PopFont();
  const float line = ImGui::GetTextLineHeight();
  const float pad = std::min(st.FramePadding.y, 8.0f);
  const float h = std::max(touch_target(), line * static_cast<float>(1 + more.size()) + pad * 2);
  ImVec2 p = ImGui::GetCursorScreenPos();
  bool clicked = ImGui::InvisibleButton(label_id.c_str(), ImVec2(width, h));
  IMGUI_TEST_ENGINE_ITEM_INFO(g.LastItemData.ID, label_id.c_str(), 0);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (ImGui::IsItemHovered() || ImGui::IsItemActive())
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_HeaderActive : ImGuiCol_HeaderHovered));
  dl->AddLine(ImVec2(p.x, p.y + h - 1), ImVec2(p.x + width, p.y + h - 1), ImGui::GetColorU32(ImGuiCol_Separator));
  ImVec2 t(p.x + st.FramePadding.x, p.y + pad);
  dl->AddText(bold, bold_size, t, ImGui::GetColorU32(ImGuiCol_Text), head.c_str());
  if (g.LogEnabled) ImGui::LogText("%s\n", head.c_str());  // tests read the screen's text from ImGui's log
  for (const RowLine& l : more) {
    t.y += line;
    const std::string cut = fit_middle(l.text, text_width, l.keep_end);
    dl->AddText(t, ImGui::GetColorU32(l.color), cut.c_str());
    if (g.LogEnabled) ImGui::LogText("%s\n", cut.c_str());
  }
  return clicked;
}

// A field's placeholder: `full` when it fits the field `width` wide, else `brief` (a phone at a
// larger text size cut the full one mid-word).
const char* fitting_hint(float width, const char* full, const char* brief) {
  return ImGui::CalcTextSize(full).x + ImGui::GetStyle().FramePadding.x * 2 <= width ? full : brief;
}

// The row's tooltip: file, rubric, status and every reason.
void row_tooltip(const IntakeRow& r, bool opens_unit) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort) || !ImGui::BeginTooltip()) return;
  ImGui::PushTextWrapPos(wrap_at(34));
  ImGui::TextUnformatted(r.file.c_str());
  if (!r.rubric_title.empty()) text_disabled_wrapped(r.rubric_title.c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
  ImGui::TextUnformatted(r.status.c_str());
  ImGui::PopStyleColor();
  if (!r.reason_full.empty()) ImGui::TextUnformatted(r.reason_full.c_str());
  else if (!r.reason.empty()) ImGui::TextUnformatted(r.reason.c_str());
  if (opens_unit) text_disabled_wrapped(T("Bấm để mở trang của đơn vị.", "Click to open the unit's page."));
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

std::string rank_text(const cds::UnitResult& u) {
  return std::to_string(u.rank) + (u.tied ? std::string(T(" (đồng hạng)", " (tied)")) : std::string());
}

std::string pillar_label(const cds::Section& s, size_t max_chars) {
  std::string code = s.code.empty() ? s.id : s.code;
  return cds::ellipsize(code + ". " + s.title, max_chars);
}

// Under the chart: what the bars and the ticks are.
void chart_legend(const cds::Rubric& r, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* font = ImGui::GetFont();
  float small = ImGui::GetFontSize() * 0.8f;
  ImU32 col_dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  ImVec2 lp = ImGui::GetCursorScreenPos();
  float sq = small * 0.8f;
  dl->AddRectFilled(ImVec2(lp.x, lp.y + (small - sq) * 0.5f + 2), ImVec2(lp.x + sq, lp.y + (small + sq) * 0.5f + 2), ImGui::GetColorU32(ImGuiCol_PlotHistogram));
  std::string l1 = T("Kết quả (sau thẩm định)", "Final (after appraisal)");
  dl->AddText(font, small, ImVec2(lp.x + sq + 4, lp.y + 2), col_dim, l1.c_str());
  std::string l2 = std::string(T("Tự chấm (khi khác)", "Self-assessed (when different)")) + " · " + T("thang ", "scale ") +
                   cds::format_number(r.scale, lang(), 2);
  // The second entry beside the first when it fits, else on a line of its own (a phone, larger
  // text), its text wrapped to the width.
  float x2 = lp.x + sq + 4 + font->CalcTextSizeA(small, FLT_MAX, 0, l1.c_str()).x + 16, y2 = lp.y;
  const float right = lp.x + width, l2_w = font->CalcTextSizeA(small, FLT_MAX, 0, l2.c_str()).x;
  if (x2 + sq * 1.5f + 4 + l2_w > right) x2 = lp.x, y2 += small + 6;
  dl->AddLine(ImVec2(x2, y2 + small * 0.5f + 2), ImVec2(x2 + sq * 1.5f, y2 + small * 0.5f + 2), ImGui::GetColorU32(ImGuiCol_PlotLines), 2.0f);
  const float wrap = right - (x2 + sq * 1.5f + 4);
  dl->AddText(font, small, ImVec2(x2 + sq * 1.5f + 4, y2 + 2), col_dim, l2.c_str(), nullptr, wrap);
  ImGui::Dummy(ImVec2(width, y2 - lp.y + font->CalcTextSizeA(small, FLT_MAX, wrap, l2.c_str()).y + 6));
}

// Bars of final totals in rank order (best first), the self-assessed total as a tick when it
// differs; scale lines at quarters of the rubric's scale. Hover for the unit, click to open it.
// Returns the unit clicked.
const cds::UnitResult* ranking_chart(const cds::AggregateResult& res, const cds::RubricGroup& g) {
  const cds::Rubric& r = *g.rubric;
  size_t n = g.ranking.size();
  if (n == 0) return nullptr;
  float scale_ui = platform::ui_scale();
  float height = (is_narrow() ? 150.0f : 190.0f) * scale_ui;
  float width = ImGui::GetContentRegionAvail().x;
  ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##agg:chart", ImVec2(width, height));
  bool hovered = ImGui::IsItemHovered();
  bool clicked = ImGui::IsItemClicked();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImU32 col_text = ImGui::GetColorU32(ImGuiCol_Text);
  ImU32 col_dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  ImU32 col_grid = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.35f);
  ImU32 col_bar = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
  ImU32 col_hot = ImGui::GetColorU32(ImGuiCol_PlotHistogramHovered);
  ImU32 col_tick = ImGui::GetColorU32(ImGuiCol_PlotLines);
  float fs = ImGui::GetFontSize();
  ImFont* font = ImGui::GetFont();
  float small = fs * 0.8f;
  // Scale: the rubric's, or more when bonus points take a unit above it.
  cds::Num top = r.scale;
  for (size_t ui : g.ranking) top = cds::max(top, cds::max(res.units[ui].total_final_rounded, res.units[ui].total_self));
  double topd = std::max(1e-9, top.to_double());
  std::string top_label = cds::format_number(top, lang(), 2);
  float axis_w = ImGui::CalcTextSize(top_label.c_str()).x * 0.8f + 8;
  bool labels = width / static_cast<float>(n) >= fs * 2.6f;
  float label_h = labels ? small + 6 : 4;
  ImVec2 a(p0.x + axis_w, p0.y + small * 0.6f);
  ImVec2 b(p0.x + width - 4, p0.y + height - label_h);
  float ph = b.y - a.y, pw = b.x - a.x;
  for (int q = 0; q <= 4; ++q) {
    float y = b.y - ph * static_cast<float>(q) / 4.0f;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), q == 0 ? col_dim : col_grid, 1.0f);
    std::string t = cds::format_number(top * cds::Num::fraction(q, 4), lang(), 1);
    ImVec2 ts = font->CalcTextSizeA(small, FLT_MAX, 0, t.c_str());
    dl->AddText(font, small, ImVec2(a.x - ts.x - 4, y - ts.y * 0.5f), col_dim, t.c_str());
  }
  float slot = pw / static_cast<float>(n);
  float gap = slot > 6 ? std::min(slot * 0.25f, 10.0f) : 0.0f;
  int hot = -1;
  const cds::UnitResult* picked = nullptr;
  ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && mouse.x >= a.x && mouse.x < b.x) hot = std::min(static_cast<int>((mouse.x - a.x) / slot), static_cast<int>(n) - 1);
  for (size_t i = 0; i < n; ++i) {
    const cds::UnitResult& u = res.units[g.ranking[i]];
    float x0 = a.x + slot * static_cast<float>(i) + gap * 0.5f;
    float x1 = std::max(x0 + 1.0f, a.x + slot * static_cast<float>(i + 1) - gap * 0.5f);
    float v = static_cast<float>(u.total_final_rounded.to_double() / topd);
    float y = b.y - ph * std::clamp(v, 0.0f, 1.0f);
    dl->AddRectFilled(ImVec2(x0, y), ImVec2(x1, b.y), static_cast<int>(i) == hot ? col_hot : col_bar, slot > 8 ? 2.0f : 0.0f);
    if (u.total_self != u.total_final_rounded) {
      float ys = b.y - ph * std::clamp(static_cast<float>(u.total_self.to_double() / topd), 0.0f, 1.0f);
      dl->AddLine(ImVec2(x0 - 1, ys), ImVec2(x1 + 1, ys), col_tick, 2.0f);
    }
    if (labels) {
      std::string val = cds::format_number(u.total_final_rounded, lang(), r.decimals);
      ImVec2 vs = font->CalcTextSizeA(small, FLT_MAX, 0, val.c_str());
      if (vs.x <= x1 - x0 + gap) dl->AddText(font, small, ImVec2((x0 + x1 - vs.x) * 0.5f, std::max(a.y - small * 0.6f, y - vs.y - 1)), col_text, val.c_str());
      std::string name = u.unit_code.empty() ? u.unit_name : u.unit_code;
      size_t chars = static_cast<size_t>(std::max(3.0f, (x1 - x0 + gap) / (small * 0.55f)));
      name = cds::ellipsize(name, chars);
      ImVec2 ns = font->CalcTextSizeA(small, FLT_MAX, 0, name.c_str());
      dl->AddText(font, small, ImVec2((x0 + x1 - ns.x) * 0.5f, b.y + 3), col_dim, name.c_str());
    }
  }
  if (hot >= 0) {
    const cds::UnitResult& u = res.units[g.ranking[static_cast<size_t>(hot)]];
    // Wrapped (tooltip()): on a phone at a larger text size one line ran past the screen.
    tooltip((rank_text(u) + " " + u.unit_name + "\n" + T("Tự chấm ", "Self ") + fmt_points(u.total_self, lang(), r.decimals) +
             T(" · Thẩm định ", " · Appraised ") + fmt_points(u.total_appraised, lang(), r.decimals) + T(" · Kết quả ", " · Final ") +
             fmt_points(u.total_final_rounded, lang(), r.decimals) + " / " + cds::format_number(r.scale, lang(), 2))
                .c_str());
    if (clicked) picked = &u;
  }
  chart_legend(r, width);
  return picked;
}

void sort_ranking(const cds::AggregateResult& res, const cds::RubricGroup& g, std::vector<size_t>& order, const ImGuiTableSortSpecs* specs) {
  order = g.ranking;
  if (!specs || specs->SpecsCount == 0) return;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const cds::UnitResult& a = res.units[x];
    const cds::UnitResult& b = res.units[y];
    for (int i = 0; i < specs->SpecsCount; ++i) {
      const ImGuiTableColumnSortSpecs& s = specs->Specs[i];
      int c = 0;
      auto cmp = [](const cds::Num& p, const cds::Num& q) { return p.compare(q); };
      switch (s.ColumnIndex) {
        case 0: c = a.rank - b.rank; break;
        case 1: c = cds::ascii_fold(a.unit_name).compare(cds::ascii_fold(b.unit_name)); break;
        case 2: c = cmp(a.total_self, b.total_self); break;
        case 3: c = cmp(a.total_appraised, b.total_appraised); break;
        case 4: c = cmp(a.total_final_rounded, b.total_final_rounded); break;
        default: {
          size_t p = static_cast<size_t>(s.ColumnIndex - 5);
          if (p < a.pillar_final.size() && p < b.pillar_final.size()) c = cmp(a.pillar_final[p], b.pillar_final[p]);
        }
      }
      if (c != 0) return s.SortDirection == ImGuiSortDirection_Ascending ? c < 0 : c > 0;
    }
    return a.rank != b.rank ? a.rank < b.rank : x < y;
  });
}

// Criteria relative to the best locality: whose reference counts, and the intake's best (information).
void cross_unit_notes(const cds::RubricGroup& g) {
  const cds::Rubric& r = *g.rubric;
  for (const auto& cv : g.cross) {
    const cds::Criterion& c = r.criteria[cv.criterion];
    bool percent = c.rule.value.percent;
    auto val = [&](const cds::Num& v) { return percent ? cds::format_percent(v, lang()) : cds::format_number(v, lang(), 2); };
    std::string s = std::string(T("Tiêu chí ", "Criterion ")) + c.code + ": ";
    s += cv.reference ? std::string(T("chấm theo giá trị tham chiếu của cơ quan tổng hợp ", "scored against the office's reference ")) + val(*cv.reference) +
                            (cv.reference_source.empty() ? "" : " (" + cv.reference_source + ")") + ". "
                      : std::string(T("mỗi đơn vị chấm theo giá trị tham chiếu đơn vị tự nhập. ", "each unit is scored against the reference it entered. "));
    if (cv.best)
      s += std::string(T("Cao nhất trong đợt (chỉ để tham khảo): ", "Best in this intake (information only): ")) +
           (cv.best_unit_name.empty() ? cv.best_unit_code : cv.best_unit_name) + " (" + val(*cv.best) + ").";
    text_disabled_wrapped(s);
  }
}

void empty_state() {
  ImGui::Spacing();
  heading(T("Nhận bài nộp của các đơn vị", "Receive the units' submissions"));
  text_wrapped(T("Kéo thả các tệp bài nộp (.json) vào trang này, hoặc bấm \"Thêm tệp bài nộp…\" để chọn nhiều tệp một lúc, "
                 "hoặc \"Thêm cả thư mục…\" để lấy mọi tệp .json trong một thư mục. Có thể thêm nhiều đợt.",
                 "Drop the submission files (.json) on this page, or use \"Add submission files…\" to pick many at once, or "
                 "\"Add a folder…\" for every .json file in a folder. Add as many batches as needed."));
  text_disabled_wrapped(T("Mỗi tệp được kiểm tra ngay trên máy này: chữ ký, bộ tiêu chí, tính lại mọi điểm. Bản nộp sau của cùng đơn vị thay "
                          "thế bản trước; bản sao trùng chỉ tính một lần. Nạp \"Danh sách tin cậy…\" để đối chiếu khóa đã đăng ký và biết "
                          "đơn vị nào chưa nộp. Tệp thẩm định (cds-appraisal/1) thêm cùng các bài nộp sẽ được áp dụng vào kết quả.",
                          "Every file is checked on this device: signatures, rubric, every score recomputed. A unit's later file "
                          "supersedes its earlier one; identical copies count once. Load a \"Trust list…\" to match registered keys and "
                          "see which units have not submitted. Appraisal files (cds-appraisal/1) added with the submissions are applied."));
}

// Files refused because this device lacks their rubric: say which, and offer to open it.
void missing_rubrics(const cds::AggregateResult& res) {
  std::vector<std::string> missing;
  for (const auto& rec : res.records)
    for (const auto& m : rec.problems)
      if (m.code == "rubric.not_found") {
        std::string id = rec.rubric_id + " " + rec.rubric_version;
        if (std::find(missing.begin(), missing.end(), id) == missing.end()) missing.push_back(id);
      }
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  text_colored_wrapped(c_warn(), std::string(T("Máy này chưa có bộ tiêu chí: ", "This device lacks the rubric: ")) + list +
                                    T(". Hãy mở tệp bộ tiêu chí đó; các tệp sẽ được kiểm tra lại.", ". Open that rubric file and the files are checked again."));
  open_button(T("Mở tệp tiêu chí…##agg:rubric", "Open a rubric file…##agg:rubric"), picker(Request::Rubric));
}

class AggregateScreen : public Screen {
 public:
  void draw(App& a) override;
  // Every file taken in may name any rubric: the bundled ones are read as the screen opens (the
  // app starts from the catalogue alone), so that they are ready before the files are chosen.
  void enter(App& a, const Visit&) override { a.with_rubrics({}, nullptr); }
  void tick(App& a) override {
    st_.tick(a.rubrics().catalogue());
    if (st_.repeats_untold && !st_.busy()) {
      a.toast(std::string(T("Bỏ qua ", "Skipped ")) + n_text(static_cast<long long>(st_.repeats_untold)) +
              T(" tệp đã có trong danh sách (cùng tên, cùng nội dung): mỗi tệp chỉ tính một lần.",
                " files already in the list (same name, same content): each file counts once."));
      st_.repeats_untold = 0;
    }
    workbook_step(a);
    text_step(a);
  }
  void receive(App& a, Request kind, const std::string& arg, std::vector<platform::OpenedFile> files) override;
  void add_state(cds::Json& j) const override {
    cds::Json agg = st_.to_json();
    agg["view"] = view_ == View::Intake ? "intake" : "ranking";
    agg["unit"] = open_.empty() ? cds::Json() : cds::Json(open_.unit);
    agg["unitExplained"] = !open_.empty() && unit_page_.explained();
    agg["unitError"] = open_.empty() ? std::string() : unit_page_.error();
    agg["figures"] = figures_.to_json();
    agg["workbook"] = {{"running", job_ != nullptr}, {"writing", job_ && job_->rendering},
                       {"rowsDone", job_ && job_->writer ? job_->writer->rows_done() : 0}, {"rowsTotal", job_ && job_->writer ? job_->writer->rows_total() : 0},
                       {"lastMs", last_workbook_ms_}, {"lastJsonMs", last_workbook_json_ms_}, {"sliceMsMax", workbook_slice_max_},
                       {"lastSlices", last_workbook_slices_}};
    agg["report"] = {{"running", text_ != nullptr}, {"name", text_ ? text_->name : last_text_name_},
                     {"stepsDone", text_ ? text_->steps->done() : 0}, {"stepsTotal", text_ ? text_->steps->total() : 0},
                     {"lastMs", last_text_ms_}, {"sliceMsMax", text_slice_max_}, {"lastSlices", last_text_slices_}};
    j["aggregate"] = agg;
  }

 private:
  void open_unit(const cds::UnitResult& u);
  void close_unit() { open_ = OpenUnit{}; }
  void set_trust(App& a, std::optional<cds::TrustList> trust, const std::string& name);
  void receive_trust(App& a, platform::OpenedFile f);
  void toolbar(App& a);
  void confirm_clear_popup();
  void trust_line(App& a);
  void progress(App& a);
  void exports(App& a);
  void workbook_step(App& a);
  void workbook_progress();
  void start_text(App& a, cds::AggregateReportKind kind, const char* name, const char* mime, const cds::AggregateReportInfo& info);
  void text_step(App& a);
  void text_progress();
  void intake_view();
  void filter_bar(const std::vector<IntakeRow>& rows);
  void intake_table(const std::vector<IntakeRow>& rows);
  void row_details(const std::vector<IntakeRow>& rows);
  // The unit has appraisal edits on this page not signed yet ("• chưa ký").
  bool has_unsigned_edits(const cds::Rubric& r, const cds::UnitResult& un) const {
    auto d = st_.drafts.find(draft_key(r.id, r.version, un.unit_code));
    return d != st_.drafts.end() && d->second.unsigned_edits();
  }
  size_t detail_row_ = 0;     // the intake row row_details() tells (into the rows)
  bool detail_open_ = false;  // it opens on the next call
  void intake_row(const IntakeRow& r, int i);
  void ranking_view();
  void ranking_table(const cds::RubricGroup& g);
  void ranking_row(const cds::RubricGroup& g, const cds::UnitResult& un, int i);

  AggregateState st_;
  View view_ = View::Intake;
  RowFilter filter_ = RowFilter::All;
  std::string search_;
  int group_ = 0;  // the rubric group shown in the ranking
  OpenUnit open_;  // the unit page shown ("" = none)
  std::string report_title_;
  bool confirm_clear_ = false;
  int not_json_ = 0;  // files skipped in the folder being received (told when its last slice came)
  size_t shown_done_ = 0, shown_total_ = 0;  // the progress bar's figures, and when they were last moved
  double shown_at_ = -1e9;
  // The intake table's filtered, sorted rows (recomputed when the rows, filter or search change).
  struct IntakeOrder {
    long generation = -1;
    cds::Lang lang = cds::Lang::Vi;
    RowFilter filter = RowFilter::All;
    std::string search;
    std::vector<size_t> order;  // into the rows
    bool sort_dirty = true;
    bool narrow = false;  // sorted for the phone's list (by unit), not by the table's headings
  } intake_;
  struct RankOrder {
    long generation = -1;
    int group = -1;
    std::vector<size_t> order;  // into res.units
    bool narrow = false;  // in rank order for the phone's list, not by the table's headings
  } rank_;
  UnitPage unit_page_;
  FiguresPanel figures_;
  // The Excel report of a large intake, made over many frames: its JSON a few milliseconds per
  // frame (WorkbookJsonWriter), then written by the Excel worker off the page's thread. Its rows
  // read the result in place, so a change of the intake (generation) stops it.
  struct WorkbookJob {
    int id = 0;
    long generation = -1;
    cds::AggregateReportInfo info;
    std::unique_ptr<cds::Workbook> wb;
    std::unique_ptr<cds::WorkbookJsonWriter> writer;
    std::string json;
    bool rendering = false;  // handed to the worker
    double started = 0, json_ms = 0;
    int slices = 0;  // frames its rows took
  };
  std::unique_ptr<WorkbookJob> job_;
  // A text report (CSV, JSON, HTML, or the HTML to print), written a few milliseconds per frame
  // (cds::AggregateReportSteps: the bytes `cds aggregate` writes), then saved or printed. It reads
  // the result in place, so a change of the intake (generation) stops it.
  struct TextJob {
    long generation = -1;
    std::string name, mime;  // mime empty: print
    cds::AggregateReportInfo info;
    std::unique_ptr<cds::AggregateReportSteps> steps;
    cds::StrBuf out;
    double started = 0;
    int slices = 0;
  };
  std::unique_ptr<TextJob> text_;
  std::string last_text_name_;
  double last_text_ms_ = 0, text_slice_max_ = 0;
  int last_text_slices_ = 0;
  int next_job_ = 1;
  double last_workbook_ms_ = 0, last_workbook_json_ms_ = 0, workbook_slice_max_ = 0;
  int last_workbook_slices_ = 0;
};

void AggregateScreen::open_unit(const cds::UnitResult& u) {
  const cds::Rubric& r = *st_.res->rubrics[u.rubric].rubric;
  open_ = {r.id, r.version, u.unit_code};
}

// ---- Files in ----

void AggregateScreen::set_trust(App& a, std::optional<cds::TrustList> trust, const std::string& name) {
  bool had = st_.trust.has_value();
  st_.set_trust(a.rubrics().catalogue(), std::move(trust), name);
  if (st_.trust) {
    a.toast(std::string(T("Đang dùng danh sách tin cậy ", "Using the trust list ")) + name + " (" + std::to_string(st_.trust->units.size()) +
            T(" đơn vị, ", " units, ") + std::to_string(st_.trust->appraisers.size()) + T(" khóa thẩm định)", " appraiser keys)") +
            (st_.files.empty() ? "" : T("; đang kiểm tra lại các tệp.", "; checking the files again.")));
  } else if (had) {
    a.toast(std::string(T("Đã bỏ danh sách tin cậy", "Trust list removed")) +
            (st_.files.empty() ? "." : T("; đang kiểm tra lại các tệp.", "; checking the files again.")));
  }
}

void AggregateScreen::receive_trust(App& a, platform::OpenedFile f) {
  if (f.skipped != platform::OpenedFile::Skipped::No) {
    a.toast(f.name + ": " + (f.skipped == platform::OpenedFile::Skipped::Unreadable ? T("không đọc được tệp (đã xóa hay chuyển đi?)", "cannot read the file (deleted or moved?)")
                                                                                    : T("tệp quá lớn, không phải danh sách tin cậy", "too large for a trust list")),
            true);
    return;
  }
  auto loaded = cds::load_trust_list(f.bytes);
  if (!loaded.trust) {
    const cds::Message* m = cds::first_error(loaded.messages);
    a.toast(cds::to_nfc_lossy(f.name) + ": " + (m ? m->line(lang()) : std::string(T("không đọc được danh sách tin cậy", "cannot read the trust list"))), true);
    return;
  }
  set_trust(a, std::move(loaded.trust), cds::to_nfc_lossy(f.name));
}

// The intake's files (picked, a folder, dropped here). A trust list, a rubric or a key among them
// goes where it belongs; a folder's other files are skipped.
void AggregateScreen::receive(App& a, Request kind, const std::string&, std::vector<platform::OpenedFile> files) {
  if (kind == Request::AggregateTrust) {
    if (!files.empty()) receive_trust(a, std::move(files.front()));
    return;
  }
  if (kind == Request::AggregateFigures) {
    if (!files.empty()) {
      close_unit();
      figures_.receive(a, st_, std::move(files.front()));
    }
    return;
  }
  // A folder's files arrive slice by slice (App::files_more): each slice is checked as it comes,
  // the skipped ones are told once, when the last has come.
  std::vector<platform::OpenedFile> intake;
  for (auto& f : files) {
    f.name = cds::to_nfc_lossy(f.name);
    if (f.skipped == platform::OpenedFile::Skipped::NotJson) {
      ++not_json_;
      continue;
    }
    // A table of figures dropped on the page: a .csv, or an Excel workbook (.xlsx, read at once by
    // the figure panel; a .zip dropped is a dossier).
    auto ends = [&](const char* ext) {
      size_t n = std::strlen(ext);
      return f.name.size() > n && cds::ascii_fold(f.name.substr(f.name.size() - n)) == ext;
    };
    if (kind == Request::Drop && (ends(".csv") || ends(".xlsx"))) {
      close_unit();
      figures_.receive(a, st_, std::move(f));
      continue;
    }
    bool readable = f.skipped == platform::OpenedFile::Skipped::No && f.bytes.size() <= cds::kMaxIntakeBytes;
    cds::FileKind k = readable ? cds::detect_format(f.bytes).kind : cds::FileKind::Unknown;
    if (k == cds::FileKind::TrustList) {
      receive_trust(a, std::move(f));
    } else if (k == cds::FileKind::Rubric) {
      a.rubrics().open(f.name, f.bytes);
    } else if (k == cds::FileKind::KeyFile) {
      a.keys().import(f.name, f.bytes);
    } else {
      intake.push_back(std::move(f));
    }
  }
  const bool more = a.files_more();
  if (not_json_ && !more) {
    a.toast(std::string(T("Đã bỏ qua ", "Skipped ")) + std::to_string(not_json_) + T(" tệp không phải .json hay .zip trong thư mục.", " files in the folder that are neither .json nor .zip."));
    not_json_ = 0;
  }
  if (!intake.empty() || st_.arriving) st_.add_files(a.rubrics().catalogue(), std::move(intake), more);
}

// ---- Toolbar, trust list, progress ----

void AggregateScreen::toolbar(App& a) {
  if (!open_.empty()) {
    if (button(T("← Danh sách##agg:back", "← List##agg:back"))) close_unit();
    // A unit's page on a phone keeps the screen for the unit: the intake's own buttons are on the
    // list (they took three to five rows above the page there).
    if (is_narrow()) return;
  } else if (button(T("← Trang chủ", "← Home"))) {
    a.go(ScreenId::Home);
  }
  const char* add = T("Thêm tệp bài nộp…##agg:add", "Add submission files…##agg:add");
  same_line_if_fits(button_width(add));
  open_button(add, picker(Request::Aggregate, "", ".json,.zip,application/json,application/zip", true), st_.files.empty());
  item_tooltip(T("Tệp bài nộp (.json) hoặc hồ sơ (.zip có tài liệu kiểm chứng). Chọn nhiều tệp một lúc (Ctrl/Shift + bấm). Có thể thêm nhiều đợt; tệp thẩm định cũng thêm ở đây.",
                 "Submission files (.json) or dossiers (.zip with evidence). Pick many files at once (Ctrl/Shift + click). Add as many batches as needed; appraisal files go here too."));
  const char* folder = T("Thêm cả thư mục…##agg:folder", "Add a folder…##agg:folder");
  same_line_if_fits(button_width(folder));
  open_button(folder, picker(Request::AggregateFolder, "", "", true, true));
  item_tooltip(T("Mọi tệp .json và hồ sơ .zip trong thư mục (và thư mục con); các tệp khác được bỏ qua.",
                 "Every .json file and .zip dossier in the folder (and subfolders); other files are skipped."));
  const char* trust = T("Danh sách tin cậy…##agg:trust", "Trust list…##agg:trust");
  same_line_if_fits(button_width(trust));
  open_button(trust, picker(Request::AggregateTrust));
  item_tooltip(T("Tệp cds-trust/1: các đơn vị phải nộp và khóa ký đã đăng ký của họ, cùng khóa của người thẩm định.",
                 "A cds-trust/1 file: the units expected to submit, their registered keys, and the appraisers' keys."));
  ImGui::BeginDisabled(!st_.res || st_.res->units.empty());
  if (flow_button(T("Bảng số liệu…##agg:figures", "Figure table…##agg:figures"))) {
    close_unit();
    figures_.toggle();
  }
  ImGui::EndDisabled();
  item_tooltip(T("Số liệu của Cổng DVC, Công an tỉnh, Sở TT&TT… cho mọi đơn vị từ một bảng (CSV hoặc Excel), ký thành bản thẩm định.",
                 "Figures from the Cổng DVC, the provincial police, the Department of ICT… for every unit from one table (CSV or Excel), signed as appraisals."));
  ImGui::BeginDisabled(st_.files.empty());
  if (flow_button(T("Làm lại##agg:clear", "Start over##agg:clear"))) confirm_clear_ = true;
  ImGui::EndDisabled();
  item_tooltip(T("Bỏ mọi tệp đã nhận để bắt đầu đợt tổng hợp mới (danh sách tin cậy và điều chỉnh thẩm định chưa ký vẫn giữ).",
                 "Drop every file received to start a new round (the trust list and unsigned appraisal edits stay)."));
  confirm_clear_popup();
}

void AggregateScreen::confirm_clear_popup() {
  if (confirm_clear_) {
    ImGui::OpenPopup("##agg:confirm-clear");
    confirm_clear_ = false;
  }
  if (!ImGui::BeginPopupModal("##agg:confirm-clear", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(wrap_at(24));
  ImGui::TextUnformatted((std::string(T("Bỏ toàn bộ ", "Drop all ")) + n_text(static_cast<long long>(st_.files.size())) +
                          T(" tệp đã nhận và kết quả tổng hợp?", " files received and the results?"))
                             .c_str());
  text_disabled_wrapped(T("Danh sách tin cậy và các điều chỉnh thẩm định chưa ký vẫn được giữ.", "The trust list and unsigned appraisal edits stay."));
  ImGui::PopTextWrapPos();
  if (button(T("Bỏ hết##agg:clear-confirm", "Drop all##agg:clear-confirm"), true)) {
    st_.clear();
    not_json_ = 0;  // a folder being read belonged to the round dropped
    close_unit();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (button(T("Hủy##agg:clear-cancel", "Cancel##agg:clear-cancel")) || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
  end_popup();
}

void AggregateScreen::trust_line(App& a) {
  if (!st_.trust) {
    text_colored_wrapped(c_warn(), T("Chưa dùng danh sách tin cậy: chữ ký và điểm vẫn được kiểm tra, nhưng chưa đối chiếu khóa đã đăng ký của từng đơn vị, "
                                    "và chưa biết đơn vị nào chưa nộp.",
                                    "No trust list: signatures and scores are still checked, but keys are not matched to registered units and "
                                    "missing units are unknown."));
    return;
  }
  std::string s = std::string(T("Danh sách tin cậy: ", "Trust list: ")) + st_.trust_name + " — " + n_text(static_cast<long long>(st_.trust->units.size())) +
                  T(" đơn vị, ", " units, ") + n_text(static_cast<long long>(st_.trust->keys.size())) + T(" khóa đơn vị, ", " unit keys, ") +
                  n_text(static_cast<long long>(st_.trust->appraisers.size())) + T(" khóa thẩm định.", " appraiser keys.");
  ImGui::PushStyleColor(ImGuiCol_Text, c_ok());
  ImGui::TextUnformatted("✓");
  ImGui::PopStyleColor();
  ImGui::SameLine();
  const char* clear = T("Bỏ danh sách tin cậy##agg:trust-clear", "Remove the trust list##agg:trust-clear");
  float w = ImGui::GetContentRegionAvail().x - (is_narrow() ? 0 : button_width(clear) + 12);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(120.0f, w));
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopTextWrapPos();
  same_line_if_fits(button_width(clear));
  if (small_button(clear)) set_trust(a, std::nullopt, "");
}

void AggregateScreen::progress(App& a) {
  const char* stop = T("Dừng##agg:cancel", "Stop##agg:cancel");
  const char* stop_tip =
      T("Dừng lại và tổng hợp các tệp đã kiểm tra; các tệp chưa kiểm tra hay chưa đọc được bỏ khỏi danh sách.",
        "Stop and aggregate the files checked so far; the files not checked or not read yet are left out.");
  auto stopped_toast = [&](size_t dropped, size_t unread, bool rechecking = false) {
    not_json_ = 0;  // the folder's skipped files are not told about a folder stopped
    if (rechecking && !dropped && !unread)
      return a.toast(T("Không có tệp mới nào để dừng; các tệp đã nhận vẫn được kiểm tra lại theo thay đổi vừa rồi.",
                       "No new files to stop; the files already received are still checked again after the change."));
    std::string s = T("Đã dừng kiểm tra", "Checking stopped");
    std::string sep = ": ";
    if (dropped) {
      s += sep + n_text(static_cast<long long>(dropped)) +
           T(" tệp chưa kiểm tra đã được bỏ khỏi danh sách", " unchecked files were left out");
      sep = T(", ", "; ");
    }
    if (unread)
      s += sep + n_text(static_cast<long long>(unread)) +
           T(" tệp chưa đọc không được thêm", " files not read yet were not added");
    a.toast(s + T("; thêm lại khi cần.", "; add them again when needed.") +
            (rechecking ? T(" Các tệp đã nhận vẫn được kiểm tra lại.", " The files already received are still checked again.") : ""));
  };
  if (!st_.busy()) {
    // Files being read before any reaches the intake (a drop: all at once at the end).
    size_t n = platform::files_arriving();
    if (!n) return;
    std::string s = std::string(T("Đang đọc các tệp đã chọn: ", "Reading the chosen files: ")) +
                    n_text(static_cast<long long>(n - 1)) + "…";
    if (!platform::files_stoppable()) return text_wrapped(s);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(s.c_str());
    same_line_if_fits(button_width(stop));
    if (button(stop)) stopped_toast(0, platform::stop_receiving());  // a first slice that does not come (a slow disk)
    item_tooltip(stop_tip);
    return;
  }
  float w = ImGui::GetContentRegionAvail().x;
  float bw = button_width(stop) + ImGui::GetStyle().ItemSpacing.x;
  // Every file checked: the next frame classifies and ranks every file in the list (about a second
  // for 10,000), which nothing can stop.
  const bool ranking = st_.finishing && st_.will_rank();
  // A folder is checked while it is still read: its files yet to come count in the total. The
  // figures shown move five times a second, not every frame: the frames between are then the
  // same as the last one drawn and are not drawn (the checking gets the time).
  const size_t total = st_.batch_total + (st_.arriving ? platform::files_to_come() : 0);
  const double now = platform::perf_ms();
  if (now - shown_at_ >= 200 || st_.batch_done < shown_done_ || ranking) {
    shown_done_ = st_.batch_done;
    shown_total_ = total;
    shown_at_ = now;
  } else if (shown_done_ != st_.batch_done || shown_total_ != total) {
    platform::request_frames(1);  // the figures shown catch up, even while nothing else moves
  }
  const float bar_w = std::max(120.0f, w - bw);
  std::string label;
  if (ranking) {
    label = std::string(T("Đang tổng hợp và xếp hạng ", "Aggregating and ranking ")) +
            n_text(static_cast<long long>(st_.listed())) + T(" tệp…", " files…");
  } else {
    // The longest form that fits in the bar (a phone with large text): the wait for the disk,
    // then the words, give way; the figures stay.
    const std::string figures =
        n_text(static_cast<long long>(shown_done_)) + "/" + n_text(static_cast<long long>(shown_total_));
    const float room = bar_w - 2 * ImGui::GetStyle().FramePadding.x;
    std::string forms[] = {
        std::string(T("Đang kiểm tra ", "Checking ")) + figures + T(" tệp · đang đọc…", " files · reading…"),
        std::string(T("Đang kiểm tra ", "Checking ")) + figures + T(" tệp", " files"), figures + T(" tệp", " files"),
        figures};
    const bool reading = st_.arriving && st_.pending() == 0;  // the check waits for the disk
    for (size_t i = reading ? 0 : 1; i < std::size(forms); ++i) {
      label = forms[i];
      if (ImGui::CalcTextSize(label.c_str()).x <= room) break;
    }
  }
  float frac = shown_total_ ? static_cast<float>(shown_done_) / static_cast<float>(shown_total_) : 0.0f;
  ImGui::ProgressBar(frac, ImVec2(bar_w, std::max(touch_height(), ImGui::GetFrameHeight())), label.c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(st_.finishing);
  const bool stopped = button(stop);
  ImGui::EndDisabled();
  if (stopped) {  // files still queued: the button is disabled once they are all checked
    size_t unread = 0;
    bool rechecking = false;
    size_t dropped = st_.cancel(a.rubrics().catalogue(), &unread, &rechecking);
    stopped_toast(dropped, unread, rechecking);
  }
  item_tooltip(stop_tip);
}

// ---- Intake table ----

void AggregateScreen::filter_bar(const std::vector<IntakeRow>& rows) {
  const auto& c = st_.res->counts;
  int valid = 0, invalid = 0, superseded = 0, late = 0;
  for (const auto& r : rows) {
    late += r.late;
    if (r.cls == RowClass::Valid) ++valid;
    if (r.cls == RowClass::Invalid) ++invalid;
    if (r.cls == RowClass::Superseded) ++superseded;
  }
  struct F {
    RowFilter id;
    const char* vi;
    const char* en;
    int n;
    const char* key;
  };
  const F filters[] = {{RowFilter::All, "Tất cả", "All", static_cast<int>(rows.size()), "all"},
                       {RowFilter::Valid, "Hợp lệ", "Valid", valid, "valid"},
                       {RowFilter::Invalid, "Không hợp lệ", "Invalid", invalid, "invalid"},
                       {RowFilter::Superseded, "Bị thay thế", "Superseded", superseded, "superseded"},
                       {RowFilter::Duplicate, "Trùng lặp", "Duplicates", c.duplicate, "duplicate"},
                       {RowFilter::Missing, "Chưa nộp", "Missing", c.missing, "missing"},
                       {RowFilter::Late, "Nộp muộn", "Late", late, "late"},
                       {RowFilter::Appraisals, "Thẩm định", "Appraisals", static_cast<int>(st_.res->appraisals.size()), "appraisals"}};
  bool first = true;
  for (const auto& f : filters) {
    if ((f.id == RowFilter::Appraisals || f.id == RowFilter::Late) && f.n == 0 && filter_ != f.id) continue;
    std::string label = std::string(T(f.vi, f.en)) + " (" + n_text(f.n) + ")##agg:filter:" + f.key;
    if (first) {
      ImGui::AlignTextToFramePadding();
      text_disabled_wrapped(T("Lọc:", "Show:"));
      first = false;
    }
    if (toggle_button(label, filter_ == f.id)) filter_ = f.id;
  }
  float sw = std::min(ImGui::GetContentRegionAvail().x, 320.0f);
  same_line_if_fits(sw);
  ImGui::SetNextItemWidth(sw);
  ImGui::InputTextWithHint("##agg:search", fitting_hint(sw, T("Tìm theo tên tệp, đơn vị, mã…", "Search file, unit, code…"), T("Tìm…", "Search…")), &search_);
}

void AggregateScreen::intake_view() {
  const std::vector<IntakeRow>& rows = st_.intake_rows();
  filter_bar(rows);
  std::string folded = cds::ascii_fold(cds::trim(search_));
  if (intake_.generation != st_.rows_generation || intake_.filter != filter_ || intake_.search != folded || intake_.lang != lang()) {
    intake_.generation = st_.rows_generation;
    intake_.lang = lang();
    intake_.filter = filter_;
    intake_.search = folded;
    intake_.order.clear();
    for (size_t i = 0; i < rows.size(); ++i)
      if (row_passes(rows[i], filter_, folded)) intake_.order.push_back(i);
    intake_.sort_dirty = true;
  }
  intake_table(rows);
}

void AggregateScreen::intake_table(const std::vector<IntakeRow>& rows) {
  if (intake_.narrow != is_narrow()) {  // a sort the table's headings chose is not the list's, and back
    intake_.narrow = is_narrow();
    intake_.sort_dirty = true;
  }
  if (is_narrow()) {  // a list of rows in the page's own scroll, by unit as the table starts
    if (intake_.sort_dirty) {
      ImGuiTableColumnSortSpecs by_unit;
      by_unit.ColumnIndex = 1;
      by_unit.SortDirection = ImGuiSortDirection_Ascending;
      ImGuiTableSortSpecs specs;
      specs.Specs = &by_unit;
      specs.SpecsCount = 1;
      sort_intake(rows, intake_.order, &specs);
      intake_.sort_dirty = false;
    }
    if (intake_.order.empty()) text_disabled_wrapped(T("Không có tệp nào khớp bộ lọc.", "No file matches the filter."));
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(intake_.order.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const IntakeRow& r = rows[intake_.order[static_cast<size_t>(i)]];
        const cds::UnitResult* unit = r.kind == IntakeRow::Kind::Record && r.cls == RowClass::Valid ? st_.unit_of_record(r.index) : nullptr;
        std::string what = r.status;
        if (r.late) what += T(" · ⚠ Nộp muộn", " · ⚠ Late");
        if (r.evidence_incomplete) what += T(" · ⚠ Thiếu tài liệu", " · ⚠ Evidence missing");
        if (r.chain_broken) what += T(" · ⚠ Phần số liệu lệch", " · ⚠ Parts mismatch");
        if (!r.reason.empty()) what += " · " + r.reason;
        ImGui::PushID(i);
        const std::string first = r.unit.empty() ? std::string(T("(không rõ đơn vị)", "(unit unknown)")) : r.unit;
        if (phone_row(r.file + "##agg:row", first, {{r.file, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), true}, {what, row_color(r)}})) {
          if (unit) {
            open_unit(*unit);
          } else {  // no unit page: the row's whole text (a touch screen has no tooltip)
            detail_row_ = intake_.order[static_cast<size_t>(i)];
            detail_open_ = true;
          }
        }
        ImGui::PopID();
      }
    row_details(rows);
    return;
  }
  float h = std::max(ImGui::GetContentRegionAvail().y - 8.0f, 280.0f);
  float u = ImGui::GetFontSize();
  // Scrolls sideways only when the columns do not fit (phones, large text).
  float need = u * 70;
  bool scroll_x = need > ImGui::GetContentRegionAvail().x;
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                          (scroll_x ? ImGuiTableFlags_ScrollX : 0);
  if (!ImGui::BeginTable("##agg:intake", 6, flags, ImVec2(0, h), scroll_x ? need : 0.0f)) return;
  ImGui::TableSetupScrollFreeze(is_narrow() ? 0 : 1, 1);
  ImGui::TableSetupColumn(T("Tệp", "File"), ImGuiTableColumnFlags_WidthFixed, u * 14);
  ImGui::TableSetupColumn(T("Đơn vị", "Unit"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, u * 14);
  ImGui::TableSetupColumn(T("Bộ tiêu chí", "Rubric"), ImGuiTableColumnFlags_WidthFixed, u * 11);
  ImGui::TableSetupColumn(T("Thời điểm ký", "Signed at"), ImGuiTableColumnFlags_WidthFixed, u * 7.5f);
  ImGui::TableSetupColumn(T("Trạng thái", "Status"), ImGuiTableColumnFlags_WidthFixed, u * 9.5f);
  ImGui::TableSetupColumn(T("Lý do", "Reason"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
    if (specs->SpecsDirty || intake_.sort_dirty) {
      sort_intake(rows, intake_.order, specs);
      specs->SpecsDirty = false;
      intake_.sort_dirty = false;
    }
  }
  if (intake_.order.empty()) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    text_disabled_wrapped(T("Không có tệp nào khớp bộ lọc.", "No file matches the filter."));
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(intake_.order.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) intake_row(rows[intake_.order[static_cast<size_t>(i)]], i);
  drag_to_scroll();
  ImGui::EndTable();
}

// The whole row is one selectable: a counted submission opens its unit page.
void AggregateScreen::intake_row(const IntakeRow& r, int i) {
  ImGui::TableNextRow();
  ImGui::PushID(i);
  ImGui::TableSetColumnIndex(0);
  // This very submission's unit (a unit may count once per period).
  const cds::UnitResult* unit = r.kind == IntakeRow::Kind::Record && r.cls == RowClass::Valid ? st_.unit_of_record(r.index) : nullptr;
  // A long name keeps its end (the unit and time in "tinh-00001_vinhlong-2025-dti-tinh_20261122-1315.json");
  // the tooltip has it whole.
  if (ImGui::Selectable((fit_path(r.file, ImGui::GetContentRegionAvail().x) + "##agg:row").c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && unit)
    open_unit(*unit);
  row_tooltip(r, unit != nullptr);
  ImGui::TableSetColumnIndex(1);
  cell_text(r.unit);
  ImGui::TableSetColumnIndex(2);
  cell_text(r.rubric);
  ImGui::TableSetColumnIndex(3);
  cell_text(r.created);
  ImGui::TableSetColumnIndex(4);
  ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
  cell_text(r.status);
  ImGui::PopStyleColor();
  if (r.late) {  // the badge: still counted, the office decides
    ImGui::PushStyleColor(ImGuiCol_Text, c_warn());
    cell_text(T("⚠ Nộp muộn", "⚠ Late"));
    ImGui::PopStyleColor();
  }
  if (r.evidence_incomplete) {  // a dossier whose evidence does not match what was signed
    ImGui::PushStyleColor(ImGuiCol_Text, c_error());
    cell_text(T("⚠ Thiếu tài liệu", "⚠ Evidence missing"));
    ImGui::PopStyleColor();
  }
  if (r.chain_broken) {  // a merged submission whose agencies' signed parts do not match it
    ImGui::PushStyleColor(ImGuiCol_Text, c_error());
    cell_text(T("⚠ Phần số liệu lệch", "⚠ Parts mismatch"));
    ImGui::PopStyleColor();
  }
  ImGui::TableSetColumnIndex(5);
  if (r.cls != RowClass::Valid) ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
  cell_text(r.reason);
  if (r.cls != RowClass::Valid) ImGui::PopStyleColor();
  ImGui::PopID();
}

// A phone's intake row that opens no unit page, told whole: file, rubric, status, every reason.
void AggregateScreen::row_details(const std::vector<IntakeRow>& rows) {
  if (detail_open_) {
    ImGui::OpenPopup("##agg:row-detail");
    detail_open_ = false;
  }
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(ImGui::GetMainViewport()->Size.x - 16, ImGui::GetMainViewport()->Size.y * 0.8f));
  if (!ImGui::BeginPopupModal("##agg:row-detail", nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) return;
  if (detail_row_ < rows.size()) {
    const IntakeRow& r = rows[detail_row_];
    ImGui::PushTextWrapPos(wrap_at(24));
    ImGui::TextUnformatted(r.file.c_str());
    if (!r.rubric_title.empty()) text_disabled_wrapped(r.rubric_title);
    ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
    ImGui::TextUnformatted(r.status.c_str());
    ImGui::PopStyleColor();
    ImGui::TextUnformatted((r.reason_full.empty() ? r.reason : r.reason_full).c_str());
    ImGui::PopTextWrapPos();
  }
  if (button(T("Đóng##agg:row-detail-close", "Close##agg:row-detail-close"))) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

// ---- Ranking: chart and table ----

void AggregateScreen::ranking_view() {
  const cds::AggregateResult& res = *st_.res;
  if (res.rubrics.empty()) {
    text_disabled_wrapped(T("Chưa có bài nộp hợp lệ nào để xếp hạng.", "No valid submission to rank yet."));
    return;
  }
  if (group_ < 0 || group_ >= static_cast<int>(res.rubrics.size())) group_ = 0;  // the groups changed
  if (res.rubrics.size() > 1) {
    ImGui::AlignTextToFramePadding();
    text_disabled_wrapped(T("Bộ tiêu chí:", "Rubric:"));
    for (size_t gi = 0; gi < res.rubrics.size(); ++gi) {
      const cds::Rubric& r = *res.rubrics[gi].rubric;
      // One group per rubric and period: a second period of a rubric is named by its period.
      bool shared = std::count_if(res.rubrics.begin(), res.rubrics.end(), [&](const cds::RubricGroup& o) { return o.rubric == res.rubrics[gi].rubric; }) > 1;
      std::string label = cds::ellipsize(r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle), 48) +
                          (shared ? " · " + cds::ellipsize(res.rubrics[gi].period, 32) : "") + " (" +
                          n_text(static_cast<long long>(res.rubrics[gi].ranking.size())) + ")##agg:group:" + r.id + ":" + r.version +
                          (shared ? ":" + res.rubrics[gi].period_key : "");
      if (toggle_button(label, group_ == static_cast<int>(gi))) group_ = static_cast<int>(gi);
    }
  }
  const cds::RubricGroup& g = res.rubrics[static_cast<size_t>(group_)];
  const cds::Rubric& r = *g.rubric;
  heading(r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle) + " · " + n_text(static_cast<long long>(g.ranking.size())) + T(" đơn vị", " units"));
  if (!g.period.empty()) text_disabled_wrapped(std::string(T("Kỳ đánh giá: ", "Period: ")) + g.period);
  cross_unit_notes(g);
  if (const cds::UnitResult* u = ranking_chart(res, g)) open_unit(*u);
  ranking_table(g);
}

void AggregateScreen::ranking_table(const cds::RubricGroup& g) {
  const cds::AggregateResult& res = *st_.res;
  if (is_narrow()) {  // a list of rows in the page's own scroll, in rank order; pillars on each unit's page
    if (rank_.generation != st_.generation || rank_.group != group_ || !rank_.narrow) {
      sort_ranking(res, g, rank_.order, nullptr);
      rank_.generation = st_.generation;
      rank_.group = group_;
      rank_.narrow = true;
    }
    const cds::Rubric& r = *g.rubric;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rank_.order.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const cds::UnitResult& un = res.units[rank_.order[static_cast<size_t>(i)]];
        std::string first = rank_text(un) + ". " + (un.unit_name.empty() ? un.unit_code : un.unit_name);
        const bool unsigned_edit = has_unsigned_edits(r, un);
        if (unsigned_edit) first += T(" • chưa ký", " • unsigned");
        const bool changed = un.total_appraised != un.total_self;
        std::string second = std::string(T("Kết quả ", "Final ")) + fmt_points(un.total_final_rounded, lang(), r.decimals) + T(" · tự chấm ", " · self ") +
                             fmt_points(un.total_self, lang(), r.decimals) + T(" · thẩm định ", " · appraised ") +
                             fmt_points(un.total_appraised, lang(), r.decimals);
        ImGui::PushID(i);
        if (phone_row(first + "##agg:unit:" + un.unit_code, first, {{second, changed || unsigned_edit ? c_warn() : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)}}))
          open_unit(un);
        ImGui::PopID();
      }
    return;
  }
  auto flat = g.rubric->flat_sections();
  int cols = 5 + static_cast<int>(g.pillars.size());
  float u = ImGui::GetFontSize();
  float need = u * (20 + 6.5f * static_cast<float>(cols - 1));
  bool scroll_x = need > ImGui::GetContentRegionAvail().x;
  float h = std::max(ImGui::GetContentRegionAvail().y - 8.0f, 260.0f);
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                          (scroll_x ? ImGuiTableFlags_ScrollX : 0);
  ImGui::PushID(group_);
  if (ImGui::BeginTable("##agg:ranking", cols, flags, ImVec2(0, h), scroll_x ? need : 0.0f)) {
    const ImGuiTableColumnFlags fixed_desc = ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending;
    ImGui::TableSetupScrollFreeze(is_narrow() ? 1 : 2, 1);
    ImGui::TableSetupColumn(T("Hạng", "Rank"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, u * 6.5f);
    ImGui::TableSetupColumn(T("Đơn vị", "Unit"), ImGuiTableColumnFlags_WidthStretch, u * 12);
    ImGui::TableSetupColumn(T("Tự chấm", "Self"), fixed_desc, u * 5);
    ImGui::TableSetupColumn(T("Thẩm định", "Appraised"), fixed_desc, u * 5.5f);
    ImGui::TableSetupColumn(T("Kết quả", "Final"), fixed_desc, u * 5);
    for (size_t p : g.pillars) ImGui::TableSetupColumn(pillar_label(*flat[p].first, 16).c_str(), fixed_desc, u * 6.5f);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
      if (specs->SpecsDirty || rank_.generation != st_.generation || rank_.group != group_ || rank_.narrow) {
        sort_ranking(res, g, rank_.order, specs);
        specs->SpecsDirty = false;
        rank_.generation = st_.generation;
        rank_.group = group_;
        rank_.narrow = false;
      }
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rank_.order.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) ranking_row(g, res.units[rank_.order[static_cast<size_t>(i)]], i);
    drag_to_scroll();
    ImGui::EndTable();
  }
  ImGui::PopID();
}

void AggregateScreen::ranking_row(const cds::RubricGroup& g, const cds::UnitResult& un, int i) {
  const cds::Rubric& r = *g.rubric;
  ImGui::TableNextRow();
  ImGui::PushID(i);
  ImGui::TableSetColumnIndex(0);
  ImGui::TextUnformatted(rank_text(un).c_str());
  ImGui::TableSetColumnIndex(1);
  std::string name = (un.unit_name.empty() ? un.unit_code : un.unit_name) + "##agg:unit:" + un.unit_code;
  if (ImGui::Selectable(name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) open_unit(un);
  ImGui::SetItemTooltip("%s · %s", un.unit_code.c_str(), T("bấm để xem chi tiết và thẩm định", "click for details and appraisal"));
  if (has_unsigned_edits(r, un)) {
    ImGui::SameLine();
    text_colored_wrapped(c_warn(), T("• chưa ký", "• unsigned"));
  }
  auto cell = [&](int col, const cds::Num& v, bool strong, bool changed) {
    ImGui::TableSetColumnIndex(col);
    if (strong) ImGui::PushFont(fonts::bold());
    if (changed) ImGui::PushStyleColor(ImGuiCol_Text, c_warn());
    ImGui::TextUnformatted(fmt_points(v, lang(), r.decimals).c_str());
    if (changed) ImGui::PopStyleColor();
    if (strong) ImGui::PopFont();
  };
  cell(2, un.total_self, false, false);
  cell(3, un.total_appraised, false, un.total_appraised != un.total_self);
  cell(4, un.total_final_rounded, true, false);
  for (size_t p = 0; p < un.pillar_final.size(); ++p) cell(5 + static_cast<int>(p), un.pillar_final[p], false, false);
  ImGui::PopID();
}

// ---- Reports ----

void AggregateScreen::exports(App& a) {
  bool ready = st_.res && !st_.busy() && !job_ && !text_;  // one report at a time
  ImGui::BeginDisabled(!ready);
  float tw = std::min(ImGui::GetContentRegionAvail().x, 340.0f);
  ImGui::SetNextItemWidth(tw);
  ImGui::InputTextWithHint("##agg:title",
                           fitting_hint(tw, T("Tiêu đề báo cáo (tùy chọn), ví dụ UBND huyện Mỹ Tú", "Report heading (optional)"),
                                        T("Tiêu đề báo cáo (tùy chọn)", "Heading (optional)")),
                           &report_title_);
  cds::AggregateReportInfo info;
  info.generated = display_now();
  info.clock = display_clock();
  info.app_version = cds::kVersion;
  info.title = cds::to_nfc_lossy(cds::trim(report_title_));
  const cds::AggregateResult& res = *st_.res;
  using Kind = cds::AggregateReportKind;
  if (flow_button(T("Xếp hạng (CSV)##agg:export:ranking", "Ranking (CSV)##agg:export:ranking"), true))
    start_text(a, Kind::Ranking, "tong-hop-xep-hang.csv", "text/csv;charset=utf-8", info);
  item_tooltip(T("Mở được bằng Excel, giữ nguyên tiếng Việt.", "Opens in Excel with Vietnamese intact."));
  if (flow_button(T("Báo cáo Excel (.xlsx)##agg:export:xlsx", "Excel report (.xlsx)##agg:export:xlsx"), true)) {
    // Ranking per rubric, criteria, intake as sheets. In the browser the criteria sheet stops at
    // kAppCriteriaRows rows (then it points to the criteria CSV): the worker keeps its scratch file in memory.
    job_ = std::make_unique<WorkbookJob>();
    job_->id = next_job_++;
    job_->generation = st_.generation;
    job_->info = info;
    job_->wb = std::make_unique<cds::Workbook>(cds::aggregate_workbook(res, lang(), job_->info, epoch_now(), cds::kXlsxMaxRows, kAppCriteriaRows));
    job_->writer = std::make_unique<cds::WorkbookJsonWriter>(*job_->wb);
    job_->started = platform::perf_ms();
    workbook_slice_max_ = 0;
    platform::request_frames(2);
  }
  item_tooltip(T("Một tệp Excel: xếp hạng từng bộ tiêu chí, tiêu chí, danh sách tệp; số liệu là số thật.",
                 "One Excel file: ranking per rubric, criteria, files; real numbers."));
  if (flow_button(T("Chi tiết tiêu chí (CSV)##agg:export:criteria", "Criteria (CSV)##agg:export:criteria")))
    start_text(a, Kind::Criteria, "tong-hop-tieu-chi.csv", "text/csv;charset=utf-8", info);
  if (flow_button(T("Thông tin chung (CSV)##agg:export:info", "General information (CSV)##agg:export:info")))
    start_text(a, Kind::Info, "tong-hop-thong-tin-chung.csv", "text/csv;charset=utf-8", info);
  if (flow_button(T("Danh sách tệp (CSV)##agg:export:intake", "Files (CSV)##agg:export:intake")))
    start_text(a, Kind::Intake, "tong-hop-danh-sach-tep.csv", "text/csv;charset=utf-8", info);
  if (flow_button("JSON##agg:export:json")) start_text(a, Kind::Json, "tong-hop.json", "application/json", info);
  if (flow_button("HTML##agg:export:html")) start_text(a, Kind::Html, "tong-hop.html", "text/html;charset=utf-8", info);
  if (flow_button(T("In##agg:print", "Print##agg:print"))) start_text(a, Kind::Html, "tong-hop.html", "", info);
  item_tooltip(T("Mở hộp thoại in (khổ A4); chọn \"Lưu thành PDF\" để có tệp PDF.", "Opens the print dialog (A4); choose \"Save as PDF\" for a PDF."));
  ImGui::EndDisabled();
  workbook_progress();
  text_progress();
}

void AggregateScreen::start_text(App& a, cds::AggregateReportKind kind, const char* name, const char* mime, const cds::AggregateReportInfo& info) {
  text_ = std::make_unique<TextJob>();
  text_->generation = st_.generation;
  text_->name = name;
  text_->mime = mime;
  text_->info = info;
  text_->steps = std::make_unique<cds::AggregateReportSteps>(*st_.res, kind, lang(), text_->info);
  text_->started = platform::perf_ms();
  text_slice_max_ = 0;
  text_step(a);  // a small report is done in this frame
}

void AggregateScreen::text_step(App& a) {
  if (!text_) return;
  // Its steps read the result in place: stop when the intake changes or starts to (files added,
  // a trust list given: the result being made again), never save a report of a stale intake.
  if (!st_.res || st_.generation != text_->generation || st_.busy()) {
    text_.reset();
    a.toast(T("Đã dừng lập báo cáo vì danh sách tệp vừa thay đổi; hãy bấm lại.", "The report was stopped because the files changed; press it again."), true);
    return;
  }
  const double t0 = platform::perf_ms();
  bool done = false;
  while (!done && platform::perf_ms() - t0 < 8.0) done = text_->steps->step(text_->out, 1);
  text_slice_max_ = std::max(text_slice_max_, platform::perf_ms() - t0);
  ++text_->slices;
  if (!done) {
    platform::request_frames(2);
    return;
  }
  last_text_ms_ = platform::perf_ms() - text_->started;
  last_text_slices_ = text_->slices;
  last_text_name_ = text_->name;
  std::unique_ptr<TextJob> job = std::move(text_);
  if (job->mime.empty()) {
    platform::print_html(job->out.take());
  } else {
    platform::save_file(job->name, job->mime, job->out.take());
    a.toast(std::string(T("Đã tải xuống ", "Downloaded ")) + job->name);
  }
  platform::request_frames(2);
}

// A report's progress across the screen with its cancel button at the end; true when pressed.
bool progress_with_cancel(float frac, const std::string& label, const char* stop) {
  float w = ImGui::GetContentRegionAvail().x;
  float bw = button_width(stop) + ImGui::GetStyle().ItemSpacing.x;
  ImGui::ProgressBar(frac, ImVec2(std::max(120.0f, w - bw), std::max(touch_height(), ImGui::GetFrameHeight())), label.c_str());
  ImGui::SameLine();
  return button(stop);
}

void AggregateScreen::text_progress() {
  if (!text_) return;
  size_t total = std::max<size_t>(1, text_->steps->total());
  float frac = static_cast<float>(text_->steps->done()) / static_cast<float>(total);
  std::string label = std::string(text_->mime.empty() ? T("Đang chuẩn bị bản in: ", "Preparing the print: ") : T("Đang lập ", "Making ")) +
                      (text_->mime.empty() ? "" : text_->name + ": ") + std::to_string(static_cast<int>(frac * 100.0f + 0.5f)) + "%";
  if (progress_with_cancel(frac, label, T("Hủy##agg:report-cancel", "Cancel##agg:report-cancel"))) text_.reset();
}

void AggregateScreen::workbook_step(App& a) {
  if (!job_ || job_->rendering) return;
  if (!st_.res || st_.generation != job_->generation || st_.busy()) {  // as text_step: the intake changes
    job_.reset();
    a.toast(T("Đã dừng lập báo cáo Excel vì danh sách tệp vừa thay đổi; hãy bấm lại.",
              "The Excel report was stopped because the files changed; press it again."), true);
    return;
  }
  platform::request_frames(2);
  const double t0 = platform::perf_ms();
  bool done = false;
  while (!done && platform::perf_ms() - t0 < 8.0) done = job_->writer->step(job_->json, 400);
  workbook_slice_max_ = std::max(workbook_slice_max_, platform::perf_ms() - t0);
  ++job_->slices;
  if (!done) return;
  job_->rendering = true;
  job_->json_ms = platform::perf_ms() - job_->started;
  job_->writer.reset();
  job_->wb.reset();
  const int id = job_->id;
  std::string json = std::move(job_->json);
  platform::render_xlsx(json, "tong-hop.xlsx", [this, &a, id](bool ok, const std::string& why) {
    if (!job_ || job_->id != id) return;
    last_workbook_ms_ = platform::perf_ms() - job_->started;
    last_workbook_json_ms_ = job_->json_ms;
    last_workbook_slices_ = job_->slices;
    job_.reset();
    if (ok) a.toast(std::string(T("Đã tải xuống ", "Downloaded ")) + "tong-hop.xlsx");
    else a.toast(std::string(T("Không tạo được tệp Excel: ", "Could not make the Excel file: ")) + why, true);
    platform::request_frames(2);
  });
}

void AggregateScreen::workbook_progress() {
  if (!job_) return;
  float frac = 1.0f;
  std::string label;
  if (job_->rendering) {
    label = T("Đang ghi tệp Excel…", "Writing the Excel file…");
  } else {
    size_t total = std::max<size_t>(1, job_->writer->rows_total());
    frac = static_cast<float>(job_->writer->rows_done()) / static_cast<float>(total);
    label = std::string(T("Đang lập báo cáo Excel: ", "Making the Excel report: ")) + n_text(static_cast<long long>(job_->writer->rows_done())) + "/" +
            n_text(static_cast<long long>(total)) + T(" dòng", " rows");
  }
  if (progress_with_cancel(frac, label, T("Hủy##agg:xlsx-cancel", "Cancel##agg:xlsx-cancel"))) job_.reset();  // a reply from the worker for it is ignored
}

void AggregateScreen::draw(App& a) {
  if (!open_.empty()) {
    if (st_.res && st_.find_unit(open_.rubric, open_.version, open_.unit)) {
      toolbar(a);
      unit_page_.draw(a, st_, open_);
      return;
    }
    if (!st_.busy()) close_unit();  // the unit left the result (files cleared or re-checked)
  }
  // On a phone the toolbar (three rows there, more with larger text) scrolls away with the page
  // rather than keep half of the screen.
  if (!is_narrow()) toolbar(a);
  ImGui::BeginChild("##aggregate", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  if (is_narrow()) toolbar(a);
  ImGui::PushFont(fonts::large());
  text_wrapped(T("Tổng hợp bài nộp", "Aggregate submissions"));  // wraps on a phone with larger text
  ImGui::PopFont();
  trust_line(a);
  progress(a);
  if (!st_.res) {
    if (!st_.busy()) empty_state();
    ImGui::Dummy(ImVec2(1, 60));
    drag_to_scroll();
    ImGui::EndChild();
    return;
  }
  const cds::AggregateResult& res = *st_.res;
  text_wrapped(cds::aggregate_summary(res, lang()));
  missing_rubrics(res);
  exports(a);
  figures_.draw(a, st_);
  ImGui::Separator();
  std::string intake_label = std::string(T("Tiếp nhận", "Intake")) + " (" + n_text(res.counts.files) + ")##agg:view:intake";
  std::string ranking_label = std::string(T("Xếp hạng", "Ranking")) + " (" + n_text(res.counts.units) + ")##agg:view:ranking";
  if (toggle_button(intake_label, view_ == View::Intake)) view_ = View::Intake;
  if (toggle_button(ranking_label, view_ == View::Ranking)) view_ = View::Ranking;
  ImGui::Spacing();
  if (view_ == View::Intake) intake_view();
  else ranking_view();
  drag_to_scroll();
  ImGui::EndChild();
}

}  // namespace

std::unique_ptr<Screen> make_aggregate_screen() { return std::make_unique<AggregateScreen>(); }

}  // namespace ui
