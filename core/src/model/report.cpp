#include "cds/model/report.hpp"

#include "cds/base/json_io.hpp"
#include "cds/base/strbuf.hpp"
#include "cds/base/text.hpp"
#include "cds/model/info_sheet.hpp"

namespace cds {
namespace {

std::string value_text(const Json& v, const InputDef& in, Lang lang) {
  if (v.is_string()) {
    if (in.type == InputType::Date)
      if (auto d = parse_vn_date(v.get<std::string>())) return format_date(*d);
    if (in.type == InputType::Choice)
      for (const auto& o : in.options)
        if (o.value == v.get<std::string>()) return o.label;
    return v.get<std::string>();
  }
  if (v.is_boolean()) return v.get<bool>() ? T(lang, "Có", "Yes") : T(lang, "Không", "No");
  if (auto n = json_num(v)) {
    std::string s = format_number(*n, lang, 4);
    if (in.type == InputType::Percent) s += lang == Lang::Vi ? " %" : "%";
    return s;
  }
  return v.dump();
}

}  // namespace

std::string input_value_text(const Json& v, const InputDef& in, Lang lang) {
  if (v.is_null()) return "";
  if (v.is_object() && in.type == InputType::Ratio) {
    auto part = [&](const char* k) {
      auto it = v.find(k);
      if (it == v.end() || it->is_null()) return std::string("…");
      if (auto n = json_num(*it)) return format_number(*n, lang, 4);
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    return part("num") + "/" + part("den");
  }
  return value_text(v, in, lang);
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string csv_text(std::string_view s) {
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(0, "'");
  bool quote = v.find_first_of(",\"\r\n;") != std::string::npos || (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

std::string csv_number(Lang l, const Num& n, int decimals) {
  std::string s = n.to_string(decimals);
  if (l == Lang::Vi)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}

std::string csv_row(Lang l, const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(csv_separator(l));
    out += cells[i];
  }
  return out + "\r\n";
}

std::string describe_inputs(const Criterion& c, const Answers& a, Lang lang) {
  std::string out;
  for (const auto& in : c.inputs) {
    const Json* v = a.value(c.id, in.id);
    if (!v) continue;
    std::string text;
    if (in.type == InputType::Ratio && v->is_object()) {
      const Json* n = field(*v, "num");
      const Json* d = field(*v, "den");
      InputDef plain = in;
      plain.type = InputType::Number;
      std::string ns = n && !n->is_null() ? value_text(*n, plain, lang) : "?";
      std::string ds = d && !d->is_null() ? value_text(*d, plain, lang) : (in.den_from.empty() ? "?" : T(lang, "(TTC)", "(GI)"));
      text = ns + "/" + ds;
    } else if (in.type == InputType::FrequencyCounts && v->is_object()) {
      static const std::pair<const char*, std::pair<const char*, const char*>> kNames[] = {
          {"monthly", {"tháng", "monthly"}}, {"quarterly", {"quý", "quarterly"}},
          {"semiannual", {"6 tháng", "half-yearly"}}, {"annual", {"năm", "annual"}}};
      for (const auto& [k, nm] : kNames) {
        const Json* cnt = field(*v, k);
        if (!cnt || cnt->is_null()) continue;
        if (auto n = json_num(*cnt); n && n->is_zero()) continue;
        text += (text.empty() ? "" : ", ") + cnt->dump() + " (" + (lang == Lang::Vi ? nm.first : nm.second) + ")";
      }
      if (text.empty()) text = "0";
    } else {
      text = value_text(*v, in, lang);
    }
    out += (out.empty() ? "" : "; ") + in.label + ": " + text;
  }
  return out;
}

std::vector<std::string> describe_evidence(const Answers& a, const std::string& id, Lang lang) {
  std::vector<std::string> out;
  auto it = a.evidence.find(id);
  if (it == a.evidence.end()) return out;
  for (const auto& e : it->second) {
    if (e.kind == "file") {
      out.push_back(std::string(T(lang, "Tệp ", "File ")) + e.name + " (" + format_number(Num(e.size), lang, 0) + " B, SHA-256 " +
                    e.sha256.substr(0, 16) + "…)");
    } else {
      std::string s = e.number;
      if (!e.date.empty()) {
        auto d = parse_vn_date(e.date);
        s += std::string(s.empty() ? "" : " ") + T(lang, "ngày ", "of ") + (d ? format_date(*d) : e.date);
      }
      if (!e.title.empty()) s += (s.empty() ? "" : " — ") + e.title;
      if (!e.link.empty()) s += " <" + e.link + ">";
      out.push_back(s);
    }
  }
  return out;
}

std::string self_assessment_html(const Rubric& r, const Answers& a, const ScoreSheet& s, Lang lang, const ReportInfo& info) {
  auto pts = [&](const Num& n) { return html_escape(fmt_points(n, lang, r.decimals)); };
  StrBuf o;
  o << "<!DOCTYPE html>\n<html lang=\"" << (lang == Lang::Vi ? "vi" : "en") << "\"><head><meta charset=\"utf-8\">\n<title>"
    << html_escape(T(lang, "Bảng tự đánh giá — ", "Self-assessment — ")) << html_escape(a.unit.name) << "</title>\n<style>\n"
    << "@page { size: A4; margin: 14mm 12mm 16mm 12mm; }\n"
    << "body { font-family: 'Times New Roman', 'Noto Serif', 'Noto Sans', serif; font-size: 11pt; color: #000; margin: 0; }\n"
    << ".top { display: flex; justify-content: space-between; text-align: center; margin-bottom: 10px; }\n"
    << ".top div { width: 48%; } .top b { display: block; }\n"
    << "h1 { font-size: 14pt; text-align: center; margin: 14px 0 4px; } .sub { text-align: center; margin: 2px 0; }\n"
    << "h2 { font-size: 12pt; margin: 14px 0 0; } .src { font-size: 9.5pt; font-style: italic; }\n"
    << "table { width: 100%; border-collapse: collapse; margin-top: 10px; }\n"
    << "th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: top; }\n"
    << "th { background: #e8e8e8; } thead { display: table-header-group; } tr { page-break-inside: avoid; }\n"
    << ".sec td { font-weight: bold; background: #f2f2f2; } .num { text-align: right; white-space: nowrap; }\n"
    << ".tot td { font-weight: bold; } .small { font-size: 9.5pt; color: #333; } .warn { color: #a00; }\n"
    << ".sign { display: flex; justify-content: space-between; margin-top: 22px; page-break-inside: avoid; text-align: center; }\n"
    << ".sign div { width: 45%; min-height: 120px; } .foot { margin-top: 18px; font-size: 9pt; color: #444; }\n"
    << "</style></head><body>\n";
  o << "<div class=\"top\"><div><b>" << html_escape(a.unit.name.empty() ? T(lang, "(Tên đơn vị)", "(Unit name)") : a.unit.name)
    << "</b>" << (a.unit.code.empty() ? "" : html_escape(T(lang, "Mã đơn vị: ", "Unit code: ")) + html_escape(a.unit.code))
    << "</div><div><b>" << T(lang, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM") << "</b>"
    << T(lang, "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness") << "</div></div>\n";
  o << "<h1>" << T(lang, "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", "SELF-ASSESSMENT AND SCORING") << "</h1>\n";
  o << "<p class=\"sub\">" << html_escape(r.title) << "</p>\n";
  if (!r.subtitle.empty()) o << "<p class=\"sub\">" << html_escape(r.subtitle) << "</p>\n";
  o << "<p class=\"sub small\">" << html_escape(r.authority);
  if (!r.doc_number.empty()) o << " — " << html_escape(r.doc_number);
  o << " · " << T(lang, "Bộ tiêu chí", "Rubric") << " " << html_escape(r.id) << " " << html_escape(r.version) << "</p>\n";
  if (!a.period.empty() || !r.period_text.empty())
    o << "<p class=\"sub\">" << T(lang, "Kỳ đánh giá: ", "Period: ") << html_escape(a.period.empty() ? r.period_text : a.period)
      << "</p>\n";
  auto info_rows = information_sheet(r, a, lang);
  if (!info_rows.empty()) {
    o << "<h2>" << T(lang, "THÔNG TIN CHUNG", "GENERAL INFORMATION") << "</h2>\n<table class=\"info\"><thead><tr><th>STT</th><th>"
      << T(lang, "Thông tin chung", "Item") << "</th><th>" << T(lang, "Đơn vị tính", "Unit") << "</th><th>"
      << T(lang, "Thông tin cung cấp", "Value") << "</th><th>" << T(lang, "Mẫu số của tiêu chí", "Denominator of")
      << "</th></tr></thead><tbody>\n";
    for (const auto& row : info_rows)
      o << "<tr><td>" << row.number << "</td><td>" << html_escape(row.field->label) << "</td><td>" << html_escape(row.field->unit)
        << "</td><td" << (row.num ? " class=\"num\"" : row.entered ? "" : " class=\"warn\"") << ">" << html_escape(row.value)
        << "</td><td class=\"small\">" << html_escape(join_ids(row.used_by)) << "</td></tr>\n";
    o << "</tbody></table>\n<h2>" << T(lang, "BẢNG ĐIỂM", "SCORES") << "</h2>\n";
  }
  o << "<table><thead><tr><th>TT</th><th>" << T(lang, "Nội dung", "Criterion") << "</th><th>"
    << T(lang, "Điểm tối đa", "Max") << "</th><th>" << T(lang, "Số liệu", "Figures") << "</th><th>"
    << T(lang, "Điểm tự đánh giá", "Self-assessed") << "</th><th>" << T(lang, "Minh chứng", "Evidence") << "</th></tr></thead><tbody>\n";
  auto flat = r.flat_sections();
  for (size_t i = 0; i < flat.size(); ++i) {
    const Section& sec = *flat[i].first;
    const SectionScore& ss = s.sections[i];
    o << "<tr class=\"sec\"><td>" << html_escape(sec.code.empty() ? sec.id : sec.code) << "</td><td>" << html_escape(sec.title)
      << "</td><td class=\"num\">" << (ss.bonus_penalty ? "" : pts(ss.max)) << "</td><td></td><td class=\"num\">" << pts(ss.score)
      << "</td><td></td></tr>\n";
    for (size_t ci : sec.criteria) {
      const Criterion& c = r.criteria[ci];
      const CriterionScore& cs = s.criteria[ci];
      o << "<tr><td>" << html_escape(c.code) << "</td><td>" << html_escape(c.title);
      if (c.source)
        o << "<br><span class=\"src\" title=\"" << html_escape(c.source->text) << "\">" << html_escape(source_mark(*c.source, lang))
          << "</span>";
      o << "</td><td class=\"num\">" << pts(c.max) << "</td><td class=\"small\">" << html_escape(describe_inputs(c, a, lang));
      if (cs.status == Status::Invalid || cs.status == Status::Unanswered || cs.status == Status::Pending)
        o << " <span class=\"warn\">(" << html_escape(status_label(cs.status, lang)) << ")</span>";
      auto note = a.notes.find(c.id);
      if (note != a.notes.end() && !note->second.empty())
        o << "<br><i>" << T(lang, "Ghi chú: ", "Note: ") << html_escape(note->second) << "</i>";
      o << "</td><td class=\"num\">" << pts(cs.score) << "</td><td class=\"small\">";
      auto ev = describe_evidence(a, c.id, lang);
      for (size_t k = 0; k < ev.size(); ++k) o << (k ? "<br>" : "") << html_escape(ev[k]);
      o << "</td></tr>\n";
    }
  }
  o << "<tr class=\"tot\"><td></td><td>" << T(lang, "TỔNG ĐIỂM", "TOTAL") << "</td><td class=\"num\">" << pts(s.scale)
    << "</td><td></td><td class=\"num\">" << pts(s.total) << "</td><td></td></tr>\n";
  o << "</tbody></table>\n";
  if (!s.bonus.is_zero() || !s.penalty.is_zero())
    o << "<p class=\"small\">" << T(lang, "Trong đó điểm thưởng ", "Including bonus ") << pts(s.bonus)
      << T(lang, ", điểm trừ ", ", penalty ") << pts(s.penalty) << ".</p>\n";
  o << "<p class=\"small\">" << T(lang, "Số tiêu chí đã nhập: ", "Criteria answered: ") << s.answered << "/" << s.items;
  if (s.problems) o << T(lang, "; số liệu chưa hợp lệ: ", "; invalid: ") << s.problems;
  o << ".</p>\n";
  o << "<div class=\"sign\"><div><b>" << T(lang, "NGƯỜI LẬP BIỂU", "PREPARED BY") << "</b><br><i>"
    << T(lang, "(Ký, ghi rõ họ tên)", "(signature, full name)") << "</i><br><br><br><br>" << html_escape(a.preparer.name)
    << "</div><div><b>" << T(lang, "THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF UNIT") << "</b><br><i>"
    << T(lang, "(Ký tên, đóng dấu)", "(signature and stamp)") << "</i></div></div>\n";
  o << "<p class=\"foot\">" << T(lang, "In từ cds ", "Printed from cds ") << html_escape(info.app_version) << " — "
    << html_escape(format_instant(info.printed_at, info.clock)) << "</p>\n</body></html>\n";
  return o.str();
}

std::string self_assessment_csv(const Rubric& r, const Answers& a, const ScoreSheet& s, Lang lang) {
  std::string out = kUtf8Bom;
  auto num = [&](const Num& n) { return csv_number(lang, n, r.decimals); };
  out += csv_row(lang, {csv_text(T(lang, "Đơn vị", "Unit")), csv_text(a.unit.name), csv_text(T(lang, "Mã đơn vị", "Unit code")),
                  csv_text(a.unit.code)});
  out += csv_row(lang, {csv_text(T(lang, "Bộ tiêu chí", "Rubric")), csv_text(r.title), csv_text(r.id), csv_text(r.version)});
  out += csv_row(lang, {csv_text(T(lang, "Kỳ đánh giá", "Period")), csv_text(a.period.empty() ? r.period_text : a.period)});
  out += csv_row(lang, {csv_text(T(lang, "Tổng điểm", "Total")), num(s.total), csv_text(T(lang, "Thang điểm", "Scale")), num(s.scale)});
  out += "\r\n";
  auto info_rows = information_sheet(r, a, lang);
  if (!info_rows.empty()) {
    out += csv_row(lang, {csv_text(T(lang, "THÔNG TIN CHUNG", "GENERAL INFORMATION"))});
    out += csv_row(lang, {csv_text("STT"), csv_text(T(lang, "Mã", "Id")), csv_text(T(lang, "Thông tin chung", "Item")),
                    csv_text(T(lang, "Đơn vị tính", "Unit")), csv_text(T(lang, "Thông tin cung cấp", "Value")),
                    csv_text(T(lang, "Mẫu số của tiêu chí", "Denominator of"))});
    for (const auto& row : info_rows)
      out += csv_row(lang, {std::to_string(row.number), csv_text(row.field->id), csv_text(row.field->label), csv_text(row.field->unit),
                      row.num ? csv_number(lang, *row.num, 4) : csv_text(row.value), csv_text(join_ids(row.used_by))});
    out += "\r\n";
  }
  out += csv_row(lang, {csv_text("TT"), csv_text(T(lang, "Mã", "Id")), csv_text(T(lang, "Nội dung", "Criterion")),
                  csv_text(T(lang, "Điểm tối đa", "Max")), csv_text(T(lang, "Số liệu", "Figures")),
                  csv_text(T(lang, "Điểm tự đánh giá", "Self-assessed")), csv_text(T(lang, "Trạng thái", "Status")),
                  csv_text(T(lang, "Minh chứng", "Evidence")), csv_text(T(lang, "Ghi chú", "Note")),
                  csv_text(T(lang, "Nguồn số liệu", "Figures from"))});
  auto flat = r.flat_sections();
  for (size_t i = 0; i < flat.size(); ++i) {
    const Section& sec = *flat[i].first;
    const SectionScore& ss = s.sections[i];
    out += csv_row(lang, {csv_text(sec.code.empty() ? sec.id : sec.code), csv_text(sec.id), csv_text(sec.title),
                    ss.bonus_penalty ? "" : num(ss.max), "", num(ss.score), "", "", "", ""});
    for (size_t ci : sec.criteria) {
      const Criterion& c = r.criteria[ci];
      const CriterionScore& cs = s.criteria[ci];
      std::string ev;
      for (const auto& e : describe_evidence(a, c.id, lang)) ev += (ev.empty() ? "" : "\n") + e;
      auto note = a.notes.find(c.id);
      out += csv_row(lang, {csv_text(c.code), csv_text(c.id), csv_text(c.title), num(c.max), csv_text(describe_inputs(c, a, lang)),
                      num(cs.score), csv_text(status_label(cs.status, lang)), csv_text(ev),
                      csv_text(note == a.notes.end() ? "" : note->second), csv_text(c.source ? c.source->agency : "")});
    }
  }
  out += csv_row(lang, {"", "", csv_text(T(lang, "TỔNG ĐIỂM", "TOTAL")), num(s.scale), "", num(s.total), "", "", "", ""});
  return out;
}

}  // namespace cds
