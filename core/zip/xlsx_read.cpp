// The first worksheet of an .xlsx as rows of cell text: minizip (read_zip) for the ZIP, expat for
// the XML. See cds/zip/xlsx_read.hpp.
#include "cds/zip/xlsx_read.hpp"

// Both expat builds cds links (Debian's libexpat1, tools/build-xlsx-wasm's) are configured with
// XML_DTD, which is what declares the entity-amplification settings in expat.h.
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <type_traits>

#include "cds/base/crypto.hpp"

namespace cds::zip {
namespace {

constexpr int kMaxXmlDepth = 64;  // an .xlsx part nests a handful of elements

std::string mib(uint64_t bytes) { return std::to_string((bytes + (1u << 19)) >> 20) + " MiB"; }

std::string col_letters(size_t col) {  // 0 → A, 26 → AA
  std::string s;
  for (size_t n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  return s;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool ends_with(std::string_view s, std::string_view end) { return s.size() >= end.size() && s.substr(s.size() - end.size()) == end; }

// ---------------------------------------------------------------------------------------------
// XML through expat: element names without their prefix, attributes looked up by local name.

std::string_view local_name(const char* qname) {
  const char* c = std::strrchr(qname, ':');
  return c ? c + 1 : qname;
}

// An attribute's value by local name ("r:id" → "id"), or nullptr.
const char* attr(const char** atts, std::string_view local) {
  for (size_t i = 0; atts[i]; i += 2)
    if (local_name(atts[i]) == local) return atts[i + 1];
  return nullptr;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const char** atts) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
  std::optional<Message> stop;  // set by a handler that must end the parse (a limit): parsing stops
};

struct ParseState {
  XML_Parser parser = nullptr;
  XmlHandler* h = nullptr;
  int depth = 0;
  bool dtd = false, too_deep = false, stopped = false;
  void halt() {
    if (!stopped) XML_StopParser(parser, XML_FALSE);
    stopped = true;
  }
};

void XMLCALL on_start(void* ud, const XML_Char* name, const XML_Char** atts) {
  auto* s = static_cast<ParseState*>(ud);
  if (s->stopped) return;
  if (++s->depth > kMaxXmlDepth) {
    s->too_deep = true;
    s->halt();
    return;
  }
  s->h->start(local_name(name), atts);
  if (s->h->stop) s->halt();
}
void XMLCALL on_end(void* ud, const XML_Char* name) {
  auto* s = static_cast<ParseState*>(ud);
  if (s->stopped) return;
  --s->depth;
  s->h->end(local_name(name));
  if (s->h->stop) s->halt();
}
void XMLCALL on_text(void* ud, const XML_Char* text, int len) {
  auto* s = static_cast<ParseState*>(ud);
  if (s->stopped) return;
  s->h->text(std::string_view(text, static_cast<size_t>(len)));
  if (s->h->stop) s->halt();
}
// No part of an .xlsx has a document type declaration; one is where entity tricks live (entity
// expansion, external entities), so it ends the parse before anything in it is declared.
void XMLCALL on_doctype(void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* s = static_cast<ParseState*>(ud);
  s->dtd = true;
  s->halt();
}
void XMLCALL on_entity(void* ud, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
  auto* s = static_cast<ParseState*>(ud);
  s->dtd = true;
  s->halt();
}

// Parses one part; nullopt when it was read to its end, else why not.
std::optional<Message> parse_xml(std::string_view xml, const std::string& part, XmlHandler& h) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> p(XML_ParserCreate(nullptr), XML_ParserFree);
  if (!p) return error("xlsx.memory", "Không đủ bộ nhớ để đọc tệp Excel", "Not enough memory to read the Excel file");
  // Hash salt from libsodium (expat's own comes from the clock in the wasm build).
  unsigned long salt = 0;
  std::string r = random_bytes(sizeof salt);
  std::memcpy(&salt, r.data(), sizeof salt);
  XML_SetHashSalt(p.get(), salt | 1u);
  XML_SetParamEntityParsing(p.get(), XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
  // Behind the refusal of any DTD: expat's own bound on entity expansion, tightened.
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(p.get(), 4.0f);
  XML_SetBillionLaughsAttackProtectionActivationThreshold(p.get(), 64u * 1024);
#endif
  ParseState st;
  st.parser = p.get();
  st.h = &h;
  XML_SetUserData(p.get(), &st);
  XML_SetElementHandler(p.get(), on_start, on_end);
  XML_SetCharacterDataHandler(p.get(), on_text);
  XML_SetStartDoctypeDeclHandler(p.get(), on_doctype);
  XML_SetEntityDeclHandler(p.get(), on_entity);
  // Parts are bounded by the ZIP limits (tens of MB), far below INT_MAX; fed in slices anyway.
  XML_Status rc = XML_STATUS_OK;
  size_t at = 0;
  do {
    size_t n = std::min<size_t>(xml.size() - at, 1u << 24);
    rc = XML_Parse(p.get(), xml.data() + at, static_cast<int>(n), at + n == xml.size() ? XML_TRUE : XML_FALSE);
    at += n;
  } while (rc == XML_STATUS_OK && at < xml.size());
  if (rc == XML_STATUS_OK && !st.stopped) return std::nullopt;
  if (st.dtd)
    return error("xlsx.dtd",
                 "Tệp Excel có khai báo DTD hoặc thực thể XML (tệp Excel thật không bao giờ có; có thể là tệp độc hại): không đọc",
                 "The Excel file holds an XML DTD or entity declarations (real Excel files never do; possibly a hostile file): not read", part);
  if (st.too_deep)
    return error("xlsx.xml", "Tệp Excel bị hỏng: XML lồng nhau quá sâu", "The Excel file is damaged: its XML nests too deeply", part);
  if (h.stop) return *h.stop;
  XML_Error code = XML_GetErrorCode(p.get());
  std::string why = XML_ErrorString(code) ? XML_ErrorString(code) : "?";
  std::string line = std::to_string(XML_GetCurrentLineNumber(p.get()));
  return error("xlsx.xml", "Tệp Excel bị hỏng: phần " + part + " không phải XML hợp lệ (" + why + ", dòng " + line + "); mở tệp trong Excel và lưu lại",
               "The Excel file is damaged: its part " + part + " is not valid XML (" + why + ", line " + line + "); open it in Excel and save it again",
               part);
}

// ---------------------------------------------------------------------------------------------
// The parts.

struct Relationship {
  std::string id, type, target;
  bool external = false;
};
class RelsHandler : public XmlHandler {
 public:
  std::vector<Relationship> rels;
  void start(std::string_view name, const char** atts) override {
    if (name != "Relationship") return;
    Relationship r;
    if (const char* v = attr(atts, "Id")) r.id = v;
    if (const char* v = attr(atts, "Type")) r.type = v;
    if (const char* v = attr(atts, "Target")) r.target = v;
    if (const char* v = attr(atts, "TargetMode")) r.external = std::string_view(v) == "External";
    if (rels.size() < 10000) rels.push_back(std::move(r));
  }
  void end(std::string_view) override {}
  const Relationship* of_type(std::string_view suffix) const {
    for (const auto& r : rels)
      if (!r.external && ends_with(r.type, suffix)) return &r;
    return nullptr;
  }
  const Relationship* with_id(std::string_view id) const {
    for (const auto& r : rels)
      if (r.id == id) return &r;
    return nullptr;
  }
};

class WorkbookHandler : public XmlHandler {
 public:
  struct SheetRef {
    std::string name, rel;
  };
  std::vector<SheetRef> sheets;
  bool date1904 = false;
  void start(std::string_view name, const char** atts) override {
    if (name == "workbookPr") {
      if (const char* v = attr(atts, "date1904")) date1904 = std::string_view(v) == "1" || std::string_view(v) == "true";
    } else if (name == "sheet" && sheets.size() < 10000) {
      SheetRef s;
      if (const char* v = attr(atts, "name")) s.name = v;
      if (const char* v = attr(atts, "id")) s.rel = v;  // r:id
      sheets.push_back(std::move(s));
    }
  }
  void end(std::string_view) override {}
};

// Text that accumulates in one cell or string, bounded.
struct TextSink {
  std::string* into = nullptr;
  size_t max = 0;
  bool add(std::string_view s) {  // false when the text passes the bound
    if (!into) return true;
    if (into->size() + s.size() > max) return false;
    into->append(s);
    return true;
  }
};

Message cell_too_long(size_t max, const std::string& where) {
  return error("xlsx.cell_too_long", "Tệp Excel có một ô dài quá " + std::to_string(max) + " byte (Excel cho phép 32.767 ký tự)",
               "The Excel file has a cell longer than " + std::to_string(max) + " bytes (Excel allows 32,767 characters)", where);
}

// xl/sharedStrings.xml: <si> items, each plain (<t>) or rich text (<r><t>…</t></r>…); phonetic
// guides (<rPh>) are not part of the text.
class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(const XlsxLimits& lim, std::string part) : lim_(lim), part_(std::move(part)) {}
  std::vector<std::string> strings;
  void start(std::string_view name, const char**) override {
    if (name == "si") {
      if (strings.size() >= lim_.shared_strings) {
        stop = error("xlsx.shared_strings", "Tệp Excel có quá nhiều chuỗi dùng chung (tối đa " + std::to_string(lim_.shared_strings) + ")",
                     "The Excel file has too many shared strings (at most " + std::to_string(lim_.shared_strings) + ")", part_);
        return;
      }
      sink_.into = nullptr;  // never left pointing into the vector about to grow (a <si> inside a <t>)
      strings.emplace_back();
      in_si_ = true;
    } else if (name == "rPh") {
      ++in_rph_;
    } else if (name == "t" && in_si_ && in_rph_ == 0) {
      sink_ = {&strings.back(), lim_.cell_bytes};
    }
  }
  void end(std::string_view name) override {
    if (name == "si") in_si_ = false;
    else if (name == "rPh" && in_rph_ > 0) --in_rph_;
    else if (name == "t") sink_.into = nullptr;
  }
  void text(std::string_view s) override {
    if (!sink_.add(s)) stop = cell_too_long(lim_.cell_bytes, part_);
  }

 private:
  const XlsxLimits& lim_;
  std::string part_;
  bool in_si_ = false;
  int in_rph_ = 0;
  TextSink sink_;
};

enum class NumKind { General, Percent, Date };

// A format code: a percentage when it has '%', a date when it has d, m or y (m without h or s: not a
// time of day), all outside quoted text, escaped letters, [colour/locale/elapsed] brackets and the
// padding and repeat characters after '_' and '*'.
NumKind classify_code(std::string_view code) {
  bool pct = false, d = false, m = false, y = false, hs = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {
      size_t e = code.find('"', i + 1);
      if (e == std::string_view::npos) break;
      i = e;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == '[') {
      size_t e = code.find(']', i + 1);
      if (e == std::string_view::npos) break;
      std::string_view in = code.substr(i + 1, e - i - 1);
      if (!in.empty() && (in[0] == 'h' || in[0] == 'H' || in[0] == 'm' || in[0] == 'M' || in[0] == 's' || in[0] == 'S')) hs = true;  // [h]:mm elapsed time
      i = e;
    } else if (c == '%') {
      pct = true;
    } else {
      char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (l == 'd') d = true;
      else if (l == 'y') y = true;
      else if (l == 'm') m = true;
      else if (l == 'h' || l == 's') hs = true;
    }
  }
  if (pct) return NumKind::Percent;
  if (d || y || (m && !hs)) return NumKind::Date;
  return NumKind::General;
}

// xl/styles.xml: the number format of each cell style (cellXfs, by index) and the custom codes.
class StylesHandler : public XmlHandler {
 public:
  std::vector<int> xf_format;       // cellXfs[i].numFmtId
  std::map<int, std::string> codes;  // numFmtId → formatCode (custom formats)
  void start(std::string_view name, const char** atts) override {
    if (name == "numFmt") {
      const char* id = attr(atts, "numFmtId");
      const char* code = attr(atts, "formatCode");
      if (id && code && codes.size() < 10000) codes[std::atoi(id)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_ && xf_format.size() < 100000) {
      const char* id = attr(atts, "numFmtId");
      xf_format.push_back(id ? std::atoi(id) : 0);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
  }
  NumKind kind(size_t style) const {
    int id = style < xf_format.size() ? xf_format[style] : 0;
    auto it = codes.find(id);
    if (it != codes.end()) return classify_code(it->second);
    if (id == 9 || id == 10) return NumKind::Percent;
    if ((id >= 14 && id <= 17) || id == 22) return NumKind::Date;  // 18–21: times of day (h:mm…), numbers
    return NumKind::General;
  }

 private:
  bool in_cell_xfs_ = false;
};

// ---------------------------------------------------------------------------------------------
// Numbers as Excel shows them: up to 15 significant digits, decimal comma, no grouping.

struct Decimal {
  bool neg = false;
  std::string digits;  // no leading zeros; "" is zero
  int exp = 0;         // value = digits × 10^exp
};

std::optional<Decimal> parse_decimal(std::string_view s) {
  Decimal d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) d.neg = s[i++] == '-';
  bool any = false, dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (!(d.digits.empty() && c == '0')) d.digits.push_back(c);
      if (dot) --d.exp;
      if (d.digits.size() > 40) return std::nullopt;  // no double has that many digits as written
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
    int e = 0;
    bool edig = false;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      edig = true;
      if (e < 10000) e = e * 10 + (s[i] - '0');
    }
    if (!edig || e > 400) return std::nullopt;
    d.exp += eneg ? -e : e;
  }
  if (i != s.size()) return std::nullopt;
  if (d.digits.empty()) {
    d.neg = false;
    d.exp = 0;
  }
  return d;
}

