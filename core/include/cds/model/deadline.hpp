// cds/model/deadline.hpp — a rubric's deadline as an instant, how far "now" is from it, and the
// reporting period a submission is for (docs/rubric-format.md, "Period and deadline").
//
// Deadlines. `deadline.at` is written as the documents print it, usually without a UTC offset
// ("2026-06-19T09:00" for "trước 09 giờ, ngày 19/6/2026"). These documents are Vietnamese, so a
// time without an offset is Vietnam time, UTC+07:00 (no daylight saving); an explicit offset or
// "Z" is honoured. A date alone ("2026-06-20") means the whole of that day in Vietnam: the
// deadline is the next midnight, +07:00. Whatever the form, a moment is on time when it is
// strictly before the deadline instant: "trước 09 giờ" (before 9 o'clock) makes 09:00:00 late and
// 08:59:59 on time (fractions of a second are dropped, as parse_instant does).
//
// Periods. A submission's period is what its answers say (`answers.period`, free text), or the
// rubric's own period when left empty. Two texts name the same period when they give the same two
// dates ("01/7/2025 – 18/6/2026" = "từ ngày 01/7/2025 đến ngày 18/6/2026" = the rubric's from/to)
// or the same bare year ("2023" = "Năm 2023"); any other text is compared folded (case, accents and
// spacing ignored). The office counts one submission per unit, rubric and period.
//
// Not provided: clocks. Callers pass "now" as seconds since 1970 (UTC).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cds/base/message.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/rubric.hpp"

namespace cds {

inline constexpr int kVietnamOffsetMinutes = 7 * 60;

struct Deadline {
  long long at = 0;        // the first second that is late (seconds since 1970, UTC)
  bool whole_day = false;  // written as a date alone: late from the next midnight
};

// "2026-06-19T09:00" (Vietnam time), "2026-06-19T09:00:00+07:00", "2026-06-19" (the whole day);
// nullopt for anything else (the linter reports it; the app then shows no countdown).
std::optional<Deadline> parse_deadline(std::string_view at);
// The rubric's deadline, when it declares one that parses.
std::optional<Deadline> rubric_deadline(const Rubric& r);

// A moment is late when it is not strictly before the deadline.
inline bool is_late(const Deadline& d, long long t) { return t >= d.at; }

enum class DeadlinePhase { Open, DueToday, Late };
struct DeadlineStatus {
  Deadline deadline;
  DeadlinePhase phase = DeadlinePhase::Open;
  long long seconds = 0;  // Open/DueToday: seconds left (> 0); Late: seconds past the deadline (>= 0)
};
// Where `now` stands against the rubric's deadline; nullopt when it has none (or one that does not
// parse). DueToday: not yet late, and the last on-time second falls on today's date at the
// reader's offset.
std::optional<DeadlineStatus> deadline_status(const Rubric& r, long long now, const DisplayClock& clock = {});

// "3 ngày 4 giờ", "5 giờ 20 phút", "12 phút", "dưới 1 phút" (English: "3 days 4 hours" …); whole
// units, rounded down.
std::string duration_text(long long seconds, Lang lang);
// "09:00 19/06/2026" at the reader's offset; "hết ngày 19/06/2026" / "end of 19/06/2026" for a
// whole-day deadline.
std::string deadline_when(const Deadline& d, const DisplayClock& clock, Lang lang);
// The form's header: "Còn 3 ngày 4 giờ đến hạn nộp (09:00 19/06/2026)", "Hôm nay là hạn nộp: còn
// 2 giờ 30 phút (trước 09:00 19/06/2026)", "Đã quá hạn nộp 2 ngày (09:00 19/06/2026)".
std::string deadline_line(const DeadlineStatus& s, const DisplayClock& clock, Lang lang);
// For intake: "Đúng hạn" / "Muộn 1 giờ 5 phút" (On time / Late by 1 hour 5 minutes).
std::string lateness_text(const Deadline& d, long long t, Lang lang);
// An instant written as RFC 3339 at an offset: "2026-06-19T09:00:00+07:00".
std::string iso_at_offset(long long t, int utc_offset_minutes = kVietnamOffsetMinutes);

struct Period {
  std::string key;    // what compares: "2025-07-01..2026-06-18", "year:2023", "text:6 thang dau nam 2025"
  std::string label;  // what people read: the text as entered, or the rubric's period text
};
// The period of a submission made with rubric `r` (nullptr: unknown rubric) whose answers say
// `entered` ("" = the rubric's own period; a rubric without one is its year).
Period submission_period(const Rubric* r, std::string_view entered);

}  // namespace cds
