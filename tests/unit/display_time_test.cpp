// Times shown to people: an RFC 3339 instant as "dd/mm/yyyy HH:mm" at the offset the caller passes;
// hostile text comes back as written. Expectations are computed here by plain minute-by-minute
// calendar arithmetic, independent of the library's day-count algorithms.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "cds/base/vnformat.hpp"
#include "cds/model/report.hpp"
#include "cds/office/aggregate.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

struct Civil {
  int y, mo, d, h, mi;
};

int dim(int y, int m) {
  static const int k[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : k[m - 1];
}

// Adds `minutes` (may be negative) by carrying through hours, days, months and years.
Civil shift(Civil c, long minutes) {
  long total = c.mi + minutes;
  long carry_h = total >= 0 ? total / 60 : -((-total + 59) / 60);
  c.mi = static_cast<int>(total - carry_h * 60);
  long th = c.h + carry_h;
  long carry_d = th >= 0 ? th / 24 : -((-th + 23) / 24);
  c.h = static_cast<int>(th - carry_d * 24);
  for (; carry_d > 0; --carry_d)
    if (++c.d > dim(c.y, c.mo)) {
      c.d = 1;
      if (++c.mo > 12) c.mo = 1, ++c.y;
    }
  for (; carry_d < 0; ++carry_d)
    if (--c.d < 1) {
      if (--c.mo < 1) c.mo = 12, --c.y;
      c.d = dim(c.y, c.mo);
    }
  return c;
}

std::string offset_text(int minutes) {
  if (minutes == 0) return "Z";
  char buf[8];
  int a = minutes < 0 ? -minutes : minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::string iso(const Civil& c, int offset) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:17", c.y, c.mo, c.d, c.h, c.mi);
  return buf + offset_text(offset);
}

std::string shown(const Civil& c) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", c.d, c.mo, c.y, c.h, c.mi);
  return buf;
}

}  // namespace

TEST(DisplayTime, AtTheReadersOffset) {
  EXPECT_EQ(format_instant("2026-11-23T08:15:00+07:00", 7 * 60), "23/11/2026 08:15");
  EXPECT_EQ(format_instant("2026-11-23T08:15:00+07:00", 0), "23/11/2026 01:15");
  EXPECT_EQ(format_instant("2026-12-31T20:30:00Z", 7 * 60), "01/01/2027 03:30");
  EXPECT_EQ(format_instant("2024-03-01T02:00:00+07:00", 0), "29/02/2024 19:00");
  EXPECT_EQ(format_instant("2024-03-01T02:00:00+07:00", -5 * 60), "29/02/2024 14:00");
  EXPECT_EQ(format_instant("2026-11-23T08:15:59.999+07:00", 7 * 60), "23/11/2026 08:15");  // minutes are not rounded up
  EXPECT_EQ(format_instant("2026-11-23T08:15+07:00", 7 * 60), "23/11/2026 08:15");
  DisplayClock vn;
  EXPECT_EQ(format_instant("2026-11-23T01:15:00Z", vn), "23/11/2026 08:15");  // Vietnam unless told otherwise
  DisplayClock india{5 * 60 + 30};
  EXPECT_EQ(format_instant("2026-11-23T01:15:00Z", india), "23/11/2026 06:45");
}

TEST(DisplayTime, EveryOffsetAcrossMonthAndYearEnds) {
  // Instants written at one offset, shown at another: the wall clock moves by the difference.
  const Civil starts[] = {{2024, 2, 28, 22, 50}, {2023, 12, 31, 23, 59}, {2026, 1, 1, 0, 0}, {2100, 2, 28, 23, 0}, {2000, 2, 29, 1, 5}};
  const int offsets[] = {-12 * 60, -9 * 60 - 30, -5 * 60, 0, 5 * 60 + 45, 7 * 60, 9 * 60 + 30, 14 * 60};
  int checked = 0;
  for (const Civil& start : starts)
    for (long step = 0; step < 3 * 24 * 60; step += 97) {
      Civil written = shift(start, step);
      for (int from : offsets)
        for (int to : offsets) {
          std::string text = iso(written, from);
          EXPECT_EQ(format_instant(text, to), shown(shift(written, to - from))) << text << " at " << to;
          ++checked;
        }
    }
  EXPECT_GT(checked, 10000);
}

TEST(DisplayTime, HostileTextIsShownAsWritten) {
  const char* raw[] = {"2026-11-23T08:15:00",          // no offset: not an instant
                       "0000-01-01T00:00:00Z",         // year 0000
                       "9999-12-31T23:59:60+14:00",    // the last leap second there could be
                       "2026-02-30T10:00:00Z",         // no such day
                       "2026-11-23T24:00:00Z",
                       "2026-11-23T08:15:00+24:00",
                       "2026-11-23T08:15:00+07:00 ",   // something after it
                       "",
                       "hôm qua",
                       "2026-11-23T08:15:00+07:0",
                       "20261123T081500Z",
                       "2026-11-23",
                       "-2026-11-23T08:15:00Z"};
  for (const char* t : raw) EXPECT_EQ(format_instant(t, 7 * 60), t) << t;
  // Bytes that are not text at all, and a very long string.
  std::string nul("2026-11-23T08:15:00\0Z", 21);
  EXPECT_EQ(format_instant(nul, 0), nul);
  std::string longer(100000, '9');
  EXPECT_EQ(format_instant(longer, 0), longer);
  // An offset no place on earth has: the text as written, not a made-up time.
  EXPECT_EQ(format_instant("2026-11-23T08:15:00+07:00", 100000), "2026-11-23T08:15:00+07:00");
  EXPECT_EQ(format_instant("2026-11-23T08:15:00+07:00", -100000), "2026-11-23T08:15:00+07:00");
}