// Rounded half up to 15 significant digits, trailing zeros dropped (as Excel displays a double).
Decimal excel_precision(Decimal d) {
  if (d.digits.size() > 15) {
    bool up = d.digits[15] >= '5';
    d.exp += static_cast<int>(d.digits.size() - 15);
    d.digits.resize(15);
    if (up) {
      int k = 14;
      while (k >= 0 && d.digits[k] == '9') d.digits[k--] = '0';
      if (k < 0) {
        d.digits.insert(d.digits.begin(), '1');
        d.digits.pop_back();
        ++d.exp;
      } else {
        ++d.digits[k];
      }
    }
  }
  while (!d.digits.empty() && d.digits.back() == '0') {
    d.digits.pop_back();
    ++d.exp;
  }
  if (d.digits.empty()) d = Decimal{};
  return d;
}

std::string decimal_text(const Decimal& d) {  // "-1234,5"
  if (d.digits.empty()) return "0";
  std::string s;
  if (d.exp >= 0) {
    s = d.digits + std::string(static_cast<size_t>(d.exp), '0');
  } else {
    size_t frac = static_cast<size_t>(-d.exp);
    std::string digits = d.digits;
    if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
    s = digits.substr(0, digits.size() - frac) + "," + digits.substr(digits.size() - frac);
  }
  return (d.neg ? "-" : "") + s;
}

// Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
void civil_from_days(long long z, int* y, int* m, int* d) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long yy = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yy + (*m <= 2));
}

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }
std::string dmy(int y, int m, int d) { return two(d) + "/" + two(m) + "/" + std::to_string(y); }

// A serial date as dd/mm/yyyy; nullopt outside what Excel shows as a date (it shows ####).
std::optional<std::string> serial_date(const Decimal& v, bool date1904) {
  if (v.neg) return std::nullopt;
  long long serial = 0;
  if (!v.digits.empty()) {
    std::string whole = v.exp >= 0 ? v.digits + std::string(static_cast<size_t>(std::min(v.exp, 20)), '0')
                                   : (v.digits.size() > static_cast<size_t>(-v.exp) ? v.digits.substr(0, v.digits.size() - static_cast<size_t>(-v.exp)) : "");
    if (whole.size() > 9) return std::nullopt;
    for (char c : whole) serial = serial * 10 + (c - '0');
  }
  // 1900 system: 1 = 1900-01-01, and Excel counts a 29 February 1900 that never was (serial 60),
  // as Lotus 1-2-3 did. 1904 system: 0 = 1904-01-01. Both end at 9999-12-31.
  const long long days_1899_12_31 = -25568, days_1899_12_30 = -25569, days_1904_01_01 = -24107;
  long long days;
  if (date1904) {
    if (serial > 2957003) return std::nullopt;
    days = days_1904_01_01 + serial;
  } else {
    if (serial > 2958465) return std::nullopt;
    if (serial == 0) return std::string("00/01/1900");
    if (serial == 60) return std::string("29/02/1900");
    days = (serial < 60 ? days_1899_12_31 : days_1899_12_30) + serial;
  }
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  return dmy(y, m, d);
}

