// cds/base/vnformat.hpp — Vietnamese ways of writing numbers and dates, parsed and formatted.
//
// People type "1.234,5" (thousands dot, decimal comma), "3,8", the plain "1234.5", "62 %", and dates
// as "05/3/2025". These functions read all of those exactly (into `Num` and `Date`) and write
// values back the Vietnamese way ("1.234,5", "05/03/2025"), or the English way when asked.
//
// Reading rules for numbers (see docs/answers-format.md):
//  - white space (incl. NBSP) is ignored at both ends and between digit groups;
//  - "−" (U+2212) and "-" are minus signs; a trailing "%" is allowed and reported;
//  - with both '.' and ',' the later one is the decimal separator and the other separates
//    thousands (groups of three digits, checked);
//  - a lone ',' is a decimal comma;
//  - '.' separates thousands when every group after the first dot has exactly three digits and the
//    first group is 1–3 digits not starting with 0 ("1.500" = 1500, "12.345.678"); otherwise a single
//    '.' is a decimal point ("3.8", "0.125", "1234.5").
// Not provided: words ("một nghìn"), scientific notation in user input, currencies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cds/base/message.hpp"
#include "cds/base/num.hpp"

namespace cds {


struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  bool operator==(const Date& o) const { return year == o.year && month == o.month && day == o.day; }
  bool operator<(const Date& o) const;
  bool operator<=(const Date& o) const { return !(o < *this); }
};

bool is_valid_date(int y, int m, int d);
// ISO "YYYY-MM-DD" (strict); nullopt if malformed or impossible.
std::optional<Date> parse_iso_date(std::string_view s);
std::string to_iso(const Date& d);
long long days_from_civil(const Date& d);
// Seconds since 1970-01-01T00:00:00Z of an ISO 8601 time with a UTC offset or "Z"
// ("2026-11-23T08:15:00+07:00", seconds and fractions optional); nullopt when it is not one
// (no offset, impossible date or time, anything after it).
std::optional<long long> parse_instant(std::string_view iso);
// Whole months from `from` to `to` (0 if to <= from): 31/01 → 28/02 is 0 full months, → 01/03 is 1.
int full_months_between(const Date& from, const Date& to);
// Months begun after `from` up to `to`: any day late counts as 1.
int started_months_between(const Date& from, const Date& to);

struct ParsedNumber {
  Num value;
  bool percent = false;   // a trailing '%' was present
  bool grouped = false;   // thousands separators were used
};

struct ParseError {
  std::string code;  // machine-readable, e.g. "number.syntax"
  std::string vi;
  std::string en;
};

// Returns the number or an error explaining, in Vietnamese and English, what is wrong.
std::optional<ParsedNumber> parse_vn_number(std::string_view text, ParseError* err = nullptr);
// Accepts d/m/yyyy, dd/mm/yyyy with "/", "-", ".", "," or spaces between (a run counts as one),
// ddmmyyyy (eight digits, as a phone number pad types it) and ISO yyyy-mm-dd.
std::optional<Date> parse_vn_date(std::string_view text, ParseError* err = nullptr);

// "1.234,5" (Vi) or "1,234.5" (En); at most max_decimals places, trailing zeros dropped.
std::string format_number(const Num& v, Lang lang = Lang::Vi, int max_decimals = 2, bool group = true);
// Fixed number of decimals: "3,80".
std::string format_fixed(const Num& v, int decimals, Lang lang = Lang::Vi, bool group = true);
// A fraction as a percentage: 0.9 → "90 %" (Vi) / "90%" (En), at most 2 decimals.
std::string format_percent(const Num& fraction, Lang lang = Lang::Vi, int max_decimals = 2);
// "05/03/2025" for both languages (dd/mm/yyyy is what Vietnamese forms print).
std::string format_date(const Date& d);
// Where times are shown to people: the reader's offset from UTC, in minutes east (Vietnam: +420).
// Core reads no clock and no time zone: the web app passes the browser's offset, the CLI the
// system's. Left alone, Vietnam's (+07:00, no daylight saving).
struct DisplayClock {
  int utc_offset_minutes = 7 * 60;
};
// "23/11/2026 08:15": an RFC 3339 instant ("2026-11-23T01:15:00Z", "…+07:00") at the reader's
// offset, for people to read. A leap second (":60") shows as the minute it ends. Text that is not
// an instant cds can place (no offset, a date outside 1900–2200 or impossible, garbage) or an
// offset beyond ±18:00 is returned as written: a display never fails.
std::string format_instant(std::string_view iso, int utc_offset_minutes);
inline std::string format_instant(std::string_view iso, const DisplayClock& clock) { return format_instant(iso, clock.utc_offset_minutes); }
// The offset an RFC 3339 instant was written at, in minutes east ("…+07:00" → 420, "…Z" → 0);
// nullopt when the text is not an instant cds can place.
std::optional<int> written_offset_minutes(std::string_view iso);
// "20/11/2026 08:30": an instant as its writer's clock read it, for a sentence that must read the
// same wherever it is printed (an intake reason in report.json, on any office's machine). An
// offset other than Vietnam's is said: "20/11/2026 01:30 (UTC)", "… (UTC+05:30)". Text that is not
// an instant is returned as written.
std::string format_instant_as_written(std::string_view iso);
// The inverse of days_from_civil (days since 1970-01-01 → the civil date).
Date civil_from_days(long long days);
// "20261123-0815" from "2026-11-23T08:15:00+07:00" (the local time as written), for file names;
// "00000000-0000" when the text is too short.
std::string file_stamp(const std::string& iso);

}  // namespace cds
