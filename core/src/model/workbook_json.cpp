// A Workbook as JSON and back (cds/model/workbook.hpp): how the web app hands a workbook to its
// Excel worker, a separate wasm module loaded only when someone asks for an .xlsx file.
#include <cmath>

#include "cds/base/json_io.hpp"
#include "cds/model/workbook.hpp"

namespace cds {

namespace {

Json style_json(const CellStyle& s) {
  return Json::array({s.bold, s.italic, s.wrap, s.border, static_cast<int>(s.fill), static_cast<int>(s.align), s.top,
                      s.font_size, s.number.decimals, s.number.percent, s.number.thousands});
}

struct Reader {
  std::string error;

  bool fail(std::string what) {
    if (error.empty()) error = std::move(what);
    return false;
  }
  bool boolean(const Json& j, bool& out, const char* what) {
    if (!j.is_boolean()) return fail(std::string(what) + ": expected true/false");
    out = j.get<bool>();
    return true;
  }
  bool integer(const Json& j, long long lo, long long hi, long long& out, const char* what) {
    if (!j.is_number_integer()) return fail(std::string(what) + ": expected an integer");
    long long v = j.is_number_unsigned() ? static_cast<long long>(std::min<uint64_t>(j.get<uint64_t>(), static_cast<uint64_t>(hi) + 1))
                                         : j.get<long long>();
    if (v < lo || v > hi) return fail(std::string(what) + ": out of range");
    out = v;
    return true;
  }
  bool text(const Json& j, std::string& out, const char* what) {
    if (!j.is_string()) return fail(std::string(what) + ": expected text");
    out = j.get<std::string>();
    return true;
  }

  bool style(const Json& j, CellStyle& s) {
    if (!j.is_array() || j.size() != 11) return fail("style: expected 11 fields");
    long long fill = 0, align = 0, size = 0, decimals = 0;
    return boolean(j[0], s.bold, "style") && boolean(j[1], s.italic, "style") && boolean(j[2], s.wrap, "style") &&
           boolean(j[3], s.border, "style") && integer(j[4], 0, static_cast<int>(Fill::Total), fill, "fill") &&
           integer(j[5], 0, static_cast<int>(Align::Right), align, "align") && boolean(j[6], s.top, "style") &&
           integer(j[7], 0, 409, size, "font size") && integer(j[8], 0, 10, decimals, "decimals") &&
           boolean(j[9], s.number.percent, "style") && boolean(j[10], s.number.thousands, "style") &&
           ((s.fill = static_cast<Fill>(fill)), (s.align = static_cast<Align>(align)), (s.font_size = static_cast<int>(size)),
            (s.number.decimals = static_cast<int>(decimals)), true);
  }

  bool cell(const Json& j, size_t styles, Cell& c) {
    if (!j.is_array() || j.empty() || j.size() > 2) return fail("cell: expected [style] or [style, value]");
    long long st = 0;
    if (!integer(j[0], 0, static_cast<long long>(styles) - 1, st, "cell style")) return false;
    if (j.size() == 1) {
      c = blank_cell(static_cast<uint16_t>(st));
    } else if (j[1].is_string()) {
      c = text_cell(j[1].get_ref<const std::string&>(), static_cast<uint16_t>(st));
    } else if (j[1].is_number()) {
      double v = j[1].get<double>();
      if (!std::isfinite(v)) return fail("cell: number out of range");
      c = number_cell(v, static_cast<uint16_t>(st));
    } else {
      return fail("cell: value must be text or a number");
    }
    return true;
  }

