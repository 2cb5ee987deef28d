// Deadlines and periods (cds/model/deadline.hpp). Every expected instant is computed by hand from
// the printed text: NQ57 (Nhựt Thành 2026) prints "trước 09 giờ, ngày 19/6/2026", Vietnam time.
// 2026-01-01 is day 20454 since 1970-01-01 (18262 for 2020-01-01 + 366 + 3 × 365 + 366 + 365);
// 19 June is day 170 of 2026 (31+28+31+30+31 = 151, + 19), so 2026-06-19 is day 20623 and
// 09:00 +07:00 is 02:00 UTC: 20623 × 86400 + 7200 = 1781834400.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "cds/base/crypto.hpp"
#include "cds/model/deadline.hpp"
#include "cds/office/aggregate.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

constexpr long long kNq57Deadline = 1781834400;  // 2026-06-19T09:00:00+07:00

// Seconds since 1970 of a Vietnam wall-clock time on a day of June 2026.
long long vn_june(int day, int h, int m, int s = 0) { return (20623 + (day - 19)) * 86400LL + (h - 7) * 3600LL + m * 60LL + s; }

const Rubric& nq57() {
  static const Rubric r = *load_rubric(testutil::slurp("assets/rubrics/nhuthanh-2026-nq57.json")).rubric;
  return r;
}

}  // namespace

TEST(Deadline, PrintedDeadlineIsVietnamTime) {
  auto d = parse_deadline("2026-06-19T09:00");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->at, kNq57Deadline);
  EXPECT_FALSE(d->whole_day);
  // The same instant written with an offset, in UTC, or with seconds.
  EXPECT_EQ(parse_deadline("2026-06-19T09:00:00+07:00")->at, kNq57Deadline);
  EXPECT_EQ(parse_deadline("2026-06-19T02:00Z")->at, kNq57Deadline);
  EXPECT_EQ(parse_deadline("2026-06-19T09:00:00")->at, kNq57Deadline);
  // An explicit other offset is honoured: 09:00 in UTC is 16:00 in Vietnam.
  EXPECT_EQ(parse_deadline("2026-06-19T09:00Z")->at, kNq57Deadline + 7 * 3600);
  EXPECT_EQ(vn_june(19, 9, 0), kNq57Deadline);
}

TEST(Deadline, BundledRubricDeadlineMatchesItsPrintedText) {
  const Rubric& r = nq57();
  EXPECT_EQ(r.deadline_text, "trước 09 giờ, ngày 19/6/2026");
  auto d = rubric_deadline(r);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->at, kNq57Deadline);
  EXPECT_EQ(iso_at_offset(d->at), "2026-06-19T09:00:00+07:00");
}

TEST(Deadline, BeforeNineMeansNineIsLate) {
  Deadline d = *parse_deadline("2026-06-19T09:00");
  EXPECT_FALSE(is_late(d, vn_june(19, 8, 59, 59)));  // just below
  EXPECT_TRUE(is_late(d, vn_june(19, 9, 0, 0)));      // at: "trước 09 giờ" — 09:00:00 is not before 9
  EXPECT_TRUE(is_late(d, vn_june(19, 9, 0, 1)));      // just above
  // Signed times as submissions write them; fractions of a second are dropped.
  EXPECT_FALSE(is_late(d, *parse_instant("2026-06-19T08:59:59.999+07:00")));
  EXPECT_TRUE(is_late(d, *parse_instant("2026-06-19T02:00:00Z")));
  EXPECT_FALSE(is_late(d, *parse_instant("2026-06-19T01:59:59Z")));
  EXPECT_EQ(lateness_text(d, vn_june(19, 8, 59, 59), Lang::Vi), "Đúng hạn");
  EXPECT_EQ(lateness_text(d, vn_june(19, 9, 0, 0), Lang::Vi), "Muộn dưới 1 phút");
  EXPECT_EQ(lateness_text(d, vn_june(19, 10, 5, 30), Lang::Vi), "Muộn 1 giờ 5 phút");
  EXPECT_EQ(lateness_text(d, vn_june(19, 10, 5, 30), Lang::En), "Late by 1 hour 5 minutes");
  EXPECT_EQ(lateness_text(d, vn_june(18, 9, 0), Lang::En), "On time");
}