TEST(DisplayTime, AsWrittenKeepsTheWritersClock) {
  EXPECT_EQ(written_offset_minutes("2026-11-20T08:30:00+07:00"), 7 * 60);
  EXPECT_EQ(written_offset_minutes("2026-11-20T01:30:00Z"), 0);
  EXPECT_EQ(written_offset_minutes("2026-11-20T01:30:00z"), 0);
  EXPECT_EQ(written_offset_minutes("2026-11-20T03:00:00+05:30"), 5 * 60 + 30);
  EXPECT_EQ(written_offset_minutes("2026-11-19T15:00:00-09:30"), -(9 * 60 + 30));
  EXPECT_EQ(written_offset_minutes("2026-11-20T08:30+07:00"), 7 * 60);
  EXPECT_EQ(written_offset_minutes("2026-11-20T08:30:00.5-00:00"), 0);
  for (const char* bad :
       {"", "2026-11-20T08:30:00", "2026-11-20T08:30:00+0700", "2026-11-20T08:30:00+07:00 ", "hôm qua", "+07:00"})
    EXPECT_FALSE(written_offset_minutes(bad).has_value()) << bad;

  // Vietnam's own offset is not said; any other is, so the same instant never reads as two times.
  EXPECT_EQ(format_instant_as_written("2026-11-20T08:30:00+07:00"), "20/11/2026 08:30");
  EXPECT_EQ(format_instant_as_written("2026-11-20T01:30:00Z"), "20/11/2026 01:30 (UTC)");
  EXPECT_EQ(format_instant_as_written("2026-11-20T07:00:00+05:30"), "20/11/2026 07:00 (UTC+05:30)");
  EXPECT_EQ(format_instant_as_written("2026-11-19T15:00:00-09:30"), "19/11/2026 15:00 (UTC-09:30)");
  EXPECT_EQ(format_instant_as_written("2016-12-31T23:59:60Z"), "31/12/2016 23:59 (UTC)");
  EXPECT_EQ(format_instant_as_written("2026-11-20T08:30:00+18:00"), "20/11/2026 08:30 (UTC+18:00)");
  // Beyond ±18:00 no place has it: the text as written, its offset not said twice.
  for (const char* raw : {"2026-11-20T08:30:00", "", "hôm qua", "2026-11-20T08:30:00+24:00",
                          "2026-11-20T08:30:00+20:00", "2026-11-20T08:30:00-18:01", "2026-02-30T10:00:00+07:00"})
    EXPECT_EQ(format_instant_as_written(raw), raw) << raw;
}

TEST(DisplayTime, ALeapSecondShowsTheMinuteItEnds) {
  EXPECT_EQ(format_instant("2016-12-31T23:59:60Z", 0), "31/12/2016 23:59");
  EXPECT_EQ(format_instant("2016-12-31T23:59:60Z", 7 * 60), "01/01/2017 06:59");
  EXPECT_EQ(format_instant("2017-01-01T06:59:60+07:00", 7 * 60), "01/01/2017 06:59");
}

TEST(DisplayTime, CivilFromDaysInvertsDaysFromCivil) {
  for (int y : {1900, 1969, 1970, 2000, 2024, 2100, 2200})
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= dim(y, m); ++d) {
        Date dt{y, m, d};
        EXPECT_EQ(civil_from_days(days_from_civil(dt)), dt) << y << "-" << m << "-" << d;
      }
}

TEST(DisplayTime, PrintedReportShowsLocalTime) {
  auto r = *load_rubric(testutil::slurp("assets/rubrics/soctrang-2023-thidua-tinh.json")).rubric;
  auto a = answers_template(r);
  auto s = score(r, a);
  ReportInfo info;
  info.printed_at = "2026-11-23T01:15:00Z";
  info.app_version = "1";
  info.clock.utc_offset_minutes = 7 * 60;
  std::string html = self_assessment_html(r, a, s, Lang::Vi, info);
  EXPECT_NE(html.find("23/11/2026 08:15"), std::string::npos);
  EXPECT_EQ(html.find("2026-11-23T"), std::string::npos);
  info.printed_at = "23/11/2026 08:15";  // already written for people: as is
  EXPECT_NE(self_assessment_html(r, a, s, Lang::Vi, info).find("23/11/2026 08:15"), std::string::npos);
}