  bool sheet(const Json& j, size_t styles, Workbook& wb) {
    if (!j.is_object()) return fail("sheet: expected an object");
    std::string name;
    if (!j.contains("name") || !text(j["name"], name, "sheet name")) return fail("sheet: no name");
    Sheet& sh = wb.add_sheet(name);
    const Json empty = Json::array();
    const Json& cols = j.contains("columns") ? j["columns"] : empty;
    if (!cols.is_array() || cols.size() > kXlsxMaxCols) return fail("columns: expected a list");
    for (const Json& w : cols) {
      if (!w.is_number() || !(w.get<double>() >= 0 && w.get<double>() <= 255)) return fail("column width: out of range");
      sh.columns.push_back({w.get<double>()});
    }
    long long v = 0;
    if (j.contains("freeze")) {
      const Json& f = j["freeze"];
      if (!f.is_array() || f.size() != 2) return fail("freeze: expected [rows, cols]");
      if (!integer(f[0], 0, kXlsxMaxRows, v, "freeze")) return false;
      sh.freeze_rows = static_cast<int>(v);
      if (!integer(f[1], 0, kXlsxMaxCols, v, "freeze")) return false;
      sh.freeze_cols = static_cast<int>(v);
    }
    if (j.contains("print")) {
      const Json& p = j["print"];
      if (!p.is_array() || p.size() != 4) return fail("print: expected 4 fields");
      if (!boolean(p[0], sh.print.landscape, "print") || !boolean(p[1], sh.print.fit_to_width, "print")) return false;
      if (!integer(p[2], -1, kXlsxMaxRows, v, "print rows")) return false;
      sh.print.repeat_first = static_cast<int>(v);
      if (!integer(p[3], -1, kXlsxMaxRows, v, "print rows")) return false;
      sh.print.repeat_last = static_cast<int>(v);
    }
    const Json& rows = j.contains("rows") ? j["rows"] : empty;
    if (!rows.is_array() || rows.size() > kXlsxMaxRows) return fail("rows: expected at most 1,048,576 rows");
    sh.rows.reserve(rows.size());
    for (const Json& r : rows) {
      if (!r.is_array() || r.size() > kXlsxMaxCols) return fail("row: expected a list of cells");
      Row row;
      row.reserve(r.size());
      for (const Json& c : r) {
        row.emplace_back();
        if (!cell(c, styles, row.back())) return false;
      }
      sh.rows.push_back(std::move(row));
    }
    return true;
  }
};

}  // namespace

namespace {

// Each value spelled as nlohmann's dump spells it (the reader is nlohmann's).
void put(std::string& out, const Json& v) { out += v.dump(-1, ' ', false, Json::error_handler_t::replace); }
void put_text(std::string& out, const std::string& s) { put(out, Json(s)); }

}  // namespace

WorkbookJsonWriter::WorkbookJsonWriter(const Workbook& wb) : wb_(wb) {
  for (const Sheet& sh : wb.sheets) total_ += sh.row_count();
}

// The members in nlohmann's order (its objects are sorted by name): props, sheets, styles; a sheet's
// columns, freeze, name, print, rows.
bool WorkbookJsonWriter::step(std::string& out, size_t cells) {
  size_t budget = 0;
  for (;;) {
    switch (stage_) {
      case 0: {
        const DocProperties& p = wb_.props;
        out += "{\"props\":{\"author\":";
        put_text(out, p.author);
        out += ",\"comments\":";
        put_text(out, p.comments);
        out += ",\"company\":";
        put_text(out, p.company);
        out += ",\"created\":";
        put(out, Json(p.created));
        out += ",\"subject\":";
        put_text(out, p.subject);
        out += ",\"title\":";
        put_text(out, p.title);
        out += "},\"sheets\":[";
        stage_ = wb_.sheets.empty() ? 3 : 1;
        break;
      }
      case 1: {
        const Sheet& sh = wb_.sheets[sheet_];
        if (sheet_ > 0) out += ',';
        out += "{\"columns\":[";
        for (size_t i = 0; i < sh.columns.size(); ++i) {
          if (i) out += ',';
          put(out, Json(sh.columns[i].width));
        }
        out += "],\"freeze\":[" + std::to_string(sh.freeze_rows) + "," + std::to_string(sh.freeze_cols) + "],\"name\":";
        put_text(out, sh.name);
        out += ",\"print\":[";
        out += sh.print.landscape ? "true," : "false,";
        out += sh.print.fit_to_width ? "true," : "false,";
        out += std::to_string(sh.print.repeat_first) + "," + std::to_string(sh.print.repeat_last) + "],\"rows\":[";
        row_ = 0;
        stage_ = 2;
        break;
      }
      case 2: {
        const Sheet& sh = wb_.sheets[sheet_];
        if (row_ >= sh.row_count()) {
          out += "]}";
          stage_ = ++sheet_ < wb_.sheets.size() ? 1 : 3;
          if (stage_ == 3) out += ']';
          break;
        }
        if (budget >= cells) return false;
        sh.row(row_, buf_);
        if (row_ > 0) out += ',';
        out += '[';
        for (size_t i = 0; i < buf_.size(); ++i) {
          const Cell& c = buf_[i];
          if (i) out += ',';
          out += '[' + std::to_string(c.style);
          if (c.kind == CellKind::Text) {
            out += ',';
            put_text(out, c.text);
          } else if (c.kind == CellKind::Number) {
            out += ',';
            put(out, Json(c.number));
          }
          out += ']';
        }
        out += ']';
        budget += std::max<size_t>(1, buf_.size());
        ++done_;
        ++row_;
        break;
      }
      case 3: {
        if (wb_.sheets.empty()) out += ']';
        out += ",\"styles\":[";
        for (size_t i = 0; i < wb_.styles.size(); ++i) {
          if (i) out += ',';
          const CellStyle& st = wb_.styles[i];
          put(out, style_json(st));
        }
        out += "]}";
        stage_ = 4;
        break;
      }
      default:
        return true;
    }
  }
}

std::string workbook_to_json(const Workbook& wb) {
  std::string out;
  WorkbookJsonWriter w(wb);
  while (!w.step(out, static_cast<size_t>(-1))) {
  }
  return out;
}

std::optional<Workbook> workbook_from_json(std::string_view json, std::string* error) {
  JsonLimits limits;
  limits.max_bytes = 512u * 1024 * 1024;  // what one browser tab can hold; the writer has the same bound
  limits.nfc = false;                      // the text is already what the app shows
  ParsedJson parsed = parse_json(json, limits);
  Reader rd;
  Workbook wb;
  auto done = [&](bool ok) -> std::optional<Workbook> {
    if (ok) return wb;
    if (error) *error = rd.error.empty() ? "not a workbook" : rd.error;
    return std::nullopt;
  };
  if (!parsed.doc) {
    rd.error = parsed.messages.empty() ? "not JSON" : parsed.messages.front().text(Lang::En);
    return done(false);
  }
  const Json& doc = *parsed.doc;
  if (!doc.is_object() || !doc.contains("styles") || !doc.contains("sheets") || !doc["styles"].is_array() ||
      !doc["sheets"].is_array())
    return done(rd.fail("expected {props, styles, sheets}"));
  const Json& styles = doc["styles"];
  if (styles.empty() || styles.size() > 65535) return done(rd.fail("styles: 1 to 65,535 expected"));
  wb.styles.clear();
  for (const Json& s : styles) {
    wb.styles.emplace_back();
    if (!rd.style(s, wb.styles.back())) return done(false);
  }
  if (doc.contains("props")) {
    const Json& p = doc["props"];
    if (!p.is_object()) return done(rd.fail("props: expected an object"));
    auto field = [&](const char* k, std::string& out) { return !p.contains(k) || rd.text(p[k], out, k); };
    long long created = 0;
    if (!field("title", wb.props.title) || !field("subject", wb.props.subject) || !field("author", wb.props.author) ||
        !field("company", wb.props.company) || !field("comments", wb.props.comments) ||
        (p.contains("created") && !rd.integer(p["created"], 0, 253402300799LL, created, "created")))
      return done(false);
    wb.props.created = created;
  }
  for (const Json& sh : doc["sheets"])
    if (!rd.sheet(sh, wb.styles.size(), wb)) return done(false);
  return done(true);
}

}  // namespace cds