TEST(Deadline, DateAloneIsTheWholeDay) {
  auto d = parse_deadline("2026-06-19");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->whole_day);
  EXPECT_EQ(d->at, vn_june(20, 0, 0));  // the next midnight, Vietnam time
  EXPECT_FALSE(is_late(*d, vn_june(19, 23, 59, 59)));
  EXPECT_TRUE(is_late(*d, vn_june(20, 0, 0, 0)));
  EXPECT_EQ(deadline_when(*d, DisplayClock{}, Lang::Vi), "hết ngày 19/06/2026");
  EXPECT_EQ(deadline_when(*d, DisplayClock{}, Lang::En), "end of 19/06/2026");
}

TEST(Deadline, WhatDoesNotParseIsNoDeadline) {
  for (const char* bad : {"", "19/6/2026", "2026-06-31T09:00", "2026-06-19T25:00", "2026-06-19T09:00+07", "2026-06-19T09:00+07:00 x",
                          "2026-6-19", "trước 09 giờ", "2026-06-19T09:60", "2026-02-29"})
    EXPECT_FALSE(parse_deadline(bad)) << bad;
  Rubric r = nq57();
  r.deadline_at = "19/6/2026 09:00";
  EXPECT_FALSE(rubric_deadline(r));
  EXPECT_FALSE(deadline_status(r, vn_june(1, 0, 0)));  // the app shows nothing rather than garbage
  r.deadline_at.clear();
  EXPECT_FALSE(deadline_status(r, vn_june(1, 0, 0)));
}

TEST(Deadline, LintRefusesADeadlineThatDoesNotParse) {
  auto codes = [](const Rubric& r) {
    std::string s;
    for (const auto& m : lint(r))
      if (m.severity == Severity::Error) s += m.code + " ";
    return s;
  };
  Rubric r = nq57();
  EXPECT_EQ(codes(r).find("lint.deadline"), std::string::npos);
  r.deadline_at = "2026-06-19 9h";
  EXPECT_NE(codes(r).find("lint.deadline"), std::string::npos);
  r = nq57();
  r.period_to = Date{2025, 6, 30};
  EXPECT_NE(codes(r).find("lint.period"), std::string::npos);
}

TEST(Deadline, CountdownInTheFormHeader) {
  const Rubric& r = nq57();
  DisplayClock vn;
  auto s = deadline_status(r, vn_june(16, 5, 0), vn);  // 3 days 4 hours before
  ASSERT_TRUE(s);
  EXPECT_EQ(s->phase, DeadlinePhase::Open);
  EXPECT_EQ(s->seconds, (3 * 24 + 4) * 3600);
  EXPECT_EQ(deadline_line(*s, vn, Lang::Vi), "Còn 3 ngày 4 giờ đến hạn nộp (09:00 19/06/2026)");
  EXPECT_EQ(deadline_line(*s, vn, Lang::En), "3 days 4 hours left until the deadline (09:00 19/06/2026)");
  // The evening before is not "today" yet.
  s = deadline_status(r, vn_june(18, 23, 59, 59), vn);
  EXPECT_EQ(s->phase, DeadlinePhase::Open);
  EXPECT_EQ(deadline_line(*s, vn, Lang::Vi), "Còn 9 giờ đến hạn nộp (09:00 19/06/2026)");
  // Midnight of the day: due today.
  s = deadline_status(r, vn_june(19, 0, 0), vn);
  EXPECT_EQ(s->phase, DeadlinePhase::DueToday);
  s = deadline_status(r, vn_june(19, 6, 30), vn);
  EXPECT_EQ(deadline_line(*s, vn, Lang::Vi), "Hôm nay là hạn nộp: còn 2 giờ 30 phút (trước 09:00 19/06/2026)");
  EXPECT_EQ(deadline_line(*s, vn, Lang::En), "Due today: 2 hours 30 minutes left (before 09:00 19/06/2026)");
  s = deadline_status(r, vn_june(19, 8, 59, 59), vn);
  EXPECT_EQ(s->phase, DeadlinePhase::DueToday);
  EXPECT_EQ(deadline_line(*s, vn, Lang::Vi), "Hôm nay là hạn nộp: còn dưới 1 phút (trước 09:00 19/06/2026)");
  // At 09:00:00 it is over.
  s = deadline_status(r, vn_june(19, 9, 0), vn);
  EXPECT_EQ(s->phase, DeadlinePhase::Late);
  EXPECT_EQ(s->seconds, 0);
  s = deadline_status(r, vn_june(21, 9, 0), vn);
  EXPECT_EQ(deadline_line(*s, vn, Lang::Vi), "Đã quá hạn nộp 2 ngày (09:00 19/06/2026)");
  s = deadline_status(r, vn_june(21, 10, 0), vn);
  EXPECT_EQ(deadline_line(*s, vn, Lang::Vi), "Đã quá hạn nộp 2 ngày 1 giờ (09:00 19/06/2026)");
  EXPECT_EQ(deadline_line(*s, vn, Lang::En), "Past the deadline by 2 days 1 hour (09:00 19/06/2026)");
  // A reader in UTC sees the same instant at their offset.
  DisplayClock utc{0};
  EXPECT_EQ(deadline_when(s->deadline, utc, Lang::Vi), "02:00 19/06/2026");
}

