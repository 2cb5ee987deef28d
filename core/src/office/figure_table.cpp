// Figure tables (docs/appraisal-format.md, "Figures for all units from one table"). The CSV reader
// is RFC 4180 as Excel writes it (quoted cells with doubled quotes and line breaks inside); it is a
// few lines, and no C or C++ CSV library is among the dependencies we can build for wasm.
#include "cds/office/figure_table.hpp"

#include <algorithm>
#include <map>

#include "cds/base/json_io.hpp"
#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/report.hpp"
#include "cds/rules/score.hpp"

namespace cds {
namespace {

std::string col_name(size_t col) {  // Excel's column letters: 0 → A, 26 → AA
  std::string s;
  for (size_t n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}
// Where a message applies, as Excel names a cell ("D5"): the same in every language.
std::string where_vi(size_t line, size_t col) { return col_name(col) + std::to_string(line); }

using Record = TableRow;

// Splits the text into records. Returns false (with *bad_line) on an unterminated quote.
bool split_csv(std::string_view s, char sep, std::vector<Record>* out, size_t* bad_line, size_t max_rows) {
  size_t i = 0, line = 1, row = 0;
  while (i < s.size()) {
    Record rec;
    rec.line = ++row;  // Excel's row number: a line break inside quotes stays in its row
    std::string cell;
    bool end = false;
    while (!end) {
      cell.clear();
      if (i < s.size() && s[i] == '"') {
        size_t start_line = line;
        ++i;
        for (;;) {
          if (i >= s.size()) {
            *bad_line = start_line;
            return false;
          }
          char c = s[i++];
          if (c == '"') {
            if (i < s.size() && s[i] == '"') {
              cell.push_back('"');
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            cell.push_back(c);
          }
        }
        // Anything after the closing quote up to the separator is kept (Excel never writes it).
        while (i < s.size() && s[i] != sep && s[i] != '\n' && s[i] != '\r') cell.push_back(s[i++]);
      } else {
        while (i < s.size() && s[i] != sep && s[i] != '\n' && s[i] != '\r') cell.push_back(s[i++]);
      }
      rec.cells.push_back(cell);
      if (i >= s.size()) {
        end = true;
      } else if (s[i] == sep) {
        ++i;
      } else {  // a line end: CRLF, LF or a lone CR
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end = true;
      }
    }
    out->push_back(std::move(rec));
    if (out->size() > max_rows + 1) return true;  // the caller reports the limit
  }
  return true;
}

// The first line's cells split at `sep` (quotes respected), for finding the separator.
std::vector<std::string> first_line_cells(std::string_view s, char sep) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (char c : s) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) break;
    if (!quoted && c == sep) cells.emplace_back();
    else cells.back().push_back(c);
  }
  return cells;
}

// Excel quotes a cell only when it holds the separator, so a ';' file's headers may be full of
// commas ("cán bộ, công chức"): the separator is the one that splits the header into the most
// keyed cells ("… [5/ty_le]"); with no keys, the most frequent one.
char find_separator(std::string_view s) {
  const char cand[] = {';', ',', '\t'};
  char best = ';';
  size_t best_keys = 0, best_cells = 0;
  for (char sep : cand) {
    auto cells = first_line_cells(s, sep);
    size_t keys = 0;
    for (const auto& c : cells) {
      std::string_view t = trim(c);
      if (!t.empty() && t.front() == '"') t.remove_prefix(1);
      if (!t.empty() && t.back() == '"') t.remove_suffix(1);
      t = trim(t);
      if (!t.empty() && t.back() == ']' && t.find('[') != std::string_view::npos) ++keys;
    }
    if (keys > best_keys || (keys == best_keys && best_keys == 0 && cells.size() > best_cells)) {
      best = sep;
      best_keys = keys;
      best_cells = cells.size();
    }
  }
  return best;
}

// C0 controls other than tab and line breaks, DEL, C1 controls, and the bidirectional overrides and
// isolates (U+202A–U+202E, U+2066–U+2069) that make text read differently from what it holds.
bool has_control(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 && static_cast<unsigned char>(s[i + 2]) >= 0xAA &&
        static_cast<unsigned char>(s[i + 2]) <= 0xAE)
      return true;
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x81 && static_cast<unsigned char>(s[i + 2]) >= 0xA6 &&
        static_cast<unsigned char>(s[i + 2]) <= 0xA9)
      return true;
  }
  return false;
}

