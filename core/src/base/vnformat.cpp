#include <algorithm>
#include "cds/base/vnformat.hpp"

#include <cstdio>

#include <string>
#include <vector>

#include "cds/base/text.hpp"

namespace cds {
namespace {

bool set_err(ParseError* err, const char* code, const char* vi, const char* en) {
  if (err) *err = ParseError{code, vi, en};
  return false;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Removes spaces (ASCII, NBSP, narrow NBSP, thin space) anywhere in the string.
std::string strip_spaces(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xAF || static_cast<unsigned char>(s[i + 2]) == 0x89)) {
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

bool groups_of_three(const std::vector<std::string>& groups) {
  if (groups.empty()) return false;
  if (groups[0].empty() || groups[0].size() > 3) return false;
  for (size_t i = 1; i < groups.size(); ++i)
    if (groups[i].size() != 3) return false;
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

std::string localise(const std::string& plain, Lang lang, bool group) {
  // plain: "-1234.5" style. One pass into one string (explanations format many numbers).
  std::string_view body = plain;
  std::string out;
  out.reserve(plain.size() + plain.size() / 3 + 1);
  if (!body.empty() && body[0] == '-') {
    out.push_back('-');
    body.remove_prefix(1);
  }
  auto dot = body.find('.');
  std::string_view ip = dot == std::string_view::npos ? body : body.substr(0, dot);
  std::string_view fp = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
  char thousands = lang == Lang::Vi ? '.' : ',';
  char decimal = lang == Lang::Vi ? ',' : '.';
  if (group) {
    size_t n = ip.size();
    for (size_t i = 0; i < n; ++i) {
      out.push_back(ip[i]);
      size_t left = n - 1 - i;
      if (left > 0 && left % 3 == 0) out.push_back(thousands);
    }
  } else {
    out.append(ip);
  }
  if (!fp.empty()) {
    out.push_back(decimal);
    out.append(fp);
  }
  return out;
}

}  // namespace

bool Date::operator<(const Date& o) const {
  if (year != o.year) return year < o.year;
  if (month != o.month) return month < o.month;
  return day < o.day;
}

namespace {
int days_in_month(int y, int m) {  // m in 1..12
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}
}  // namespace

bool is_valid_date(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= days_in_month(y, m);
}

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[i])) return std::nullopt;
  int y = std::stoi(std::string(s.substr(0, 4)));
  int m = std::stoi(std::string(s.substr(5, 2)));
  int d = std::stoi(std::string(s.substr(8, 2)));
  if (!is_valid_date(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

std::string to_iso(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

long long days_from_civil(const Date& dt) {
  // Howard Hinnant's algorithm.
  long long y = dt.year;
  unsigned m = static_cast<unsigned>(dt.month);
  unsigned d = static_cast<unsigned>(dt.day);
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::optional<long long> parse_instant(std::string_view s) {
  // YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)
  auto digits = [&](size_t at, size_t n) -> std::optional<int> {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2), mi = digits(14, 2);
  if (!y || !mo || !d || !h || !mi || s.size() < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
    return std::nullopt;
  if (!is_valid_date(*y, *mo, *d) || *h > 23 || *mi > 59) return std::nullopt;
  size_t p = 16;
  int sec = 0;
  if (p < s.size() && s[p] == ':') {
    auto ss = digits(p + 1, 2);
    if (!ss || *ss > 60) return std::nullopt;
    sec = *ss;
    p += 3;
    if (p < s.size() && s[p] == '.') {
      ++p;
      size_t q = p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
      if (p == q) return std::nullopt;
    }
  }
  long long offset = 0;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
    ++p;
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    auto oh = digits(p + 1, 2), om = digits(p + 4, 2);
    if (!oh || !om || p + 3 >= s.size() || s[p + 3] != ':' || *oh > 23 || *om > 59) return std::nullopt;
    offset = (*oh * 60LL + *om) * 60 * (s[p] == '-' ? -1 : 1);
    p += 6;
  } else {
    return std::nullopt;  // a time without its offset is not an instant
  }
  if (p != s.size()) return std::nullopt;
  long long days = days_from_civil(Date{*y, *mo, *d});
  return days * 86400 + *h * 3600LL + *mi * 60LL + sec - offset;
}

int full_months_between(const Date& from, const Date& to) {
  if (!(from < to)) return 0;
  int months = (to.year - from.year) * 12 + (to.month - from.month);
  // A month is complete when the day of month is reached again; clamp for short months
  // (31/01 + 1 month = 28/02 or 29/02).
  int dim = days_in_month(to.year, to.month);
  int anniversary = from.day > dim ? dim : from.day;
  if (to.day < anniversary) --months;
  return months < 0 ? 0 : months;
}

int started_months_between(const Date& from, const Date& to) {
  if (!(from < to)) return 0;
  int full = full_months_between(from, to);
  // If `to` is exactly on a month anniversary the last month is complete, not just begun.
  Date probe = from;
  int total = from.month - 1 + full;
  probe.year = from.year + total / 12;
  probe.month = total % 12 + 1;
  int dim = days_in_month(probe.year, probe.month);
  probe.day = from.day > dim ? dim : from.day;
  return probe == to ? full : full + 1;
}

std::optional<ParsedNumber> parse_vn_number(std::string_view text, ParseError* err) {
  auto nfc = to_nfc(text);
  if (!nfc) {
    set_err(err, "text.utf8", "Văn bản không phải UTF-8 hợp lệ", "Text is not valid UTF-8");
    return std::nullopt;
  }
  std::string s = strip_spaces(trim(*nfc));
  ParsedNumber out;
  if (s.empty()) {
    set_err(err, "number.empty", "Chưa nhập số", "No number entered");
    return std::nullopt;
  }
  if (s.back() == '%') {
    out.percent = true;
    s.pop_back();
  }
  bool neg = false;
  if (s.rfind("\xE2\x88\x92", 0) == 0) {  // U+2212 MINUS SIGN
    neg = true;
    s = s.substr(3);
  } else if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s = s.substr(1);
  }
  if (s.empty()) {
    set_err(err, "number.syntax", "Không phải là số", "Not a number");
    return std::nullopt;
  }
  for (char c : s) {
    if (!is_digit(c) && c != '.' && c != ',') {
      set_err(err, "number.syntax", "Không phải là số (chỉ dùng chữ số, dấu chấm và dấu phẩy)",
              "Not a number (use digits, dot and comma only)");
      return std::nullopt;
    }
  }
  auto last_dot = s.rfind('.');
  auto last_comma = s.rfind(',');
  std::string intpart;
  std::string frac;
  if (last_dot != std::string::npos && last_comma != std::string::npos) {
    char dec = last_dot > last_comma ? '.' : ',';
    char thou = dec == '.' ? ',' : '.';
    auto pos = s.rfind(dec);
    if (s.find(dec) != pos) {
      set_err(err, "number.separators", "Dấu thập phân xuất hiện nhiều lần", "Decimal separator appears more than once");
      return std::nullopt;
    }
    auto groups = split(s.substr(0, pos), thou);
    if (!groups_of_three(groups)) {
      set_err(err, "number.grouping", "Dấu phân cách hàng nghìn đặt sai chỗ (mỗi nhóm 3 chữ số)",
              "Thousands separators misplaced (groups of three digits)");
      return std::nullopt;
    }
    for (auto& g : groups) intpart += g;
    frac = s.substr(pos + 1);
    out.grouped = true;
  } else if (last_comma != std::string::npos) {
    if (s.find(',') != last_comma) {
      // "1,234,567": commas as English thousands separators.
      auto groups = split(s, ',');
      if (!groups_of_three(groups)) {
        set_err(err, "number.separators", "Dấu phẩy (thập phân) xuất hiện nhiều lần", "Decimal comma appears more than once");
        return std::nullopt;
      }
      for (auto& g : groups) intpart += g;
      out.grouped = true;
    } else {
      intpart = s.substr(0, last_comma);
      frac = s.substr(last_comma + 1);
    }
  } else if (last_dot != std::string::npos) {
    auto groups = split(s, '.');
    bool thousands = groups_of_three(groups) && groups[0][0] != '0';
    if (thousands) {
      for (auto& g : groups) intpart += g;
      out.grouped = true;
    } else if (groups.size() == 2) {
      intpart = groups[0];
      frac = groups[1];
    } else {
      set_err(err, "number.grouping", "Dấu chấm phân cách hàng nghìn đặt sai chỗ (mỗi nhóm 3 chữ số)",
              "Thousands dots misplaced (groups of three digits)");
      return std::nullopt;
    }
  } else {
    intpart = s;
  }
  if (intpart.empty()) intpart = "0";
  if (!all_digits(intpart) || (!frac.empty() && !all_digits(frac)) ||
      (frac.empty() && (last_comma == s.size() - 1 || (last_dot == s.size() - 1 && !out.grouped)))) {
    set_err(err, "number.syntax", "Không phải là số", "Not a number");
    return std::nullopt;
  }
  if (intpart.size() + frac.size() > 24) {
    set_err(err, "number.too_long", "Số quá dài", "Number too long");
    return std::nullopt;
  }
  auto v = Num::parse((neg ? "-" : "") + intpart + (frac.empty() ? "" : "." + frac));
  if (!v) {
    set_err(err, "number.syntax", "Không phải là số", "Not a number");
    return std::nullopt;
  }
  out.value = *v;
  return out;
}

std::optional<Date> parse_vn_date(std::string_view text, ParseError* err) {
  std::string s(trim(text));
  if (s.empty()) {
    set_err(err, "date.empty", "Chưa nhập ngày", "No date entered");
    return std::nullopt;
  }
  if (auto iso = parse_iso_date(s)) return iso;
  // Eight digits with no separator (05032025), as a phone's number pad types them.
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), is_digit)) s = s.substr(0, 2) + "/" + s.substr(2, 2) + "/" + s.substr(4);
  // Separators: / - . , or spaces, a run of them counting as one ("05 / 03 / 2025"; a phone's
  // decimal pad offers only "," or ".").
  auto sep = [](char c) { return c == '/' || c == '-' || c == '.' || c == ',' || c == ' '; };
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (sep(c) && i > 0 && sep(s[i - 1])) continue;
    if (sep(c)) {
      parts.emplace_back();
    } else if (is_digit(c)) {
      parts.back().push_back(c);
    } else {
      set_err(err, "date.syntax", "Ngày phải có dạng ngày/tháng/năm, ví dụ 05/3/2025",
              "Dates are day/month/year, e.g. 05/3/2025");
      return std::nullopt;
    }
  }
  if (parts.size() == 3 && parts[0].size() == 4 && !parts[1].empty() && parts[1].size() <= 2 && !parts[2].empty() &&
      parts[2].size() <= 2) {
    std::swap(parts[0], parts[2]);  // year first (ISO order, 2024-02-30): checked as a date below
  }
  if (parts.size() != 3 || parts[0].empty() || parts[0].size() > 2 || parts[1].empty() || parts[1].size() > 2 ||
      parts[2].size() != 4) {
    set_err(err, "date.syntax", "Ngày phải có dạng ngày/tháng/năm, ví dụ 05/3/2025",
            "Dates are day/month/year, e.g. 05/3/2025");
    return std::nullopt;
  }
  int d = std::stoi(parts[0]);
  int m = std::stoi(parts[1]);
  int y = std::stoi(parts[2]);
  if (!is_valid_date(y, m, d)) {
    set_err(err, "date.impossible", "Ngày không tồn tại (kiểm tra ngày, tháng và năm)",
            "No such date (check day, month and year)");
    return std::nullopt;
  }
  return Date{y, m, d};
}