// ---------------------------------------------------------------------------------------------
// The worksheet.

struct SheetContext {
  const std::vector<std::string>* shared = nullptr;
  const StylesHandler* styles = nullptr;
  bool date1904 = false;
};

// "C5" → column 2; nullopt when it is not a cell reference.
std::optional<size_t> ref_column(std::string_view r) {
  size_t col = 0, i = 0;
  while (i < r.size() && ((r[i] >= 'A' && r[i] <= 'Z') || (r[i] >= 'a' && r[i] <= 'z'))) {
    char c = r[i] >= 'a' ? static_cast<char>(r[i] - 'a' + 'A') : r[i];
    col = col * 26 + static_cast<size_t>(c - 'A' + 1);
    if (++i > 3) return std::nullopt;  // XFD is Excel's last column
  }
  if (i == 0 || i == r.size()) return std::nullopt;
  for (size_t k = i; k < r.size(); ++k)
    if (r[k] < '0' || r[k] > '9') return std::nullopt;
  return col - 1;
}

std::optional<size_t> parse_index(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  return v;
}

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const XlsxLimits& lim, const SheetContext& ctx, std::string part, std::string sheet)
      : lim_(lim), ctx_(ctx), part_(std::move(part)), sheet_(std::move(sheet)) {}
  std::vector<TableRow> rows;

  void start(std::string_view name, const char** atts) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return;
    } else if (name == "row") {
      const char* r = attr(atts, "r");
      auto n = r ? parse_index(r) : std::nullopt;
      row_ = TableRow{};
      row_.line = n && *n > 0 ? *n : last_line_ + 1;
      last_line_ = row_.line;
      last_col_ = static_cast<size_t>(-1);
      in_row_ = true;
    } else if (name == "c" && in_row_) {
      sink_.into = nullptr;
      cell_ = Cell{};
      const char* r = attr(atts, "r");
      auto col = r ? ref_column(r) : std::nullopt;
      cell_.col = col ? *col : last_col_ + 1;
      last_col_ = cell_.col;
      if (const char* t = attr(atts, "t")) cell_.type = t;
      if (const char* s = attr(atts, "s")) cell_.style = parse_index(s).value_or(0);
      in_cell_ = true;
    } else if (!in_cell_) {
      return;
    } else if (name == "v") {
      sink_ = {&cell_.v, lim_.cell_bytes};
    } else if (name == "is") {
      in_is_ = true;
    } else if (name == "rPh") {
      ++in_rph_;
    } else if (name == "t" && in_is_ && in_rph_ == 0) {
      sink_ = {&cell_.inline_text, lim_.cell_bytes};
    }
  }

  void end(std::string_view name) override {
    if (name == "sheetData") {
      in_data_ = false;
    } else if (name == "row" && in_row_) {
      in_row_ = false;
      if (!row_.cells.empty()) {
        if (rows.size() >= lim_.rows) {
          stop = error("xlsx.too_many_rows",
                       "Trang tính \"" + sheet_ + "\" có quá nhiều dòng (tối đa " + std::to_string(lim_.rows > 0 ? lim_.rows - 1 : 0) + " dòng và dòng tiêu đề)",
                       "The sheet \"" + sheet_ + "\" has too many rows (at most " + std::to_string(lim_.rows > 0 ? lim_.rows - 1 : 0) + " and the header row)",
                       part_);
          return;
        }
        rows.push_back(std::move(row_));
      }
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      place(display());
    } else if (name == "v" || name == "t") {
      sink_.into = nullptr;
    } else if (name == "is") {
      in_is_ = false;
    } else if (name == "rPh" && in_rph_ > 0) {
      --in_rph_;
    }
  }

  void text(std::string_view s) override {
    if (!sink_.add(s)) stop = cell_too_long(lim_.cell_bytes, part_ + " " + col_letters(cell_.col) + std::to_string(row_.line));
  }

 private:
  struct Cell {
    size_t col = 0;
    std::string type;  // t: "s", "inlineStr", "str", "b", "e", "d", "n" or ""
    size_t style = 0;
    std::string v, inline_text;
  };

  std::string where() const { return col_letters(cell_.col) + std::to_string(row_.line); }

  std::string display() {
    const std::string& t = cell_.type;
    if (t == "inlineStr") return cell_.inline_text;
    if (t == "s") {
      if (cell_.v.empty()) return {};
      auto i = parse_index(cell_.v);
      if (!i || !ctx_.shared || *i >= ctx_.shared->size()) {
        stop = error("xlsx.damaged", "Tệp Excel bị hỏng: ô " + where() + " trỏ tới chuỗi dùng chung không có",
                     "The Excel file is damaged: cell " + where() + " refers to a shared string that does not exist", part_);
        return {};
      }
      return (*ctx_.shared)[*i];
    }
    if (t == "str" || t == "e") return cell_.v;
    if (t == "b") {
      if (cell_.v == "1" || cell_.v == "true") return "Có";
      if (cell_.v == "0" || cell_.v == "false") return "Không";
      return cell_.v;
    }
    if (t == "d") {  // ISO 8601 (strict files)
      const std::string& v = cell_.v;
      auto num = [&](size_t at, size_t len) -> int {
        int x = 0;
        for (size_t k = at; k < at + len; ++k) {
          if (k >= v.size() || v[k] < '0' || v[k] > '9') return -1;
          x = x * 10 + (v[k] - '0');
        }
        return x;
      };
      int y = num(0, 4), m = num(5, 2), d = num(8, 2);
      if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31 && v.size() >= 10 && v[4] == '-' && v[7] == '-') return dmy(y, m, d);
      return v;
    }
    // A number (t="n" or none), or a formula's cached number.
    if (cell_.v.empty()) return {};
    auto dec = parse_decimal(cell_.v);
    if (!dec) return cell_.v;
    Decimal shown = excel_precision(*dec);
    NumKind k = ctx_.styles ? ctx_.styles->kind(cell_.style) : NumKind::General;
    if (k == NumKind::Date) {
      if (auto d = serial_date(shown, ctx_.date1904)) return *d;
    } else if (k == NumKind::Percent) {
      Decimal p = *dec;
      p.exp += 2;
      return decimal_text(excel_precision(p)) + " %";
    }
    return decimal_text(shown);
  }

  void place(std::string text) {
    if (stop || text.empty()) return;
    if (cell_.col >= lim_.columns) {
      stop = error("xlsx.too_many_columns",
                   "Trang tính \"" + sheet_ + "\" có số liệu ở cột " + col_letters(cell_.col) + ", quá giới hạn " + std::to_string(lim_.columns) + " cột",
                   "The sheet \"" + sheet_ + "\" has a value in column " + col_letters(cell_.col) + ", past the limit of " + std::to_string(lim_.columns) + " columns",
                   where());
      return;
    }
    text_bytes_ += text.size();
    if (text_bytes_ > lim_.text_bytes) {
      stop = error("xlsx.too_large", "Nội dung các ô của trang tính lớn quá " + mib(lim_.text_bytes),
                   "The sheet's cells hold more than " + mib(lim_.text_bytes) + " of text", part_);
      return;
    }
    if (row_.cells.size() <= cell_.col) {
      cells_ += cell_.col + 1 - row_.cells.size();
      if (cells_ > lim_.cells) {
        stop = error("xlsx.too_large", "Trang tính quá lớn (quá " + std::to_string(lim_.cells) + " ô)",
                     "The sheet is too large (more than " + std::to_string(lim_.cells) + " cells)", part_);
        return;
      }
      row_.cells.resize(cell_.col + 1);
    }
    row_.cells[cell_.col] = std::move(text);
  }

  const XlsxLimits& lim_;
  const SheetContext& ctx_;
  std::string part_, sheet_;
  bool in_data_ = false, in_row_ = false, in_cell_ = false, in_is_ = false;
  int in_rph_ = 0;
  size_t last_line_ = 0, last_col_ = static_cast<size_t>(-1);
  uint64_t text_bytes_ = 0, cells_ = 0;
  TableRow row_;
  Cell cell_;
  TextSink sink_;
};