// A reason or a name is signed as one line: line breaks and tabs inside a cell become spaces.
std::string one_line(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    bool brk = c == '\n' || c == '\r' || c == '\t';
    if (!brk) out.push_back(c);
    else if (!out.empty() && out.back() != ' ') out.push_back(' ');
  }
  return out;
}

std::string clean_cell(const std::string& raw) {
  std::string t(trim(to_nfc_lossy(raw)));
  // The apostrophe cds (and Excel users) put before text that Excel would run as a formula.
  if (t.size() >= 2 && t[0] == '\'' && (t[1] == '=' || t[1] == '+' || t[1] == '-' || t[1] == '@')) t.erase(0, 1);
  return t;
}

// The key at the end of a header cell: "Tỷ lệ … [3/ty_le]" → "3/ty_le". Plain headers that name the
// unit columns are understood too.
std::string header_key(const std::string& h) {
  if (!h.empty() && h.back() == ']') {
    size_t open = h.rfind('[');
    if (open != std::string::npos) return std::string(trim(std::string_view(h).substr(open + 1, h.size() - open - 2)));
  }
  std::string f = ascii_fold(h);
  std::transform(f.begin(), f.end(), f.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (f == "ma don vi" || f == "unit code" || f == "unit") return "unit";
  return "";
}

std::string lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
std::string folded(std::string_view s) { return lower_ascii(ascii_fold(s)); }

size_t criterion_index(const Rubric& r, const Criterion* c) { return static_cast<size_t>(c - r.criteria.data()); }

// The input's value errors from the evaluator itself (range, whole counts, decimals…): the criterion
// scored with only this value set, messages about this input kept.
void evaluator_errors(const Rubric& r, size_t ci, const InputDef& in, const Json& v, std::string* vi, std::string* en) {
  Answers a;
  a.rubric_id = r.id;
  a.rubric_version = r.version;
  a.set_value(r.criteria[ci].id, in.id, v);
  ScoreOptions opt;
  opt.explain = false;
  CriterionScore cs = score_criterion(r, ci, a, opt);
  for (const auto& m : cs.messages)
    if (m.severity == Severity::Error && m.input == in.id) {
      *vi = m.vi;
      *en = m.en;
      return;
    }
}

std::string agency_of(const Criterion& c) {
  if (c.source && !c.source->agency.empty()) return c.source->agency;
  return "";
}

}  // namespace

std::optional<Json> figure_value(std::string_view text, const InputDef& in, char separator, std::string* why_vi, std::string* why_en) {
  std::string t(trim(text));
  auto fail = [&](std::string vi, std::string en) -> std::optional<Json> {
    if (why_vi) *why_vi = std::move(vi);
    if (why_en) *why_en = std::move(en);
    return std::nullopt;
  };
  switch (in.type) {
    case InputType::Count:
    case InputType::Number:
    case InputType::Percent:
    case InputType::Ratio: {
      // In a comma-separated (English) file a single '.' is the decimal point: "72.5".
      if (separator == ',') {
        size_t dot = t.find('.');
        if (dot != std::string::npos && t.find('.', dot + 1) == std::string::npos && t.find(',') == std::string::npos) t[dot] = ',';
      }
      ParseError err;
      auto p = parse_vn_number(t, &err);
      if (!p) return fail("không đọc được số \"" + t + "\": " + err.vi, "cannot read the number \"" + t + "\": " + err.en);
      if (p->percent && in.type != InputType::Percent)
        return fail("ô này không dùng dấu % (\"" + t + "\")", "no % sign in this column (\"" + t + "\")");
      return num_to_json(p->value);
    }
    case InputType::Date: {
      ParseError err;
      auto d = parse_vn_date(t, &err);
      if (!d) return fail("không đọc được ngày \"" + t + "\" (viết dd/mm/yyyy): " + err.vi, "cannot read the date \"" + t + "\" (write dd/mm/yyyy): " + err.en);
      return Json(to_iso(*d));
    }
    case InputType::YesNo: {
      std::string f = folded(t);
      if (f == "co" || f == "x" || f == "1" || f == "yes" || f == "true" || f == "dat" || f == "da" || f == "y") return Json(true);
      if (f == "khong" || f == "0" || f == "no" || f == "false" || f == "chua" || f == "n" || f == "khong dat") return Json(false);
      return fail("\"" + t + "\" không phải Có/Không", "\"" + t + "\" is not Yes/No");
    }
    case InputType::Choice: {
      for (const auto& o : in.options)
        if (o.value == t) return Json(o.value);
      std::string f = folded(t);
      for (const auto& o : in.options)
        if (folded(o.label) == f) return Json(o.value);
      std::string list;
      for (const auto& o : in.options) list += (list.empty() ? "" : "; ") + o.label;
      return fail("\"" + t + "\" không phải một lựa chọn của ô này (" + list + ")", "\"" + t + "\" is not one of this field's choices (" + list + ")");
    }
    default:
      return fail("bảng số liệu không nhập được loại ô này", "a figure table cannot fill this kind of field");
  }
}