TEST(Deadline, Durations) {
  EXPECT_EQ(duration_text(0, Lang::Vi), "dưới 1 phút");
  EXPECT_EQ(duration_text(59, Lang::Vi), "dưới 1 phút");
  EXPECT_EQ(duration_text(60, Lang::Vi), "1 phút");
  EXPECT_EQ(duration_text(3600, Lang::Vi), "1 giờ");
  EXPECT_EQ(duration_text(86400 + 3599, Lang::Vi), "1 ngày");
  EXPECT_EQ(duration_text(86400, Lang::En), "1 day");
  EXPECT_EQ(duration_text(2 * 3600 + 5 * 60, Lang::En), "2 hours 5 minutes");
  EXPECT_EQ(duration_text(61, Lang::En), "1 minute");
}

TEST(Period, SameDatesSamePeriod) {
  const Rubric& r = nq57();
  Period own = submission_period(&r, "");
  EXPECT_EQ(own.key, "2025-07-01..2026-06-18");
  EXPECT_EQ(own.label, "từ ngày 01/7/2025 đến ngày 18/6/2026");
  EXPECT_EQ(submission_period(&r, "01/7/2025 – 18/6/2026").key, own.key);
  EXPECT_EQ(submission_period(&r, " từ ngày 01/07/2025 đến ngày 18/06/2026 ").key, own.key);
  EXPECT_EQ(submission_period(&r, "01.7.2025-18.6.2026").key, own.key);
  EXPECT_EQ(submission_period(&r, "01/7/2025 – 18/6/2026").label, "01/7/2025 – 18/6/2026");
  EXPECT_NE(submission_period(&r, "01/7/2026 – 18/6/2027").key, own.key);
  EXPECT_EQ(submission_period(&r, "01/7/2026 – 18/6/2027").key, "2026-07-01..2027-06-18");
  EXPECT_EQ(submission_period(&r, "2025").key, "year:2025");  // a year is not the rubric's dates
  EXPECT_EQ(submission_period(nullptr, "").key, "");
}

TEST(Period, YearsAndFreeText) {
  Rubric r = *load_rubric(testutil::slurp("assets/rubrics/soctrang-2023-thidua-xa.json")).rubric;
  ASSERT_FALSE(r.period_from);
  EXPECT_EQ(submission_period(&r, "").key, "year:2023");
  EXPECT_EQ(submission_period(&r, "").label, "2023");
  EXPECT_EQ(submission_period(&r, "2023").key, "year:2023");
  EXPECT_EQ(submission_period(&r, "Năm 2023").key, "year:2023");
  EXPECT_EQ(submission_period(&r, "năm  2024").key, "year:2024");
  Period h1 = submission_period(&r, "6 tháng đầu năm 2023");
  EXPECT_EQ(h1.key, "text:6 thang dau nam 2023");
  EXPECT_EQ(submission_period(&r, "  6 THÁNG đầu   năm 2023 ").key, h1.key);
  EXPECT_NE(submission_period(&r, "6 tháng cuối năm 2023").key, h1.key);
}

