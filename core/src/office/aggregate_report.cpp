// The receiving office's reports: ranking / criteria / intake CSV, the JSON report, printable HTML
// with SVG charts, and the one-paragraph summary.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <set>

#include "cds/office/aggregate.hpp"
#include "cds/model/report.hpp"
#include "cds/base/strbuf.hpp"
#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {
namespace {

Json num_json(const Num& n, int decimals) { return num_to_json(n.round(decimals, RoundMode::HalfUp)); }

std::string count_text(long long n, Lang l) { return format_number(Num(n), l, 0); }

std::string rank_text(const UnitResult& u, Lang l) {
  std::string s = std::to_string(u.rank);
  if (u.tied) s += l == Lang::Vi ? " (đồng hạng)" : " (tied)";
  return s;
}

std::string section_label(const Section& s) { return (s.code.empty() ? s.id : s.code) + (s.title.empty() ? "" : ". " + s.title); }

// Percent of a maximum, 0 … 100, for charts.
double pct(const Num& v, const Num& max) {
  if (max.sign() <= 0) return 0;
  double d = (v / max).to_double() * 100.0;
  return d < 0 ? 0 : (d > 100 ? 100 : d);
}

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A chart's percentage label: "33,5 %" in Vietnamese, "33.5%" in English.
std::string pct_label(double v, Lang l) {
  std::string t = fixed1(v);
  if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) t.resize(t.size() - 2);
  if (l == Lang::Vi) {
    for (char& c : t)
      if (c == '.') c = ',';
    return t + " %";
  }
  return t + "%";
}

// Horizontal bars: label, bar (value / max), value text.
struct Bar {
  std::string label, value;
  double percent;
  bool highlight = false;
};

std::string svg_bars(const std::vector<Bar>& bars, const std::string& title) {
  const int row = 16, label_w = 260, bar_w = 360, top = 22;
  int h = top + static_cast<int>(bars.size()) * row + 8;
  StrBuf o;
  o << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << (label_w + bar_w + 80) << " " << h
    << "\" role=\"img\" aria-label=\"" << html_escape(title) << "\">";
  o << "<text x=\"0\" y=\"14\" class=\"ct\">" << html_escape(title) << "</text>";
  for (int g = 0; g <= 4; ++g) {
    int x = label_w + bar_w * g / 4;
    o << "<line x1=\"" << x << "\" y1=\"" << (top - 4) << "\" x2=\"" << x << "\" y2=\"" << (h - 6) << "\" class=\"grid\"/>";
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    int y = top + static_cast<int>(i) * row;
    const Bar& b = bars[i];
    std::string label = utf8_length(b.label) > 60 ? ellipsize(b.label, 57) : b.label;  // by letter: never inside one
    o << "<text x=\"" << (label_w - 6) << "\" y=\"" << (y + 11) << "\" class=\"cl\">" << html_escape(label) << "</text>";
    o << "<rect x=\"" << label_w << "\" y=\"" << (y + 2) << "\" width=\"" << fixed1(bar_w * b.percent / 100.0) << "\" height=\"" << (row - 5)
      << "\" class=\"" << (b.highlight ? "bh" : "b") << "\"/>";
    o << "<text x=\"" << fixed1(label_w + bar_w * b.percent / 100.0 + 4) << "\" y=\"" << (y + 11) << "\" class=\"cv\">" << html_escape(b.value)
      << "</text>";
  }
  o << "</svg>";
  return o.str();
}

// Pillar profile: for each pillar the unit's percentage next to the intake's average (and range).
std::string svg_pillars(const Rubric& r, const RubricGroup& g, const AggregateResult& res, const UnitResult* unit, Lang l) {
  auto flat = r.flat_sections();
  const int row = 30, label_w = 260, bar_w = 360, top = 24;
  int h = top + static_cast<int>(g.pillars.size()) * row + 18;
  StrBuf o;
  std::string title = unit ? std::string(T(l, "Theo trụ cột (% điểm tối đa): đơn vị và trung bình", "By pillar (% of maximum): unit and average"))
                           : std::string(T(l, "Theo trụ cột (% điểm tối đa): trung bình, thấp nhất – cao nhất", "By pillar (% of maximum): average, lowest – highest"));
  o << "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << (label_w + bar_w + 80) << " " << h
    << "\" role=\"img\" aria-label=\"" << html_escape(title) << "\">";
  o << "<text x=\"0\" y=\"14\" class=\"ct\">" << html_escape(title) << "</text>";
  for (int q = 0; q <= 4; ++q) {
    int x = label_w + bar_w * q / 4;
    o << "<line x1=\"" << x << "\" y1=\"" << (top - 4) << "\" x2=\"" << x << "\" y2=\"" << (h - 16) << "\" class=\"grid\"/>";
    o << "<text x=\"" << x << "\" y=\"" << (h - 4) << "\" class=\"ca\">" << pct_label(q * 25, l) << "</text>";
  }
  for (size_t pi = 0; pi < g.pillars.size(); ++pi) {
    size_t si = g.pillars[pi];
    const Section& sec = *flat[si].first;
    const Num& max = g.section_max[si];
    double sum = 0, lo = 100, hi = 0;
    int n = 0;
    for (size_t ui : g.ranking) {
      double p = pct(res.units[ui].pillar_final[pi], max);
      sum += p;
      lo = std::min(lo, p);
      hi = std::max(hi, p);
      ++n;
    }
    double avg = n ? sum / n : 0;
    int y = top + static_cast<int>(pi) * row;
    std::string label = section_label(sec);
    if (utf8_length(label) > 60) label = ellipsize(label, 57);
    o << "<text x=\"" << (label_w - 6) << "\" y=\"" << (y + 15) << "\" class=\"cl\">" << html_escape(label) << "</text>";
    if (unit) {
      double p = pct(unit->pillar_final[pi], max);
      o << "<rect x=\"" << label_w << "\" y=\"" << (y + 3) << "\" width=\"" << fixed1(bar_w * p / 100) << "\" height=\"11\" class=\"bh\"/>";
      o << "<text x=\"" << fixed1(label_w + bar_w * p / 100 + 4) << "\" y=\"" << (y + 12) << "\" class=\"cv\">" << pct_label(p, l) << "</text>";
      o << "<rect x=\"" << label_w << "\" y=\"" << (y + 16) << "\" width=\"" << fixed1(bar_w * avg / 100) << "\" height=\"8\" class=\"b\"/>";
    } else {
      o << "<rect x=\"" << label_w << "\" y=\"" << (y + 5) << "\" width=\"" << fixed1(bar_w * avg / 100) << "\" height=\"13\" class=\"b\"/>";
      o << "<line x1=\"" << fixed1(label_w + bar_w * lo / 100) << "\" y1=\"" << (y + 11) << "\" x2=\"" << fixed1(label_w + bar_w * hi / 100)
        << "\" y2=\"" << (y + 11) << "\" class=\"rng\"/>";
      o << "<text x=\"" << fixed1(label_w + bar_w * std::max(avg, hi) / 100 + 4) << "\" y=\"" << (y + 15) << "\" class=\"cv\">" << pct_label(avg, l)
        << "</text>";
    }
  }
  o << "</svg>";
  return o.str();
}

const char* kStyle =
    "@page { size: A4; margin: 14mm 12mm 16mm 12mm; }\n"
    "body { font-family: 'Times New Roman', 'Noto Serif', 'Noto Sans', serif; font-size: 10.5pt; color: #000; margin: 0; }\n"
    "h1 { font-size: 15pt; text-align: center; margin: 6px 0; } h2 { font-size: 13pt; margin: 14px 0 6px; }\n"
    "h3 { font-size: 11.5pt; margin: 10px 0 4px; } .sub { text-align: center; margin: 2px 0; }\n"
    "table { width: 100%; border-collapse: collapse; margin: 6px 0 10px; }\n"
    "th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }\n"
    "th { background: #e8e8e8; } thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; }\n"
    ".num { text-align: right; white-space: nowrap; } .sec td { font-weight: bold; background: #f2f2f2; }\n"
    ".tot td { font-weight: bold; } .small { font-size: 9pt; color: #333; } .warn { color: #a00; } .chg { background: #fff3cd; }\n"
    ".unit { break-before: page; page-break-before: always; } .cards { display: flex; gap: 8px; flex-wrap: wrap; margin: 6px 0; }\n"
    ".card { border: 1px solid #000; padding: 4px 10px; min-width: 110px; text-align: center; } .card b { display: block; font-size: 13pt; }\n"
    ".chart { width: 100%; max-width: 700px; display: block; margin: 6px 0; break-inside: avoid; }\n"
    ".chart .ct { font: bold 11px sans-serif; } .chart .cl { font: 9px sans-serif; text-anchor: end; } .chart .cv { font: 9px sans-serif; }\n"
    ".chart .ca { font: 8px sans-serif; text-anchor: middle; fill: #555; } .chart .grid { stroke: #ccc; stroke-width: 0.5; }\n"
    ".chart .b { fill: #9db7e8; } .chart .bh { fill: #1a56db; } .chart .rng { stroke: #000; stroke-width: 1.2; }\n"
    "@media print { .chart .b { fill: #bbb; } .chart .bh { fill: #333; } }\n"
    ".foot { margin-top: 14px; font-size: 8.5pt; color: #444; }\n";

}  // namespace

// The CSV cells of report.hpp appended in place (declared there, defined here so that the unit
// edition, which writes small CSVs with csv_text and csv_number, keeps its size).
void append_csv_text(std::string& out, std::string_view s) {
  const bool mark = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
  const bool quote = s.find_first_of(",\"\r\n;") != std::string_view::npos || (!s.empty() && ((mark ? '\'' : s.front()) == ' ' || s.back() == ' '));
  if (!mark && !quote) {
    out.append(s);
    return;
  }
  if (!quote) {
    out += '\'';
    out.append(s);
    return;
  }
  out += '"';
  if (mark) out += '\'';
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  out += '"';
}

void append_csv_number(std::string& out, Lang l, const Num& n, int decimals) {
  // A whole number below 2^59 is its own rounding to 0–18 decimals (Num::round), and to_string
  // trims the decimals' zeros and the point: its digits.
  constexpr Num::i128 kSmall = static_cast<Num::i128>(1) << 59;
  if (n.is_integer() && n.num() < kSmall && n.num() > -kSmall && decimals >= 0 && decimals <= 18) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(n.num()));
    out.append(buf, res.ptr);
    return;
  }
  out += csv_number(l, n, decimals);
}