namespace {
LoadedFigureTable load_records(std::vector<TableRow> recs, char sep, const Rubric& r);
}  // namespace

LoadedFigureTable load_figure_table(std::string_view csv, const Rubric& r) {
  LoadedFigureTable out;
  auto whole = [&](std::string code, std::string vi, std::string en) {
    out.messages.push_back(error("figures." + code, std::move(vi), std::move(en)));
    return out;
  };
  if (csv.size() > kFigureTableMaxBytes)
    return whole("too_large", "Bảng số liệu quá lớn (" + std::to_string(csv.size() / 1024) + " KB; tối đa " + std::to_string(kFigureTableMaxBytes / 1024 / 1024) + " MB)",
                 "The figure table is too large (" + std::to_string(csv.size() / 1024) + " KB; at most " + std::to_string(kFigureTableMaxBytes / 1024 / 1024) + " MB)");
  if (!is_valid_utf8(csv))
    return whole("encoding",
                 "Bảng số liệu không phải văn bản UTF-8. Trong Excel hãy chọn Lưu thành → \"CSV UTF-8 (phân tách bằng dấu phẩy)\"",
                 "The figure table is not UTF-8 text. In Excel choose Save As → \"CSV UTF-8 (Comma delimited)\"");
  if (csv.size() >= 3 && csv.substr(0, 3) == kUtf8Bom) csv.remove_prefix(3);
  // A ZIP (an .xlsx): the callers read workbooks with cds_zip's read_xlsx_sheet before coming here.
  if (csv.size() >= 4 && csv[0] == 'P' && csv[1] == 'K' && ((csv[2] == 3 && csv[3] == 4) || (csv[2] == 5 && csv[3] == 6)))
    return whole("xlsx", "Đây là tệp Excel (.xlsx). Trong Excel hãy chọn Lưu thành → \"CSV UTF-8\" rồi mở tệp .csv đó",
                 "This is an Excel workbook (.xlsx). In Excel choose Save As → \"CSV UTF-8\" and open that .csv file");
  char sep = find_separator(csv);
  std::vector<Record> recs;
  size_t bad_line = 0;
  if (!split_csv(csv, sep, &recs, &bad_line, kFigureTableMaxRows))
    return whole("quote", "Bảng số liệu: dấu ngoặc kép mở ở dòng " + std::to_string(bad_line) + " không được đóng",
                 "Figure table: the quote opened on line " + std::to_string(bad_line) + " is never closed");
  return load_records(std::move(recs), sep, r);
}

LoadedFigureTable load_figure_table(std::vector<TableRow> rows, const Rubric& r) { return load_records(std::move(rows), ';', r); }