std::string format_number(const Num& v, Lang lang, int max_decimals, bool group) {
  if (v.is_integer() && v.num() < 1000 && v.num() > -1000) return std::to_string(static_cast<int>(v.num()));  // fast path
  return localise(v.to_string(max_decimals), lang, group);
}

std::string format_fixed(const Num& v, int decimals, Lang lang, bool group) {
  return localise(v.to_fixed(decimals, RoundMode::HalfUp), lang, group);
}

std::string format_percent(const Num& fraction, Lang lang, int max_decimals) {
  std::string n = format_number(fraction * Num(100), lang, max_decimals);
  return lang == Lang::Vi ? n + " %" : n + "%";
}

std::string file_stamp(const std::string& iso) {
  if (iso.size() < 16) return "00000000-0000";
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "-" + iso.substr(11, 2) + iso.substr(14, 2);
}

Date civil_from_days(long long z) {
  // Howard Hinnant's algorithm.
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::string format_instant(std::string_view iso, int utc_offset_minutes) {
  std::string raw(iso);
  if (utc_offset_minutes < -18 * 60 || utc_offset_minutes > 18 * 60) return raw;
  auto t = parse_instant(iso);
  if (!t) return raw;
  // A leap second (23:59:60) belongs to the minute it ends, not to the next one.
  if (iso.size() >= 19 && iso[16] == ':' && iso[17] == '6' && iso[18] == '0') --*t;
  long long local = *t + utc_offset_minutes * 60LL;
  long long days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  long long secs = local - days * 86400;
  Date d = civil_from_days(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", d.day, d.month, d.year, static_cast<int>(secs / 3600),
                static_cast<int>(secs % 3600 / 60));
  return buf;
}

std::optional<int> written_offset_minutes(std::string_view iso) {
  if (!parse_instant(iso)) return std::nullopt;
  char last = iso.back();
  if (last == 'Z' || last == 'z') return 0;
  // parse_instant accepted it, so it ends in ±HH:MM.
  std::string_view off = iso.substr(iso.size() - 6);
  int m = ((off[1] - '0') * 10 + (off[2] - '0')) * 60 + (off[4] - '0') * 10 + (off[5] - '0');
  return off[0] == '-' ? -m : m;
}

std::string format_instant_as_written(std::string_view iso) {
  auto off = written_offset_minutes(iso);
  if (!off || *off < -18 * 60 || *off > 18 * 60) return std::string(iso);  // as format_instant: no place has it
  std::string s = format_instant(iso, *off);
  if (*off == DisplayClock{}.utc_offset_minutes) return s;
  if (*off == 0) return s + " (UTC)";
  char buf[32];
  int a = *off < 0 ? -*off : *off;
  std::snprintf(buf, sizeof buf, " (UTC%c%02d:%02d)", *off < 0 ? '-' : '+', a / 60, a % 60);
  return s + buf;
}

std::string format_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buf;
}

}  // namespace cds