// ---------------------------------------------------------------------------------------------
// Parts by name (OPC names compare ASCII case-insensitively).

class Parts {
 public:
  explicit Parts(std::vector<DossierFile> files) : files_(std::move(files)) {
    for (size_t i = 0; i < files_.size(); ++i) index_.emplace(lower(files_[i].name), i);
  }
  const std::string* get(const std::string& name) const {
    auto it = index_.find(lower(name));
    return it == index_.end() ? nullptr : &files_[it->second].bytes;
  }

 private:
  std::vector<DossierFile> files_;
  std::map<std::string, size_t> index_;
};

std::string dir_of(const std::string& part) {
  size_t slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}
std::string rels_of(const std::string& part) {
  size_t slash = part.rfind('/');
  std::string file = slash == std::string::npos ? part : part.substr(slash + 1);
  return dir_of(part) + "_rels/" + file + ".rels";
}
// A relationship's target as a part name: relative to the source part's folder, or from the root.
std::string resolve(const std::string& from_dir, const std::string& target) {
  std::string path = !target.empty() && target[0] == '/' ? target.substr(1) : from_dir + target;
  std::vector<std::string> segs;
  size_t at = 0;
  while (at <= path.size()) {
    size_t slash = path.find('/', at);
    std::string seg = path.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(seg);
    }
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  std::string out;
  for (const auto& s : segs) out += (out.empty() ? "" : "/") + s;
  return out;
}