namespace {

LoadedFigureTable load_records(std::vector<Record> recs, char sep, const Rubric& r) {
  LoadedFigureTable out;
  auto whole = [&](std::string code, std::string vi, std::string en) {
    out.messages.push_back(error("figures." + code, std::move(vi), std::move(en)));
    return out;
  };
  FigureTable t;
  t.separator = sep;
  // Blank lines (a trailing line end, rows Excel left empty) are not rows.
  recs.erase(std::remove_if(recs.begin(), recs.end(),
                            [](const Record& rec) {
                              return std::all_of(rec.cells.begin(), rec.cells.end(), [](const std::string& c) { return trim(c).empty(); });
                            }),
             recs.end());
  if (recs.empty()) return whole("empty", "Bảng số liệu trống", "The figure table is empty");
  if (recs.size() > kFigureTableMaxRows + 1)
    return whole("too_many_rows", "Bảng số liệu có quá nhiều dòng (tối đa " + std::to_string(kFigureTableMaxRows) + ")",
                 "The figure table has too many rows (at most " + std::to_string(kFigureTableMaxRows) + ")");
  const Record& head = recs[0];
  if (head.cells.size() > kFigureTableMaxColumns)
    return whole("too_many_columns", "Bảng số liệu có quá nhiều cột (tối đa " + std::to_string(kFigureTableMaxColumns) + ")",
                 "The figure table has too many columns (at most " + std::to_string(kFigureTableMaxColumns) + ")");

  // The header: which column is what.
  std::optional<size_t> unit_col, name_col, reason_col, period_col;
  std::map<std::string, size_t> seen;
  bool header_ok = true;
  for (size_t col = 0; col < head.cells.size(); ++col) {
    std::string h = clean_cell(head.cells[col]);
    std::string key = header_key(h);
    if (key.empty() || key.rfind("self:", 0) == 0) continue;  // a column for people
    std::string where = where_vi(head.line, col);
    if (!seen.emplace(key, col).second) {
      out.messages.push_back(error("figures.duplicate_column", "Cột [" + key + "] có hai lần (cột " + col_name(seen[key]) + " và " + col_name(col) + ")",
                                   "Column [" + key + "] appears twice (columns " + col_name(seen[key]) + " and " + col_name(col) + ")", where));
      header_ok = false;
      continue;
    }
    if (key == "unit") { unit_col = col; continue; }
    if (key == "name") { name_col = col; continue; }
    if (key == "reason") { reason_col = col; continue; }
    if (key == "period") { period_col = col; continue; }
    size_t slash = key.find('/');
    if (slash == std::string::npos) {
      out.messages.push_back(error("figures.column_key", "Không hiểu cột [" + key + "]: cần dạng [mã tiêu chí/mã ô], ví dụ [3/ty_le]",
                                   "Column [" + key + "] is not understood: write [criterion id/input id], e.g. [3/ty_le]", where));
      header_ok = false;
      continue;
    }
    std::string crit = key.substr(0, slash), input = key.substr(slash + 1), part;
    const Criterion* c = r.criterion(crit);
    if (!c) {
      out.messages.push_back(error("figures.unknown_criterion", "Bộ tiêu chí " + r.id + " không có tiêu chí \"" + crit + "\" (cột [" + key + "])",
                                   "The rubric " + r.id + " has no criterion \"" + crit + "\" (column [" + key + "])", where));
      header_ok = false;
      continue;
    }
    const InputDef* in = c->input(input);
    if (!in && input.size() > 4 && (input.compare(input.size() - 4, 4, ".num") == 0 || input.compare(input.size() - 4, 4, ".den") == 0)) {
      part = input.substr(input.size() - 3);
      input.resize(input.size() - 4);
      in = c->input(input);
      if (in && in->type != InputType::Ratio) in = nullptr;
    }
    if (!in) {
      out.messages.push_back(error("figures.unknown_input", "Tiêu chí " + c->code + " không có ô \"" + key.substr(slash + 1) + "\" (cột [" + key + "])",
                                   "Criterion " + c->code + " has no field \"" + key.substr(slash + 1) + "\" (column [" + key + "])", where));
      header_ok = false;
      continue;
    }
    if (in->type == InputType::Ratio && part.empty()) {
      out.messages.push_back(error("figures.ratio_part", "Ô " + in->id + " của tiêu chí " + c->code + " là tử số/mẫu số: dùng hai cột [" + key + ".num] và [" + key + ".den]",
                                   "Field " + in->id + " of criterion " + c->code + " is a numerator/denominator: use two columns [" + key + ".num] and [" + key + ".den]", where));
      header_ok = false;
      continue;
    }
    if (in->type == InputType::Text || in->type == InputType::FrequencyCounts) {
      out.messages.push_back(error("figures.input_type", "Ô " + in->id + " của tiêu chí " + c->code + " không nhập được từ bảng số liệu",
                                   "Field " + in->id + " of criterion " + c->code + " cannot be filled from a figure table", where));
      header_ok = false;
      continue;
    }
    FigureColumn fc;
    fc.column = col;
    fc.criterion = criterion_index(r, c);
    fc.input = in->id;
    fc.part = part;
    fc.key = key;
    t.columns.push_back(std::move(fc));
    if (std::find(t.criteria.begin(), t.criteria.end(), fc.criterion) == t.criteria.end()) t.criteria.push_back(criterion_index(r, c));
  }
  if (!unit_col) {
    out.messages.push_back(error("figures.no_unit_column", "Bảng số liệu thiếu cột mã đơn vị [unit] (tiêu đề \"Mã đơn vị [unit]\"); dòng tiêu đề phải là dòng đầu tiên có chữ của bảng",
                                 "The figure table has no unit-code column [unit] (header \"Mã đơn vị [unit]\"); the header must be the table's first non-blank row"));
    header_ok = false;
  }
  if (header_ok && t.columns.empty()) {
    out.messages.push_back(error("figures.no_columns", "Bảng số liệu không có cột số liệu nào (tiêu đề kết thúc bằng [mã tiêu chí/mã ô])",
                                 "The figure table has no figure column (a header ending in [criterion id/input id])"));
    header_ok = false;
  }
  if (!header_ok) return out;
  std::sort(t.criteria.begin(), t.criteria.end());

  // The rows.
  t.has_period = period_col.has_value();
  std::map<std::string, size_t> by_code;  // code (and period) → row
  std::vector<std::string> doubled;       // keys on two rows: neither row is used
  auto row_key = [](const FigureRow& fr) { return fr.unit_code + '\x1f' + fr.period; };
  size_t filled = 0;
  for (size_t ri = 1; ri < recs.size(); ++ri) {
    const Record& rec = recs[ri];
    // Every cell: its length and no control or direction-changing characters (they would be signed
    // into a reason and printed to a terminal as they are).
    bool bad_cell = false;
    for (size_t col = 0; col < rec.cells.size(); ++col) {
      const std::string& raw = rec.cells[col];
      std::string where = where_vi(rec.line, col);
      if (raw.size() > kFigureTableMaxCell) {
        out.messages.push_back(error("figures.cell_too_long", "Ô quá dài (" + std::to_string(raw.size()) + " byte; tối đa " + std::to_string(kFigureTableMaxCell) + ")",
                                     "Cell too long (" + std::to_string(raw.size()) + " bytes; at most " + std::to_string(kFigureTableMaxCell) + ")", where));
        bad_cell = true;
        continue;
      }
      if (has_control(raw)) {
        out.messages.push_back(error("figures.control", "Ô có ký tự điều khiển hoặc ký tự đổi chiều chữ (không in được): hãy gõ lại ô này",
                                     "The cell holds control or text-direction characters (not printable): type it again", where));
        bad_cell = true;
      }
    }
    if (bad_cell) continue;
    auto cell = [&](size_t col) { return col < rec.cells.size() ? one_line(clean_cell(rec.cells[col])) : std::string(); };
    FigureRow row;
    row.line = rec.line;
    row.unit_code = cell(*unit_col);
    if (name_col) row.unit_name = cell(*name_col);
    if (reason_col) row.reason = cell(*reason_col);
    if (period_col) row.period = cell(*period_col);
    bool any = false;
    for (const auto& fc : t.columns) {
      std::string v = cell(fc.column);
      std::string where = where_vi(rec.line, fc.column);
      if (!v.empty()) {
        any = true;
        ++filled;
        const Criterion& c = r.criteria[fc.criterion];
        const InputDef& in = *c.input(fc.input);
        std::string vi, en;
        auto val = figure_value(v, in, t.separator, &vi, &en);
        if (val && fc.part.empty()) evaluator_errors(r, fc.criterion, in, *val, &vi, &en);
        if (!vi.empty())
          out.messages.push_back(error("figures.value", "Tiêu chí " + c.code + " [" + fc.key + "]: " + vi, "Criterion " + c.code + " [" + fc.key + "]: " + en, where));
      }
      row.cells.push_back(std::move(v));
    }
    if (row.unit_code.empty()) {
      if (any)
        out.messages.push_back(error("figures.no_unit_code", "Dòng có số liệu nhưng không có mã đơn vị", "A row with figures has no unit code",
                                     where_vi(rec.line, *unit_col)));
      continue;
    }
    std::string key = row_key(row);
    auto [it, fresh] = by_code.emplace(key, t.rows.size());
    if (!fresh) {
      std::string what = row.unit_code + (row.period.empty() ? "" : " (" + row.period + ")");
      out.messages.push_back(error("figures.duplicate_unit",
                                   "Mã đơn vị " + what + " có hai dòng (dòng " + std::to_string(t.rows[it->second].line) + " và " + std::to_string(rec.line) + "): sửa bảng để mỗi đơn vị một dòng",
                                   "Unit code " + what + " is on two rows (rows " + std::to_string(t.rows[it->second].line) + " and " + std::to_string(rec.line) + "): one row per unit",
                                   where_vi(rec.line, *unit_col)));
      doubled.push_back(key);
      continue;
    }
    t.rows.push_back(std::move(row));
  }
  if (!doubled.empty())
    t.rows.erase(std::remove_if(t.rows.begin(), t.rows.end(),
                                [&](const FigureRow& fr) { return std::find(doubled.begin(), doubled.end(), row_key(fr)) != doubled.end(); }),
                 t.rows.end());
  if (filled == 0 && !has_errors(out.messages))
    out.messages.push_back(warning("figures.nothing", "Bảng chưa có số liệu nào (các cột số liệu đều trống): không có gì để điều chỉnh",
                                   "The table holds no figure (every figure column is empty): nothing to change"));
  out.table = std::move(t);
  return out;
}

}  // namespace

