// The unit's self-assessment as a workbook (cds/model/workbook.hpp): the official column layout with
// a blank appraisal column, numbers as real numbers with the rubric's decimals.
#include <algorithm>

#include "cds/model/answers.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/model/report.hpp"
#include "cds/model/rubric.hpp"
#include "cds/model/workbook.hpp"
#include "cds/rules/score.hpp"

namespace cds {

Workbook self_assessment_workbook(const Rubric& r, const Answers& a, const ScoreSheet& s, Lang lang, const SelfAssessmentWorkbookInfo& info) {
  Workbook wb;
  const int dec = std::clamp(r.decimals, 0, 10);
  wb.props.title = std::string(T(lang, "Bảng tự đánh giá, chấm điểm — ", "Self-assessment — ")) + (a.unit.name.empty() ? r.title : a.unit.name);
  wb.props.subject = r.title;
  wb.props.author = a.preparer.name.empty() ? a.unit.name : a.preparer.name;
  wb.props.company = a.unit.name;
  wb.props.comments = "cds " + info.app_version + " · " + r.id + " " + r.version;
  wb.props.created = info.created;

  CellStyle base;
  const uint16_t plain = wb.style(base);
  CellStyle st = base;
  st.bold = true;
  const uint16_t bold = wb.style(st);
  st.font_size = 14;
  st.align = Align::Center;
  const uint16_t title = wb.style(st);
  st = base;
  st.italic = true;
  const uint16_t italic = wb.style(st);
  st = base;
  st.number.decimals = dec;
  st.bold = true;
  st.align = Align::Left;
  const uint16_t big_number = wb.style(st);
  // Table styles: borders, top-aligned.
  const CellStyle cell = table_cell(base);
  const uint16_t header = wb.style(table_header(cell));
  st = cell;
  const uint16_t td = wb.style(st);
  st.wrap = true;
  const uint16_t td_wrap = wb.style(st);
  st = cell;
  st.number.decimals = dec;
  const uint16_t td_num = wb.style(st);
  st = cell;
  st.bold = true;
  st.fill = Fill::Section;
  const uint16_t sec = wb.style(st);
  st.wrap = true;
  const uint16_t sec_wrap = wb.style(st);
  st.wrap = false;
  st.number.decimals = dec;
  const uint16_t sec_num = wb.style(st);
  st = cell;
  st.bold = true;
  st.fill = Fill::Total;
  const uint16_t tot = wb.style(st);
  st.number.decimals = dec;
  const uint16_t tot_num = wb.style(st);
  st = base;
  st.bold = true;
  st.align = Align::Center;
  const uint16_t sign_head = wb.style(st);
  st.bold = false;
  st.italic = true;
  const uint16_t sign_note = wb.style(st);

  Sheet& sh = wb.add_sheet(T(lang, "Tự đánh giá", "Self-assessment"));
  sh.columns.resize(kSaColumns);
  const double widths[kSaColumns] = {7, 11, 48, 10, 48, 36, 36, 12, 12, 28, 28};
  for (int i = 0; i < kSaColumns; ++i) sh.columns[static_cast<size_t>(i)].width = widths[i];
  sh.print.landscape = true;
  sh.print.fit_to_width = true;

  auto num = [&](const Num& n, uint16_t style) { return num_cell(n, dec, r.round_mode, style); };
  auto add = [&](Row row) { sh.rows.push_back(std::move(row)); };

  // Title rows.
  add({text_cell(a.unit.name.empty() ? T(lang, "(Tên đơn vị)", "(Unit name)") : a.unit.name, bold), Cell{},
       text_cell(a.unit.code.empty() ? "" : std::string(T(lang, "Mã đơn vị: ", "Unit code: ")) + a.unit.code, plain)});
  add({Cell{}, Cell{}, text_cell(T(lang, "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", "SELF-ASSESSMENT AND SCORING"), title)});
  add({Cell{}, Cell{}, text_cell(r.title, bold)});
  std::string doc = r.authority;
  if (!r.doc_number.empty()) doc += (doc.empty() ? "" : " — ") + r.doc_number;
  doc += std::string(doc.empty() ? "" : " · ") + T(lang, "Bộ tiêu chí ", "Rubric ") + r.id + " " + r.version;
  add({Cell{}, Cell{}, text_cell(doc, italic)});
  add({Cell{}, Cell{}, text_cell(std::string(T(lang, "Kỳ đánh giá: ", "Period: ")) + (a.period.empty() ? r.period_text : a.period), plain)});
  add({Cell{}, Cell{}, text_cell(T(lang, "Tổng điểm tự đánh giá", "Self-assessed total"), bold), num(s.total, big_number),
       text_cell(std::string(T(lang, "trên thang điểm ", "out of ")) + fmt_points(s.scale, lang, dec), plain)});
  std::string answered = std::string(T(lang, "Số tiêu chí đã nhập: ", "Criteria answered: ")) + std::to_string(s.answered) + "/" +
                         std::to_string(s.items);
  if (s.problems) answered += std::string(T(lang, "; số liệu chưa hợp lệ: ", "; invalid: ")) + std::to_string(s.problems);
  add({Cell{}, Cell{}, text_cell(answered, plain)});
  add({});

  // Header row, frozen with everything above it.
  const char* heads[kSaColumns][2] = {{"TT", "No."},
                                      {"Mã", "Id"},
                                      {"Nội dung tiêu chí", "Criterion"},
                                      {"Điểm tối đa", "Max points"},
                                      {"Cách tính điểm", "How it is scored"},
                                      {"Số liệu", "Figures entered"},
                                      {"Minh chứng", "Evidence"},
                                      {"Điểm tự đánh giá", "Self-assessed"},
                                      {"Điểm thẩm định", "Appraised"},
                                      {"Ghi chú", "Note"},
                                      {"Nguồn số liệu", "Figures from"}};
  Row head;
  for (auto& h : heads) head.push_back(text_cell(lang == Lang::Vi ? h[0] : h[1], header));
  add(std::move(head));
  sh.freeze_rows = static_cast<int>(sh.rows.size());
  sh.print.repeat_first = sh.print.repeat_last = sh.freeze_rows - 1;

  auto flat = r.flat_sections();
  for (size_t i = 0; i < flat.size() && i < s.sections.size(); ++i) {
    const Section& sc = *flat[i].first;
    const SectionScore& ss = s.sections[i];
    add({text_cell(sc.code.empty() ? sc.id : sc.code, sec), text_cell(sc.id, sec), text_cell(sc.title, sec_wrap),
         ss.bonus_penalty ? blank_cell(sec) : num(ss.max, sec_num), blank_cell(sec), blank_cell(sec), blank_cell(sec), num(ss.score, sec_num),
         blank_cell(sec), blank_cell(sec), blank_cell(sec)});
    for (size_t ci : sc.criteria) {
      if (ci >= r.criteria.size() || ci >= s.criteria.size()) continue;
      const Criterion& c = r.criteria[ci];
      const CriterionScore& cs = s.criteria[ci];
      std::string ev;
      for (const auto& e : describe_evidence(a, c.id, lang)) ev += (ev.empty() ? "" : "\n") + e;
      std::string note;
      if (cs.status != Status::Answered) note = status_label(cs.status, lang);
      auto n = a.notes.find(c.id);
      if (n != a.notes.end() && !n->second.empty()) note += (note.empty() ? "" : "\n") + n->second;
      add({text_cell(c.code, td), text_cell(c.id, td), text_cell(c.title, td_wrap), num(c.max, td_num), text_cell(c.scoring_text, td_wrap),
           text_cell(describe_inputs(c, a, lang), td_wrap), text_cell(ev, td_wrap), num(cs.score, td_num), blank_cell(td_num),
           text_cell(note, td_wrap), text_cell(c.source ? c.source->agency : "", td_wrap)});
    }
  }
  add({blank_cell(tot), blank_cell(tot), text_cell(T(lang, "TỔNG ĐIỂM", "TOTAL"), tot), num(s.scale, tot_num), blank_cell(tot), blank_cell(tot),
       blank_cell(tot), num(s.total, tot_num), blank_cell(tot_num), blank_cell(tot), blank_cell(tot)});
  if (!s.bonus.is_zero() || !s.penalty.is_zero()) {
    add({Cell{}, Cell{}, text_cell(T(lang, "Trong đó điểm thưởng", "Including bonus"), italic), num(s.bonus, big_number)});
    add({Cell{}, Cell{}, text_cell(T(lang, "Trong đó điểm trừ", "Including penalty"), italic), num(s.penalty, big_number)});
  }
  add({});
  add({Cell{}, Cell{}, text_cell(T(lang, "NGƯỜI LẬP BIỂU", "PREPARED BY"), sign_head), Cell{}, text_cell(T(lang, "THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF UNIT"), sign_head)});
  add({Cell{}, Cell{}, text_cell(T(lang, "(Ký, ghi rõ họ tên)", "(signature, full name)"), sign_note), Cell{},
       text_cell(T(lang, "(Ký tên, đóng dấu)", "(signature and stamp)"), sign_note)});
  add({});
  add({});
  add({Cell{}, Cell{}, text_cell(a.preparer.name, sign_head)});
  if (!info.printed_at.empty() || !info.app_version.empty())
    add({Cell{}, Cell{}, text_cell(std::string(T(lang, "Lập từ cds ", "Made with cds ")) + info.app_version +
                                       (info.printed_at.empty() ? "" : " — " + info.printed_at), italic)});

  // The information sheet, as the document prints it: STT, the item, its unit, the value supplied;
  // and which criteria divide by it. Numbers are numbers; a value not entered says so (never 0).
  auto info_rows = information_sheet(r, a, lang);
  if (!info_rows.empty()) {
    Sheet& gi = wb.add_sheet(T(lang, "Thông tin chung", "General information"));
    const double gw[] = {7, 22, 44, 14, 24, 28};
    for (double w : gw) gi.columns.push_back(ColumnSpec{w});
    gi.print.landscape = true;
    gi.print.fit_to_width = true;
    st = cell;
    st.italic = true;
    const uint16_t td_empty = wb.style(st);
    gi.rows.push_back({text_cell(T(lang, "THÔNG TIN CUNG CẤP PHỤC VỤ ĐÁNH GIÁ", "GENERAL INFORMATION"), bold)});
    gi.rows.push_back({text_cell(a.unit.name, plain)});
    gi.rows.push_back({});
    const char* gh[6][2] = {{"STT", "No."}, {"Mã", "Id"}, {"Thông tin chung", "Item"}, {"Đơn vị tính", "Unit"},
                            {"Thông tin cung cấp", "Value"}, {"Mẫu số của tiêu chí", "Denominator of"}};
    Row h;
    for (auto& x : gh) h.push_back(text_cell(lang == Lang::Vi ? x[0] : x[1], header));
    gi.rows.push_back(std::move(h));
    gi.freeze_rows = static_cast<int>(gi.rows.size());
    gi.print.repeat_first = gi.print.repeat_last = gi.freeze_rows - 1;
    for (const auto& row : info_rows) {
      Cell value = text_cell(row.value, row.entered ? td_wrap : td_empty);
      if (row.num) {
        std::string t = row.num->to_string(4);
        auto dot = t.find('.');
        int d = dot == std::string::npos ? 0 : static_cast<int>(t.size() - dot - 1);
        st = cell;
        st.number.decimals = d;
        st.number.thousands = true;
        value = num_cell(*row.num, d, RoundMode::HalfUp, wb.style(st));
      }
      gi.rows.push_back({text_cell(std::to_string(row.number), td), text_cell(row.field->id, td), text_cell(row.field->label, td_wrap),
                         text_cell(row.field->unit, td), std::move(value), text_cell(join_ids(row.used_by), td_wrap)});
    }
  }
  return wb;
}

}  // namespace cds