Message damaged(const std::string& vi, const std::string& en, const std::string& where = {}) {
  return error("xlsx.damaged", "Tệp Excel bị hỏng hoặc không đầy đủ: " + vi + "; mở tệp trong Excel và lưu lại",
               "The Excel file is damaged or incomplete: " + en + "; open it in Excel and save it again", where);
}

// read_zip's refusal, said of an Excel file.
Message zip_problem(const Message& m) {
  const std::string& c = m.code;
  if (c == "dossier.encrypted")
    return error("xlsx.encrypted", "Tệp Excel có phần được mã hóa: cds không mở tệp có mật khẩu. Trong Excel hãy gỡ mật khẩu rồi lưu lại",
                 "The Excel file has an encrypted part: cds does not open password-protected files. Remove the password in Excel and save again", m.where);
  if (c == "dossier.bomb" || c == "dossier.entry_too_big" || c == "dossier.total_too_big" || c == "dossier.entries")
    return error("xlsx.bomb", "Tệp Excel giải nén ra quá lớn hoặc nén với tỉ lệ bất thường (bom ZIP): không mở",
                 "The Excel file inflates to too much or is compressed at an abnormal ratio (a ZIP bomb): not opened", m.where);
  if (c == "dossier.too_big") return error("xlsx.too_large", m.vi, m.en, m.where);
  return damaged("không đọc được phần nén ZIP", "its ZIP cannot be read", m.where);
}