std::optional<size_t> figure_row_for(const FigureTable& t, std::string_view unit_code, std::string_view period) {
  std::string want = to_nfc_lossy(trim(unit_code));
  std::string per = to_nfc_lossy(trim(period));
  if (want.empty()) return std::nullopt;
  for (size_t i = 0; i < t.rows.size(); ++i)
    if (t.rows[i].unit_code == want && (!t.has_period || t.rows[i].period == per)) return i;
  return std::nullopt;
}

UnitFigures apply_figures(const FigureTable& t, const FigureRow& row, const Rubric& r, const Answers& submitted, const std::vector<Num>& current,
                          std::string_view note) {
  UnitFigures out;
  Answers a = submitted;
  for (size_t ci : t.criteria) {
    const Criterion& c = r.criteria[ci];
    std::vector<std::string> parts;  // "tỷ lệ 72 % (đơn vị khai 95 %)"
    bool any = false, bad = false;
    size_t first_col = 0;  // the criterion's first filled column, for messages
    for (size_t k = 0; k < t.columns.size(); ++k) {
      const FigureColumn& fc = t.columns[k];
      if (fc.criterion != ci || k >= row.cells.size() || row.cells[k].empty()) continue;
      if (!any && !bad) first_col = fc.column;
      const InputDef& in = *c.input(fc.input);
      std::string vi, en;
      auto v = figure_value(row.cells[k], in, t.separator, &vi, &en);
      if (!v) {
        out.messages.push_back(error("figures.value", "Tiêu chí " + c.code + " [" + fc.key + "]: " + vi, "Criterion " + c.code + " [" + fc.key + "]: " + en,
                                     where_vi(row.line, fc.column)));
        bad = true;
        continue;
      }
      const Json* old = submitted.value(c.id, fc.input);
      if (fc.part.empty()) {
        a.set_value(c.id, fc.input, *v);
      } else {
        const Json* sofar = a.value(c.id, fc.input);  // the other half may be in already
        Json slot = sofar && sofar->is_object() ? *sofar : Json::object();
        slot[fc.part] = *v;
        a.set_value(c.id, fc.input, slot);
      }
      any = true;
      const Json* now = a.value(c.id, fc.input);
      std::string label = in.label.empty() ? in.id : in.label;
      if (!fc.part.empty()) label += fc.part == "num" ? " (tử số)" : " (mẫu số)";
      std::string old_text = old ? input_value_text(fc.part.empty() ? *old : (old->is_object() && old->contains(fc.part) ? (*old)[fc.part] : Json()),
                                                    fc.part.empty() ? in : InputDef{}, Lang::Vi)
                                 : std::string();
      std::string new_text = input_value_text(fc.part.empty() ? *now : (*now)[fc.part], fc.part.empty() ? in : InputDef{}, Lang::Vi);
      // The input's label only where the criterion has several; "72 % (đơn vị khai 95 %)" otherwise.
      std::string p = c.inputs.size() > 1 || !fc.part.empty() ? label + " " + new_text : new_text;
      if (old_text.empty()) p += " (đơn vị chưa nhập)";
      else if (old_text != new_text) p += " (đơn vị khai " + old_text + ")";
      parts.push_back(std::move(p));
    }
    if (!any || bad) continue;
    ScoreOptions opt;
    opt.explain = false;
    CriterionScore cs = score_criterion(r, ci, a, opt);
    if (cs.status == Status::Invalid) {
      const Message* m = first_error(cs.messages);
      out.messages.push_back(error("figures.invalid", "Tiêu chí " + c.code + ": " + (m ? m->vi : std::string("số liệu không hợp lệ")),
                                   "Criterion " + c.code + ": " + (m ? m->en : std::string("the figures are not valid")), where_vi(row.line, first_col)));
      continue;
    }
    Num before = ci < current.size() ? current[ci] : Num(0);
    if (cs.score == before) {
      out.unchanged.push_back(ci);
      continue;
    }
    std::string agency = agency_of(c);
    std::string reason = (agency.empty() ? std::string("Số liệu do cơ quan thẩm định thu thập") : "Số liệu của " + agency) + ": ";
    for (size_t i = 0; i < parts.size(); ++i) reason += (i ? "; " : "") + parts[i];
    if (!row.reason.empty()) reason += ". " + row.reason;
    std::string n(trim(note));
    if (!n.empty()) reason += ". " + n;
    out.changes.push_back(FigureChange{ci, before, cs.score, std::move(reason)});
  }
  return out;
}