// "2 tệp không đọc được mã đơn vị" / "2 files could not be read far enough to name a unit".
static std::string no_unit_files(int n, Lang l) {
  return count_text(n, l) + (l == Lang::Vi ? " tệp không đọc được mã đơn vị"
                                           : (n == 1 ? " file" : " files") + std::string(" could not be read far enough to name a unit"));
}

std::string aggregate_summary(const AggregateResult& res, Lang l) {
  const AggregateCounts& c = res.counts;
  bool vi = l == Lang::Vi;
  std::string s = vi ? "Đã kiểm tra " + count_text(c.files, l) + " tệp: " + count_text(c.valid, l) + " bài nộp hợp lệ được tính, " +
                           count_text(c.invalid, l) + " không hợp lệ, " + count_text(c.superseded, l) + " bị thay thế bởi bản mới hơn, " +
                           count_text(c.duplicate, l) + " trùng lặp"
                     : "Checked " + count_text(c.files, l) + " files: " + count_text(c.valid, l) + " valid submissions counted, " +
                           count_text(c.invalid, l) + " invalid, " + count_text(c.superseded, l) + " superseded by a newer one, " +
                           count_text(c.duplicate, l) + " duplicates";
  if (c.appraisals)
    s += vi ? "; " + count_text(c.appraisals_applied, l) + " thẩm định được áp dụng, " + count_text(c.appraisals_rejected, l) + " không áp dụng"
            : "; " + count_text(c.appraisals_applied, l) + " appraisals applied, " + count_text(c.appraisals_rejected, l) + " not applied";
  if (c.late_signed || c.late_received)
    s += vi ? "; trong các bài được tính, " + count_text(c.late_signed, l) + " ký sau hạn nộp, " + count_text(c.late_received, l) + " nhận sau hạn nộp"
            : "; of the counted, " + count_text(c.late_signed, l) + " signed after the deadline, " + count_text(c.late_received, l) + " received after it";
  if (res.trust_checked) {
    s += vi ? "; " + count_text(c.missing, l) + " đơn vị trong danh sách chưa có bài nộp hợp lệ"
            : "; " + count_text(c.missing, l) + " listed units have no valid submission";
    if (c.missing && c.no_unit) {
      const bool one_file = c.no_unit == 1, one_unit = c.missing == 1;
      s += " (" + no_unit_files(c.no_unit, l) + ": " +
           (vi ? (one_unit ? (one_file ? "có thể là tệp của đơn vị này)" : "có thể có tệp của đơn vị này)") : "có thể có tệp của các đơn vị này)")
               : (one_file ? (one_unit ? "it may be that unit's)" : "it may be one of theirs)") : (one_unit ? "one may be that unit's)" : "some may be theirs)")));
    }
    s += ".";
  } else
    s += vi ? ". Không có danh sách tin cậy: chưa đối chiếu khóa ký và chưa biết đơn vị nào chưa nộp."
            : ". No trust list: signing keys not checked and missing units unknown.";
  return s;
}

std::string missing_unit_note(const AggregateResult& res, const MissingUnit& m, Lang l) {
  if (m.has_invalid) return T(l, "Có tệp gửi đến nhưng không hợp lệ", "Files came but none is valid");
  const int n = res.counts.no_unit;
  if (n == 0) return T(l, "Chưa nộp", "Nothing received");
  if (l == Lang::Vi)
    return "Không có tệp nào mang mã đơn vị này; có " + no_unit_files(n, l) + ", " +
           (n == 1 ? "có thể là tệp của đơn vị này" : "có thể có tệp của đơn vị này") + " (xem danh sách tệp)";
  return "No file names this unit; " + no_unit_files(n, l) + (n == 1 ? ", and it may be this unit's" : ", and one may be this unit's") +
         " (see the file list)";
}

namespace {

using Parts = std::vector<AggregateReportSteps::Part>;

// ranking.csv: per rubric its head, then one step per unit; then the units without a valid submission.
void ranking_parts(const AggregateResult& res, Lang l, Parts& parts) {
  parts.push_back({1, [](size_t, StrBuf& out) { out << kUtf8Bom; }});
  for (size_t g = 0; g < res.rubrics.size(); ++g) {
    const RubricGroup& grp = res.rubrics[g];
    const Rubric& r = *grp.rubric;
    parts.push_back({1, [&res, l, g](size_t, StrBuf& out) {
                       const RubricGroup& grp = res.rubrics[g];
                       const Rubric& r = *grp.rubric;
                       auto flat = r.flat_sections();
                       if (g) out += "\r\n";
                       out += csv_row(l, {csv_text(T(l, "Bộ tiêu chí", "Rubric")), csv_text(r.title), csv_text(r.id), csv_text(r.version), csv_text(grp.period)});
                       std::vector<std::string> head = {csv_text(T(l, "Hạng", "Rank")),          csv_text(T(l, "Đồng hạng", "Tied")),
                                                        csv_text(T(l, "Mã đơn vị", "Unit code")), csv_text(T(l, "Tên đơn vị", "Unit name")),
                                                        csv_text(T(l, "Tự chấm", "Self-assessed")), csv_text(T(l, "Thẩm định", "Appraised")),
                                                        csv_text(T(l, "Kết quả", "Final")),         csv_text(T(l, "Thang điểm", "Scale"))};
                       for (size_t si : grp.pillars) head.push_back(csv_text(section_label(*flat[si].first) + T(l, " (kết quả)", " (final)")));
                       head.push_back(csv_text(T(l, "Tệp bài nộp", "Submission file")));
                       head.push_back(csv_text(T(l, "Mã bài nộp (SHA-256)", "Submission id (SHA-256)")));
                       out += csv_row(l, head);
                     }});
    parts.push_back({grp.ranking.size(), [&res, l, &grp = grp, &r = r](size_t k, StrBuf& out) {
                       auto num = [&](const Num& n) { return csv_number(l, n.round(r.decimals, r.round_mode), r.decimals); };
                       const UnitResult& u = res.units[grp.ranking[k]];
                       const IntakeRecord& rec = res.records[u.record];
                       std::vector<std::string> row = {std::to_string(u.rank),      csv_text(u.tied ? T(l, "Có", "Yes") : ""), csv_text(u.unit_code),
                                                       csv_text(u.unit_name),       num(u.total_self),                         num(u.total_appraised),
                                                       num(u.total_final),          num(r.scale)};
                       for (const Num& p : u.pillar_final) row.push_back(num(p));
                       row.push_back(csv_text(rec.file));
                       row.push_back(csv_text(rec.signed_hash));
                       out += csv_row(l, row);
                     }});
  }
  if (!res.missing.empty())
    parts.push_back({1, [&res, l](size_t, StrBuf& out) {
                       out += "\r\n";
                       out += csv_row(l, {csv_text(T(l, "Đơn vị chưa có bài nộp hợp lệ", "Units without a valid submission"))});
                       out += csv_row(l, {csv_text(T(l, "Mã đơn vị", "Unit code")), csv_text(T(l, "Tên đơn vị", "Unit name")), csv_text(T(l, "Ghi chú", "Note"))});
                       for (const auto& m : res.missing)
                         out += csv_row(l, {csv_text(m.code), csv_text(m.name),
                                            csv_text(missing_unit_note(res, m, l))});
                     }});
}

// criteria.csv: its head, then one step per unit (all its criteria).
void criteria_parts(const AggregateResult& res, Lang l, Parts& parts) {
  // Per level of the longest appraisal chain (two or more levels): its score and reason.
  const size_t levels = max_levels(res) >= 2 ? max_levels(res) : 0;
  parts.push_back({1, [l, levels](size_t, StrBuf& out) {
                     out << kUtf8Bom;
                     std::vector<std::string> heads = {csv_text(T(l, "Bộ tiêu chí", "Rubric")), csv_text(T(l, "Mã đơn vị", "Unit code")), csv_text(T(l, "Tên đơn vị", "Unit name")),
                                     csv_text(T(l, "Hạng", "Rank")), csv_text("TT"), csv_text(T(l, "Mã tiêu chí", "Criterion id")),
                                     csv_text(T(l, "Nội dung", "Criterion")), csv_text(T(l, "Điểm tối đa", "Max")), csv_text(T(l, "Tự chấm", "Self-assessed")),
                                     csv_text(T(l, "Thẩm định", "Appraised")), csv_text(T(l, "Kết quả", "Final")), csv_text(T(l, "Trạng thái", "Status")),
                                     csv_text(T(l, "Lý do điều chỉnh / ghi chú", "Reason / note")), csv_text(T(l, "Nguồn số liệu", "Figures from")),
                                     csv_text(T(l, "Tài liệu kiểm chứng", "Evidence"))};
                     for (size_t k = 1; k <= levels; ++k) {
                       heads.push_back(csv_text(T(l, "Thẩm định cấp ", "Appraised, level ") + std::to_string(k)));
                       heads.push_back(csv_text(T(l, "Lý do cấp ", "Reason, level ") + std::to_string(k)));
                     }
                     out += csv_row(l, heads);
                   }});
  // The same csv_row as one cell list per row, with what repeats made once: per rubric its id and
  // each criterion's code, id, title and maximum; per unit its code, name and rank.
  const char sep = csv_separator(l);
  for (const auto& grp : res.rubrics) {
    const Rubric& r = *grp.rubric;
    struct Cells {
      std::string rubric_id;
      std::vector<std::string> crit;    // code;id;title;max;
      std::vector<std::string> source;  // who supplies the figures, where the document says
      std::string row;
    };
    auto cells = std::make_shared<Cells>();
    cells->rubric_id = csv_text(r.id) + sep;
    for (const Criterion& c : r.criteria) {
      cells->crit.push_back(csv_text(c.code) + sep + csv_text(c.id) + sep + csv_text(c.title) + sep +
                            csv_number(l, c.max.round(r.decimals, r.round_mode), r.decimals) + sep);
      cells->source.push_back(csv_text(c.source ? c.source->agency : ""));
    }
    parts.push_back({grp.ranking.size(), [&res, l, levels, sep, &grp = grp, &r = r, cells](size_t k, StrBuf& out) {
                       auto num = [&](const Num& n) { return csv_number(l, n.round(r.decimals, r.round_mode), r.decimals); };
                       std::string& row = cells->row;
                       const UnitResult& u = res.units[grp.ranking[k]];
                       const std::string unit_cells = cells->rubric_id + csv_text(u.unit_code) + sep + csv_text(u.unit_name) + sep + std::to_string(u.rank) + sep;
                       for (size_t ci = 0; ci < r.criteria.size(); ++ci) {
                         row = unit_cells;
                         row += cells->crit[ci];
                         append_csv_number(row, l, u.self[ci].round(r.decimals, r.round_mode), r.decimals);
                         row += sep;
                         append_csv_number(row, l, u.appraised(ci).round(r.decimals, r.round_mode), r.decimals);
                         row += sep;
                         append_csv_number(row, l, u.final_score(ci).round(r.decimals, r.round_mode), r.decimals);
                         row += sep;
                         append_csv_text(row, status_label(u.status[ci], l));
                         row += sep;
                         append_csv_text(row, u.reason(ci));
                         row += sep;
                         row += cells->source[ci];
                         row += sep;
                         if (u.unsupported_claim(ci) || !u.evidence_of(ci).empty()) append_csv_text(row, criterion_evidence_text(res, u, ci, l));
                         for (size_t lv = 0; lv < levels; ++lv) {
                           row += sep;
                           if (lv < u.levels.size()) row += num(level_score(res, u, lv, ci));
                           row += sep;
                           if (const AppraisalChange* c = level_change(res, u, lv, ci)) row += csv_text(c->reason);
                         }
                         row += "\r\n";
                         out += row;
                       }
                     }});
  }
}

}  // namespace

