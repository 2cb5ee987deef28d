// "Tổng hợp": the receiving office's screen. Many submission (and appraisal) files in at once —
// picked, a folder, or dropped on the page — checked a few milliseconds per frame with a progress
// bar, then core's classification (valid / invalid / superseded / duplicate / missing) in a
// sortable table, the ranking per rubric with a bar chart, and the reports. Clicking a unit opens
// its page (screen_aggregate_unit.cpp). Every check, score and rank comes from core
// (cds/office/aggregate.hpp); this file arranges them.
#include <algorithm>
#include <string>

#include "aggregate_state.hpp"
#include "app.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
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

const ImVec4 kRed(0.80f, 0.10f, 0.10f, 1);
const ImVec4 kOrange(0.80f, 0.45f, 0.0f, 1);
const ImVec4 kGreen(0.10f, 0.55f, 0.20f, 1);

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
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.10f, 0.34f, 0.86f, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.15f, 0.42f, 0.95f, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.10f, 0.30f, 0.80f, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  bool r = ImGui::Button(label.c_str(), ImVec2(0, touch_height()));
  ImGui::PopStyleColor(4);
  return r;
}

void heading(const std::string& s) {
  ImGui::PushFont(fonts::bold());
  text_wrapped(s);
  ImGui::PopFont();
}

void open_unit(AggregateState& st, const cds::UnitResult& u) {
  const cds::Rubric& r = *st.res->rubrics[u.rubric].rubric;
  st.open_rubric = r.id;
  st.open_version = r.version;
  st.open_unit = u.unit_code;
}

std::string report_time() { return agg_time(platform::local_time_iso()); }

// ---- Toolbar, trust list, progress ----

