#include "cds/signing/appraisal_view.hpp"

#include "cds/base/text.hpp"
#include "cds/model/report.hpp"
#include "cds/rules/score.hpp"

namespace cds {

AppraisalView appraisal_view(const AppraisalVerification& av, const Rubric& r, const std::vector<Num>* self) {
  AppraisalView v;
  for (const auto& e : av.earlier) v.levels.push_back(&e);
  v.levels.push_back(&av);
  v.complete = v.levels.front()->appraisal && v.levels.front()->appraisal->level == 1;
  for (const auto* lv : v.levels)
    if (lv->appraisal && lv->appraisal->sampled) v.proportion = lv->appraisal->sampled->proportion();
  bool known = self && self->size() == r.criteria.size();
  if (known) v.total_self = Num(0), v.total_final = Num(0);
  v.level_totals.assign(v.levels.size(), known ? std::optional<Num>(Num(0)) : std::nullopt);
  for (size_t ci = 0; ci < r.criteria.size(); ++ci) {
    AppraisalViewRow row;
    row.criterion = ci;
    if (known) row.self = (*self)[ci];
    std::optional<Num> cur = row.self;
    for (size_t k = 0; k < v.levels.size(); ++k) {
      const AppraisalChange* c = v.levels[k]->appraisal ? v.levels[k]->appraisal->change(r.criteria[ci].id) : nullptr;
      if (c) cur = c->score, row.changed = true;
      row.levels.push_back(cur);
      row.reasons.push_back(c ? c->reason : std::string());
      if (v.level_totals[k] && cur) v.level_totals[k] = *v.level_totals[k] + *cur;
    }
    if (cur) row.final_score = v.proportion ? *cur * *v.proportion : *cur;
    if (known) {
      *v.total_self = *v.total_self + *row.self;
      *v.total_final = *v.total_final + *row.final_score;
    }
    v.rows.push_back(std::move(row));
  }
  return v;
}

std::string appraisal_html(const AppraisalVerification& av, const Rubric& r, const std::vector<Num>* self, Lang l, const DisplayClock& clock,
                           const std::string& match) {
  AppraisalView v = appraisal_view(av, r, self);
  auto pts = [&](const std::optional<Num>& n) { return n ? html_escape(fmt_points(n->round(r.decimals, r.round_mode), l, r.decimals)) : std::string("—"); };
  const Appraisal* a = av.appraisal ? &*av.appraisal : nullptr;
  std::string o = "<!DOCTYPE html><html lang=\"" + std::string(l == Lang::Vi ? "vi" : "en") + "\"><head><meta charset=\"utf-8\"><title>";
  o += T(l, "Kết quả thẩm định", "Appraisal result");
  o += "</title><style>@page{size:A4 landscape;margin:12mm}body{font-family:sans-serif;font-size:10pt}table{border-collapse:collapse;width:100%}"
       "th,td{border:1px solid #888;padding:2px 4px;vertical-align:top}.num{text-align:right;white-space:nowrap}.chg{background:#fff3cd}"
       ".bad{color:#a00}.small{font-size:9pt}</style></head><body>\n<h1>";
  o += T(l, "Kết quả thẩm định", "Appraisal result");
  o += "</h1>\n<p>";
  if (a) o += html_escape(a->unit_name) + " (" + html_escape(a->unit_code) + ") · " + html_escape(r.title) + " · " + T(l, "bài nộp ký lúc ", "submission signed ") +
              html_escape(format_instant(a->submission_created, clock));
  o += "</p>\n<p class=\"" + std::string(av.ok() ? "" : "bad") + "\"><b>" + html_escape(av.verdict(l)) + "</b></p>\n";
  if (!match.empty()) o += "<p>" + html_escape(match) + "</p>\n";
  o += "<ul>\n";
  for (const auto& line : av.level_lines(l, clock)) o += "<li>" + html_escape(line) + "</li>\n";
  o += "</ul>\n";
  for (const auto* lv : v.levels)
    if (lv->appraisal && (!lv->appraisal->note.empty() || lv->appraisal->sampled)) {
      o += "<p class=\"small\">" + std::string(T(l, "Cấp ", "Level ")) + std::to_string(lv->appraisal->level) + ": " + html_escape(lv->appraisal->note);
      if (const auto& s = lv->appraisal->sampled)
        o += std::string(T(l, " Kiểm tra xác suất ", " Sampled check ")) + std::to_string(s->verified) + "/" + std::to_string(s->checked) + " (" +
             html_escape(s->reason) + ")";
      o += "</p>\n";
    }
  o += "<table><thead><tr><th>TT</th><th>" + std::string(T(l, "Nội dung", "Criterion")) + "</th><th>" + T(l, "Tối đa", "Max") + "</th><th>" +
       T(l, "Tự chấm", "Self") + "</th>";
  for (const auto* lv : v.levels)
    o += "<th>" + std::string(T(l, "Thẩm định cấp ", "Appraised, level ")) + std::to_string(lv->appraisal ? lv->appraisal->level : 0) + "</th>";
  o += "<th>" + std::string(T(l, "Kết quả", "Final")) + "</th><th>" + T(l, "Lý do", "Reason") + "</th></tr></thead><tbody>\n";
  for (const auto& row : v.rows) {
    if (!self && !row.changed) continue;
    const Criterion& c = r.criteria[row.criterion];
    o += "<tr" + std::string(row.changed ? " class=\"chg\"" : "") + "><td>" + html_escape(c.code) + "</td><td>" + html_escape(c.title) +
         "</td><td class=\"num\">" + pts(c.max) + "</td><td class=\"num\">" + pts(row.self) + "</td>";
    std::string why;
    for (size_t k = 0; k < row.levels.size(); ++k) {
      o += "<td class=\"num\">" + pts(row.levels[k]) + "</td>";
      if (!row.reasons[k].empty())
        why += (why.empty() ? "" : "; ") + std::string(T(l, "Cấp ", "Level ")) + std::to_string(v.levels[k]->appraisal->level) + ": " + row.reasons[k];
    }
    o += "<td class=\"num\">" + pts(row.final_score) + "</td><td class=\"small\">" + html_escape(why) + "</td></tr>\n";
  }
  if (self) {
    o += "<tr><td></td><td><b>" + std::string(T(l, "TỔNG ĐIỂM", "TOTAL")) + "</b></td><td class=\"num\">" + pts(r.scale) + "</td><td class=\"num\">" +
         pts(v.total_self) + "</td>";
    for (const auto& t : v.level_totals) o += "<td class=\"num\">" + pts(t) + "</td>";
    o += "<td class=\"num\"><b>" + pts(v.total_final) + "</b></td><td></td></tr>\n";
  }
  o += "</tbody></table>\n</body></html>\n";
  return o;
}

Workbook appraisal_workbook(const AppraisalVerification& av, const Rubric& r, const std::vector<Num>* self, Lang l, const DisplayClock& clock,
                            const std::string& match, long long created) {
  AppraisalView v = appraisal_view(av, r, self);
  const Appraisal* a = av.appraisal ? &*av.appraisal : nullptr;
  Workbook wb;
  wb.props.title = T(l, "Kết quả thẩm định", "Appraisal result");
  wb.props.subject = r.title;
  wb.props.created = created;
  CellStyle base;
  const uint16_t title = wb.style([] {
    CellStyle c;
    c.bold = true;
    c.font_size = 14;
    return c;
  }());
  const uint16_t plain = wb.style(base);
  CellStyle cell = table_cell(base);
  const uint16_t head = wb.style(table_header(cell));
  CellStyle wrap = cell;
  wrap.wrap = true;
  const uint16_t text = wb.style(wrap);
  CellStyle num = cell;
  num.number.decimals = r.decimals;
  num.align = Align::Right;
  const uint16_t number = wb.style(num);
  CellStyle chg_wrap = wrap, chg_num = num;
  chg_wrap.fill = chg_num.fill = Fill::Section;
  const uint16_t changed_text = wb.style(chg_wrap), changed_number = wb.style(chg_num);
  CellStyle bold_num = num;
  bold_num.bold = true;
  bold_num.fill = Fill::Total;
  const uint16_t total_number = wb.style(bold_num);
  CellStyle bold_text = wrap;
  bold_text.bold = true;
  bold_text.fill = Fill::Total;
  const uint16_t total_text = wb.style(bold_text);

  Sheet& sh = wb.add_sheet(T(l, "Thẩm định", "Appraisal"));
  const size_t nlv = v.levels.size();
  sh.columns = {{7}, {60}, {8}, {9}};
  for (size_t k = 0; k < nlv; ++k) sh.columns.push_back({10});
  sh.columns.push_back({9});
  sh.columns.push_back({50});
  sh.print.landscape = true;
  sh.print.fit_to_width = true;
  sh.rows.push_back({text_cell(T(l, "KẾT QUẢ THẨM ĐỊNH", "APPRAISAL RESULT"), title)});
  if (a)
    sh.rows.push_back({text_cell(a->unit_name + " (" + a->unit_code + ") · " + r.title + " · " + T(l, "bài nộp ký lúc ", "submission signed ") +
                                     format_instant(a->submission_created, clock),
                                 plain)});
  sh.rows.push_back({text_cell(av.verdict(l), plain)});
  if (!match.empty()) sh.rows.push_back({text_cell(match, plain)});
  for (const auto& line : av.level_lines(l, clock)) sh.rows.push_back({text_cell(line, plain)});
  for (const auto* lv : v.levels)
    if (lv->appraisal && (!lv->appraisal->note.empty() || lv->appraisal->sampled)) {
      std::string s = std::string(T(l, "Cấp ", "Level ")) + std::to_string(lv->appraisal->level) + ": " + lv->appraisal->note;
      if (const auto& sc = lv->appraisal->sampled)
        s += std::string(T(l, " Kiểm tra xác suất ", " Sampled check ")) + std::to_string(sc->verified) + "/" + std::to_string(sc->checked) + " (" + sc->reason + ")";
      sh.rows.push_back({text_cell(s, plain)});
    }
  sh.rows.push_back({});
  Row h{text_cell("TT", head), text_cell(T(l, "Nội dung", "Criterion"), head), text_cell(T(l, "Tối đa", "Max"), head), text_cell(T(l, "Tự chấm", "Self"), head)};
  for (const auto* lv : v.levels)
    h.push_back(text_cell(std::string(T(l, "Thẩm định cấp ", "Appraised, level ")) + std::to_string(lv->appraisal ? lv->appraisal->level : 0), head));
  h.push_back(text_cell(T(l, "Kết quả", "Final"), head));
  h.push_back(text_cell(T(l, "Lý do", "Reason"), head));
  sh.freeze_rows = static_cast<int>(sh.rows.size()) + 1;
  sh.print.repeat_first = sh.print.repeat_last = static_cast<int>(sh.rows.size());
  sh.rows.push_back(std::move(h));
  auto pts = [&](const std::optional<Num>& n, uint16_t style) { return n ? num_cell(*n, r.decimals, r.round_mode, style) : text_cell("—", style); };
  for (const auto& row : v.rows) {
    if (!self && !row.changed) continue;
    const Criterion& c = r.criteria[row.criterion];
    const uint16_t t = row.changed ? changed_text : text, n = row.changed ? changed_number : number;
    Row out{text_cell(c.code, t), text_cell(c.title, t), num_cell(c.max, r.decimals, r.round_mode, n), pts(row.self, n)};
    std::string why;
    for (size_t k = 0; k < row.levels.size(); ++k) {
      out.push_back(pts(row.levels[k], n));
      if (!row.reasons[k].empty())
        why += (why.empty() ? "" : "; ") + std::string(T(l, "Cấp ", "Level ")) + std::to_string(v.levels[k]->appraisal->level) + ": " + row.reasons[k];
    }
    out.push_back(pts(row.final_score, n));
    out.push_back(text_cell(why, t));
    sh.rows.push_back(std::move(out));
  }
  if (self) {
    Row tot{text_cell("", total_text), text_cell(T(l, "TỔNG ĐIỂM", "TOTAL"), total_text), num_cell(r.scale, r.decimals, r.round_mode, total_number),
            pts(v.total_self, total_number)};
    for (const auto& t : v.level_totals) tot.push_back(pts(t, total_number));
    tot.push_back(pts(v.total_final, total_number));
    tot.push_back(text_cell("", total_text));
    sh.rows.push_back(std::move(tot));
  }
  return wb;
}

}  // namespace cds