std::vector<AppraisalChange> appraisal_changes(const UnitFigures& f, const Rubric& r) {
  std::vector<AppraisalChange> out;
  for (const auto& ch : f.changes) out.push_back(AppraisalChange{r.criteria[ch.criterion].id, ch.after, ch.reason});
  return out;
}

namespace {

// The template's cells, unescaped: the header, then one row per unit. `number` marks a declared
// figure written as a number (Vietnamese: "0,9"), which the CSV leaves unquoted.
struct TemplateCell {
  std::string text;
  bool number = false;
};
struct TemplateTable {
  std::vector<std::vector<TemplateCell>> rows;  // [0] the header
  std::vector<bool> is_figure;                  // per column: a column to fill
};

TemplateTable template_table(const Rubric& r, const std::vector<size_t>& criteria_in, const std::vector<FigureTemplateUnit>& units, Lang lang) {
  std::vector<size_t> criteria = criteria_in;
  if (criteria.empty())
    for (size_t i = 0; i < r.criteria.size(); ++i)
      if (r.criteria[i].source) criteria.push_back(i);
  bool declared = std::any_of(units.begin(), units.end(), [](const FigureTemplateUnit& u) { return u.declared != nullptr; });
  struct Col {
    size_t ci;
    const InputDef* in;
    std::string part;
  };
  std::vector<Col> cols;
  for (size_t ci : criteria) {
    if (ci >= r.criteria.size()) continue;
    for (const auto& in : r.criteria[ci].inputs) {
      if (in.type == InputType::Text || in.type == InputType::FrequencyCounts) continue;
      if (in.type == InputType::Ratio) {
        cols.push_back({ci, &in, "num"});
        cols.push_back({ci, &in, "den"});
      } else {
        cols.push_back({ci, &in, ""});
      }
    }
  }
  TemplateTable out;
  // A unit with files of several periods in the intake: rows say which period they are for.
  bool periods = false;
  for (size_t i = 0; i < units.size() && !periods; ++i)
    for (size_t j = i + 1; j < units.size() && !periods; ++j) periods = units[i].code == units[j].code;
  std::vector<TemplateCell> head{{std::string(T(lang, "Mã đơn vị", "Unit code")) + " [unit]"}, {std::string(T(lang, "Tên đơn vị", "Unit name")) + " [name]"}};
  out.is_figure = {false, false};
  if (periods) {
    head.push_back({std::string(T(lang, "Kỳ đánh giá", "Period")) + " [period]"});
    out.is_figure.push_back(false);
  }
  for (const auto& col : cols) {
    const Criterion& c = r.criteria[col.ci];
    std::string key = c.id + "/" + col.in->id + (col.part.empty() ? "" : "." + col.part);
    std::string label = c.code + ". " + (col.in->label.empty() ? c.title : col.in->label);
    if (col.part == "num") label += " — " + (col.in->num_label.empty() ? std::string(T(lang, "tử số", "numerator")) : col.in->num_label);
    if (col.part == "den") label += " — " + (col.in->den_label.empty() ? std::string(T(lang, "mẫu số", "denominator")) : col.in->den_label);
    if (col.in->type == InputType::Percent && label.find('%') == std::string::npos) label += " (%)";
    if (declared) {
      head.push_back({std::string(T(lang, "Đơn vị khai — ", "Unit declared — ")) + label + " [self:" + key + "]"});
      out.is_figure.push_back(false);
    }
    std::string agency = agency_of(c);
    head.push_back({label + (agency.empty() ? "" : " — " + agency) + " [" + key + "]"});
    out.is_figure.push_back(true);
  }
  head.push_back({std::string(T(lang, "Ghi chú / lý do", "Note / reason")) + " [reason]"});
  out.is_figure.push_back(false);
  out.rows.push_back(std::move(head));
  for (const auto& u : units) {
    std::vector<TemplateCell> row{{u.code}, {u.name}};
    if (periods) row.push_back({u.period});
    for (const auto& col : cols) {
      if (declared) {
        TemplateCell d;
        if (u.declared) {
          const Json* v = u.declared->value(r.criteria[col.ci].id, col.in->id);
          if (v && !col.part.empty()) v = v->is_object() && v->contains(col.part) ? &(*v)[col.part] : nullptr;
          if (v && !v->is_null()) {
            if (auto n = json_num(*v)) d = {csv_number(lang, *n, 6), true};
            else d = {input_value_text(*v, *col.in, lang)};
          }
        }
        row.push_back(std::move(d));
      }
      row.push_back({});
    }
    row.push_back({});
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::string figure_table_template(const Rubric& r, const std::vector<size_t>& criteria, const std::vector<FigureTemplateUnit>& units, Lang lang) {
  TemplateTable t = template_table(r, criteria, units, lang);
  std::string out = kUtf8Bom;
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(c.number || c.text.empty() ? c.text : csv_text(c.text));
    out += csv_row(lang, cells);
  }
  return out;
}

Workbook figure_table_template_workbook(const Rubric& r, const std::vector<size_t>& criteria, const std::vector<FigureTemplateUnit>& units, Lang lang,
                                        long long created) {
  TemplateTable t = template_table(r, criteria, units, lang);
  Workbook wb;
  wb.props.title = std::string(T(lang, "Bảng số liệu", "Figure table")) + " — " + r.title;
  wb.props.created = created;
  uint16_t head = wb.style(table_header(table_cell(CellStyle{})));
  CellStyle plain = table_cell(CellStyle{});
  uint16_t text = wb.style(plain);
  CellStyle fill = plain;
  fill.fill = Fill::Section;  // the columns to fill stand out
  uint16_t figure = wb.style(fill);
  Sheet& sh = wb.add_sheet(T(lang, "Bảng số liệu", "Figures"));
  sh.freeze_rows = 1;
  sh.freeze_cols = 2;
  size_t ncols = t.rows.empty() ? 0 : t.rows[0].size();
  for (size_t c = 0; c < ncols; ++c) sh.columns.push_back(ColumnSpec{c == 0 ? 14.0 : c == 1 ? 30.0 : c + 1 == ncols ? 30.0 : 18.0});
  sh.print.landscape = true;
  sh.print.fit_to_width = true;
  sh.print.repeat_first = 0;
  sh.print.repeat_last = 0;
  for (size_t ri = 0; ri < t.rows.size(); ++ri) {
    Row row;
    for (size_t c = 0; c < t.rows[ri].size(); ++c) {
      const TemplateCell& cell = t.rows[ri][c];
      uint16_t st = ri == 0 ? head : c < t.is_figure.size() && t.is_figure[c] ? figure : text;
      row.push_back(cell.text.empty() ? blank_cell(st) : text_cell(cell.text, st));
    }
    sh.rows.push_back(std::move(row));
  }
  return wb;
}

}  // namespace cds
