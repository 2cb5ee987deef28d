#include "cds/model/workbook.hpp"

#include <algorithm>

#include "cds/base/text.hpp"

namespace cds {

std::string NumberFormat::code() const {
  std::string s = thousands ? "#,##0" : "0";
  int d = std::clamp(decimals, 0, 10);
  if (d > 0) s += "." + std::string(static_cast<size_t>(d), '0');
  if (percent) s += "%";
  return s;
}

namespace {

// Cuts valid UTF-8 to at most `max` bytes at a code point boundary.
size_t utf8_cut(std::string_view s, size_t max) {
  if (s.size() <= max) return s.size();
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The first `max` code points of valid UTF-8.
std::string first_letters(std::string_view s, size_t max) {
  size_t i = 0, n = 0;
  while (i < s.size() && n < max) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++n;
  }
  return std::string(s.substr(0, i));
}

}  // namespace

Cell text_cell(std::string_view text, uint16_t style) {
  Cell c;
  c.kind = CellKind::Text;
  c.style = style;
  if (is_valid_utf8(text)) c.text.assign(text);
  else c.text = to_nfc_lossy(text);
  // A NUL would end the text early in a C writer.
  c.text.erase(std::remove(c.text.begin(), c.text.end(), '\0'), c.text.end());
  if (c.text.size() > kXlsxMaxTextBytes) {
    static const std::string kEllipsis = "…";
    c.text.resize(utf8_cut(c.text, kXlsxMaxTextBytes - kEllipsis.size()));
    c.text += kEllipsis;
  }
  return c;
}

Cell number_cell(double value, uint16_t style) {
  Cell c;
  c.kind = CellKind::Number;
  c.style = style;
  c.number = value;
  return c;
}

Cell num_cell(const Num& value, int decimals, RoundMode mode, uint16_t style) {
  return number_cell(value.round(decimals, mode).to_double(), style);
}

Cell blank_cell(uint16_t style) {
  Cell c;
  c.style = style;
  return c;
}

void Sheet::row(size_t i, Row& out) const {
  out.clear();
  if (i < rows.size()) {
    out = rows[i];
    return;
  }
  if (stream && i - rows.size() < stream_rows) stream(i - rows.size(), out);
}

uint16_t Workbook::style(const CellStyle& s) {
  for (size_t i = 0; i < styles.size(); ++i)
    if (styles[i] == s) return static_cast<uint16_t>(i);
  styles.push_back(s);
  return static_cast<uint16_t>(styles.size() - 1);
}

std::string safe_sheet_name(std::string_view name, const std::vector<std::string>& taken) {
  std::string clean;
  std::string valid = is_valid_utf8(name) ? std::string(name) : to_nfc_lossy(name);
  for (char c : valid) {
    switch (c) {
      case '[': case ']': case ':': case '*': case '?': case '/': case '\\': clean.push_back('-'); break;
      default: clean.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    }
  }
  std::string base(trim(clean));
  while (!base.empty() && base.front() == '\'') base.erase(0, 1);
  while (!base.empty() && base.back() == '\'') base.pop_back();
  if (base.empty()) base = "Sheet";
  // Excel counts UTF-16 units; every letter cds writes (Vietnamese included) is one unit, so
  // letters are counted, and anything beyond the BMP counts as two.
  auto units = [](const std::string& s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char b = static_cast<unsigned char>(s[i]);
      if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;
    }
    return n;
  };
  auto fit = [&](const std::string& s, size_t max) {
    std::string out = first_letters(s, max);
    while (units(out) > max) out = first_letters(out, utf8_length(out) - 1);
    return out;
  };
  auto is_taken = [&](const std::string& n) {
    for (const auto& t : taken)
      if (ascii_iequal(t, n)) return true;
    return false;
  };
  std::string candidate = fit(base, kXlsxMaxSheetName);
  for (int k = 2; is_taken(candidate); ++k) {
    std::string suffix = " (" + std::to_string(k) + ")";
    candidate = fit(base, kXlsxMaxSheetName - suffix.size()) + suffix;
  }
  return candidate;
}

Sheet& Workbook::add_sheet(std::string_view name) {
  std::vector<std::string> taken;
  for (const auto& s : sheets) taken.push_back(s.name);
  sheets.emplace_back();
  sheets.back().name = safe_sheet_name(name, taken);
  return sheets.back();
}

size_t Workbook::cell_count() const {
  size_t n = 0;
  for (const auto& s : sheets) {
    size_t widest = s.columns.size();
    for (const auto& r : s.rows) {
      n += r.size();
      widest = std::max(widest, r.size());
    }
    n += s.stream_rows * widest;
  }
  return n;
}

size_t Workbook::text_bytes() const {
  size_t n = 0;
  for (const auto& s : sheets) {
    for (const auto& r : s.rows)
      for (const auto& c : r) n += c.text.size();
    n += s.stream_text_bytes;
  }
  return n;
}

}  // namespace cds