// The office: one counted submission per unit, rubric and period, whatever the order of the files;
// late by signed and by receipt time, both kept.
namespace {

std::string nq57_submission(const std::string& code, const std::string& period, const std::string& created) {
  static const std::string bytes = testutil::slurp("assets/rubrics/nhuthanh-2026-nq57.json");
  Answers a = *load_answers(testutil::slurp("tests/golden/nhuthanh-2026-nq57/mixed.answers.json")).answers;
  a.unit.code = code;
  a.unit.name = "UBND " + code;
  a.period = period;
  std::string seed(32, 'd');
  Json part = build_signed_part(nq57(), sha256_hex(bytes), a, created, "0.1.0");
  return submission_to_text(*make_submission(part, keypair_from_seed(seed)));
}

}  // namespace

TEST(Period, OneCountedFilePerUnitRubricAndPeriodInAnyOrder) {
  crypto_init();
  const std::string bytes = testutil::slurp("assets/rubrics/nhuthanh-2026-nq57.json");
  auto rubric = std::make_shared<Rubric>(nq57());
  std::vector<KnownRubric> known = {KnownRubric{rubric, sha256_hex(bytes)}};
  struct In {
    std::string name, text, received;
  };
  std::vector<In> files = {
      {"a-old.json", nq57_submission("XA-A", "", "2026-06-10T08:00:00+07:00"), "2026-06-10T08:05:00+07:00"},
      {"a.json", nq57_submission("XA-A", "01/7/2025 – 18/6/2026", "2026-06-19T08:59:59+07:00"), "2026-06-19T09:00:00+07:00"},
      {"a-next.json", nq57_submission("XA-A", "01/7/2026 – 18/6/2027", "2027-06-01T08:00:00+07:00"), ""},
      {"b.json", nq57_submission("XA-B", "", "2026-06-19T09:00:00+07:00"), "2026-06-19T08:00:00+07:00"},
  };
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    std::shuffle(files.begin(), files.end(), rng);
    Aggregator agg(known, std::nullopt);
    for (const auto& f : files) {
      CheckedFile c = agg.check_file(f.name, f.text);
      c.record.set_received(f.received, ReceiptSource::Given);
      agg.add(std::move(c));
    }
    AggregateResult res = agg.finish();
    std::map<std::string, const IntakeRecord*> by;
    for (const auto& r : res.records) by[r.file] = &r;
    ASSERT_EQ(by.size(), 4u);
    EXPECT_EQ(by["a-old.json"]->status, IntakeStatus::Superseded) << round;
    EXPECT_EQ(by["a-old.json"]->counted_file, "a.json");
    EXPECT_EQ(by["a.json"]->status, IntakeStatus::Valid);
    EXPECT_EQ(by["a-next.json"]->status, IntakeStatus::Valid);
    EXPECT_EQ(by["b.json"]->status, IntakeStatus::Valid);
    // Two groups for the one rubric: this period (A and B) and the next (A).
    ASSERT_EQ(res.rubrics.size(), 2u);
    std::multiset<size_t> sizes = {res.rubrics[0].ranking.size(), res.rubrics[1].ranking.size()};
    EXPECT_EQ(sizes, (std::multiset<size_t>{1, 2}));
    // A: signed 08:59:59 on time, received 09:00:00 late. B: signed 09:00:00 late, received 08:00 on time.
    EXPECT_EQ(by["a.json"]->late_signed(), std::optional<bool>(false));
    EXPECT_EQ(by["a.json"]->late_received(), std::optional<bool>(true));
    EXPECT_EQ(by["b.json"]->late_signed(), std::optional<bool>(true));
    EXPECT_EQ(by["b.json"]->late_received(), std::optional<bool>(false));
    EXPECT_EQ(by["b.json"]->received_source, ReceiptSource::Given);
    // The next period: no deadline known, no receipt time given.
    EXPECT_FALSE(by["a-next.json"]->deadline);
    EXPECT_FALSE(by["a-next.json"]->late_signed());
    EXPECT_EQ(by["a-next.json"]->received_source, ReceiptSource::Unknown);
    EXPECT_EQ(res.counts.late_signed, 1);
    EXPECT_EQ(res.counts.late_received, 1);
    auto cells = intake_deadline_cells(*by["b.json"], Lang::Vi);
    EXPECT_EQ(cells[3], "2026-06-19T09:00:00+07:00");
    EXPECT_EQ(cells[4], "Muộn dưới 1 phút");
    EXPECT_EQ(cells[5], "Đúng hạn");
  }
}
