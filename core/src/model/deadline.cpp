#include "cds/model/deadline.hpp"

#include <cstdio>
#include <vector>

#include "cds/base/text.hpp"

namespace cds {
namespace {

long long floor_div(long long a, long long b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// The civil date and seconds of the day of instant t at an offset.
Date local_date(long long t, int offset_minutes, long long* secs = nullptr) {
  long long local = t + offset_minutes * 60LL;
  long long days = floor_div(local, 86400);
  if (secs) *secs = local - days * 86400;
  return civil_from_days(days);
}

std::string plural(long long n, const char* vi, const char* en_one, const char* en_many, Lang l) {
  return std::to_string(n) + " " + (l == Lang::Vi ? vi : n == 1 ? en_one : en_many);
}

}  // namespace

std::optional<Deadline> parse_deadline(std::string_view at) {
  at = trim(at);
  if (at.size() == 10) {
    auto d = parse_iso_date(at);
    if (!d) return std::nullopt;
    return Deadline{(days_from_civil(*d) + 1) * 86400 - kVietnamOffsetMinutes * 60LL, true};
  }
  if (auto t = parse_instant(at)) return Deadline{*t, false};
  // No offset: Vietnam time. (parse_instant refuses anything after the offset, so a text that had
  // an offset already cannot pass here.)
  if (auto t = parse_instant(std::string(at) + "+07:00")) return Deadline{*t, false};
  return std::nullopt;
}

std::optional<Deadline> rubric_deadline(const Rubric& r) {
  if (r.deadline_at.empty()) return std::nullopt;
  return parse_deadline(r.deadline_at);
}

std::optional<DeadlineStatus> deadline_status(const Rubric& r, long long now, const DisplayClock& clock) {
  auto d = rubric_deadline(r);
  if (!d) return std::nullopt;
  DeadlineStatus s;
  s.deadline = *d;
  if (is_late(*d, now)) {
    s.phase = DeadlinePhase::Late;
    s.seconds = now - d->at;
  } else {
    s.seconds = d->at - now;
    s.phase = local_date(now, clock.utc_offset_minutes) == local_date(d->at - 1, clock.utc_offset_minutes) ? DeadlinePhase::DueToday
                                                                                                             : DeadlinePhase::Open;
  }
  return s;
}

std::string duration_text(long long seconds, Lang l) {
  if (seconds < 0) seconds = -seconds;
  long long days = seconds / 86400, hours = seconds % 86400 / 3600, minutes = seconds % 3600 / 60;
  if (days > 0) return plural(days, "ngày", "day", "days", l) + (hours ? " " + plural(hours, "giờ", "hour", "hours", l) : "");
  if (hours > 0) return plural(hours, "giờ", "hour", "hours", l) + (minutes ? " " + plural(minutes, "phút", "minute", "minutes", l) : "");
  if (minutes > 0) return plural(minutes, "phút", "minute", "minutes", l);
  return T(l, "dưới 1 phút", "less than a minute");
}

std::string deadline_when(const Deadline& d, const DisplayClock& clock, Lang l) {
  long long secs = 0;
  if (d.whole_day) {
    Date day = local_date(d.at - 1, kVietnamOffsetMinutes);
    return std::string(T(l, "hết ngày ", "end of ")) + format_date(day);
  }
  Date day = local_date(d.at, clock.utc_offset_minutes, &secs);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d ", static_cast<int>(secs / 3600), static_cast<int>(secs % 3600 / 60));
  return buf + format_date(day);
}

std::string deadline_line(const DeadlineStatus& s, const DisplayClock& clock, Lang l) {
  std::string when = deadline_when(s.deadline, clock, l), left = duration_text(s.seconds, l);
  switch (s.phase) {
    case DeadlinePhase::Open:
      return l == Lang::Vi ? "Còn " + left + " đến hạn nộp (" + when + ")" : left + " left until the deadline (" + when + ")";
    case DeadlinePhase::DueToday:
      if (s.deadline.whole_day) return l == Lang::Vi ? "Hôm nay là hạn nộp: còn " + left : "Due today: " + left + " left";
      return l == Lang::Vi ? "Hôm nay là hạn nộp: còn " + left + " (trước " + when + ")" : "Due today: " + left + " left (before " + when + ")";
    case DeadlinePhase::Late:
      return l == Lang::Vi ? "Đã quá hạn nộp " + left + " (" + when + ")" : "Past the deadline by " + left + " (" + when + ")";
  }
  return {};
}

std::string lateness_text(const Deadline& d, long long t, Lang l) {
  if (!is_late(d, t)) return T(l, "Đúng hạn", "On time");
  return std::string(T(l, "Muộn ", "Late by ")) + duration_text(t - d.at, l);
}

std::string iso_at_offset(long long t, int offset_minutes) {
  long long secs = 0;
  Date day = local_date(t, offset_minutes, &secs);
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", day.year, day.month, day.day, static_cast<int>(secs / 3600),
                static_cast<int>(secs % 3600 / 60), static_cast<int>(secs % 60), offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

namespace {

// The dates written d/m/yyyy (or with '.' or '-') in a text, in order.
std::vector<Date> dates_in(std::string_view s) {
  struct Run {
    size_t at, len;
    int value;
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < s.size();) {
    if (s[i] < '0' || s[i] > '9') {
      ++i;
      continue;
    }
    size_t j = i;
    int v = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
      if (j - i < 6) v = v * 10 + (s[j] - '0');
      ++j;
    }
    runs.push_back({i, j - i, v});
    i = j;
  }
  auto sep = [&](const Run& a, const Run& b) -> char {
    if (b.at != a.at + a.len + 1) return 0;
    char c = s[a.at + a.len];
    return c == '/' || c == '.' || c == '-' ? c : 0;
  };
  std::vector<Date> out;
  for (size_t k = 0; k + 2 < runs.size(); ++k) {
    const Run &d = runs[k], &m = runs[k + 1], &y = runs[k + 2];
    char s1 = sep(d, m), s2 = sep(m, y);
    if (d.len <= 2 && m.len <= 2 && y.len == 4 && s1 && s1 == s2 && is_valid_date(y.value, m.value, d.value)) {
      out.push_back(Date{y.value, m.value, d.value});
      k += 2;
    }
  }
  return out;
}

std::string range_key(const Date& from, const Date& to) { return to_iso(from) + ".." + to_iso(to); }

}  // namespace

Period submission_period(const Rubric* r, std::string_view entered) {
  Period p;
  entered = trim(entered);
  if (entered.empty()) {
    if (!r) return p;
    if (r->period_from && r->period_to) p.key = range_key(*r->period_from, *r->period_to);
    else p.key = "year:" + std::to_string(r->year);
    p.label = !r->period_text.empty() ? r->period_text : std::to_string(r->year);
    return p;
  }
  p.label = std::string(entered);
  auto dates = dates_in(entered);
  if (dates.size() == 2) {
    p.key = range_key(dates[0], dates[1]);
    return p;
  }
  std::string folded = ascii_fold(entered), compact, spaced;
  for (char c : folded) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) compact += c;
    if (space && (spaced.empty() || spaced.back() == ' ')) continue;
    spaced += space ? ' ' : c;
  }
  while (!spaced.empty() && spaced.back() == ' ') spaced.pop_back();
  std::string_view y = compact;
  if (y.rfind("nam", 0) == 0) y.remove_prefix(3);
  if (y.size() == 4 && y.find_first_not_of("0123456789") == std::string_view::npos) {
    p.key = "year:" + std::string(y);
    return p;
  }
  p.key = "text:" + spaced;
  return p;
}

}  // namespace cds
