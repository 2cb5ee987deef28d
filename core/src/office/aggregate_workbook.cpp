// The receiving office's workbook (cds/office/aggregate_workbook.hpp).
#include "cds/office/aggregate_workbook.hpp"

#include <algorithm>
#include <memory>

#include "cds/base/vnformat.hpp"
#include "cds/model/report.hpp"
#include "cds/rules/score.hpp"

namespace cds {
namespace {

struct Styles {
  uint16_t plain, bold, title, italic, header, td, td_wrap, td_int, td_int_group, count;
  uint16_t td_num[11];  // by decimals
};

Styles make_styles(Workbook& wb) {
  Styles s{};
  CellStyle base;
  s.plain = wb.style(base);
  CellStyle st = base;
  st.bold = true;
  s.bold = wb.style(st);
  st.font_size = 14;
  s.title = wb.style(st);
  st = base;
  st.italic = true;
  s.italic = wb.style(st);
  st = base;
  st.number.thousands = true;
  st.align = Align::Left;
  s.count = wb.style(st);
  const CellStyle cell = table_cell(base);
  s.header = wb.style(table_header(cell));
  s.td = wb.style(cell);
  st = cell;
  st.wrap = true;
  s.td_wrap = wb.style(st);
  st = cell;
  s.td_int = wb.style(st);  // number format "0"
  st.number.thousands = true;
  s.td_int_group = wb.style(st);
  for (int d = 0; d <= 10; ++d) {
    st = cell;
    st.number.decimals = d;
    s.td_num[d] = wb.style(st);
  }
  return s;
}

Row header_row(const std::vector<std::string>& names, uint16_t style) {
  Row r;
  for (const auto& n : names) r.push_back(text_cell(n, style));
  return r;
}

std::string section_label(const Section& s) { return (s.code.empty() ? s.id : s.code) + (s.title.empty() ? "" : ". " + s.title); }

std::string reasons(const Messages& ms, Lang l) {
  std::string s;
  for (const auto& m : ms) s += (s.empty() ? "" : "\n") + m.line(l);
  return s;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

// A table of `total` rows produced by `fn(k, row)`, under one header row, on as many sheets as it
// needs (each at most `max_rows` rows with its header).
// `text_bytes`: about how much text the whole table holds (Sheet::stream_text_bytes), shared out
// by rows.
void add_streamed(Workbook& wb, const std::string& name, const Row& header, const std::vector<double>& widths, size_t total,
                  size_t max_rows, const std::shared_ptr<std::function<void(size_t, Row&)>>& fn, size_t text_bytes = 0) {
  const size_t per_sheet = std::max<size_t>(1, std::min(max_rows, kXlsxMaxRows) - 1);
  size_t start = 0;
  do {
    size_t n = std::min(per_sheet, total - start);
    Sheet& sh = wb.add_sheet(name);
    for (double w : widths) sh.columns.push_back({w});
    sh.rows.push_back(header);
    sh.freeze_rows = 1;
    sh.print.landscape = true;
    sh.print.fit_to_width = true;
    sh.print.repeat_first = sh.print.repeat_last = 0;
    sh.stream_rows = n;
    sh.stream = [fn, start](size_t i, Row& out) { (*fn)(start + i, out); };
    sh.stream_text_bytes = total ? static_cast<size_t>(static_cast<double>(text_bytes) * static_cast<double>(n) / static_cast<double>(total)) : 0;
    start += n;
  } while (start < total);
}


std::string criteria_left_out(size_t rows, size_t limit, Lang l, XlsxCriteriaHint hint) {
  const std::string n = format_number(Num(static_cast<long long>(rows)), l, 0), m = format_number(Num(static_cast<long long>(limit)), l, 0);
  if (hint == XlsxCriteriaHint::Cli)
    return l == Lang::Vi ? "Bảng điểm theo tiêu chí có " + n + " dòng, vượt giới hạn " + m +
                               " dòng của tệp này: xem criteria.csv cùng thư mục, hoặc chạy lại cds aggregate với --xlsx-criteria-rows all."
                         : "The criteria table has " + n + " rows, over this file's limit of " + m +
                               " rows: see criteria.csv in the same folder, or run cds aggregate again with --xlsx-criteria-rows all.";
  // The app saves the whole table as tong-hop-tieu-chi.csv ("Chi tiết tiêu chí (CSV)").
  return l == Lang::Vi ? "Bảng điểm theo tiêu chí có " + n + " dòng, vượt giới hạn " + m +
                             " dòng của tệp này: xem tệp tong-hop-tieu-chi.csv (nút «Chi tiết tiêu chí (CSV)») hoặc dùng lệnh cds aggregate."
                       : "The criteria table has " + n + " rows, over this file's limit of " + m +
                             " rows: see tong-hop-tieu-chi.csv (the \"Criteria (CSV)\" button) or use cds aggregate.";
}

}  // namespace

Workbook aggregate_workbook(const AggregateResult& res, Lang l, const AggregateReportInfo& info, long long created, size_t max_rows,
                            size_t max_criteria_rows, XlsxCriteriaHint hint) {
  Workbook wb;
  wb.props.title = info.title.empty() ? std::string(T(l, "Tổng hợp tự đánh giá chuyển đổi số", "Digital transformation roll-up")) : info.title;
  wb.props.subject = T(l, "Xếp hạng, điểm theo tiêu chí, tiếp nhận", "Ranking, criteria scores, intake");
  wb.props.comments = "cds " + info.app_version;
  wb.props.created = created;
  const Styles S = make_styles(wb);
  auto dec_of = [](const Rubric& r) { return std::clamp(r.decimals, 0, 10); };

  // ---- Summary ----
  {
    Sheet& sh = wb.add_sheet(T(l, "Tóm tắt", "Summary"));
    sh.columns = {{44}, {14}, {60}};
    sh.rows.push_back({text_cell(wb.props.title, S.title)});
    if (!info.generated.empty()) sh.rows.push_back({text_cell(std::string(T(l, "Lập lúc ", "Made ")) + info.generated, S.italic)});
    sh.rows.push_back({text_cell(aggregate_summary(res, l), S.plain)});
    sh.rows.push_back({});
    const AggregateCounts& c = res.counts;
    std::vector<std::pair<const char*, std::pair<const char*, int>>> counts = {
        {"Tệp đã kiểm tra", {"Files checked", c.files}},
        {"Bài nộp", {"Submissions", c.submissions}},
        {"Hợp lệ, được tính", {"Valid, counted", c.valid}},
        {"Không hợp lệ", {"Invalid", c.invalid}},
        {"Bị thay thế bởi bản mới hơn", {"Superseded by a newer one", c.superseded}},
        {"Trùng lặp", {"Duplicates", c.duplicate}},
        {"Đơn vị được xếp hạng", {"Units ranked", c.units}},
        {"Đơn vị chưa có bài nộp hợp lệ", {"Units without a valid submission", c.missing}},
        {"Thẩm định", {"Appraisals", c.appraisals}},
        {"Thẩm định được áp dụng", {"Appraisals applied", c.appraisals_applied}},
        {"Thẩm định không áp dụng", {"Appraisals not applied", c.appraisals_rejected}}};
    if (c.no_unit)  // after the missing units, only when there are such files: the sheet is as before otherwise
      counts.insert(counts.begin() + 8, {"Tệp không đọc được mã đơn vị", {"Files naming no unit", c.no_unit}});
    sh.rows.push_back({text_cell(T(l, "Mục", "Item"), S.header), text_cell(T(l, "Số lượng", "Count"), S.header)});
    sh.freeze_rows = static_cast<int>(sh.rows.size());
    for (const auto& [vi, en] : counts)
      sh.rows.push_back({text_cell(l == Lang::Vi ? vi : en.first, S.td), number_cell(en.second, S.td_int_group)});
    if (res.trust_checked && !res.trust_source.empty())
      sh.rows.push_back({text_cell(std::string(T(l, "Danh sách tin cậy: ", "Trust list: ")) + res.trust_source, S.italic)});
    size_t crit_rows = 0;
    for (const auto& g : res.rubrics) crit_rows += g.ranking.size() * g.rubric->criteria.size();
    if (crit_rows > max_criteria_rows) sh.rows.push_back({text_cell(criteria_left_out(crit_rows, max_criteria_rows, l, hint), S.bold)});
  }

  // ---- Ranking, one sheet per rubric ----
  for (const auto& grp : res.rubrics) {
    const Rubric& r = *grp.rubric;
    const int d = dec_of(r);
    auto flat = r.flat_sections();
    Sheet& sh = wb.add_sheet(std::string(T(l, "Xếp hạng ", "Ranking ")) + r.id);
    sh.print.landscape = true;
    sh.print.fit_to_width = true;
    sh.rows.push_back({text_cell(r.title, S.bold)});
    sh.rows.push_back({text_cell(std::string(T(l, "Bộ tiêu chí ", "Rubric ")) + r.id + " " + r.version + " · " +
                                     T(l, "thang điểm ", "scale ") + fmt_points(r.scale, l, d),
                                 S.italic)});
    std::vector<std::string> head = {T(l, "Hạng", "Rank"),        T(l, "Đồng hạng", "Tied"), T(l, "Mã đơn vị", "Unit code"),
                                     T(l, "Tên đơn vị", "Unit name"), T(l, "Tự chấm", "Self-assessed"), T(l, "Thẩm định", "Appraised"),
                                     T(l, "Kết quả", "Final"),     T(l, "Thang điểm", "Scale")};
    sh.columns = {{7}, {10}, {16}, {40}, {12}, {12}, {12}, {11}};
    for (size_t si : grp.pillars) {
      head.push_back(section_label(*flat[si].first) + T(l, " (kết quả)", " (final)"));
      sh.columns.push_back({16});
    }
    head.push_back(T(l, "Tệp bài nộp", "Submission file"));
    head.push_back(T(l, "Mã bài nộp (SHA-256)", "Submission id (SHA-256)"));
    sh.columns.push_back({30});
    sh.columns.push_back({30});
    sh.rows.push_back(header_row(head, S.header));
    sh.freeze_rows = static_cast<int>(sh.rows.size());
    sh.freeze_cols = 4;
    sh.print.repeat_first = sh.print.repeat_last = sh.freeze_rows - 1;
    // One row per unit, made as the writer reaches it: a national roll-up's ranking is not held
    // as cells.
    sh.stream_rows = grp.ranking.size();
    sh.stream = [&res, &grp, S, l, d](size_t k, Row& row) {
      const Rubric& r = *grp.rubric;
      auto num = [&](const Num& n) { return num_cell(n, d, r.round_mode, S.td_num[d]); };
      const UnitResult& u = res.units[grp.ranking[k]];
      const IntakeRecord& rec = res.records[u.record];
      row = {number_cell(u.rank, S.td_int), text_cell(u.tied ? T(l, "Có", "Yes") : "", S.td), text_cell(u.unit_code, S.td),
             text_cell(u.unit_name, S.td_wrap), num(u.total_self), num(u.total_appraised), num(u.total_final), num(r.scale)};
      for (const Num& p : u.pillar_final) row.push_back(num(p));
      row.push_back(text_cell(rec.file, S.td));
      row.push_back(text_cell(rec.signed_hash, S.td));
    };
  }

  // ---- Missing units ----
  if (!res.missing.empty()) {
    Sheet& sh = wb.add_sheet(T(l, "Chưa nộp", "Missing"));
    sh.columns = {{16}, {40}, {40}};
    sh.rows.push_back(header_row({T(l, "Mã đơn vị", "Unit code"), T(l, "Tên đơn vị", "Unit name"), T(l, "Ghi chú", "Note")}, S.header));
    sh.freeze_rows = 1;
    for (const auto& m : res.missing)
      sh.rows.push_back({text_cell(m.code, S.td), text_cell(m.name, S.td_wrap),
                         text_cell(missing_unit_note(res, m, l), S.td_wrap)});
  }

  // ---- Criteria: one row per unit and criterion, streamed ----
  // With an appraisal chain of two or more levels anywhere (docs/appraisal-format.md), a score
  // column per level takes the place of "Thẩm định" — self | level 1 | … | level n | final — and
  // each level's reason has a column after the general one; a unit with fewer levels leaves the
  // rest blank (its final column is then its appraised score times any sampled check).
  {
    std::vector<size_t> off{0};
    for (const auto& g : res.rubrics) off.push_back(off.back() + g.ranking.size() * g.rubric->criteria.size());
    const size_t total = off.back();
    const size_t levels = max_levels(res) >= 2 ? max_levels(res) : 0;
    std::vector<std::string> names = {T(l, "Bộ tiêu chí", "Rubric"), T(l, "Mã đơn vị", "Unit code"), T(l, "Tên đơn vị", "Unit name"), T(l, "Hạng", "Rank"), "TT",
                                      T(l, "Mã tiêu chí", "Criterion id"), T(l, "Nội dung", "Criterion"), T(l, "Điểm tối đa", "Max"),
                                      T(l, "Tự chấm", "Self-assessed")};
    std::vector<double> widths = {16, 14, 30, 7, 8, 10, 50, 10, 11};
    for (size_t k = 1; k <= levels; ++k) {
      names.push_back(T(l, "Thẩm định cấp ", "Appraised, level ") + std::to_string(k));
      widths.push_back(11);
    }
    if (!levels) {
      names.push_back(T(l, "Thẩm định", "Appraised"));
      widths.push_back(11);
    }
    for (const char* n : {T(l, "Kết quả", "Final"), T(l, "Trạng thái", "Status"), T(l, "Lý do điều chỉnh / ghi chú", "Reason / note")}) names.push_back(n);
    for (double w : {11, 14, 40}) widths.push_back(w);
    for (size_t k = 1; k <= levels; ++k) {
      names.push_back(T(l, "Lý do cấp ", "Reason, level ") + std::to_string(k));
      widths.push_back(30);
    }
    names.push_back(T(l, "Nguồn số liệu", "Figures from"));
    names.push_back(T(l, "Tài liệu kiểm chứng", "Evidence"));
    widths.push_back(28);
    widths.push_back(40);
    Row head = header_row(names, S.header);
    const size_t ncols = names.size();
    auto fn = std::make_shared<std::function<void(size_t, Row&)>>([&res, off, S, l, dec_of, levels, ncols](size_t k, Row& out) {
      size_t g = static_cast<size_t>(std::upper_bound(off.begin(), off.end(), k) - off.begin()) - 1;
      const RubricGroup& grp = res.rubrics[g];
      const Rubric& r = *grp.rubric;
      const size_t nc = r.criteria.size();
      const size_t local = k - off[g];
      const UnitResult& u = res.units[grp.ranking[local / nc]];
      const size_t ci = local % nc;
      const Criterion& c = r.criteria[ci];
      const int d = dec_of(r);
      auto num = [&](const Num& n) { return num_cell(n, d, r.round_mode, S.td_num[d]); };
      out.reserve(ncols);
      out.push_back(text_cell(r.id, S.td));
      out.push_back(text_cell(u.unit_code, S.td));
      out.push_back(text_cell(u.unit_name, S.td));
      out.push_back(number_cell(u.rank, S.td_int));
      out.push_back(text_cell(c.code, S.td));
      out.push_back(text_cell(c.id, S.td));
      out.push_back(text_cell(c.title, S.td_wrap));
      out.push_back(num(c.max));
      out.push_back(num(u.self[ci]));
      for (size_t lv = 0; lv < levels; ++lv) out.push_back(lv < u.levels.size() ? num(level_score(res, u, lv, ci)) : blank_cell(S.td));
      if (!levels) out.push_back(num(u.appraised(ci)));
      out.push_back(num(u.final_score(ci)));
      out.push_back(text_cell(status_label(u.status[ci], l), S.td));
      out.push_back(text_cell(u.reason(ci), S.td_wrap));
      for (size_t lv = 0; lv < levels; ++lv) {
        const AppraisalChange* ch = level_change(res, u, lv, ci);
        out.push_back(ch ? text_cell(ch->reason, S.td_wrap) : blank_cell(S.td));
      }
      out.push_back(text_cell(c.source ? c.source->agency : "", S.td_wrap));
      out.push_back(text_cell(criterion_evidence_text(res, u, ci, l), S.td_wrap));
    });
    if (total > max_criteria_rows) {
      Sheet& sh = wb.add_sheet(T(l, "Tiêu chí", "Criteria"));
      sh.columns = {{120}};
      sh.rows.push_back({text_cell(criteria_left_out(total, max_criteria_rows, l, hint), S.bold)});
      sh.freeze_rows = 1;
    } else {
      // Its text: each unit's name and evidence named, each criterion's title, the reasons of the
      // appraisals and their levels (the cells grow with the evidence: up to 2,000 names of 1,000
      // bytes a unit, docs/answers-format.md).
      size_t text = 0;
      for (const auto& g : res.rubrics) {
        size_t titles = 0;
        for (const auto& c : g.rubric->criteria) titles += c.title.size() + c.id.size() + c.code.size();
        for (size_t k : g.ranking) {
          const UnitResult& u = res.units[k];
          text += titles + g.rubric->criteria.size() * u.unit_name.size() + u.evidence.text_bytes();
          for (const auto& [i, why] : u.reasons) text += why.size();
          for (size_t lv : u.levels)
            if (const auto& a = res.appraisals[lv].appraisal)
              for (const auto& ch : a->changes) text += ch.reason.size();
        }
      }
      add_streamed(wb, T(l, "Tiêu chí", "Criteria"), head, widths, total, max_rows, fn, text);
    }
  }

  // ---- Intake: one row per file, streamed ----
  {
    const size_t total = res.records.size() + res.appraisals.size();
    Row head = header_row({T(l, "Tệp", "File"), T(l, "Loại", "Kind"), T(l, "Trạng thái", "Status"), T(l, "Mã đơn vị", "Unit code"),
                           T(l, "Tên đơn vị", "Unit name"), T(l, "Bộ tiêu chí", "Rubric"), T(l, "Phiên bản", "Version"),
                           T(l, "Thời điểm tạo", "Created"), T(l, "Tổng điểm", "Total"), T(l, "Người ký", "Signers"),
                           T(l, "Tệp được tính", "Counted file"), T(l, "Lý do", "Reason"), T(l, "Mã nội dung ký (SHA-256)", "Signed content (SHA-256)")},
                          S.header);
    for (const auto& h : intake_deadline_headings(l)) head.push_back(text_cell(h, S.header));
    auto fn = std::make_shared<std::function<void(size_t, Row&)>>([&res, S, l](size_t k, Row& out) {
      out.reserve(14);
      if (k < res.records.size()) {
        const IntakeRecord& rec = res.records[k];
        out.push_back(text_cell(rec.file, S.td));
        out.push_back(text_cell(rec.kind == FileKind::Unknown ? T(l, "Không rõ", "Unknown") : T(l, "Bài nộp", "Submission"), S.td));
        out.push_back(text_cell(intake_status_label(rec.status, l), S.td));
        out.push_back(text_cell(rec.unit_code, S.td));
        out.push_back(text_cell(rec.unit_name, S.td));
        out.push_back(text_cell(rec.rubric_id, S.td));
        out.push_back(text_cell(rec.rubric_version, S.td));
        out.push_back(text_cell(rec.created, S.td));
        out.push_back(rec.scale.is_zero() ? blank_cell(S.td) : num_cell(rec.total, 2, RoundMode::HalfUp, S.td_num[2]));
        out.push_back(text_cell(join(rec.signers), S.td_wrap));
        out.push_back(text_cell(rec.counted_file, S.td));
        {
          // A merged submission's chain of agency parts is the appraiser's to see here too.
          std::string why = reasons(rec.problems, l);
          if (rec.chain) why += (why.empty() ? "" : "\n") + rec.chain->summary(l);
          out.push_back(text_cell(why, S.td_wrap));
        }
        out.push_back(text_cell(rec.signed_hash, S.td));
        for (auto& cell : intake_deadline_cells(rec, l)) out.push_back(text_cell(std::move(cell), S.td));
        return;
      }
      const AppraisalRecord& a = res.appraisals[k - res.records.size()];
      std::string status = a.applied ? T(l, "Được áp dụng", "Applied") : (a.valid ? T(l, "Không áp dụng", "Not applied") : T(l, "Không hợp lệ", "Invalid"));
      const Appraisal* ap = a.appraisal ? &*a.appraisal : nullptr;
      out.push_back(text_cell(a.file, S.td));
      out.push_back(text_cell(T(l, "Thẩm định", "Appraisal"), S.td));
      out.push_back(text_cell(status, S.td));
      out.push_back(text_cell(ap ? ap->unit_code : "", S.td));
      out.push_back(text_cell(ap ? ap->unit_name : "", S.td));
      out.push_back(text_cell(ap ? ap->rubric_id : "", S.td));
      out.push_back(text_cell(ap ? ap->rubric_version : "", S.td));
      out.push_back(text_cell(ap ? ap->created : "", S.td));
      out.push_back(blank_cell(S.td));
      out.push_back(text_cell(join(a.signers), S.td_wrap));
      out.push_back(blank_cell(S.td));
      out.push_back(text_cell(reasons(a.problems, l), S.td_wrap));
      out.push_back(text_cell(a.signed_hash, S.td));
      for (size_t i = 0; i < intake_deadline_headings(l).size(); ++i) out.push_back(blank_cell(S.td));
    });
    // Its text, as the criteria sheet estimates its own: names, signers, the reasons kept (an
    // invalid file's first 20, each up to 1,000 characters), hashes and times.
    size_t text = 0;
    auto reasons_text = [l](const Messages& ms) {
      size_t n = 0;
      for (const auto& m : ms) n += (l == Lang::Vi ? m.vi : m.en).size() + m.where.size();
      return n;
    };
    for (const auto& rec : res.records) {
      text += rec.file.size() + rec.unit_code.size() + rec.unit_name.size() + rec.rubric_id.size() + rec.counted_file.size() + 200 +
              reasons_text(rec.problems);
      for (const auto& s : rec.signers) text += s.size();
    }
    for (const auto& a : res.appraisals) text += a.file.size() + 200 + reasons_text(a.problems);
    add_streamed(wb, T(l, "Tiếp nhận", "Intake"), head, {34, 12, 14, 16, 30, 18, 10, 24, 11, 34, 34, 50, 30, 24, 26, 18, 26, 20, 20}, total, max_rows, fn,
                 text);
  }

  // ---- Information sheets: per rubric, one row per counted unit and one column per row of the
  // paper sheet (info.csv has the same values one per line, with their ids) ----
  for (size_t g = 0; g < res.rubrics.size(); ++g) {
    const RubricGroup& grp = res.rubrics[g];
    const Rubric& r = *grp.rubric;
    if (r.general_info.empty() || grp.ranking.empty()) continue;
    const size_t nf = r.general_info.size();
    // STT as the units' sheets number them (the first unit that has the row; else the sheet of all rows).
    std::vector<int> number(nf, 0);
    for (const InfoRow& row : information_sheet(r, std::string(), Json::object(), l, grp.general_info_users))
      number[static_cast<size_t>(row.field - r.general_info.data())] = row.number;
    std::vector<bool> seen(nf, false);
    for (size_t ui : grp.ranking) {
      bool all = true;
      for (const InfoRow& row : unit_information_sheet(grp, res.units[ui], l)) {
        size_t f = static_cast<size_t>(row.field - r.general_info.data());
        if (!seen[f]) seen[f] = true, number[f] = row.number;
      }
      for (bool s : seen) all = all && s;
      if (all) break;
    }
    std::vector<Row> top;
    std::string title = r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle) + " (" + r.id + " " + r.version + ")";
    if (!grp.period.empty()) title += std::string(T(l, ", kỳ ", ", period ")) + grp.period;
    top.push_back({text_cell(title, S.bold)});
    Row head = header_row({T(l, "Mã đơn vị", "Unit code"), T(l, "Tên đơn vị", "Unit name")}, S.header);
    Row users = {blank_cell(S.td), text_cell(T(l, "Mẫu số của tiêu chí", "Denominator of"), S.td_wrap)};
    bool any_users = false;
    std::vector<ColumnSpec> widths = {{14}, {30}};
    for (size_t f = 0; f < nf; ++f) {
      const GeneralInfoField& fd = r.general_info[f];
      head.push_back(text_cell(std::to_string(number[f]) + ". " + fd.label + (fd.unit.empty() ? "" : " (" + fd.unit + ")"), S.header));
      users.push_back(text_cell(join_ids(grp.general_info_users[f]), S.td_wrap));
      any_users = any_users || !grp.general_info_users[f].empty();
      widths.push_back({fd.type == InputType::Text ? 30.0 : 16.0});
    }
    top.push_back(std::move(head));
    if (any_users) top.push_back(std::move(users));
    // As many sheets as max_rows needs (never in practice: one row per unit).
    const size_t per_sheet = std::max<size_t>(1, std::min(max_rows, kXlsxMaxRows) - top.size());
    for (size_t start = 0; start < grp.ranking.size(); start += per_sheet) {
      Sheet& sh = wb.add_sheet(T(l, "Thông tin chung", "General information"));
      sh.columns = widths;
      sh.rows = top;
      sh.freeze_rows = static_cast<int>(top.size());
      sh.freeze_cols = 2;
      sh.print.landscape = true;
      sh.print.repeat_first = 1;
      sh.print.repeat_last = static_cast<int>(top.size()) - 1;
      // One unit per row: its sheet made once; a row that does not apply to its type stays blank.
      sh.stream_rows = std::min(per_sheet, grp.ranking.size() - start);
      sh.stream = [&res, &grp, S, l, nf, start](size_t k, Row& out) {
        const UnitResult& u = res.units[grp.ranking[start + k]];
        const Rubric& rb = *grp.rubric;
        out.reserve(2 + nf);
        out.push_back(text_cell(u.unit_code, S.td));
        out.push_back(text_cell(u.unit_name, S.td));
        for (size_t f = 0; f < nf; ++f) out.push_back(blank_cell(S.td));
        for (const InfoRow& row : unit_information_sheet(grp, u, l)) {
          Cell& c = out[2 + static_cast<size_t>(row.field - rb.general_info.data())];
          if (row.num) {
            std::string t = row.num->to_string(4);
            auto dot = t.find('.');
            int d = dot == std::string::npos ? 0 : static_cast<int>(t.size() - dot - 1);
            c = num_cell(*row.num, d, RoundMode::HalfUp, d == 0 ? S.td_int_group : S.td_num[d]);
          } else {
            c = text_cell(row.value, S.td_wrap);
          }
        }
      };
    }
  }
  return wb;
}

}  // namespace cds