void toolbar(App& a, AggregateState& st) {
  if (!st.open_unit.empty()) {
    if (button(T("← Danh sách##agg:back", "← List##agg:back"))) st.open_unit.clear();
  } else if (button(T("← Trang chủ", "← Home"))) {
    a.screen = Screen::Home;
  }
  const char* add = T("Thêm tệp bài nộp…##agg:add", "Add submission files…##agg:add");
  same_line_if_fits(button_width(add));
  open_button(add, picker(Request::Aggregate, "", ".json,application/json", true), st.files.empty());
  ImGui::SetItemTooltip("%s", T("Chọn nhiều tệp một lúc (Ctrl/Shift + bấm). Có thể thêm nhiều đợt; tệp thẩm định cũng thêm ở đây.",
                                "Pick many files at once (Ctrl/Shift + click). Add as many batches as needed; appraisal files go here too."));
  const char* folder = T("Thêm cả thư mục…##agg:folder", "Add a folder…##agg:folder");
  same_line_if_fits(button_width(folder));
  open_button(folder, picker(Request::AggregateFolder, "", "", true, true));
  ImGui::SetItemTooltip("%s", T("Mọi tệp .json trong thư mục (và thư mục con); các tệp khác được bỏ qua.",
                                "Every .json file in the folder (and subfolders); other files are skipped."));
  const char* trust = T("Danh sách tin cậy…##agg:trust", "Trust list…##agg:trust");
  same_line_if_fits(button_width(trust));
  open_button(trust, picker(Request::AggregateTrust));
  ImGui::SetItemTooltip("%s", T("Tệp cds-trust/1: các đơn vị phải nộp và khóa ký đã đăng ký của họ, cùng khóa của người thẩm định.",
                                "A cds-trust/1 file: the units expected to submit, their registered keys, and the appraisers' keys."));
  ImGui::BeginDisabled(st.files.empty());
  if (flow_button(T("Làm lại##agg:clear", "Start over##agg:clear"))) st.confirm_clear = true;
  ImGui::EndDisabled();
  ImGui::SetItemTooltip("%s", T("Bỏ mọi tệp đã nhận để bắt đầu đợt tổng hợp mới (danh sách tin cậy và điều chỉnh thẩm định chưa ký vẫn giữ).",
                                "Drop every file received to start a new round (the trust list and unsigned appraisal edits stay)."));
  if (st.confirm_clear) {
    ImGui::OpenPopup("##agg:confirm-clear");
    st.confirm_clear = false;
  }
  if (ImGui::BeginPopupModal("##agg:confirm-clear", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    ImGui::TextUnformatted((std::string(T("Bỏ toàn bộ ", "Drop all ")) + n_text(static_cast<long long>(st.files.size())) +
                            T(" tệp đã nhận và kết quả tổng hợp?", " files received and the results?"))
                               .c_str());
    ImGui::TextDisabled("%s", T("Danh sách tin cậy và các điều chỉnh thẩm định chưa ký vẫn được giữ.", "The trust list and unsigned appraisal edits stay."));
    ImGui::PopTextWrapPos();
    if (button(T("Bỏ hết##agg:clear-confirm", "Drop all##agg:clear-confirm"), true)) {
      aggregate_clear(a);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (button(T("Hủy##agg:clear-cancel", "Cancel##agg:clear-cancel")) || ImGui::IsKeyPressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void trust_line(App& a, AggregateState& st) {
  if (st.trust) {
    std::string s = std::string(T("Danh sách tin cậy: ", "Trust list: ")) + st.trust_name + " — " + n_text(static_cast<long long>(st.trust->units.size())) +
                    T(" đơn vị, ", " units, ") + n_text(static_cast<long long>(st.trust->keys.size())) + T(" khóa đơn vị, ", " unit keys, ") +
                    n_text(static_cast<long long>(st.trust->appraisers.size())) + T(" khóa thẩm định.", " appraiser keys.");
    ImGui::PushStyleColor(ImGuiCol_Text, kGreen);
    ImGui::TextUnformatted("✓");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    const char* clear = T("Bỏ danh sách tin cậy##agg:trust-clear", "Remove the trust list##agg:trust-clear");
    float w = ImGui::GetContentRegionAvail().x - (is_narrow() ? 0 : button_width(clear) + 12);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(120.0f, w));
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopTextWrapPos();
    same_line_if_fits(button_width(clear));
    if (small_button(clear)) aggregate_set_trust(a, std::nullopt, "");
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, kOrange);
    text_wrapped(T("Chưa dùng danh sách tin cậy: chữ ký và điểm vẫn được kiểm tra, nhưng chưa đối chiếu khóa đã đăng ký của từng đơn vị, "
                   "và chưa biết đơn vị nào chưa nộp.",
                   "No trust list: signatures and scores are still checked, but keys are not matched to registered units and "
                   "missing units are unknown."));
    ImGui::PopStyleColor();
  }
}

void progress(App& a, AggregateState& st) {
  if (!st.busy()) return;
  float w = ImGui::GetContentRegionAvail().x;
  const char* stop = T("Dừng##agg:cancel", "Stop##agg:cancel");
  float bw = button_width(stop) + ImGui::GetStyle().ItemSpacing.x;
  std::string label = std::string(T("Đang kiểm tra ", "Checking ")) + n_text(static_cast<long long>(st.batch_done)) + "/" +
                      n_text(static_cast<long long>(st.batch_total)) + T(" tệp", " files");
  float frac = st.batch_total ? static_cast<float>(st.batch_done) / static_cast<float>(st.batch_total) : 0.0f;
  ImGui::ProgressBar(frac, ImVec2(std::max(120.0f, w - bw), std::max(touch_height(), ImGui::GetFrameHeight())), label.c_str());
  ImGui::SameLine();
  if (button(stop)) aggregate_cancel(a);
  ImGui::SetItemTooltip("%s", T("Dừng lại và tổng hợp các tệp đã kiểm tra; các tệp chưa kiểm tra được bỏ khỏi danh sách.",
                                "Stop and aggregate the files checked so far; the unchecked files are left out."));
}

// ---- Intake table ----

struct IntakeView {
  long generation = -1;
  cds::Lang lang = cds::Lang::Vi;
  int filter = -2;
  std::string search;
  std::vector<size_t> order;  // into st.rows
  bool sort_dirty = true;
};
IntakeView g_intake;

bool row_passes(const IntakeRow& r, int filter, const std::string& folded_search) {
  if (filter == 5) {
    if (r.kind != IntakeRow::Appraisal) return false;
  } else if (filter >= 0 && static_cast<int>(r.cls) != filter) {
    return false;
  }
  if (folded_search.empty()) return true;
  return r.file_key.find(folded_search) != std::string::npos || r.unit_key.find(folded_search) != std::string::npos ||
         r.rubric.find(folded_search) != std::string::npos;
}

void sort_intake(AggregateState& st, const ImGuiTableSortSpecs* specs) {
  auto& order = g_intake.order;
  if (!specs || specs->SpecsCount == 0) return;
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const IntakeRow& a = st.rows[x];
    const IntakeRow& b = st.rows[y];
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
    case RowClass::Invalid: return kRed;
    case RowClass::Superseded:
    case RowClass::Duplicate: return kOrange;
    case RowClass::Missing: return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

void intake_view(AggregateState& st) {
  const cds::AggregateResult& res = *st.res;
  const std::vector<IntakeRow>& rows = aggregate_rows();
  const auto& c = res.counts;
  int appraisal_rows = static_cast<int>(res.appraisals.size());
  struct F {
    int id;
    const char* vi;
    const char* en;
    int n;
    const char* key;
  };
  int all = static_cast<int>(rows.size());
  int valid = 0, invalid = 0, superseded = 0;
  for (const auto& r : rows) {
    if (r.cls == RowClass::Valid) ++valid;
    if (r.cls == RowClass::Invalid) ++invalid;
    if (r.cls == RowClass::Superseded) ++superseded;
  }
  const F filters[] = {{-1, "Tất cả", "All", all, "all"},
                       {0, "Hợp lệ", "Valid", valid, "valid"},
                       {1, "Không hợp lệ", "Invalid", invalid, "invalid"},
                       {2, "Bị thay thế", "Superseded", superseded, "superseded"},
                       {3, "Trùng lặp", "Duplicates", c.duplicate, "duplicate"},
                       {4, "Chưa nộp", "Missing", c.missing, "missing"},
                       {5, "Thẩm định", "Appraisals", appraisal_rows, "appraisals"}};
  bool first = true;
  for (const auto& f : filters) {
    if (f.id == 5 && f.n == 0) continue;
    std::string label = std::string(T(f.vi, f.en)) + " (" + n_text(f.n) + ")##agg:filter:" + f.key;
    if (first) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextDisabled("%s", T("Lọc:", "Show:"));
      first = false;
    }
    if (toggle_button(label, st.filter == f.id)) st.filter = f.id;
  }
  float sw = std::min(ImGui::GetContentRegionAvail().x, 320.0f);
  same_line_if_fits(sw);
  ImGui::SetNextItemWidth(sw);
  ImGui::InputTextWithHint("##agg:search", T("Tìm theo tên tệp, đơn vị, mã…", "Search file, unit, code…"), &st.search);

  std::string folded = cds::ascii_fold(cds::trim(st.search));
  if (g_intake.generation != st.rows_generation || g_intake.filter != st.filter || g_intake.search != folded || g_intake.lang != lang()) {
    g_intake.generation = st.rows_generation;
    g_intake.lang = lang();
    g_intake.filter = st.filter;
    g_intake.search = folded;
    g_intake.order.clear();
    for (size_t i = 0; i < rows.size(); ++i)
      if (row_passes(rows[i], st.filter, folded)) g_intake.order.push_back(i);
    g_intake.sort_dirty = true;
  }

  bool narrow = is_narrow();
  float avail_h = ImGui::GetContentRegionAvail().y;
  float h = std::max(avail_h - 8.0f, 280.0f);
  float u = ImGui::GetFontSize();
  // Scrolls sideways only when the columns do not fit (phones, large text).
  float need = u * 70;
  bool scroll_x = need > ImGui::GetContentRegionAvail().x;
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                          (scroll_x ? ImGuiTableFlags_ScrollX : 0);
  if (!ImGui::BeginTable("##agg:intake", 6, flags, ImVec2(0, h), scroll_x ? need : 0.0f)) return;
  ImGui::TableSetupScrollFreeze(narrow ? 0 : 1, 1);
  ImGui::TableSetupColumn(T("Tệp", "File"), ImGuiTableColumnFlags_WidthFixed, u * 14);
  ImGui::TableSetupColumn(T("Đơn vị", "Unit"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, u * 14);
  ImGui::TableSetupColumn(T("Bộ tiêu chí", "Rubric"), ImGuiTableColumnFlags_WidthFixed, u * 11);
  ImGui::TableSetupColumn(T("Thời điểm ký", "Signed at"), ImGuiTableColumnFlags_WidthFixed, u * 7.5f);
  ImGui::TableSetupColumn(T("Trạng thái", "Status"), ImGuiTableColumnFlags_WidthFixed, u * 9.5f);
  ImGui::TableSetupColumn(T("Lý do", "Reason"), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
    if (specs->SpecsDirty || g_intake.sort_dirty) {
      sort_intake(st, specs);
      specs->SpecsDirty = false;
      g_intake.sort_dirty = false;
    }
  }
  if (g_intake.order.empty()) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", T("Không có tệp nào khớp bộ lọc.", "No file matches the filter."));
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(g_intake.order.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const IntakeRow& r = st.rows[g_intake.order[static_cast<size_t>(i)]];
      ImGui::TableNextRow();
      ImGui::PushID(i);
      ImGui::TableSetColumnIndex(0);
      // The whole row is one selectable: a counted submission opens its unit page.
      const cds::UnitResult* unit = nullptr;
      if (r.kind == IntakeRow::Record && r.cls == RowClass::Valid) {
        const cds::IntakeRecord& rec = res.records[r.index];
        unit = aggregate_find_unit(rec.rubric_id, rec.rubric_version, rec.unit_code);
      }
      if (ImGui::Selectable((r.file + "##agg:row").c_str(), false, ImGuiSelectableFlags_SpanAllColumns) && unit)
        open_unit(st, *unit);
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayShort) && ImGui::BeginTooltip()) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
        ImGui::TextUnformatted(r.file.c_str());
        if (!r.rubric_title.empty()) ImGui::TextDisabled("%s", r.rubric_title.c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
        ImGui::TextUnformatted(r.status.c_str());
        ImGui::PopStyleColor();
        if (!r.reason_full.empty()) ImGui::TextUnformatted(r.reason_full.c_str());
        else if (!r.reason.empty()) ImGui::TextUnformatted(r.reason.c_str());
        if (unit) ImGui::TextDisabled("%s", T("Bấm để mở trang của đơn vị.", "Click to open the unit's page."));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      ImGui::TableSetColumnIndex(1);
      ImGui::TextUnformatted(r.unit.c_str());
      ImGui::TableSetColumnIndex(2);
      ImGui::TextUnformatted(r.rubric.c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(r.created.c_str());
      ImGui::TableSetColumnIndex(4);
      ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
      ImGui::TextUnformatted(r.status.c_str());
      ImGui::PopStyleColor();
      ImGui::TableSetColumnIndex(5);
      if (r.cls != RowClass::Valid) ImGui::PushStyleColor(ImGuiCol_Text, row_color(r));
      ImGui::TextUnformatted(r.reason.c_str());
      if (r.cls != RowClass::Valid) ImGui::PopStyleColor();
      ImGui::PopID();
    }
  }
  drag_to_scroll();
  ImGui::EndTable();
}

// ---- Ranking: chart and table ----

struct RankView {
  long generation = -1;
  int group = -1;
  std::vector<size_t> order;  // into res.units
};
RankView g_rank;

std::string rank_text(const cds::UnitResult& u) {
  return std::to_string(u.rank) + (u.tied ? std::string(T(" (đồng hạng)", " (tied)")) : std::string());
}

std::string pillar_label(const cds::Section& s, size_t max_chars) {
  std::string code = s.code.empty() ? s.id : s.code;
  return cds::ellipsize(code + ". " + s.title, max_chars);
}

// Bars of final totals in rank order (best first), the self-assessed total as a tick when it
// differs; scale lines at quarters of the rubric's scale. Hover for the unit, click to open it.
void ranking_chart(AggregateState& st, const cds::RubricGroup& g) {
  const cds::AggregateResult& res = *st.res;
  const cds::Rubric& r = *g.rubric;
  size_t n = g.ranking.size();
  if (n == 0) return;
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
    ImGui::SetTooltip("%s %s\n%s %s · %s %s · %s %s / %s", rank_text(u).c_str(), u.unit_name.c_str(), T("Tự chấm", "Self"),
                      fmt_points(u.total_self, lang(), r.decimals).c_str(), T("Thẩm định", "Appraised"),
                      fmt_points(u.total_appraised, lang(), r.decimals).c_str(), T("Kết quả", "Final"),
                      fmt_points(u.total_final_rounded, lang(), r.decimals).c_str(), cds::format_number(r.scale, lang(), 2).c_str());
    if (clicked) open_unit(st, u);
  }
  // Legend.
  ImVec2 lp = ImGui::GetCursorScreenPos();
  float sq = small * 0.8f;
  dl->AddRectFilled(ImVec2(lp.x, lp.y + (small - sq) * 0.5f + 2), ImVec2(lp.x + sq, lp.y + (small + sq) * 0.5f + 2), col_bar);
  std::string l1 = T("Kết quả (sau thẩm định)", "Final (after appraisal)");
  dl->AddText(font, small, ImVec2(lp.x + sq + 4, lp.y + 2), col_dim, l1.c_str());
  float x2 = lp.x + sq + 4 + font->CalcTextSizeA(small, FLT_MAX, 0, l1.c_str()).x + 16;
  dl->AddLine(ImVec2(x2, lp.y + small * 0.5f + 2), ImVec2(x2 + sq * 1.5f, lp.y + small * 0.5f + 2), col_tick, 2.0f);
  std::string l2 = std::string(T("Tự chấm (khi khác)", "Self-assessed (when different)")) + " · " + T("thang ", "scale ") +
                   cds::format_number(r.scale, lang(), 2);
  dl->AddText(font, small, ImVec2(x2 + sq * 1.5f + 4, lp.y + 2), col_dim, l2.c_str());
  ImGui::Dummy(ImVec2(width, small + 6));
}

void sort_ranking(const cds::AggregateResult& res, const cds::RubricGroup& g, const ImGuiTableSortSpecs* specs) {
  auto& order = g_rank.order;
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

void ranking_view(App& a, AggregateState& st) {
  const cds::AggregateResult& res = *st.res;
  if (res.rubrics.empty()) {
    text_disabled_wrapped(T("Chưa có bài nộp hợp lệ nào để xếp hạng.", "No valid submission to rank yet."));
    return;
  }
  st.group = std::clamp(st.group, 0, static_cast<int>(res.rubrics.size()) - 1);
  if (res.rubrics.size() > 1) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", T("Bộ tiêu chí:", "Rubric:"));
    for (size_t gi = 0; gi < res.rubrics.size(); ++gi) {
      const cds::Rubric& r = *res.rubrics[gi].rubric;
      std::string label = cds::ellipsize(r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle), 48) + " (" +
                          n_text(static_cast<long long>(res.rubrics[gi].ranking.size())) + ")##agg:group:" + r.id + ":" + r.version;
      if (toggle_button(label, st.group == static_cast<int>(gi))) st.group = static_cast<int>(gi);
    }
  }
  const cds::RubricGroup& g = res.rubrics[static_cast<size_t>(st.group)];
  const cds::Rubric& r = *g.rubric;
  heading(r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle) + " · " + n_text(static_cast<long long>(g.ranking.size())) +
          T(" đơn vị", " units"));
  for (const auto& cv : g.cross) {
    const cds::Criterion& c = r.criteria[cv.criterion];
    std::string s = std::string(T("Tiêu chí ", "Criterion ")) + c.code + T(" tính theo đơn vị cao nhất trong đợt: ", " is relative to the best unit: ");
    if (cv.best) {
      bool percent = c.rule.value.percent;
      s += (cv.best_unit_name.empty() ? cv.best_unit_code : cv.best_unit_name) + " (" +
           (percent ? cds::format_percent(*cv.best, lang()) : cds::format_number(*cv.best, lang(), 2)) + "); " +
           n_text(cv.units_with_value) + T(" đơn vị có số liệu.", " units have a value.");
    } else {
      s += T("chưa đơn vị nào có số liệu.", "no unit has a value yet.");
    }
    text_disabled_wrapped(s);
  }
  ranking_chart(st, g);

  auto flat = r.flat_sections();
  bool narrow = is_narrow();
  int cols = 5 + static_cast<int>(g.pillars.size());
  float u = ImGui::GetFontSize();
  float need = u * (20 + 6.5f * static_cast<float>(cols - 1));
  bool scroll_x = need > ImGui::GetContentRegionAvail().x;
  float h = std::max(ImGui::GetContentRegionAvail().y - 8.0f, 260.0f);
  ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit |
                          (scroll_x ? ImGuiTableFlags_ScrollX : 0);
  ImGui::PushID(st.group);
  if (ImGui::BeginTable("##agg:ranking", cols, flags, ImVec2(0, h), scroll_x ? need : 0.0f)) {
    ImGui::TableSetupScrollFreeze(narrow ? 1 : 2, 1);
    ImGui::TableSetupColumn(T("Hạng", "Rank"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_DefaultSort, u * 6.5f);
    ImGui::TableSetupColumn(T("Đơn vị", "Unit"), ImGuiTableColumnFlags_WidthStretch, u * 12);
    ImGui::TableSetupColumn(T("Tự chấm", "Self"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, u * 5);
    ImGui::TableSetupColumn(T("Thẩm định", "Appraised"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, u * 5.5f);
    ImGui::TableSetupColumn(T("Kết quả", "Final"), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending, u * 5);
    for (size_t p : g.pillars)
      ImGui::TableSetupColumn(pillar_label(*flat[p].first, 16).c_str(), ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                              u * 6.5f);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
      if (specs->SpecsDirty || g_rank.generation != st.generation || g_rank.group != st.group) {
        sort_ranking(res, g, specs);
        specs->SpecsDirty = false;
        g_rank.generation = st.generation;
        g_rank.group = st.group;
      }
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(g_rank.order.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const cds::UnitResult& un = res.units[g_rank.order[static_cast<size_t>(i)]];
        ImGui::TableNextRow();
        ImGui::PushID(i);
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(rank_text(un).c_str());
        ImGui::TableSetColumnIndex(1);
        std::string name = (un.unit_name.empty() ? un.unit_code : un.unit_name) + "##agg:unit:" + un.unit_code;
        if (ImGui::Selectable(name.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) open_unit(st, un);
        ImGui::SetItemTooltip("%s · %s", un.unit_code.c_str(), T("bấm để xem chi tiết và thẩm định", "click for details and appraisal"));
        auto d = st.drafts.find(draft_key(r.id, r.version, un.unit_code));
        if (d != st.drafts.end() && !d->second.empty() && d->second.snapshot() != d->second.signed_snapshot) {
          ImGui::SameLine();
          ImGui::TextColored(kOrange, "%s", T("• chưa ký", "• unsigned"));
        }
        auto cell = [&](int col, const cds::Num& v, bool strong, bool changed) {
          ImGui::TableSetColumnIndex(col);
          if (strong) ImGui::PushFont(fonts::bold());
          if (changed) ImGui::PushStyleColor(ImGuiCol_Text, kOrange);
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
    }
    drag_to_scroll();
    ImGui::EndTable();
  }
  ImGui::PopID();
  (void)a;
}

// ---- Reports ----

void exports(App& a, AggregateState& st) {
  bool ready = st.res && !st.busy();
  ImGui::BeginDisabled(!ready);
  float tw = std::min(ImGui::GetContentRegionAvail().x, 340.0f);
  ImGui::SetNextItemWidth(tw);
  ImGui::InputTextWithHint("##agg:title", T("Tiêu đề báo cáo (tùy chọn), ví dụ UBND huyện Mỹ Tú", "Report heading (optional)"), &st.report_title);
  cds::AggregateReportInfo info;
  info.generated = report_time();
  info.app_version = cds::kVersion;
  info.title = cds::to_nfc_lossy(cds::trim(st.report_title));
  auto save = [&](const char* name, const char* mime, const std::string& bytes) {
    platform::save_file(name, mime, bytes);
    a.toast(std::string(T("Đã tải xuống ", "Downloaded ")) + name);
  };
  if (flow_button(T("Xếp hạng (CSV)##agg:export:ranking", "Ranking (CSV)##agg:export:ranking"), true))
    save("tong-hop-xep-hang.csv", "text/csv;charset=utf-8", cds::aggregate_ranking_csv(*st.res, lang()));
  ImGui::SetItemTooltip("%s", T("Mở được bằng Excel, giữ nguyên tiếng Việt.", "Opens in Excel with Vietnamese intact."));
  if (flow_button(T("Chi tiết tiêu chí (CSV)##agg:export:criteria", "Criteria (CSV)##agg:export:criteria")))
    save("tong-hop-tieu-chi.csv", "text/csv;charset=utf-8", cds::aggregate_criteria_csv(*st.res, lang()));
  if (flow_button(T("Danh sách tệp (CSV)##agg:export:intake", "Files (CSV)##agg:export:intake")))
    save("tong-hop-danh-sach-tep.csv", "text/csv;charset=utf-8", cds::aggregate_intake_csv(*st.res, lang()));
  if (flow_button("JSON##agg:export:json"))
    save("tong-hop.json", "application/json",
         cds::aggregate_to_json(*st.res, info).dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n");
  if (flow_button("HTML##agg:export:html")) save("tong-hop.html", "text/html;charset=utf-8", cds::aggregate_html(*st.res, lang(), info));
  if (flow_button(T("In##agg:print", "Print##agg:print"))) platform::print_html(cds::aggregate_html(*st.res, lang(), info));
  ImGui::SetItemTooltip("%s", T("Mở hộp thoại in (khổ A4); chọn \"Lưu thành PDF\" để có tệp PDF.", "Opens the print dialog (A4); choose \"Save as PDF\" for a PDF."));
  ImGui::EndDisabled();
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

}  // namespace

void draw_aggregate_screen(App& a) {
  AggregateState& st = aggregate();
  toolbar(a, st);
  if (!st.open_unit.empty()) {
    if (st.res && aggregate_find_unit(st.open_rubric, st.open_version, st.open_unit)) {
      draw_aggregate_unit_page(a);
      return;
    }
    if (!st.busy()) st.open_unit.clear();  // the unit left the result (files cleared or re-checked)
  }
  ImGui::BeginChild("##aggregate", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  ImGui::PushFont(fonts::large());
  ImGui::TextUnformatted(T("Tổng hợp bài nộp", "Aggregate submissions"));
  ImGui::PopFont();
  trust_line(a, st);
  progress(a, st);
  if (!st.res) {
    if (!st.busy()) empty_state();
    ImGui::Dummy(ImVec2(1, 60));
    drag_to_scroll();
    ImGui::EndChild();
    return;
  }
  const cds::AggregateResult& res = *st.res;
  text_wrapped(cds::aggregate_summary(res, lang()));
  // Files refused because this device lacks their rubric: say which, and offer to open it.
  std::vector<std::string> missing_rubrics;
  for (const auto& rec : res.records)
    for (const auto& m : rec.problems)
      if (m.code == "rubric.not_found") {
        std::string id = rec.rubric_id + " " + rec.rubric_version;
        if (std::find(missing_rubrics.begin(), missing_rubrics.end(), id) == missing_rubrics.end()) missing_rubrics.push_back(id);
      }
  if (!missing_rubrics.empty()) {
    std::string list;
    for (const auto& m : missing_rubrics) list += (list.empty() ? "" : ", ") + m;
    ImGui::PushStyleColor(ImGuiCol_Text, kOrange);
    text_wrapped(std::string(T("Máy này chưa có bộ tiêu chí: ", "This device lacks the rubric: ")) + list +
                 T(". Hãy mở tệp bộ tiêu chí đó; các tệp sẽ được kiểm tra lại.", ". Open that rubric file and the files are checked again."));
    ImGui::PopStyleColor();
    open_button(T("Mở tệp tiêu chí…##agg:rubric", "Open a rubric file…##agg:rubric"), picker(Request::Rubric));
  }
  exports(a, st);
  ImGui::Separator();
  std::string intake_label = std::string(T("Tiếp nhận", "Intake")) + " (" + n_text(res.counts.files) + ")##agg:view:intake";
  std::string ranking_label = std::string(T("Xếp hạng", "Ranking")) + " (" + n_text(res.counts.units) + ")##agg:view:ranking";
  if (toggle_button(intake_label, st.view == 0)) st.view = 0;
  if (toggle_button(ranking_label, st.view == 1)) st.view = 1;
  ImGui::Spacing();
  if (st.view == 0) intake_view(st);
  else ranking_view(a, st);
  drag_to_scroll();
  ImGui::EndChild();
}

}  // namespace ui