// An OLE compound file: an encrypted .xlsx carries a stream named "EncryptionInfo" (UTF-16 in the
// file's directory); otherwise it is a binary .xls.
bool ole_encrypted(std::string_view b) {
  static const char name[] = "EncryptionInfo";
  std::string utf16;
  for (const char* p = name; *p; ++p) {
    utf16.push_back(*p);
    utf16.push_back('\0');
  }
  return b.find(utf16) != std::string_view::npos;
}

}  // namespace

XlsxReadResult read_xlsx_sheet(std::string_view bytes, const XlsxLimits& lim) {
  XlsxReadResult out;
  auto fail = [&](Message m) {
    out.problems.push_back(std::move(m));
    return out;
  };
  if (looks_like_ole(bytes)) {
    if (ole_encrypted(bytes))
      return fail(error("xlsx.encrypted",
                        "Tệp Excel được đặt mật khẩu (mã hóa): cds không mở tệp có mật khẩu. Trong Excel hãy chọn Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu, rồi lưu lại",
                        "The Excel file is password-protected (encrypted): cds does not open such files. In Excel choose File → Info → Protect Workbook → Encrypt with Password, clear the password and save again"));
    return fail(error("xlsx.xls",
                      "Đây là tệp Excel 97–2003 (.xls): trong Excel hãy chọn Lưu thành → \"Sổ làm việc Excel (.xlsx)\" hoặc \"CSV UTF-8\" rồi mở tệp đó",
                      "This is an Excel 97–2003 workbook (.xls): in Excel choose Save As → \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\" and open that file"));
  }
  if (bytes.size() > lim.file_bytes)
    return fail(error("xlsx.too_large", "Tệp Excel lớn quá " + mib(lim.file_bytes) + " (" + mib(bytes.size()) + ")",
                      "The Excel file is larger than " + mib(lim.file_bytes) + " (" + mib(bytes.size()) + ")"));
  if (!looks_like_zip(bytes))
    return fail(error("xlsx.not_xlsx", "Tệp không phải tệp Excel (.xlsx) đọc được (hỏng, bị cắt cụt, hoặc là loại tệp khác)",
                      "The file is not a readable Excel workbook (.xlsx): damaged, cut short, or another kind of file"));
  ReadResult z = read_zip(bytes, lim.zip);
  if (!z.ok()) {
    const Message* m = first_error(z.problems);
    return fail(m ? zip_problem(*m) : damaged("không đọc được phần nén ZIP", "its ZIP cannot be read"));
  }
  Parts parts(std::move(z.files));

  // The workbook part: the package's officeDocument relationship, else where Excel puts it.
  std::string wb_part = "xl/workbook.xml";
  if (const std::string* root = parts.get("_rels/.rels")) {
    RelsHandler h;
    if (auto e = parse_xml(*root, "_rels/.rels", h)) return fail(*e);
    if (const Relationship* r = h.of_type("/officeDocument")) wb_part = resolve("", r->target);
  }
  const std::string* wb_xml = parts.get(wb_part);
  if (!wb_xml) {
    const std::string* mime = parts.get("mimetype");
    if (mime && mime->find("opendocument.spreadsheet") != std::string::npos)
      return fail(error("xlsx.ods", "Đây là bảng tính OpenDocument (.ods): hãy lưu thành \"Sổ làm việc Excel (.xlsx)\" hoặc \"CSV UTF-8\" rồi mở tệp đó",
                        "This is an OpenDocument spreadsheet (.ods): save it as \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\" and open that file"));
    return fail(error("xlsx.not_xlsx", "Tệp ZIP này không phải sổ làm việc Excel (.xlsx): không có " + wb_part,
                      "This ZIP file is not an Excel workbook (.xlsx): it has no " + wb_part));
  }
  WorkbookHandler wb;
  if (auto e = parse_xml(*wb_xml, wb_part, wb)) return fail(*e);
  RelsHandler rels;
  const std::string rels_part = rels_of(wb_part);
  if (const std::string* x = parts.get(rels_part)) {
    if (auto e = parse_xml(*x, rels_part, rels)) return fail(*e);
  } else {
    return fail(damaged("thiếu " + rels_part, rels_part + " is missing"));
  }
  const std::string base = dir_of(wb_part);

  // The first worksheet in tab order (chart sheets and dialog sheets are not tables).
  const WorkbookHandler::SheetRef* first = nullptr;
  std::string sheet_part;
  for (const auto& s : wb.sheets) {
    const Relationship* r = rels.with_id(s.rel);
    if (r && !r->external && ends_with(r->type, "/worksheet")) {
      first = &s;
      sheet_part = resolve(base, r->target);
      break;
    }
  }
  if (!first)
    return fail(error("xlsx.no_sheet", "Tệp Excel không có trang tính nào (chỉ có biểu đồ hoặc trống)",
                      "The Excel file has no worksheet (only charts, or nothing)"));
  const std::string* sheet_xml = parts.get(sheet_part);
  if (!sheet_xml) return fail(damaged("thiếu trang tính " + sheet_part, "the worksheet " + sheet_part + " is missing"));

  SheetContext ctx;
  ctx.date1904 = wb.date1904;
  StylesHandler styles;
  if (const Relationship* r = rels.of_type("/styles")) {
    std::string part = resolve(base, r->target);
    if (const std::string* x = parts.get(part)) {
      if (auto e = parse_xml(*x, part, styles)) return fail(*e);
      ctx.styles = &styles;
    }
  }
  std::vector<std::string> shared;
  if (const Relationship* r = rels.of_type("/sharedStrings")) {
    std::string part = resolve(base, r->target);
    if (const std::string* x = parts.get(part)) {
      SharedStringsHandler h(lim, part);
      if (auto e = parse_xml(*x, part, h)) return fail(*e);
      shared = std::move(h.strings);
    }
  }
  ctx.shared = &shared;

  SheetHandler sheet(lim, ctx, sheet_part, first->name);
  if (auto e = parse_xml(*sheet_xml, sheet_part, sheet)) return fail(*e);
  XlsxSheet s;
  s.name = first->name;
  s.rows = std::move(sheet.rows);
  std::stable_sort(s.rows.begin(), s.rows.end(), [](const TableRow& a, const TableRow& b) { return a.line < b.line; });
  out.sheet = std::move(s);
  return out;
}

}  // namespace cds::zip