std::vector<InfoRow> unit_information_sheet(const Rubric& r, const UnitResult& u, Lang l) {
  return information_sheet(r, u.unit_type, u.general_info(r), l, general_info_users(r));
}

std::vector<InfoRow> unit_information_sheet(const RubricGroup& g, const UnitResult& u, Lang l) {
  return information_sheet(*g.rubric, u.unit_type, u.general_info(*g.rubric), l, g.general_info_users);
}

namespace {

// info.csv: its head, then one step per unit of a rubric with an information sheet (all its rows).
void info_parts(const AggregateResult& res, Lang l, Parts& parts) {
  parts.push_back({1, [l](size_t, StrBuf& out) {
                     out << kUtf8Bom;
                     out += csv_row(l, {csv_text(T(l, "Bộ tiêu chí", "Rubric")), csv_text(T(l, "Kỳ đánh giá", "Period")), csv_text(T(l, "Mã đơn vị", "Unit code")),
                                        csv_text(T(l, "Tên đơn vị", "Unit name")), csv_text("STT"), csv_text(T(l, "Mã", "Id")),
                                        csv_text(T(l, "Thông tin chung", "Item")), csv_text(T(l, "Đơn vị tính", "Unit")),
                                        csv_text(T(l, "Thông tin cung cấp", "Value")), csv_text(T(l, "Mẫu số của tiêu chí", "Denominator of"))});
                   }});
  for (const auto& grp : res.rubrics) {
    const Rubric& r = *grp.rubric;
    if (r.general_info.empty()) continue;
    // The same csv_row per row, with what repeats made once: per rubric its id and period, each
    // field's id, label and unit and the criteria it is a denominator of; per unit its code and name.
    const char sep = csv_separator(l);
    struct Cells {
      std::string rubric;
      std::vector<std::string> field, den;
      std::string unit, row;
    };
    auto cells = std::make_shared<Cells>();
    append_csv_text(cells->rubric, r.id);
    cells->rubric += sep;
    append_csv_text(cells->rubric, grp.period);
    cells->rubric += sep;
    for (size_t i = 0; i < r.general_info.size(); ++i) {
      const GeneralInfoField& f = r.general_info[i];
      cells->field.push_back(csv_text(f.id) + sep + csv_text(f.label) + sep + csv_text(f.unit) + sep);
      cells->den.push_back(csv_text(join_ids(grp.general_info_users[i])));
    }
    parts.push_back({grp.ranking.size(), [&res, l, sep, &grp = grp, &r = r, cells](size_t k, StrBuf& out) {
                       const UnitResult& u = res.units[grp.ranking[k]];
                       std::string& unit_cells = cells->unit;
                       std::string& row = cells->row;
                       unit_cells = cells->rubric;
                       append_csv_text(unit_cells, u.unit_code);
                       unit_cells += sep;
                       append_csv_text(unit_cells, u.unit_name);
                       unit_cells += sep;
                       for (const InfoRow& row_in : unit_information_sheet(grp, u, l)) {
                         const size_t i = static_cast<size_t>(row_in.field - r.general_info.data());
                         row = unit_cells;
                         row += std::to_string(row_in.number);
                         row += sep;
                         row += cells->field[i];
                         if (row_in.num) row += csv_number(l, *row_in.num, 4);
                         else append_csv_text(row, row_in.value);
                         row += sep;
                         row += cells->den[i];
                         row += "\r\n";
                         out += row;
                       }
                     }});
  }
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

std::string reason_lines(const Messages& ms, Lang l) {
  std::string s;
  for (const auto& m : ms) s += (s.empty() ? "" : "\n") + m.line(l);
  return s;
}

// intake.csv: its head, one step per file, one per appraisal.
void intake_parts(const AggregateResult& res, Lang l, Parts& parts) {
  parts.push_back({1, [l](size_t, StrBuf& out) {
                     out << kUtf8Bom;
                     const std::vector<std::string> deadline_heads = intake_deadline_headings(l);
                     out += csv_row(l, {csv_text(T(l, "Tệp", "File")), csv_text(T(l, "Loại", "Kind")), csv_text(T(l, "Trạng thái", "Status")),
                                        csv_text(T(l, "Mã đơn vị", "Unit code")), csv_text(T(l, "Tên đơn vị", "Unit name")), csv_text(T(l, "Bộ tiêu chí", "Rubric")),
                                        csv_text(T(l, "Phiên bản", "Version")), csv_text(T(l, "Thời điểm tạo", "Created")), csv_text(T(l, "Tổng điểm", "Total")),
                                        csv_text(T(l, "Người ký", "Signers")), csv_text(T(l, "Tệp được tính", "Counted file")), csv_text(T(l, "Lý do", "Reason")),
                                        csv_text(T(l, "Mã nội dung ký (SHA-256)", "Signed content (SHA-256)")),
                                        csv_text(T(l, "Tài liệu kiểm chứng (hồ sơ)", "Evidence (dossier)")), csv_text(deadline_heads[0]), csv_text(deadline_heads[1]),
                                        csv_text(deadline_heads[2]), csv_text(deadline_heads[3]), csv_text(deadline_heads[4]), csv_text(deadline_heads[5])});
                   }});
  parts.push_back({res.records.size(), [&res, l](size_t i, StrBuf& out) {
                     const IntakeRecord& rec = res.records[i];
                     std::vector<std::string> row = {csv_text(rec.file), csv_text(rec.kind == FileKind::Unknown ? T(l, "Không rõ", "Unknown") : T(l, "Bài nộp", "Submission")),
                                     csv_text(intake_status_label(rec.status, l)), csv_text(rec.unit_code), csv_text(rec.unit_name), csv_text(rec.rubric_id),
                                     csv_text(rec.rubric_version), csv_text(rec.created), rec.scale.is_zero() ? "" : csv_number(l, rec.total, 2),
                                     csv_text(joined(rec.signers)), csv_text(rec.counted_file), csv_text(reason_lines(rec.problems, l)), csv_text(rec.signed_hash),
                                     csv_text(intake_dossier_text(rec, l))};
                     for (const auto& cell : intake_deadline_cells(rec, l)) row.push_back(csv_text(cell));
                     out += csv_row(l, row);
                   }});
  parts.push_back({res.appraisals.size(), [&res, l](size_t i, StrBuf& out) {
                     const AppraisalRecord& a = res.appraisals[i];
                     std::string status = a.applied ? T(l, "Được áp dụng", "Applied") : (a.valid ? T(l, "Không áp dụng", "Not applied") : T(l, "Không hợp lệ", "Invalid"));
                     out += csv_row(l, {csv_text(a.file), csv_text(T(l, "Thẩm định", "Appraisal")), csv_text(status), csv_text(a.appraisal ? a.appraisal->unit_code : ""),
                                        csv_text(a.appraisal ? a.appraisal->unit_name : ""), csv_text(a.appraisal ? a.appraisal->rubric_id : ""),
                                        csv_text(a.appraisal ? a.appraisal->rubric_version : ""), csv_text(a.appraisal ? a.appraisal->created : ""), "",
                                        csv_text(joined(a.signers)), "", csv_text(reason_lines(a.problems, l)), csv_text(a.signed_hash), "", "", "", "", "", "", ""});
                   }});
}

}  // namespace

namespace {

Json head_json(const AggregateResult& res, const AggregateReportInfo& info) {
  Json j = Json::object();
  j["format"] = kAggregateReportFormat;
  j["generated"] = info.generated;
  j["app"] = {{"name", "cds"}, {"version", info.app_version}};
  if (!info.title.empty()) j["title"] = info.title;
  const AggregateCounts& c = res.counts;
  j["counts"] = {{"files", c.files},           {"submissions", c.submissions}, {"valid", c.valid},
                 {"invalid", c.invalid},       {"superseded", c.superseded},   {"duplicate", c.duplicate},
                 {"missing", c.missing},       {"units", c.units},             {"appraisals", c.appraisals},
                 {"appraisals_applied", c.appraisals_applied}, {"appraisals_not_applied", c.appraisals_rejected},
                 {"late_signed", c.late_signed}, {"late_received", c.late_received}, {"files_naming_no_unit", c.no_unit}};
  j["trust_checked"] = res.trust_checked;
  j["summary_vi"] = aggregate_summary(res, Lang::Vi);
  j["summary_en"] = aggregate_summary(res, Lang::En);
  Json missing = Json::array();
  for (const auto& m : res.missing) missing.push_back({{"code", m.code}, {"name", m.name}, {"files_came_invalid", m.has_invalid}});
  j["missing"] = missing;
  return j;
}

// A merged submission's chain of agency parts, as checked in its dossier.
Json provenance_json(const ProvenanceCheck& c) {
  return {{"ok", c.ok()}, {"parts", c.parts}, {"inputs", c.inputs}, {"problems", problems_to_json(c.problems)}};
}

Json file_json(const IntakeRecord& rec) {
  Json f = {{"file", rec.file},
            {"file_sha256", rec.file_sha256},
            {"kind", rec.kind == FileKind::Unknown ? "unknown" : "submission"},
            {"status", intake_status_name(rec.status)},
            {"unit", {{"code", rec.unit_code}, {"name", rec.unit_name}}},
            {"rubric", {{"id", rec.rubric_id}, {"version", rec.rubric_version}}},
            {"created", rec.created},
            {"signed_sha256", rec.signed_hash},
            {"signers", rec.signers},
            {"counted_file", rec.counted_file},
            {"problems", problems_to_json(rec.problems)}};
  if (!rec.scale.is_zero()) f["total"] = num_json(rec.total, 6);
  f["period"] = rec.period;
  f["received"] = rec.received;
  f["received_source"] = receipt_source_name(rec.received_source);
  if (rec.deadline) {
    f["deadline"] = iso_at_offset(rec.deadline->at);
    if (auto late = rec.late_signed()) f["late_signed"] = *late;
    if (auto late = rec.late_received()) f["late_received"] = *late;
  }
  if (rec.evidence)
    f["evidence"] = {{"named", rec.evidence->named}, {"present", rec.evidence->present}, {"missing", rec.evidence->missing},
                     {"changed", rec.evidence->changed}, {"extra", rec.evidence->extra}};
  if (rec.chain) f["provenance"] = provenance_json(*rec.chain);
  return f;
}

Json appraisal_json(const AppraisalRecord& a) {
  Json x = {{"file", a.file}, {"signed_sha256", a.signed_hash}, {"valid", a.valid}, {"applied", a.applied}, {"signers", a.signers},
            {"problems", problems_to_json(a.problems)}};
  if (a.appraisal) {
    x["submission_sha256"] = a.appraisal->submission_sha256;
    x["unit"] = {{"code", a.appraisal->unit_code}, {"name", a.appraisal->unit_name}};
    x["appraiser"] = {{"name", a.appraisal->appraiser_name}, {"title", a.appraisal->appraiser_title}, {"organisation", a.appraisal->organisation}};
    x["created"] = a.appraisal->created;
    if (a.level > 1) {
      x["level"] = a.level;
      x["previous_sha256"] = a.appraisal->previous_sha256;
    }
  }
  return x;
}

// A rubric group without its ranking.
Json group_json(const RubricGroup& grp) {
  const Rubric& r = *grp.rubric;
  auto flat = r.flat_sections();
  Json g = {{"id", r.id}, {"version", r.version}, {"title", r.title}, {"sha256", grp.sha256}, {"scale", num_json(r.scale, r.decimals)},
            {"decimals", r.decimals}, {"period", grp.period}, {"period_key", grp.period_key}};
  if (auto d = rubric_deadline(r)) g["deadline"] = iso_at_offset(d->at);
  Json cross = Json::array();
  for (const auto& cv : grp.cross) {
    Json x = {{"criterion", r.criteria[cv.criterion].id}, {"units_with_value", cv.units_with_value}};
    if (cv.best) {
      x["intake_best"] = cv.best->to_double();
      x["intake_best_unit"] = {{"code", cv.best_unit_code}, {"name", cv.best_unit_name}};
    }
    if (cv.reference) {
      x["reference"] = cv.reference->to_double();
      x["reference_source"] = cv.reference_source;
      x["units_above_reference"] = cv.units_above_reference;
    }
    cross.push_back(std::move(x));
  }
  g["cross_unit"] = cross;
  Json pillars = Json::array();
  for (size_t si : grp.pillars) pillars.push_back(flat[si].first->id);
  g["pillars"] = pillars;
  if (!r.general_info.empty()) {  // the information sheet's rows; each unit's values are in its ranking entry
    auto users = general_info_users(r);
    Json gi = Json::array();
    for (size_t i = 0; i < r.general_info.size(); ++i) {
      const GeneralInfoField& f = r.general_info[i];
      Json applies = Json::array();
      for (const auto& t : f.applies_to) applies.push_back(t);
      Json den = Json::array();
      for (const auto& id : users[i]) den.push_back(id);
      gi.push_back({{"number", i + 1}, {"id", f.id}, {"label", f.label}, {"unit", f.unit}, {"applies_to", applies}, {"denominator_of", den}});
    }
    g["general_info"] = std::move(gi);
  }
  if (Json src = figure_sources_json(r); !src.empty()) g["figure_sources"] = std::move(src);
  return g;
}

// A criterion's score after each level of the unit's chain, with that level's reason where it
// changed the score (only for a chain of two or more levels).
Json levels_json(const AggregateResult& res, const UnitResult& u, size_t ci, int d) {
  Json lv = Json::array();
  for (size_t k = 0; k < u.levels.size(); ++k) {
    Json x = {{"level", res.appraisals[u.levels[k]].level}, {"score", num_json(level_score(res, u, k, ci), d)}};
    if (const AppraisalChange* c = level_change(res, u, k, ci)) x["reason"] = c->reason;
    lv.push_back(std::move(x));
  }
  return lv;
}

// What a criterion names as evidence, each file with how it stands in the dossier.
Json evidence_json(const AggregateResult& res, const UnitResult& u, size_t ci) {
  Json ev = Json::array();
  const IntakeRecord& rec = res.records[u.record];
  for (const NamedEvidence& e : u.evidence_of(ci)) {
    if (!e.file) {
      ev.push_back({{"kind", "ref"}, {"name", e.name}});
      continue;
    }
    ev.push_back({{"kind", "file"}, {"name", e.name}, {"sha256", e.sha256}, {"state", evidence_seen_name(evidence_seen(rec, e))}});
  }
  return ev;
}

// A unit's members but "sections" and "criteria".
Json unit_head_json(const AggregateResult& res, const UnitResult& u, int d) {
  Json unit = {{"rank", u.rank},
               {"tied", u.tied},
               {"unit", {{"code", u.unit_code}, {"name", u.unit_name}}},
               {"file", res.records[u.record].file},
               {"signed_sha256", res.records[u.record].signed_hash},
               {"total", {{"self", num_json(u.total_self, d)}, {"appraised", num_json(u.total_appraised, d)}, {"final", num_json(u.total_final, d)}}}};
  if (u.appraisal) {
    const AppraisalRecord& a = res.appraisals[*u.appraisal];
    Json ap = {{"file", a.file}, {"signed_sha256", a.signed_hash}};
    if (a.appraisal && a.appraisal->sampled)
      ap["sampled_check"] = {{"checked", a.appraisal->sampled->checked},
                             {"verified", a.appraisal->sampled->verified},
                             {"proportion", a.appraisal->sampled->proportion().to_double()},
                             {"reason", a.appraisal->sampled->reason}};
    if (u.levels.size() >= 2) {
      Json lv = Json::array();
      for (size_t li : u.levels) {
        const AppraisalRecord& x = res.appraisals[li];
        lv.push_back({{"level", x.level},
                      {"file", x.file},
                      {"signed_sha256", x.signed_hash},
                      {"created", x.appraisal->created},
                      {"appraiser", {{"name", x.appraisal->appraiser_name}, {"title", x.appraisal->appraiser_title}, {"organisation", x.appraisal->organisation}}}});
      }
      ap["levels"] = std::move(lv);
    }
    unit["appraisal"] = ap;
  }
  const Rubric& r = *res.group(u).rubric;
  if (!r.general_info.empty()) {  // the rows that apply to the unit's type: the value as entered, null when not
    Json gi = Json::object();
    for (const InfoRow& row : unit_information_sheet(res.group(u), u, Lang::Vi)) {
      const Json* v = u.info_value(static_cast<size_t>(row.field - r.general_info.data()));
      gi[row.field->id] = row.entered && v ? *v : Json();
    }
    unit["general_info"] = std::move(gi);
  }
  return unit;
}

Json unit_json(const AggregateResult& res, const RubricGroup& grp, const UnitResult& u) {
  const Rubric& r = *grp.rubric;
  auto flat = r.flat_sections();
  int d = r.decimals;
  Json unit = unit_head_json(res, u, d);
  Json secs = Json::array();
  std::vector<Num> sec_self = section_column(r, u.self), sec_appraised = section_column(r, u.column(Column::Appraised)),
                   sec_final = section_column(r, u.column(Column::Final));
  for (size_t si = 0; si < flat.size(); ++si)
    secs.push_back({{"id", flat[si].first->id},
                    {"self", num_json(sec_self[si], d)},
                    {"appraised", num_json(sec_appraised[si], d)},
                    {"final", num_json(sec_final[si], d)}});
  unit["sections"] = secs;
  Json crit = Json::array();
  for (size_t ci = 0; ci < r.criteria.size(); ++ci) {
    Json x = {{"id", r.criteria[ci].id},
              {"self", num_json(u.self[ci], d)},
              {"appraised", num_json(u.appraised(ci), d)},
              {"final", num_json(u.final_score(ci), d)},
              {"status", status_name(u.status[ci])}};
    if (!u.reason(ci).empty()) x["reason"] = u.reason(ci);
    if (u.levels.size() >= 2) x["levels"] = levels_json(res, u, ci, d);
    if (!u.evidence_of(ci).empty()) x["evidence"] = evidence_json(res, u, ci);
    if (u.unsupported_claim(ci)) x["unsupported"] = true;
    crit.push_back(std::move(x));
  }
  unit["criteria"] = crit;
  return unit;
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// num_json(n, d) as dump() writes it, without a Json per number: a whole number as its digits, any
// other as nlohmann's shortest double (its own `to_chars`, which dump() calls). A rounded score is
// n / d with d dividing 10^decimals: when both fit 53 bits, the IEEE quotient is the correctly
// rounded double to_double() also gives (its decimal expansion is exact there), without the string
// to_double() reads back.
void put_num(std::string& o, const Num& n, int d) {
  Num r = n.round(d, RoundMode::HalfUp);
  if (r.is_integer()) {
    o += std::to_string(static_cast<long long>(r.num()));
    return;
  }
  constexpr Num::i128 k53 = static_cast<Num::i128>(1) << 53;
  const Num::i128 p = r.num(), q = r.den();
  Num::i128 ten = 1;
  for (int k = 0; k < d && ten <= k53; ++k) ten *= 10;
  const bool exact = p <= k53 && p >= -k53 && q <= k53 && ten % q == 0;
  const double v = exact ? static_cast<double>(p) / static_cast<double>(q) : r.to_double();
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, static_cast<size_t>(end - buf));
}

// dump(Json(s)) without the Json: text in valid UTF-8 with no quote, backslash or control byte is
// itself between quotes (nlohmann escapes only those, and replaces bytes that are not UTF-8);
// anything else goes through nlohmann.
void put_str(std::string& o, std::string_view s) {
  bool plain = true;
  unsigned char high = 0;  // any byte above 0x7F: only then can the text be other than UTF-8
  for (unsigned char c : s) {
    if (c < 0x20 || c == '"' || c == '\\') {
      plain = false;
      break;
    }
    high |= c;
  }
  if (plain && (high < 0x80 || is_valid_utf8(s))) {
    o += '"';
    o.append(s);
    o += '"';
  } else {
    o += dump(Json(std::string(s)));
  }
}

// dump(evidence_json(res, u, ci)), member by member ("kind" < "name" < "sha256" < "state").
void put_evidence(std::string& o, const AggregateResult& res, const UnitResult& u, size_t ci) {
  const IntakeRecord& rec = res.records[u.record];
  o += '[';
  bool first = true;
  for (const NamedEvidence& e : u.evidence_of(ci)) {
    o += first ? "{\"kind\":" : ",{\"kind\":";
    first = false;
    o += e.file ? "\"file\",\"name\":" : "\"ref\",\"name\":";
    put_str(o, e.name);
    if (e.file) {
      o += ",\"sha256\":";
      put_str(o, e.sha256);
      o += ",\"state\":";
      put_str(o, evidence_seen_name(evidence_seen(rec, e)));
    }
    o += '}';
  }
  o += ']';
}

// dump(file_json(rec)) written directly, member by member in the map's order.
std::string file_text(const IntakeRecord& rec) {
  std::string o = "{\"counted_file\":";
  put_str(o, rec.counted_file);
  o += ",\"created\":";
  put_str(o, rec.created);
  if (rec.deadline) {
    o += ",\"deadline\":";
    put_str(o, iso_at_offset(rec.deadline->at));
  }
  if (rec.evidence) {
    const EvidenceTally& e = *rec.evidence;
    o += ",\"evidence\":{\"changed\":" + std::to_string(e.changed) + ",\"extra\":" + std::to_string(e.extra) + ",\"missing\":" +
         std::to_string(e.missing) + ",\"named\":" + std::to_string(e.named) + ",\"present\":" + std::to_string(e.present) + "}";
  }
  o += ",\"file\":";
  put_str(o, rec.file);
  o += ",\"file_sha256\":";
  put_str(o, rec.file_sha256);
  o += rec.kind == FileKind::Unknown ? ",\"kind\":\"unknown\"" : ",\"kind\":\"submission\"";
  if (rec.deadline) {
    if (auto late = rec.late_received()) o += *late ? ",\"late_received\":true" : ",\"late_received\":false";
    if (auto late = rec.late_signed()) o += *late ? ",\"late_signed\":true" : ",\"late_signed\":false";
  }
  o += ",\"period\":";
  put_str(o, rec.period);
  o += ",\"problems\":[";
  for (size_t i = 0; i < rec.problems.size(); ++i) {
    const Message& m = rec.problems[i];
    o += i ? ",{\"code\":" : "{\"code\":";
    put_str(o, m.code);
    o += ",\"en\":";
    put_str(o, m.en);
    if (!m.input.empty()) {
      o += ",\"input\":";
      put_str(o, m.input);
    }
    o += ",\"severity\":";
    o += m.severity == Severity::Error ? "\"error\"" : m.severity == Severity::Warning ? "\"warning\"" : "\"info\"";
    o += ",\"vi\":";
    put_str(o, m.vi);
    o += ",\"where\":";
    put_str(o, m.where);
    o += '}';
  }
  o += ']';
  if (rec.chain) o += ",\"provenance\":" + dump(provenance_json(*rec.chain));
  o += ",\"received\":";
  put_str(o, rec.received);
  o += ",\"received_source\":";
  put_str(o, receipt_source_name(rec.received_source));
  o += ",\"rubric\":{\"id\":";
  put_str(o, rec.rubric_id);
  o += ",\"version\":";
  put_str(o, rec.rubric_version);
  o += "},\"signed_sha256\":";
  put_str(o, rec.signed_hash);
  o += ",\"signers\":[";
  for (size_t i = 0; i < rec.signers.size(); ++i) {
    if (i) o += ',';
    put_str(o, rec.signers[i]);
  }
  o += "],\"status\":";
  put_str(o, intake_status_name(rec.status));
  if (!rec.scale.is_zero()) {
    o += ",\"total\":";
    put_num(o, rec.total, 6);
  }
  o += ",\"unit\":{\"code\":";
  put_str(o, rec.unit_code);
  o += ",\"name\":";
  put_str(o, rec.unit_name);
  o += "}}";
  return o;
}

// dump(unit_json(res, grp, u)) written directly: the head through nlohmann, the sections and
// criteria (most of the bytes: one object per criterion) member by member in the map's order
// ("appraised" < "evidence" < "final" < "id" < "levels" < "reason" < "self" < "status" <
// "unsupported"). `crit_ids` / `sec_ids` are the ids
// of the group's criteria / flat sections as dump() writes them. Tested byte for byte against the
// tree (expect_json_text_is_the_tree in tests/unit/aggregate_test.cpp).
std::string unit_text(const AggregateResult& res, const RubricGroup& grp, const UnitResult& u, const std::vector<std::string>& crit_ids,
                      const std::vector<std::string>& sec_ids) {
  const Rubric& r = *grp.rubric;
  const int d = r.decimals;
  std::string secs = "[";
  {
    std::vector<Num> self = section_column(r, u.self), appraised = section_column(r, u.column(Column::Appraised)),
                     fin = section_column(r, u.column(Column::Final));
    for (size_t si = 0; si < sec_ids.size(); ++si) {
      secs += si ? ",{\"appraised\":" : "{\"appraised\":";
      put_num(secs, appraised[si], d);
      secs += ",\"final\":";
      put_num(secs, fin[si], d);
      secs += ",\"id\":";
      secs += sec_ids[si];
      secs += ",\"self\":";
      put_num(secs, self[si], d);
      secs += '}';
    }
    secs += ']';
  }
  std::string crit = "[";
  crit.reserve(crit_ids.size() * 96);
  for (size_t ci = 0; ci < crit_ids.size(); ++ci) {
    crit += ci ? ",{\"appraised\":" : "{\"appraised\":";
    put_num(crit, u.appraised(ci), d);
    if (!u.evidence_of(ci).empty()) {
      crit += ",\"evidence\":";
      put_evidence(crit, res, u, ci);
    }
    crit += ",\"final\":";
    put_num(crit, u.final_score(ci), d);
    crit += ",\"id\":";
    crit += crit_ids[ci];
    if (u.levels.size() >= 2) {
      crit += ",\"levels\":";
      crit += dump(levels_json(res, u, ci, d));
    }
    if (!u.reason(ci).empty()) {
      crit += ",\"reason\":";
      put_str(crit, u.reason(ci));
    }
    crit += ",\"self\":";
    put_num(crit, u.self[ci], d);
    crit += ",\"status\":";
    put_str(crit, status_name(u.status[ci]));
    if (u.unsupported_claim(ci)) crit += ",\"unsupported\":true";
    crit += '}';
  }
  crit += ']';
  // The head's members (unit_head_json) in the map's order, around "criteria" and "sections".
  const IntakeRecord& rec = res.records[u.record];
  std::string out = "{";
  if (u.appraisal) {  // rare, and many members: through its tree
    const Json head = unit_head_json(res, u, d);
    out += "\"appraisal\":";
    out += dump(head["appraisal"]);
    out += ',';
  }
  out += "\"criteria\":";
  out += crit;
  out += ",\"file\":";
  put_str(out, rec.file);
  if (!r.general_info.empty()) {  // the rows on the unit's sheet: the value as entered, null when not
    Json gi = Json::object();
    for (size_t fi = 0; fi < r.general_info.size(); ++fi) {
      const GeneralInfoField& f = r.general_info[fi];
      if (!info_field_applies(r, u.unit_type, f)) continue;
      const Json* v = u.info_value(fi);
      gi[f.id] = info_value_entered(v) ? *v : Json();
    }
    out += ",\"general_info\":";
    out += dump(gi);
  }
  out += ",\"rank\":";
  out += std::to_string(u.rank);
  out += ",\"sections\":";
  out += secs;
  out += ",\"signed_sha256\":";
  put_str(out, rec.signed_hash);
  out += u.tied ? ",\"tied\":true" : ",\"tied\":false";
  out += ",\"total\":{\"appraised\":";
  put_num(out, u.total_appraised, d);
  out += ",\"final\":";
  put_num(out, u.total_final, d);
  out += ",\"self\":";
  put_num(out, u.total_self, d);
  out += "},\"unit\":{\"code\":";
  put_str(out, u.unit_code);
  out += ",\"name\":";
  put_str(out, u.unit_name);
  out += "}}";
  return out;
}

}  // namespace

Json aggregate_to_json(const AggregateResult& res, const AggregateReportInfo& info) {
  Json j = head_json(res, info);
  Json files = Json::array();
  for (const auto& rec : res.records) files.push_back(file_json(rec));
  j["files"] = std::move(files);
  Json aps = Json::array();
  for (const auto& a : res.appraisals) aps.push_back(appraisal_json(a));
  j["appraisals"] = std::move(aps);
  Json rubrics = Json::array();
  for (const auto& grp : res.rubrics) {
    Json g = group_json(grp);
    Json ranking = Json::array();
    for (size_t ui : grp.ranking) ranking.push_back(unit_json(res, grp, res.units[ui]));
    g["ranking"] = std::move(ranking);
    rubrics.push_back(std::move(g));
  }
  j["rubrics"] = std::move(rubrics);
  return j;
}

namespace {

// report.json as text: the same document as aggregate_to_json, written piece by piece (one file,
// appraisal or unit per line) so that a national roll-up never holds the whole tree in memory.
void json_parts(const AggregateResult& res, const AggregateReportInfo& info, Parts& parts) {
  parts.push_back({1, [&res, info](size_t, StrBuf& out) {
                     out << "{\n";
                     Json head = head_json(res, info);
                     for (auto it = head.begin(); it != head.end(); ++it) out += "  " + dump(Json(it.key())) + ": " + dump(it.value()) + ",\n";
                     out += "  \"files\": [";
                   }});
  parts.push_back({res.records.size(), [&res](size_t i, StrBuf& out) { out += (i ? ",\n    " : "\n    ") + file_text(res.records[i]); }});
  parts.push_back({1, [&res](size_t, StrBuf& out) {
                     out += res.records.empty() ? "]" : "\n  ]";
                     out += ",\n  \"appraisals\": [";
                   }});
  parts.push_back({res.appraisals.size(), [&res](size_t i, StrBuf& out) { out += (i ? ",\n    " : "\n    ") + dump(appraisal_json(res.appraisals[i])); }});
  parts.push_back({1, [&res](size_t, StrBuf& out) {
                     out += res.appraisals.empty() ? "]" : "\n  ]";
                     out += ",\n  \"rubrics\": [";
                   }});
  for (size_t g = 0; g < res.rubrics.size(); ++g) {
    const RubricGroup& grp = res.rubrics[g];
    struct Ids {
      std::vector<std::string> crit, sec;
    };
    auto ids = std::make_shared<Ids>();
    for (const auto& c : grp.rubric->criteria) ids->crit.push_back(dump(Json(c.id)));
    for (const auto& f : grp.rubric->flat_sections()) ids->sec.push_back(dump(Json(f.first->id)));
    parts.push_back({1, [&grp = grp, g](size_t, StrBuf& out) {
                       std::string head_g = dump(group_json(grp));
                       head_g.pop_back();  // the closing brace: the ranking follows
                       out += (g ? ",\n    " : "\n    ") + head_g + ",\"ranking\":[";
                     }});
    parts.push_back({grp.ranking.size(), [&res, &grp = grp, ids](size_t i, StrBuf& out) {
                       out += i ? ",\n      " : "\n      ";
                       out += unit_text(res, grp, res.units[grp.ranking[i]], ids->crit, ids->sec);
                     }});
    parts.push_back({1, [&grp = grp](size_t, StrBuf& out) { out += grp.ranking.empty() ? "]}" : "\n    ]}"; }});
  }
  parts.push_back({1, [&res](size_t, StrBuf& out) { out += res.rubrics.empty() ? "]\n}\n" : "\n  ]\n}\n"; }});
}

}  // namespace

namespace {

void html_head(Lang l, const AggregateReportInfo& info, StrBuf& o) {
  o << "<!DOCTYPE html>\n<html lang=\"" << (l == Lang::Vi ? "vi" : "en") << "\"><head><meta charset=\"utf-8\">\n<title>"
    << html_escape(T(l, "Báo cáo tổng hợp, xếp hạng", "Aggregate report and ranking")) << "</title>\n<style>\n"
    << kStyle << "</style></head><body>\n";
  o << "<h1>" << T(l, "BÁO CÁO TỔNG HỢP, THẨM ĐỊNH VÀ XẾP HẠNG", "AGGREGATE, APPRAISAL AND RANKING REPORT") << "</h1>\n";
  if (!info.title.empty()) o << "<p class=\"sub\"><b>" << html_escape(info.title) << "</b></p>\n";
  o << "<p class=\"sub small\">" << T(l, "Lập lúc ", "Generated ") << html_escape(format_instant(info.generated, info.clock)) << " · cds " << html_escape(info.app_version)
    << "</p>\n";
}

// A counted file received or signed after its rubric's deadline.
bool late_either(const IntakeRecord& rec) { return rec.late_signed().value_or(false) || rec.late_received().value_or(false); }

// "ký 19/06/2026 10:12 (Muộn 1 giờ 12 phút); nhận 20/06/2026 08:00, giờ sửa tệp (Muộn 23 giờ)".
std::string times_against_deadline(const IntakeRecord& rec, Lang l, const DisplayClock& clock) {
  std::string s = std::string(T(l, "ký ", "signed ")) + format_instant(rec.created, clock);
  if (rec.late_signed()) s += " (" + lateness_text(*rec.deadline, *rec.created_at, l) + ")";
  if (!rec.received.empty()) {
    s += std::string(T(l, "; nhận ", "; received ")) + format_instant(rec.received, clock) + ", " + receipt_source_label(rec.received_source, l);
    if (rec.late_received()) s += " (" + lateness_text(*rec.deadline, *rec.received_at, l) + ")";
  }
  return s;
}

// The counted files that came after the deadline, by either time: the office decides.
void html_late(const AggregateResult& res, Lang l, const DisplayClock& clock, StrBuf& o) {
  bool any = false;
  for (const auto& rec : res.records) any = any || (rec.status == IntakeStatus::Valid && late_either(rec));
  if (!any) return;
  o << "<h3>" << T(l, "Bài nộp sau hạn (vẫn được tính; cơ quan tiếp nhận quyết định)", "Submissions after the deadline (still counted; the office decides)")
    << "</h3>\n<table><thead><tr><th>" << T(l, "Tệp", "File") << "</th><th>" << T(l, "Đơn vị", "Unit") << "</th><th>" << T(l, "Hạn nộp", "Deadline")
    << "</th><th>" << T(l, "Thời điểm ký, nhận", "Signed, received") << "</th></tr></thead><tbody>\n";
  for (const auto& rec : res.records) {
    if (rec.status != IntakeStatus::Valid || !late_either(rec)) continue;
    o << "<tr><td class=\"small\">" << html_escape(rec.file) << "</td><td>" << html_escape(name_with_code(rec.unit_name, rec.unit_code)) << "</td><td>"
      << html_escape(deadline_when(*rec.deadline, clock, l)) << "</td><td class=\"warn\">" << html_escape(times_against_deadline(rec, l, clock))
      << "</td></tr>\n";
  }
  o << "</tbody></table>\n";
}

// 1. Intake: the summary and the counts.
void html_intake(const AggregateResult& res, Lang l, StrBuf& o) {
  o << "<h2>" << T(l, "1. Tiếp nhận", "1. Intake") << "</h2>\n<p>" << html_escape(aggregate_summary(res, l)) << "</p>\n";
  const AggregateCounts& c = res.counts;
  o << "<div class=\"cards\">";
  auto card = [&](const char* vi, const char* en, int n) {
    o << "<div class=\"card\"><b>" << html_escape(count_text(n, l)) << "</b>" << T(l, vi, en) << "</div>";
  };
  card("hợp lệ", "valid", c.valid);
  card("không hợp lệ", "invalid", c.invalid);
  card("bị thay thế", "superseded", c.superseded);
  card("trùng lặp", "duplicates", c.duplicate);
  if (res.trust_checked) card("chưa nộp", "missing", c.missing);
  if (c.appraisals) card("thẩm định áp dụng", "appraisals applied", c.appraisals_applied);
  if (c.late_signed || c.late_received) {
    int late = 0;
    for (const auto& rec : res.records) late += rec.status == IntakeStatus::Valid && late_either(rec);
    card("nộp sau hạn", "after the deadline", late);
  }
  o << "</div>\n";
}

// The files that do not count, and why.
void html_files_not_counted(const AggregateResult& res, Lang l, StrBuf& o) {
  bool any = false;
  for (const auto& rec : res.records)
    if (rec.status == IntakeStatus::Invalid) any = true;
  for (const auto& a : res.appraisals)
    if (!a.applied) any = true;
  if (any) {
    o << "<h3>" << T(l, "Tệp không được tính và lý do", "Files not counted and why") << "</h3>\n<table><thead><tr><th>"
      << T(l, "Tệp", "File") << "</th><th>" << T(l, "Đơn vị", "Unit") << "</th><th>" << T(l, "Lý do", "Reason") << "</th></tr></thead><tbody>\n";
    for (const auto& rec : res.records) {
      if (rec.status != IntakeStatus::Invalid) continue;
      o << "<tr><td class=\"small\">" << html_escape(rec.file) << "</td><td>" << html_escape(name_with_code(rec.unit_name, rec.unit_code)) << "</td><td>";
      for (size_t i = 0; i < rec.problems.size(); ++i)
        o << (i ? "<br>" : "") << html_escape(rec.problems[i].text(l));
      o << "</td></tr>\n";
    }
    for (const auto& a : res.appraisals) {
      if (a.applied) continue;
      o << "<tr><td class=\"small\">" << html_escape(a.file) << "</td><td>"
        << html_escape(a.appraisal ? name_with_code(a.appraisal->unit_name, a.appraisal->unit_code) : std::string()) << "</td><td>"
        << T(l, "Thẩm định: ", "Appraisal: ");
      for (size_t i = 0; i < a.problems.size(); ++i) o << (i ? "<br>" : "") << html_escape(a.problems[i].text(l));
      o << "</td></tr>\n";
    }
    o << "</tbody></table>\n";
  }
}

void html_missing(const AggregateResult& res, Lang l, StrBuf& o) {
  if (!res.missing.empty()) {
    o << "<h3>" << T(l, "Đơn vị chưa có bài nộp hợp lệ", "Units without a valid submission") << "</h3>\n<p>";
    for (size_t i = 0; i < res.missing.size(); ++i)
      o << (i ? "; " : "") << html_escape(name_with_code(res.missing[i].name, res.missing[i].code))
        << (res.missing[i].has_invalid ? T(l, " (tệp gửi đến không hợp lệ)", " (files came, none valid)") : "");
    o << ".</p>\n";
    if (const int n = res.counts.no_unit) {
      const bool one_unit = res.missing.size() == 1;
      o << "<p>" << no_unit_files(n, l)
        << (l == Lang::Vi ? std::string(" (xem danh sách tệp): ") + (n == 1 ? "có thể là tệp của " : "có thể có tệp của ") +
                                (one_unit ? "đơn vị trên." : "các đơn vị trên.")
                          : std::string(" (see the file list): ") + (n == 1 ? "it may be from " : "some may be from ") +
                                (one_unit ? "the unit above." : "the units above."))
        << "</p>\n";
    }
  }

}

// 2… Per rubric: the ranking, its charts and table (rubric g is section 2 + g).
void html_ranking(const AggregateResult& res, Lang l, size_t g, StrBuf& o) {
  const size_t section = 2 + g;
  {
    const RubricGroup& grp = res.rubrics[g];
    const Rubric& r = *grp.rubric;
    auto flat = r.flat_sections();
    auto pts = [&](const Num& n) { return html_escape(fmt_points(n.round(r.decimals, r.round_mode), l, r.decimals)); };
    o << "<h2>" << section << ". " << T(l, "Xếp hạng — ", "Ranking — ") << html_escape(r.title) << "</h2>\n";
    o << "<p class=\"small\">" << html_escape(r.subtitle.empty() ? r.authority : r.subtitle) << " · " << html_escape(r.id) << " "
      << html_escape(r.version) << " · " << T(l, "thang điểm ", "scale ") << pts(r.scale) << " · " << grp.ranking.size()
      << T(l, " đơn vị", " units") << (grp.period.empty() ? "" : std::string(T(l, " · kỳ đánh giá: ", " · period: ")) + html_escape(grp.period))
      << "</p>\n";
    for (const auto& cv : grp.cross) {
      const Criterion& cr = r.criteria[cv.criterion];
      auto val = [&](const Num& v) { return html_escape(cr.rule.value.percent ? format_percent(v, l, 2) : format_number(v, l, 4)); };
      o << "<p class=\"small\">" << T(l, "Tiêu chí so với địa phương cao nhất ", "Criterion relative to the best locality ") << html_escape(cr.code) << ": ";
      if (cv.reference)
        o << T(l, "chấm theo giá trị tham chiếu của cơ quan tổng hợp ", "scored against the office's reference ") << val(*cv.reference)
          << (cv.reference_source.empty() ? "" : " (" + html_escape(cv.reference_source) + ")") << ". ";
      else
        o << T(l, "mỗi đơn vị chấm theo giá trị tham chiếu đơn vị tự nhập. ", "each unit is scored against the reference it entered. ");
      if (cv.best)
        o << T(l, "Cao nhất trong đợt (chỉ để tham khảo): ", "Best in this intake (information only): ") << val(*cv.best) << " ("
          << html_escape(name_with_code(cv.best_unit_name, cv.best_unit_code)) << "), " << cv.units_with_value << T(l, " đơn vị có số liệu.", " units with a value.");
      o << "</p>\n";
    }
    // Bar chart of final totals (all units up to 60; otherwise the first and last 30).
    std::vector<Bar> bars;
    size_t n = grp.ranking.size();
    for (size_t i = 0; i < n; ++i) {
      if (n > 60 && i == 30) {
        bars.push_back({"… " + std::to_string(n - 60) + T(l, " đơn vị …", " units …"), "", 0});
        i = n - 30;
      }
      const UnitResult& u = res.units[grp.ranking[i]];
      bars.push_back({std::to_string(u.rank) + ". " + (u.unit_name.empty() ? u.unit_code : u.unit_name), fmt_points(u.total_final_rounded, l, r.decimals),
                      pct(u.total_final, r.scale)});
    }
    o << svg_bars(bars, T(l, "Tổng điểm kết quả (trên thang điểm)", "Final totals (of the scale)")) << "\n";
    if (!grp.pillars.empty()) o << svg_pillars(r, grp, res, nullptr, l) << "\n";
    o << "<table><thead><tr><th>" << T(l, "Hạng", "Rank") << "</th><th>" << T(l, "Đơn vị", "Unit") << "</th><th>" << T(l, "Tự chấm", "Self")
      << "</th><th>" << T(l, "Thẩm định", "Appraised") << "</th><th>" << T(l, "Kết quả", "Final") << "</th>";
    for (size_t si : grp.pillars)
      o << "<th class=\"small\">" << html_escape(flat[si].first->code.empty() ? flat[si].first->id : flat[si].first->code) << "</th>";
    o << "</tr></thead><tbody>\n";
    for (size_t ui : grp.ranking) {
      const UnitResult& u = res.units[ui];
      o << "<tr><td class=\"num\">" << html_escape(rank_text(u, l)) << "</td><td>" << html_escape(name_with_code(u.unit_name, u.unit_code))
        << (late_either(res.records[u.record]) ? std::string(" <span class=\"warn\">") + T(l, "(nộp muộn)", "(late)") + "</span>" : "") << "</td><td class=\"num\">"
        << pts(u.total_self) << "</td><td class=\"num\">" << pts(u.total_appraised) << "</td><td class=\"num\"><b>" << pts(u.total_final) << "</b></td>";
      for (const Num& p : u.pillar_final) o << "<td class=\"num\">" << pts(p) << "</td>";
      o << "</tr>\n";
    }
    o << "</tbody></table>\n";
    if (!grp.pillars.empty()) {
      o << "<p class=\"small\">";
      for (size_t k = 0; k < grp.pillars.size(); ++k) o << (k ? " · " : "") << html_escape(section_label(*flat[grp.pillars[k]].first));
      o << "</p>\n";
    }
  }

}

// Under a criterion on the unit's page: the evidence it names, each file with how it stands in the
// dossier, or the flag where it claims points with none although the rubric asks for some.
void html_criterion_evidence(const AggregateResult& res, const UnitResult& u, size_t ci, Lang l, StrBuf& o) {
  const auto& ev = u.evidence_of(ci);
  if (u.unsupported_claim(ci)) o << "<br><span class=\"small warn\">⚠ " << unsupported_claim_text(l) << "</span>";
  if (ev.empty()) return;
  const IntakeRecord& rec = res.records[u.record];
  o << "<br><span class=\"small\">" << T(l, "Tài liệu kiểm chứng: ", "Evidence: ");
  for (size_t k = 0; k < ev.size(); ++k) {
    const NamedEvidence& e = ev[k];
    o << (k ? "; " : "");
    if (!e.file) {
      o << T(l, "văn bản ", "document ") << html_escape(e.name);
      continue;
    }
    EvidenceSeen seen = evidence_seen(rec, e);
    bool bad = seen == EvidenceSeen::Missing || seen == EvidenceSeen::Changed;
    o << html_escape(e.name) << " (" << (bad ? "<span class=\"warn\">" : "") << evidence_seen_label(seen, l) << (bad ? "</span>" : "") << ")";
  }
  o << "</span>";
}

// On the unit's page, under its file: the dossier's evidence tally, or that a plain .json only names
// its files; and which criteria claim points with no evidence.
void html_unit_evidence(const AggregateResult& res, const UnitResult& u, Lang l, StrBuf& o) {
  const IntakeRecord& rec = res.records[u.record];
  const Rubric& r = *res.group(u).rubric;
  std::set<std::string> files;
  for (size_t k = 0; k < u.evidence.size(); ++k)
    if (NamedEvidence e = u.evidence[k]; e.file) files.emplace(e.sha256);
  if (rec.evidence)
    o << "<p class=\"small" << (rec.evidence->complete() ? "" : " warn") << "\">" << T(l, "Hồ sơ .zip: ", "Dossier (.zip): ")
      << html_escape(rec.evidence->summary(l)) << ".</p>\n";
  else if (!files.empty())
    o << "<p class=\"small\">" << T(l, "Bài nộp .json kê tên ", "The .json submission names ") << files.size()
      << T(l, " tệp kiểm chứng nhưng không gửi kèm (không phải hồ sơ .zip).", " evidence files without them (not a .zip dossier).") << "</p>\n";
  // A merged submission: whether the agencies' signed parts in its dossier hold, and if not why.
  if (rec.chain) {
    o << "<p class=\"small" << (rec.chain->ok() ? "" : " warn") << "\">" << html_escape(rec.chain->summary(l)) << '.';
    size_t total = 0;
    for (const auto& why : rec.chain->reasons(l, 10, &total)) o << "<br>" << html_escape(why);
    if (total > 10) o << "<br>" << T(l, "… và ", "… and ") << (total - 10) << T(l, " lỗi khác (cds verify kể hết).", " more (cds verify lists them all).");
    o << "</p>\n";
  }
  if (!u.unsupported.empty()) {
    const bool one = u.unsupported.size() == 1;
    o << "<p class=\"small warn\">" << u.unsupported.size()
      << T(l, " tiêu chí có điểm nhưng chưa kèm tài liệu kiểm chứng mà bộ tiêu chí yêu cầu: ",
           one ? " criterion claims points with none of the evidence the rubric asks for: "
               : " criteria claim points with none of the evidence the rubric asks for: ");
    for (size_t k = 0; k < u.unsupported.size(); ++k) {
      const Criterion& c = r.criteria[u.unsupported[k]];
      o << (k ? ", " : "") << html_escape(c.code.empty() ? c.id : c.code);
    }
    o << ".</p>\n";
  }
}

// One unit's page.
void html_unit_page(const AggregateResult& res, Lang l, const AggregateReportInfo& info, const RubricGroup& grp, size_t ui, StrBuf& o) {
  const Rubric& r = *grp.rubric;
  auto flat = r.flat_sections();
  auto pts = [&](const Num& n) { return html_escape(fmt_points(n.round(r.decimals, r.round_mode), l, r.decimals)); };
    const UnitResult& u = res.units[ui];
    const IntakeRecord& rec = res.records[u.record];
    o << "<section class=\"unit\"><h2>" << html_escape(name_with_code(u.unit_name, u.unit_code)) << "</h2>\n<p class=\"small\">" << html_escape(r.title)
      << " · " << T(l, "hạng ", "rank ") << html_escape(rank_text(u, l)) << "/" << grp.ranking.size() << " · "
      << T(l, "bài nộp ", "submission ") << html_escape(rec.file) << " (" << T(l, "ký lúc ", "signed ")
      << html_escape(format_instant(rec.created, info.clock)) << T(l, ", mã nhận dạng ", ", SHA-256 ") << html_escape(rec.signed_hash.substr(0, 16))
      << "…)</p>\n";
    html_unit_evidence(res, u, l, o);
    if (late_either(rec))
      o << "<p class=\"small warn\">" << T(l, "Nộp muộn — hạn ", "Late — deadline ") << html_escape(deadline_when(*rec.deadline, info.clock, l)) << ": "
        << html_escape(times_against_deadline(rec, l, info.clock)) << "</p>\n";
    o << "<div class=\"cards\"><div class=\"card\"><b>" << pts(u.total_self) << "</b>" << T(l, "tự chấm", "self-assessed")
      << "</div><div class=\"card\"><b>" << pts(u.total_appraised) << "</b>" << T(l, "thẩm định", "appraised") << "</div><div class=\"card\"><b>"
      << pts(u.total_final) << "</b>" << T(l, "kết quả", "final") << "</div></div>\n";
    // One paragraph per level of the appraisal chain (level 1 first; the last one is final).
    const size_t nl = u.levels.size();
    for (size_t k = 0; k < nl; ++k) {
      const AppraisalRecord& ar = res.appraisals[u.levels[k]];
      const Appraisal& a = *ar.appraisal;
      o << "<p class=\"small\">" << T(l, "Thẩm định", "Appraisal");
      if (nl >= 2) o << T(l, " cấp ", ", level ") << a.level << (k + 1 == nl ? T(l, " (cuối cùng)", " (final)") : "");
      o << ": " << html_escape(a.appraiser_name);
      if (!a.appraiser_title.empty()) o << ", " << html_escape(a.appraiser_title);
      if (!a.organisation.empty()) o << " — " << html_escape(a.organisation);
      o << " (" << html_escape(format_instant(a.created, info.clock)) << ")";
      if (a.sampled)
        o << ". " << T(l, "Kiểm tra xác suất: ", "Sampled check: ") << a.sampled->verified << "/" << a.sampled->checked
          << T(l, " đúng, điểm nhân với ", " correct, scores multiplied by ") << html_escape(format_percent(a.sampled->proportion(), l, 2))
          << " (" << html_escape(a.sampled->reason) << ")";
      if (!a.note.empty()) o << ". " << T(l, "Nhận xét: ", "Remark: ") << html_escape(a.note);
      o << ".</p>\n";
    }
    if (!grp.pillars.empty()) o << svg_pillars(r, grp, res, &u, l) << "\n";
    // With a chain of two or more levels, a column per level takes the place of "Thẩm định".
    const bool per_level = nl >= 2;
    o << "<table><thead><tr><th>TT</th><th>" << T(l, "Nội dung", "Criterion") << "</th><th>" << T(l, "Tối đa", "Max") << "</th><th>"
      << T(l, "Tự chấm", "Self") << "</th>";
    if (per_level)
      for (size_t k = 0; k < nl; ++k) o << "<th>" << T(l, "Thẩm định cấp ", "Appraised, level ") << res.appraisals[u.levels[k]].level << "</th>";
    else
      o << "<th>" << T(l, "Thẩm định", "Appraised") << "</th>";
    o << "<th>" << T(l, "Kết quả", "Final") << "</th><th>" << T(l, "Lý do / ghi chú", "Reason / note") << "</th></tr></thead><tbody>\n";
    std::vector<Num> sec_self = section_column(r, u.self), sec_appraised = section_column(r, u.column(Column::Appraised)),
                     sec_final = section_column(r, u.column(Column::Final));
    std::vector<std::vector<Num>> sec_level;
    if (per_level)
      for (size_t k = 0; k < nl; ++k) {
        std::vector<Num> col(r.criteria.size());
        for (size_t ci = 0; ci < col.size(); ++ci) col[ci] = level_score(res, u, k, ci);
        sec_level.push_back(section_column(r, col));
      }
    for (size_t si = 0; si < flat.size(); ++si) {
      const Section& sec = *flat[si].first;
      o << "<tr class=\"sec\"><td>" << html_escape(sec.code.empty() ? sec.id : sec.code) << "</td><td>" << html_escape(sec.title)
        << "</td><td class=\"num\">" << (sec.max ? pts(*sec.max) : "") << "</td><td class=\"num\">" << pts(sec_self[si]) << "</td>";
      if (per_level)
        for (size_t k = 0; k < nl; ++k) o << "<td class=\"num\">" << pts(sec_level[k][si]) << "</td>";
      else
        o << "<td class=\"num\">" << pts(sec_appraised[si]) << "</td>";
      o << "<td class=\"num\">" << pts(sec_final[si]) << "</td><td></td></tr>\n";
      for (size_t ci : sec.criteria) {
        const Criterion& cr = r.criteria[ci];
        o << "<tr" << (u.changed(ci) ? " class=\"chg\"" : "") << "><td>" << html_escape(cr.code) << "</td><td>" << html_escape(cr.title);
        if (cr.source)
          o << "<br><span class=\"small\" title=\"" << html_escape(cr.source->text) << "\"><i>" << html_escape(source_mark(*cr.source, l))
            << "</i></span>";
        html_criterion_evidence(res, u, ci, l, o);
        o << "</td><td class=\"num\">" << pts(cr.max) << "</td><td class=\"num\">" << pts(u.self[ci]) << "</td>";
        std::string why = u.reason(ci);
        if (per_level) {
          why.clear();
          for (size_t k = 0; k < nl; ++k) {
            o << "<td class=\"num\">" << pts(level_score(res, u, k, ci)) << "</td>";
            if (const AppraisalChange* c = level_change(res, u, k, ci))
              why += (why.empty() ? "" : "; ") + std::string(T(l, "Cấp ", "Level ")) + std::to_string(res.appraisals[u.levels[k]].level) + ": " + c->reason;
          }
          if (why.empty()) why = u.reason(ci);
        } else {
          o << "<td class=\"num\">" << pts(u.appraised(ci)) << "</td>";
        }
        o << "<td class=\"num\">" << pts(u.final_score(ci)) << "</td><td class=\"small\">" << html_escape(why) << "</td></tr>\n";
      }
    }
    o << "<tr class=\"tot\"><td></td><td>" << T(l, "TỔNG ĐIỂM", "TOTAL") << "</td><td class=\"num\">" << pts(r.scale) << "</td><td class=\"num\">"
      << pts(u.total_self) << "</td>";
    if (per_level) {
      for (size_t k = 0; k < nl; ++k) {
        Num t;
        for (size_t ci = 0; ci < r.criteria.size(); ++ci) t = t + level_score(res, u, k, ci);
        o << "<td class=\"num\">" << pts(t) << "</td>";
      }
    } else {
      o << "<td class=\"num\">" << pts(u.total_appraised) << "</td>";
    }
    o << "<td class=\"num\">" << pts(u.total_final) << "</td><td></td></tr>\n</tbody></table>\n";
    auto info_rows = unit_information_sheet(grp, u, l);
    if (!info_rows.empty()) {
      o << "<h3>" << T(l, "Thông tin chung", "General information") << "</h3>\n<table><thead><tr><th>STT</th><th>"
        << T(l, "Thông tin chung", "Item") << "</th><th>" << T(l, "Đơn vị tính", "Unit") << "</th><th>" << T(l, "Thông tin cung cấp", "Value")
        << "</th><th>" << T(l, "Mẫu số của tiêu chí", "Denominator of") << "</th></tr></thead><tbody>\n";
      for (const InfoRow& row : info_rows)
        o << "<tr><td>" << row.number << "</td><td>" << html_escape(row.field->label) << "</td><td>" << html_escape(row.field->unit) << "</td><td"
          << (row.num ? " class=\"num\"" : row.entered ? "" : " class=\"warn\"") << ">" << html_escape(row.value) << "</td><td class=\"small\">"
          << html_escape(join_ids(row.used_by)) << "</td></tr>\n";
      o << "</tbody></table>\n";
    }
    o << "</section>\n";
}

// Without unit pages (more units than info.max_unit_pages): where to look instead.
void html_no_unit_pages(const AggregateResult& res, Lang l, StrBuf& o) {
  o << "<p class=\"small\">" << T(l, "Có ", "There are ") << res.units.size()
    << T(l, " đơn vị: báo cáo này không in trang riêng cho từng đơn vị (xem report.json hoặc criteria.csv).",
         " units: this report has no per-unit pages (see report.json or criteria.csv).")
    << "</p>\n";
}

// The end of the document.
void html_foot(Lang l, const AggregateReportInfo& info, StrBuf& o) {
  o << "<p class=\"foot\">" << T(l, "Lập bằng cds ", "Made with cds ") << html_escape(info.app_version) << " — " << html_escape(format_instant(info.generated, info.clock))
    << ". " << T(l, "Điểm tính lại từ số liệu gốc của từng bài nộp; chữ ký số đã được kiểm tra.",
                 "Scores recomputed from each submission's figures; digital signatures checked.")
    << "</p>\n</body></html>\n";
}

// report.html: the head and the intake sections, one step per rubric's ranking, one per unit's
// page (or the note that there are none), the end.
void html_parts(const AggregateResult& res, Lang l, const AggregateReportInfo& info, Parts& parts) {
  parts.push_back({1, [&res, l, info](size_t, StrBuf& o) {
                     html_head(l, info, o);
                     html_intake(res, l, o);
                     html_files_not_counted(res, l, o);
                     html_missing(res, l, o);
                     html_late(res, l, info.clock, o);
                   }});
  parts.push_back({res.rubrics.size(), [&res, l](size_t g, StrBuf& o) { html_ranking(res, l, g, o); }});
  if (res.units.size() > info.max_unit_pages) {
    parts.push_back({1, [&res, l](size_t, StrBuf& o) { html_no_unit_pages(res, l, o); }});
  } else {
    for (const auto& grp : res.rubrics)
      parts.push_back({grp.ranking.size(), [&res, l, info, &grp = grp](size_t k, StrBuf& o) { html_unit_page(res, l, info, grp, grp.ranking[k], o); }});
  }
  parts.push_back({1, [l, info](size_t, StrBuf& o) { html_foot(l, info, o); }});
}

}  // namespace

AggregateReportSteps::AggregateReportSteps(const AggregateResult& res, AggregateReportKind kind, Lang l, const AggregateReportInfo& info) {
  switch (kind) {
    case AggregateReportKind::Ranking: ranking_parts(res, l, parts_); break;
    case AggregateReportKind::Criteria: criteria_parts(res, l, parts_); break;
    case AggregateReportKind::Info: info_parts(res, l, parts_); break;
    case AggregateReportKind::Intake: intake_parts(res, l, parts_); break;
    case AggregateReportKind::Json: json_parts(res, info, parts_); break;
    case AggregateReportKind::Html: html_parts(res, l, info, parts_); break;
  }
  for (const Part& p : parts_) total_ += p.n;
}

bool AggregateReportSteps::step(StrBuf& out, size_t count) {
  count = std::max<size_t>(count, 1);
  while (count && part_ < parts_.size()) {
    const Part& p = parts_[part_];
    if (index_ >= p.n) {
      ++part_;
      index_ = 0;
      continue;
    }
    p.item(index_++, out);
    ++done_;
    --count;
  }
  while (part_ < parts_.size() && index_ >= parts_[part_].n) {  // empty parts and the end of the last one
    ++part_;
    index_ = 0;
  }
  return part_ == parts_.size();
}

void aggregate_ranking_csv(const AggregateResult& res, Lang l, StrBuf& out) { AggregateReportSteps(res, AggregateReportKind::Ranking, l).write_all(out); }
void aggregate_criteria_csv(const AggregateResult& res, Lang l, StrBuf& out) { AggregateReportSteps(res, AggregateReportKind::Criteria, l).write_all(out); }
void aggregate_info_csv(const AggregateResult& res, Lang l, StrBuf& out) { AggregateReportSteps(res, AggregateReportKind::Info, l).write_all(out); }
void aggregate_intake_csv(const AggregateResult& res, Lang l, StrBuf& out) { AggregateReportSteps(res, AggregateReportKind::Intake, l).write_all(out); }
void aggregate_json_text(const AggregateResult& res, const AggregateReportInfo& info, StrBuf& out) {
  AggregateReportSteps(res, AggregateReportKind::Json, Lang::Vi, info).write_all(out);
}
void aggregate_html(const AggregateResult& res, Lang l, const AggregateReportInfo& info, StrBuf& o) {
  AggregateReportSteps(res, AggregateReportKind::Html, l, info).write_all(o);
}

}  // namespace cds

namespace cds {

std::string aggregate_ranking_csv(const AggregateResult& res, Lang l) {
  StrBuf o;
  aggregate_ranking_csv(res, l, o);
  return o.take();
}
std::string aggregate_criteria_csv(const AggregateResult& res, Lang l) {
  StrBuf o;
  aggregate_criteria_csv(res, l, o);
  return o.take();
}
std::string aggregate_info_csv(const AggregateResult& res, Lang l) {
  StrBuf o;
  aggregate_info_csv(res, l, o);
  return o.str();
}

std::string aggregate_intake_csv(const AggregateResult& res, Lang l) {
  StrBuf o;
  aggregate_intake_csv(res, l, o);
  return o.take();
}
std::string aggregate_json_text(const AggregateResult& res, const AggregateReportInfo& info) {
  StrBuf o;
  aggregate_json_text(res, info, o);
  return o.take();
}
std::string aggregate_html(const AggregateResult& res, Lang l, const AggregateReportInfo& info) {
  StrBuf o;
  aggregate_html(res, l, info, o);
  return o.take();
}

}  // namespace cds
