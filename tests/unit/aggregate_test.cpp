// The receiving office: intake classification, cross-unit criteria, ties, appraisals, reports.
#include <gtest/gtest.h>

#include <regex>

#include <algorithm>
#include <random>
#include <set>

#include "cds/office/aggregate.hpp"
#include "cds/office/aggregate_workbook.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/signing/appraisal_view.hpp"
#include "cds/base/crypto.hpp"
#include "cds/model/report.hpp"
#include "cds/base/text.hpp"
#include "test_util.hpp"

using namespace cds;
using testutil::n;

namespace {

struct RubricFile {
  std::shared_ptr<Rubric> rubric;
  std::string bytes, sha;
};

RubricFile rubric_file(const std::string& path) {
  RubricFile f;
  f.bytes = testutil::slurp(path);
  f.rubric = std::make_shared<Rubric>(*load_rubric(f.bytes).rubric);
  f.sha = sha256_hex(f.bytes);
  return f;
}

const RubricFile& tinh() {
  static RubricFile f = rubric_file("assets/rubrics/soctrang-2023-thidua-tinh.json");
  return f;
}
const RubricFile& vinhlong() {
  static RubricFile f = rubric_file("assets/rubrics/vinhlong-2025-dti-tinh.json");
  return f;
}

KeyPair key(int i) {
  std::string seed(32, '\0');
  seed[0] = static_cast<char>(i);
  seed[1] = 'k';
  return keypair_from_seed(seed);
}

Answers base_answers(const std::string& code, const std::string& name) {
  Answers a = *load_answers(testutil::slurp("tests/golden/soctrang-2023-thidua-tinh/mixed.answers.json")).answers;
  a.unit.code = code;
  a.unit.name = name;
  return a;
}

std::string submission(const RubricFile& r, const Answers& a, const std::string& created, const KeyPair& k) {
  Json part = build_signed_part(*r.rubric, r.sha, a, created, "0.1.0");
  return submission_to_text(*make_submission(part, k));
}

TrustList trust_for(const std::vector<std::tuple<std::string, std::string, int>>& units, const std::vector<int>& appraisers = {}) {
  Json t = {{"format", "cds-trust/1"}, {"units", Json::array()}};
  for (const auto& [code, name, k] : units) {
    Json keys = Json::array();
    if (k >= 0) keys.push_back({{"public_key", to_base64(key(k).public_key)}});
    t["units"].push_back({{"code", code}, {"name", name}, {"keys", keys}});
  }
  if (!appraisers.empty()) {
    Json keys = Json::array();
    for (int k : appraisers) keys.push_back({{"public_key", to_base64(key(k).public_key)}});
    t["appraisers"] = Json::array({Json{{"code", "STTTT"}, {"name", "Sở Thông tin và Truyền thông"}, {"keys", keys}}});
  }
  auto lt = load_trust_list(t.dump());
  EXPECT_TRUE(lt.trust.has_value());
  return *lt.trust;
}

Aggregator aggregator(std::vector<const RubricFile*> rs, std::optional<TrustList> trust) {
  std::vector<KnownRubric> known;
  for (const auto* r : rs) known.push_back({r->rubric, r->sha});
  return Aggregator(known, std::move(trust));
}

const IntakeRecord& record(const AggregateResult& res, const std::string& file) {
  for (const auto& r : res.records)
    if (r.file == file) return r;
  ADD_FAILURE() << "no record " << file;
  static IntakeRecord none;
  return none;
}

const UnitResult& unit(const AggregateResult& res, const std::string& code) {
  for (const auto& u : res.units)
    if (u.unit_code == code) return u;
  ADD_FAILURE() << "no unit " << code;
  static UnitResult none;
  return none;
}

size_t crit(const Rubric& r, const std::string& id) { return static_cast<size_t>(r.criterion(id) - r.criteria.data()); }

// A tampered copy: one claimed score changed, signature kept (it no longer verifies).
std::string tamper_score(const std::string& text) {
  Json doc = *parse_json(text).doc;
  doc["signed"]["scores"]["criteria"][2]["score"] = 4;
  return submission_to_text(doc);
}

// The mixed intake used by several tests: {file name → bytes}.
std::vector<std::pair<std::string, std::string>> mixed_intake() {
  const RubricFile& r = tinh();
  Answers a1 = base_answers("SO-A", "Sở Nội vụ");
  Answers a2 = a1;
  a2.set_value("3", "ty_le", Json(95));  // the later version has a better figure
  Answers b = base_answers("SO-B", "Sở Tài chính");
  Answers c = base_answers("SO-C", "Sở Y tế");
  Answers d = base_answers("SO-D", "Sở Giáo dục và Đào tạo");
  std::string a_v1 = submission(r, a1, "2026-11-23T09:30:00+07:00", key(1));
  // 03:00Z is 10:00 in Vietnam: newer than 09:30+07:00 although its text sorts first.
  std::string a_v2 = submission(r, a2, "2026-11-23T03:00:00Z", key(1));
  return {
      {"a-v1.json", a_v1},
      {"a-v2.json", a_v2},
      {"a-v2-copy.json", a_v2},
      {"b.json", submission(r, b, "2026-11-22T15:00:00+07:00", key(2))},
      {"c-tampered.json", tamper_score(submission(r, c, "2026-11-22T16:00:00+07:00", key(3)))},
      {"d-untrusted.json", submission(r, d, "2026-11-22T17:00:00+07:00", key(99))},
      {"garbage.json", "{\"format\": \"cds-submission/1\", \"signed\": {"},
      {"note.json", "{\"hello\": \"xin chào\"}"},
  };
}

TrustList mixed_trust() {
  return trust_for({{"SO-A", "Sở Nội vụ", 1},
                    {"SO-B", "Sở Tài chính", 2},
                    {"SO-C", "Sở Y tế", 3},
                    {"SO-D", "Sở Giáo dục và Đào tạo", 4},
                    {"SO-E", "Sở Xây dựng", -1}});
}

}  // namespace

// Each text report written one step at a time through a buffer that hands on every few bytes, and
// three steps at a time, gives the bytes of the one-call writer; done() counts each step up to
// total(), one step per unit at least where a report has a part per unit, and a finished report
// writes nothing more. (The app writes the reports so, a few milliseconds per frame.)
void expect_steps_are_the_report(const AggregateResult& res, const AggregateReportInfo& info) {
  for (Lang l : {Lang::Vi, Lang::En}) {
    for (AggregateReportKind kind : {AggregateReportKind::Ranking, AggregateReportKind::Criteria, AggregateReportKind::Info,
                                     AggregateReportKind::Intake, AggregateReportKind::Json, AggregateReportKind::Html}) {
      std::string whole;
      size_t at_least = 0;  // steps
      switch (kind) {
        case AggregateReportKind::Ranking: whole = aggregate_ranking_csv(res, l); at_least = res.units.size(); break;
        case AggregateReportKind::Criteria: whole = aggregate_criteria_csv(res, l); at_least = res.units.size(); break;
        case AggregateReportKind::Info: whole = aggregate_info_csv(res, l); break;
        case AggregateReportKind::Intake: whole = aggregate_intake_csv(res, l); at_least = res.records.size(); break;
        case AggregateReportKind::Json: whole = aggregate_json_text(res, info); at_least = res.records.size() + res.units.size(); break;
        case AggregateReportKind::Html:
          whole = aggregate_html(res, l, info);
          at_least = res.units.size() <= info.max_unit_pages ? res.units.size() : 0;
          break;
      }
      SCOPED_TRACE(std::to_string(static_cast<int>(kind)) + (l == Lang::Vi ? " vi" : " en"));
      AggregateReportSteps steps(res, kind, l, info);
      EXPECT_GE(steps.total(), at_least + 1);
      std::string got;
      StrBuf out([&](std::string_view s) { got.append(s); }, 5);
      size_t calls = 0;
      while (!steps.step(out, 1)) {
        ++calls;
        EXPECT_EQ(steps.done(), calls);
        ASSERT_LE(calls, steps.total());
      }
      out.finish();
      EXPECT_EQ(steps.done(), steps.total());
      EXPECT_TRUE(steps.finished());
      EXPECT_EQ(got, whole);
      StrBuf more;
      EXPECT_TRUE(steps.step(more, 1));
      EXPECT_TRUE(more.str().empty());
      AggregateReportSteps threes(res, kind, l, info);
      StrBuf o3;
      size_t calls3 = 1;
      while (!threes.step(o3, 3)) ++calls3;
      EXPECT_EQ(o3.str(), whole);
      EXPECT_EQ(calls3, std::max<size_t>(1, (threes.total() + 2) / 3));
    }
  }
}

// aggregate_json_text writes each ranked unit on a line of its own, by hand for the criteria (the
// bulk); every such line must be the tree's unit exactly as nlohmann dumps it.
void expect_json_text_is_the_tree(const AggregateResult& res, const AggregateReportInfo& info) {
  expect_steps_are_the_report(res, info);
  std::string text = aggregate_json_text(res, info);
  Json tree = aggregate_to_json(res, info);
  std::vector<std::string> want;
  for (const auto& g : tree["rubrics"])
    for (const auto& u : g["ranking"]) want.push_back(u.dump(-1, ' ', false, Json::error_handler_t::replace));
  std::vector<std::string> got;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    std::string line = text.substr(at, end - at);
    at = end == std::string::npos ? text.size() : end + 1;
    if (line.rfind("      {", 0) != 0) continue;
    line = line.substr(6);
    if (!line.empty() && line.back() == ',') line.pop_back();
    got.push_back(line);
  }
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << i;
  // The files, one per line after "files": each is the tree's dump too.
  size_t from = text.find("  \"files\": [\n");
  ASSERT_EQ(from == std::string::npos, tree["files"].empty());
  if (from == std::string::npos) return;
  from = text.find('\n', from) + 1;
  for (const auto& f : tree["files"]) {
    size_t end = text.find('\n', from);
    std::string line = text.substr(from, end - from);
    from = end + 1;
    if (!line.empty() && line.back() == ',') line.pop_back();
    EXPECT_EQ(line, "    " + f.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
}

TEST(ParseInstant, OffsetsAndErrors) {
  EXPECT_EQ(parse_instant("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_instant("1970-01-01T07:00:00+07:00"), 0);
  EXPECT_EQ(parse_instant("2026-11-23T03:00:00Z"), parse_instant("2026-11-23T10:00:00+07:00"));
  EXPECT_EQ(*parse_instant("2026-11-23T10:00:01.250+07:00") - *parse_instant("2026-11-23T10:00:00+07:00"), 1);
  EXPECT_EQ(parse_instant("2026-11-23T10:00+07:00"), parse_instant("2026-11-23T10:00:00+07:00"));
  EXPECT_EQ(*parse_instant("2024-03-01T00:00:00Z") - *parse_instant("2024-02-28T00:00:00Z"), 2 * 86400);  // leap year
  for (const char* bad : {"", "2026-11-23", "2026-11-23T10:00:00", "2026-02-30T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T10:00:00+0700",
                          "2026-11-23T10:00:00Zjunk", "23/11/2026 10:00"})
    EXPECT_FALSE(parse_instant(bad).has_value()) << bad;
}

TEST(Intake, ClassifiesAMixedSet) {
  Aggregator agg = aggregator({&tinh()}, mixed_trust());
  for (const auto& [name, bytes] : mixed_intake()) agg.add_file(name, bytes);
  AggregateResult res = agg.finish();

  EXPECT_EQ(record(res, "a-v2.json").status, IntakeStatus::Valid);
  EXPECT_EQ(record(res, "a-v1.json").status, IntakeStatus::Superseded);
  EXPECT_EQ(record(res, "a-v1.json").counted_file, "a-v2.json");
  // The newer file's signing time for people, its offset said since it is not Vietnam's.
  const auto& why = record(res, "a-v1.json").problems;
  ASSERT_FALSE(why.empty());
  EXPECT_EQ(why.back().vi,
            "Đơn vị đã nộp bản mới hơn (ký 23/11/2026 03:00 (UTC), tệp a-v2.json); bản này không được tính");
  EXPECT_EQ(
      why.back().en,
      "The unit sent a newer submission (signed 23/11/2026 03:00 (UTC), file a-v2.json); this one does not count");
  EXPECT_EQ(record(res, "a-v2-copy.json").status, IntakeStatus::Duplicate);
  EXPECT_EQ(record(res, "a-v2-copy.json").counted_file, "a-v2.json");
  EXPECT_EQ(record(res, "b.json").status, IntakeStatus::Valid);
  const IntakeRecord& c = record(res, "c-tampered.json");
  EXPECT_EQ(c.status, IntakeStatus::Invalid);
  ASSERT_FALSE(c.problems.empty());
  bool sig = std::any_of(c.problems.begin(), c.problems.end(), [](const Message& m) { return m.code == "signature.invalid"; });
  EXPECT_TRUE(sig) << "a changed score breaks the signature";
  const IntakeRecord& d = record(res, "d-untrusted.json");
  EXPECT_EQ(d.status, IntakeStatus::Invalid);
  EXPECT_TRUE(std::any_of(d.problems.begin(), d.problems.end(), [](const Message& m) { return m.code == "trust.unknown"; }));
  EXPECT_EQ(record(res, "garbage.json").status, IntakeStatus::Invalid);
  EXPECT_EQ(record(res, "note.json").kind, FileKind::Unknown);
  EXPECT_EQ(record(res, "note.json").status, IntakeStatus::Invalid);
  EXPECT_NE(record(res, "note.json").problems.at(0).vi.find("không phải tệp bài nộp"), std::string::npos);

  EXPECT_EQ(res.counts.files, 8);
  EXPECT_EQ(res.counts.valid, 2);
  EXPECT_EQ(res.counts.invalid, 4);
  EXPECT_EQ(res.counts.superseded, 1);
  EXPECT_EQ(res.counts.duplicate, 1);
  // Missing: C (only a tampered file), D (untrusted key), E (nothing).
  ASSERT_EQ(res.missing.size(), 3u);
  EXPECT_EQ(res.missing[0].code, "SO-C");
  EXPECT_TRUE(res.missing[0].has_invalid);
  EXPECT_EQ(res.missing[2].code, "SO-E");
  EXPECT_FALSE(res.missing[2].has_invalid);
  // The counted version of A is the later one (criterion 3: 95 % of a 95 % target = 4 points).
  const UnitResult& a = unit(res, "SO-A");
  EXPECT_EQ(a.self[crit(*tinh().rubric, "3")], Num(4));
  EXPECT_EQ(res.records[a.record].file, "a-v2.json");
}

TEST(Intake, OrderOfFilesDoesNotMatter) {
  auto files = mixed_intake();
  std::string reference;
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    std::shuffle(files.begin(), files.end(), rng);
    Aggregator agg = aggregator({&tinh()}, mixed_trust());
    for (const auto& [name, bytes] : files) agg.add_file(name, bytes);
    AggregateResult res = agg.finish();
    AggregateReportInfo info{"23/11/2026 08:00", "test", "", 500};
    std::string json = aggregate_to_json(res, info).dump();
    if (round == 0) reference = json;
    EXPECT_EQ(json, reference) << "round " << round;
  }
}

// finish() a step at a time and three at a time, and finish() &&, each give `whole`'s report.json;
// one step at a time takes `steps` steps.
static void expect_steps_are_finish(Aggregator& agg, const AggregateResult& whole, size_t steps) {
  const AggregateReportInfo info{"23/11/2026 08:00", "test", "", 500};
  const std::string expected = aggregate_json_text(whole, info);
  AggregateFinishSteps one(agg);
  while (!one.step()) {
  }
  EXPECT_EQ(one.done(), steps);
  EXPECT_EQ(aggregate_json_text(one.take(), info), expected);
  AggregateFinishSteps three(agg);
  while (!three.step(3)) {
  }
  EXPECT_EQ(aggregate_json_text(three.take(), info), expected);
  EXPECT_EQ(aggregate_json_text(std::move(agg).finish(), info), expected);
}

// finish() a step at a time (as the app spreads it over frames) gives finish()'s result, byte for
// byte in its report: a mixed intake with more records and units than one step copies or builds
// (256) or fills (64), one step at a time and three at a time; the aggregator is left as it was.
TEST(Finish, StepByStepIsFinish) {
  const RubricFile& r = tinh();
  std::vector<std::pair<std::string, std::string>> files = mixed_intake();
  for (int i = 0; i < 300; ++i) {
    Answers a = base_answers("SO-X" + std::to_string(i), "Đơn vị " + std::to_string(i));
    a.set_value("3", "ty_le", Json(i % 101));
    files.emplace_back("x" + std::to_string(i) + ".json", submission(r, a, "2026-11-22T08:00:00+07:00", key(10 + i % 200)));
  }
  Aggregator agg = aggregator({&r}, std::nullopt);
  for (const auto& [name, bytes] : files) agg.add_file(name, bytes);
  const AggregateResult whole = agg.finish();
  ASSERT_EQ(whole.records.size(), 308u);
  ASSERT_EQ(whole.units.size(), 303u);  // SO-D too: no trust list here
  // 2 steps copying the records, 2 the units, 2 building their results, 2 letting the units go,
  // 5 filling columns, 8 stages.
  expect_steps_are_finish(agg, whole, 21);
}

// The same with a cross-unit criterion (Vĩnh Long 7.5) over more units than one step scores (256):
// without the office's reference (its pending reasons) and with it (every unit rescored against it).
TEST(Finish, StepByStepIsFinishWithCrossUnitCriteria) {
  const RubricFile& r = vinhlong();
  const Rubric& rub = *r.rubric;
  std::vector<std::string> files;
  for (int i = 0; i < 300; ++i) {
    Answers a = answers_template(rub);
    a.unit.code = "T-" + std::to_string(i);
    a.unit.name = "Tỉnh " + std::to_string(i);
    a.general_info["so_doanh_nghiep"] = 1000;
    if (i % 7 != 0) a.set_value("7.5", "so_ten_mien", Json(100 + (i * 37) % 1900));
    if (i % 5 != 0) a.set_value("7.5", "ty_le_cao_nhat", Json(2));  // every fifth enters no reference: pending
    files.push_back(submission(r, a, "2026-11-23T08:00:00+07:00", key(10 + i % 200)));
  }
  AggregateReferences refs;
  refs[{rub.id, "7.5"}] = AggregateReference{n("1.6"), "Bộ TT&TT"};
  for (const auto& with : {std::optional<AggregateReferences>(), std::optional<AggregateReferences>(refs)}) {
    Aggregator agg = aggregator({&r}, std::nullopt);
    if (with) agg.set_references(*with);
    for (size_t i = 0; i < files.size(); ++i) agg.add_file("t" + std::to_string(i) + ".json", files[i]);
    const AggregateResult whole = agg.finish();
    ASSERT_EQ(whole.units.size(), 300u);
    ASSERT_EQ(whole.rubrics.size(), 1u);
    ASSERT_EQ(whole.rubrics[0].cross.size(), 1u);
    EXPECT_EQ(whole.rubrics[0].cross[0].units_with_value, 300 - 43);  // i % 7 == 0: 43 of 300 without figures
    EXPECT_EQ(whole.rubrics[0].cross[0].reference.has_value(), with.has_value());
    // 2 steps copy the records, 2 the units, 2 build results, 3 take 7.5 over its 600 unit passes
    // (each unit scored, then rescored against the reference or told it is pending), 2 let the
    // units go, 5 fill columns, 7 stages.
    expect_steps_are_finish(agg, whole, 23);
  }
}

TEST(Intake, CountersignedCopyIsKeptOverTheSingleSigned) {
  const RubricFile& r = tinh();
  Answers a = base_answers("SO-A", "Sở Nội vụ");
  Json part = build_signed_part(*r.rubric, r.sha, a, "2026-11-23T08:00:00+07:00", "0.1.0");
  Json one = *make_submission(part, key(1));
  Json two = one;
  ASSERT_TRUE(add_signature(two, "head", key(5)));
  Aggregator agg = aggregator({&r}, std::nullopt);
  agg.add_file("a-signed-once.json", submission_to_text(one));
  agg.add_file("z-countersigned.json", submission_to_text(two));
  AggregateResult res = agg.finish();
  EXPECT_EQ(record(res, "z-countersigned.json").status, IntakeStatus::Valid);
  EXPECT_EQ(record(res, "a-signed-once.json").status, IntakeStatus::Duplicate);
  EXPECT_EQ(record(res, "a-signed-once.json").counted_file, "z-countersigned.json");
  EXPECT_TRUE(res.missing.empty());
  EXPECT_FALSE(res.trust_checked);
}

TEST(Ranking, TiesShareARankAndTheNextRankSkips) {
  const RubricFile& r = tinh();
  Aggregator agg = aggregator({&r}, std::nullopt);
  // Criterion 3 decides: 95 % → 4, 76 % → 3.2, 76 % → 3.2, 38 % → 1.6 (others identical).
  std::vector<std::pair<std::string, double>> units = {{"SO-W", 38}, {"SO-X", 76}, {"SO-Y", 95}, {"SO-Z", 76}};
  for (const auto& [code, pct] : units) {
    Answers a = base_answers(code, "Đơn vị " + code);
    a.set_value("3", "ty_le", Json(pct));
    agg.add_file(code + ".json", submission(r, a, "2026-11-23T08:00:00+07:00", key(code.back())));
  }
  AggregateResult res = agg.finish();
  expect_json_text_is_the_tree(res, {});
  ASSERT_EQ(res.rubrics.size(), 1u);
  const auto& rk = res.rubrics[0].ranking;
  ASSERT_EQ(rk.size(), 4u);
  EXPECT_EQ(res.units[rk[0]].unit_code, "SO-Y");
  EXPECT_EQ(res.units[rk[0]].rank, 1);
  EXPECT_FALSE(res.units[rk[0]].tied);
  EXPECT_EQ(res.units[rk[1]].unit_code, "SO-X");  // ties listed by unit code
  EXPECT_EQ(res.units[rk[2]].unit_code, "SO-Z");
  EXPECT_EQ(res.units[rk[1]].rank, 2);
  EXPECT_EQ(res.units[rk[2]].rank, 2);
  EXPECT_TRUE(res.units[rk[1]].tied && res.units[rk[2]].tied);
  EXPECT_EQ(res.units[rk[3]].rank, 4);
  EXPECT_EQ(res.units[rk[0]].total_final - res.units[rk[1]].total_final, n("0.8"));
  EXPECT_EQ(res.units[rk[1]].total_final - res.units[rk[3]].total_final, n("1.6"));
  std::string html = aggregate_html(res, Lang::Vi, {"23/11/2026", "test", "", 500});
  EXPECT_NE(html.find("2 (đồng hạng)"), std::string::npos);
}

// Vĩnh Long 2025, 7.5: .vn domains per enterprise relative to "the locality with the highest ratio"
// — the best province nationally, which each province enters itself (or the office supplies). The
// intake's own best is information only: a province alone would always be its own best.
TEST(CrossUnit, VinhLong75KeepsEachUnitsReferenceUnlessTheOfficeSuppliesOne) {
  const RubricFile& r = vinhlong();
  const Rubric& rub = *r.rubric;
  size_t ci = crit(rub, "7.5");
  ASSERT_EQ(rub.criteria[ci].rule.kind, RuleKind::RelativeToBest);
  // a/b = .vn domains per enterprise: 500/1000 = 0,5; 1250/1000 = 1,25; 800/1000 = 0,8; one without
  // figures; each enters 2 as the national best, except T-C who enters none.
  struct U {
    std::string code, name;
    std::optional<int> domains;
    std::optional<int> best;
  };
  std::vector<U> us = {{"T-A", "Tỉnh A", 500, 2}, {"T-B", "Tỉnh B", 1250, 2}, {"T-C", "Tỉnh C", 800, std::nullopt}, {"T-D", "Tỉnh D", std::nullopt, 2}};
  auto run = [&](std::optional<AggregateReferences> refs, bool undeclared = false) {
    Aggregator agg = aggregator({&r}, std::nullopt);
    if (refs) agg.set_references(*refs);
    for (size_t i = 0; i < us.size(); ++i) {
      Answers a = answers_template(rub);
      a.unit.code = us[i].code;
      a.unit.name = us[i].name;
      a.general_info["so_doanh_nghiep"] = 1000;
      if (us[i].domains) a.set_value("7.5", "so_ten_mien", Json(*us[i].domains));
      if (us[i].best) a.set_value("7.5", "ty_le_cao_nhat", Json(*us[i].best));
      // Members 7.5 does not declare, which the office's cross-unit step no longer keeps.
      if (undeclared)
        for (int k = 0; k < 50; ++k) a.set_value("7.5", "khac_" + std::to_string(k), Json(std::string(200, 'x')));
      agg.add_file(us[i].code + ".json", submission(r, a, "2026-11-23T08:00:00+07:00", key(static_cast<int>(10 + i))));
    }
    return agg.finish();
  };
  AggregateResult res = run(std::nullopt);
  ASSERT_EQ(res.rubrics.size(), 1u);
  ASSERT_EQ(res.rubrics[0].cross.size(), 1u);
  const CrossUnitValue& cv = res.rubrics[0].cross[0];
  EXPECT_EQ(cv.best, n("1.25")) << "the intake's best, for information";
  EXPECT_EQ(cv.best_unit_code, "T-B");
  EXPECT_EQ(cv.units_with_value, 3);
  EXPECT_FALSE(cv.reference);
  // Each against its own reference 2: 30 × 0,5/2 = 7,5; 30 × 1,25/2 = 18,75; T-C has none: pending, 0.
  EXPECT_EQ(unit(res, "T-A").self[ci], n("7.5"));
  EXPECT_EQ(unit(res, "T-A").appraised(ci), n("7.5")) << "not replaced by the intake's best";
  EXPECT_EQ(unit(res, "T-B").appraised(ci), n("18.75")) << "the intake's best province does not get full marks for being best here";
  EXPECT_EQ(unit(res, "T-C").appraised(ci), Num(0));
  EXPECT_EQ(unit(res, "T-C").status[ci], Status::Pending);
  EXPECT_NE(unit(res, "T-C").reason(ci).find("chờ"), std::string::npos);
  EXPECT_EQ(unit(res, "T-D").status[ci], Status::Unanswered);
  EXPECT_TRUE(res.rubrics[0].best_override().empty());

  // The office supplies the national figure 1,6: everyone is scored against it, T-C included.
  AggregateReferences refs;
  refs[{rub.id, "7.5"}] = AggregateReference{n("1.6"), "Bộ TT&TT, DTI 2024"};
  AggregateResult res2 = run(refs);
  const CrossUnitValue& cv2 = res2.rubrics[0].cross[0];
  EXPECT_EQ(cv2.reference, n("1.6"));
  EXPECT_EQ(unit(res2, "T-A").appraised(ci), n("9.38")) << "30 × 0,5/1,6 = 9,375 → 9,38";
  EXPECT_EQ(unit(res2, "T-B").appraised(ci), n("23.44")) << "30 × 1,25/1,6 = 23,4375 → 23,44";
  EXPECT_EQ(unit(res2, "T-C").appraised(ci), Num(15)) << "30 × 0,8/1,6";
  EXPECT_EQ(unit(res2, "T-C").status[ci], Status::Answered);
  EXPECT_NE(unit(res2, "T-A").reason(ci).find("Bộ TT&TT"), std::string::npos);
  EXPECT_EQ(unit(res2, "T-C").total_final - unit(res2, "T-C").total_self, Num(15));
  auto flat = rub.flat_sections();
  size_t s7 = 0;
  for (size_t i = 0; i < flat.size(); ++i)
    if (flat[i].first->id == "7") s7 = i;
  const UnitResult& tc = unit(res2, "T-C");
  EXPECT_EQ(section_column(rub, tc.column(Column::Final))[s7] - section_column(rub, tc.self)[s7], Num(15));
  EXPECT_EQ(res2.rubrics[0].best_override().at("7.5"), n("1.6"));
  EXPECT_EQ(res2.rubrics[0].pillars.size(), 8u);
  // Undeclared members beside the criterion's inputs change no score, status or reason.
  for (const auto& refs3 : {std::optional<AggregateReferences>(), std::optional<AggregateReferences>(refs)}) {
    AggregateResult plain = run(refs3), noisy = run(refs3, true);
    for (const U& u : us) {
      EXPECT_EQ(unit(noisy, u.code).appraised(ci), unit(plain, u.code).appraised(ci)) << u.code;
      EXPECT_EQ(unit(noisy, u.code).status[ci], unit(plain, u.code).status[ci]) << u.code;
      EXPECT_EQ(unit(noisy, u.code).reason(ci), unit(plain, u.code).reason(ci)) << u.code;
    }
    EXPECT_EQ(noisy.rubrics[0].cross[0].best, plain.rubrics[0].cross[0].best);
  }
}

TEST(CrossUnit, ReferencesFileIsCheckedLikeEveryFile) {
  auto ok = load_references(R"({"format": "cds-references/1", "references": [{"rubric": "vinhlong-2025-dti-tinh", "criterion": "7.5", "value": 1.6, "source": "Bộ TT&TT"}]})");
  ASSERT_TRUE(ok.references);
  EXPECT_EQ(ok.references->at({"vinhlong-2025-dti-tinh", "7.5"}).value, n("1.6"));
  EXPECT_FALSE(load_references(R"({"format": "cds-references/1", "references": [{"rubric": "x", "criterion": "7.5", "value": 0}]})").references);
  EXPECT_FALSE(load_references(R"({"references": []})").references);
  EXPECT_FALSE(load_references(R"({"format": "cds-references/1", "references": [{"rubric": "x", "criterion": "1", "value": 1}, {"rubric": "x", "criterion": "1", "value": 2}]})").references);
}

TEST(Appraisal, RoundTripSignVerifyAndThreeColumns) {
  const RubricFile& r = tinh();
  const Rubric& rub = *r.rubric;
  std::string sub = submission(r, base_answers("SO-B", "Sở Tài chính"), "2026-11-22T15:00:00+07:00", key(2));
  TrustList trust = trust_for({{"SO-B", "Sở Tài chính", 2}}, {42});
  Verification v = verify_submission(sub, [&](const std::string&, const std::string&) { return std::optional<RubricRef>(RubricRef{&rub, r.sha}); },
                                     &trust);
  ASSERT_TRUE(v.ok()) << v.verdict(Lang::En);

  auto lc = load_appraisal_changes(R"({"format": "cds-appraisal-changes/1", "appraiser": {"name": "Trần Thị Bình", "title": "Chuyên viên", "organisation": "Sở TT&TT"},
    "note": "Đã đối chiếu hồ sơ",
    "changes": [{"criterion": "3", "score": "2,5", "reason": "Tỷ lệ thực tế 60 %, không phải 90 %"}],
    "sampled_check": {"checked": 20, "verified": 18, "reason": "20 hồ sơ TTHC chọn ngẫu nhiên"}})");
  ASSERT_TRUE(lc.appraisal) << (lc.messages.empty() ? "" : lc.messages[0].text());
  Appraisal a = *lc.appraisal;
  refer_to(a, v);
  a.created = "2026-11-25T10:00:00+07:00";
  EXPECT_TRUE(check_appraisal(a, rub).empty());
  std::string text = appraisal_to_text(*make_appraisal(a, key(42)));

  AppraisalVerification av = verify_appraisal(text, &trust);
  ASSERT_TRUE(av.ok()) << av.verdict(Lang::En);
  EXPECT_EQ(av.appraisal->changes.at(0).score, n("2.5"));
  EXPECT_EQ(av.appraisal->changes.at(0).reason, "Tỷ lệ thực tế 60 %, không phải 90 %");
  EXPECT_EQ(av.appraisal->submission_sha256, v.signed_hash);
  EXPECT_EQ(av.appraisal->sampled->proportion(), n("0.9"));

  Aggregator agg = aggregator({&r}, trust);
  agg.add_file("b.json", sub);
  agg.add_file("thamdinh-b.json", text);
  AggregateResult res = agg.finish();
  ASSERT_EQ(res.appraisals.size(), 1u);
  EXPECT_TRUE(res.appraisals[0].applied);
  const UnitResult& u = unit(res, "SO-B");
  size_t c3 = crit(rub, "3");
  EXPECT_EQ(u.self[c3], n("3.79"));
  EXPECT_EQ(u.appraised(c3), n("2.5"));
  EXPECT_EQ(u.final_score(c3), n("2.25"));
  EXPECT_TRUE(u.changed(c3));
  EXPECT_EQ(u.total_appraised, u.total_self - n("1.29"));
  EXPECT_EQ(u.total_final, u.total_appraised * n("0.9"));
  EXPECT_EQ(u.total_final_rounded, u.total_final.round(2, RoundMode::HalfUp));

  // The three columns in every report.
  std::string csv = aggregate_criteria_csv(res, Lang::Vi);
  EXPECT_NE(csv.find("3,79;2,5;2,25"), std::string::npos) << csv.substr(0, 600);
  EXPECT_NE(csv.find("Tỷ lệ thực tế 60 %"), std::string::npos);
  Json j = aggregate_to_json(res, {"25/11/2026", "test", "", 500});
  expect_json_text_is_the_tree(res, {"25/11/2026", "test", "", 500});
  const Json& jc = j["rubrics"][0]["ranking"][0]["criteria"][2];
  EXPECT_EQ(jc["self"], 3.79);
  EXPECT_EQ(jc["appraised"], 2.5);
  EXPECT_EQ(jc["final"], 2.25);
  EXPECT_EQ(j["rubrics"][0]["ranking"][0]["appraisal"]["sampled_check"]["verified"], 18);
  std::string html = aggregate_html(res, Lang::Vi, {"25/11/2026", "test", "", 500});
  EXPECT_NE(html.find("Kiểm tra xác suất: 18/20"), std::string::npos);
  EXPECT_NE(html.find("class=\"chg\""), std::string::npos);
}

TEST(Appraisal, RefusedWhenBrokenUnreasonedUntrustedOrForAnOldVersion) {
  const RubricFile& r = tinh();
  const Rubric& rub = *r.rubric;
  Answers a1 = base_answers("SO-B", "Sở Tài chính");
  Answers a2 = a1;
  a2.set_value("3", "ty_le", Json(95));
  std::string old_sub = submission(r, a1, "2026-11-22T15:00:00+07:00", key(2));
  std::string new_sub = submission(r, a2, "2026-11-23T15:00:00+07:00", key(2));
  TrustList trust = trust_for({{"SO-B", "Sở Tài chính", 2}}, {42});
  auto lookup = [&](const std::string&, const std::string&) { return std::optional<RubricRef>(RubricRef{&rub, r.sha}); };

  auto appraisal_of = [&](const std::string& sub, const std::string& body, int k, const std::string& created) {
    Appraisal a = *load_appraisal_changes(body).appraisal;
    refer_to(a, verify_submission(sub, lookup));
    a.created = created;
    return appraisal_to_text(*make_appraisal(a, key(k)));
  };
  std::string change = R"({"format": "cds-appraisal-changes/1", "changes": [{"criterion": "3", "score": 2, "reason": "Số liệu chưa đúng"}]})";

  // Checks before signing.
  Appraisal bad = *load_appraisal_changes(R"({"format": "cds-appraisal-changes/1", "changes": [{"criterion": "3", "score": 5, "reason": ""},
      {"criterion": "99", "score": 1, "reason": "x"}, {"criterion": "4", "score": 1.234, "reason": "x"}],
      "sampled_check": {"checked": 10, "verified": 11, "reason": ""}})").appraisal;
  refer_to(bad, verify_submission(new_sub, lookup));
  Messages ms = check_appraisal(bad, rub);
  std::set<std::string> codes;
  for (const auto& m : ms) codes.insert(m.code);
  for (const char* c : {"appraisal.range", "appraisal.reason", "appraisal.criterion", "appraisal.decimals", "appraisal.sampled", "appraisal.sampled_reason"})
    EXPECT_TRUE(codes.count(c)) << c;
  EXPECT_FALSE(load_appraisal_changes(R"({"format": "cds-appraisal-changes/1", "changes": [{"criterion": "3", "score": "hai", "reason": "x"}]})").appraisal);
  EXPECT_FALSE(load_appraisal_changes(R"({"format": "cds-appraisal-changes/1", "changes": {"criterion": "3"}})").appraisal);

  std::string good = appraisal_of(new_sub, change, 42, "2026-11-25T09:00:00+07:00");
  std::string newer = appraisal_of(new_sub, R"({"format": "cds-appraisal-changes/1", "changes": [{"criterion": "3", "score": 3, "reason": "Đã xem lại"}]})", 42,
                                   "2026-11-26T09:00:00+07:00");
  std::string tampered = good;
  tampered.replace(tampered.find("Số liệu chưa đúng"), std::string("Số liệu chưa đúng").size(), "Số liệu đã đúng");
  std::string untrusted = appraisal_of(new_sub, change, 43, "2026-11-25T09:00:00+07:00");
  std::string for_old = appraisal_of(old_sub, change, 42, "2026-11-25T09:00:00+07:00");
  EXPECT_FALSE(verify_appraisal(tampered, &trust).ok());
  EXPECT_FALSE(verify_appraisal(untrusted, &trust).ok());
  EXPECT_TRUE(verify_appraisal(untrusted, nullptr).ok());

  Aggregator agg = aggregator({&r}, trust);
  agg.add_file("old.json", old_sub);
  agg.add_file("new.json", new_sub);
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"good.json", good}, {"newer.json", newer}, {"tampered.json", tampered}, {"untrusted.json", untrusted}, {"for-old.json", for_old}})
    agg.add_file(name, bytes);
  AggregateResult res = agg.finish();
  std::map<std::string, const AppraisalRecord*> by;
  for (const auto& a : res.appraisals) by[a.file] = &a;
  EXPECT_TRUE(by["newer.json"]->applied);
  EXPECT_FALSE(by["good.json"]->applied);
  EXPECT_TRUE(by["good.json"]->valid);  // valid but replaced by a newer appraisal
  EXPECT_FALSE(by["tampered.json"]->valid);
  EXPECT_FALSE(by["untrusted.json"]->valid);
  EXPECT_FALSE(by["for-old.json"]->applied);
  EXPECT_EQ(by["for-old.json"]->problems.at(0).code, "appraisal.not_counted");
  EXPECT_EQ(unit(res, "SO-B").appraised(crit(rub, "3")), Num(3));
  EXPECT_EQ(res.counts.appraisals_applied, 1);
  EXPECT_EQ(res.counts.appraisals_rejected, 4);
}

TEST(Reports, CsvReadsBackWithVietnameseIntact) {
  Aggregator agg = aggregator({&tinh()}, mixed_trust());
  for (const auto& [name, bytes] : mixed_intake()) agg.add_file(name, bytes);
  AggregateResult res = agg.finish();
  std::string csv = aggregate_ranking_csv(res, Lang::Vi);
  ASSERT_EQ(csv.rfind(kUtf8Bom, 0), 0u) << "UTF-8 BOM first, for Excel";
  // A small RFC 4180 reader.
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (size_t i = 3; i < csv.size(); ++i) {
    char ch = csv[i];
    if (quoted) {
      if (ch == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cell.push_back(ch);
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ';') {  // Vietnamese Excel's list separator
      rows.back().push_back(cell);
      cell.clear();
    } else if (ch == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      rows.emplace_back();
      ++i;
    } else {
      cell.push_back(ch);
    }
  }
  ASSERT_GE(rows.size(), 4u);
  EXPECT_EQ(rows[1][0], "Hạng");
  EXPECT_EQ(rows[1][3], "Tên đơn vị");
  EXPECT_EQ(rows[1][6], "Kết quả");
  // Ranked rows: SO-A (its later version, 4 points on criterion 3) before SO-B.
  EXPECT_EQ(rows[2][2], "SO-A");
  EXPECT_EQ(rows[2][3], "Sở Nội vụ");
  EXPECT_EQ(rows[3][3], "Sở Tài chính");
  auto vn = [](std::string c) {  // decimal comma, as Vietnamese Excel writes and reads it
    EXPECT_EQ(c.find('.'), std::string::npos) << c;
    for (char& ch : c)
      if (ch == ',') ch = '.';
    return Num::parse(c);
  };
  EXPECT_TRUE(vn(rows[2][6]).has_value()) << rows[2][6];
  EXPECT_EQ(*vn(rows[2][6]) - *vn(rows[3][6]), n("0.21"));
  // The missing units, by name, with their reason.
  bool found = false;
  for (const auto& row : rows)
    if (row.size() >= 3 && row[1] == "Sở Xây dựng" && row[2] == missing_unit_note(res, res.missing.back(), Lang::Vi)) found = true;
  EXPECT_TRUE(found);
  for (const auto& row : rows)
    for (const auto& c : row) EXPECT_EQ(to_nfc(c).value_or("<invalid>"), c);

  // The streamed JSON text is the same document as the tree.
  AggregateReportInfo info{"23/11/2026 08:00", "test", "Sở TT&TT", 500};
  auto streamed = parse_json(aggregate_json_text(res, info));
  ASSERT_TRUE(streamed.doc.has_value());
  EXPECT_EQ(*streamed.doc, aggregate_to_json(res, info));
  expect_json_text_is_the_tree(res, info);

  std::string intake = aggregate_intake_csv(res, Lang::Vi);
  EXPECT_NE(intake.find("Bị thay thế"), std::string::npos);
  EXPECT_NE(intake.find("Trùng lặp"), std::string::npos);
  std::string summary = aggregate_summary(res, Lang::Vi);
  EXPECT_NE(summary.find("2 bài nộp hợp lệ"), std::string::npos) << summary;
  EXPECT_NE(summary.find("3 đơn vị trong danh sách chưa có bài nộp hợp lệ"), std::string::npos) << summary;
}

TEST(Reports, EmptyIntakeStepsToTheSameReports) {
  Aggregator agg = aggregator({&tinh()}, mixed_trust());
  AggregateResult res = agg.finish();
  expect_steps_are_the_report(res, {"23/11/2026 08:00", "test", "", 500});
  AggregateResult none = aggregator({&tinh()}, std::nullopt).finish();
  expect_steps_are_the_report(none, {});
  // Only files that are not submissions: no unit, every file listed.
  Aggregator junk = aggregator({&tinh()}, std::nullopt);
  junk.add_file("a.json", "{}");
  junk.add_file("b.txt", "not json");
  expect_json_text_is_the_tree(junk.finish(), {});
}

TEST(Reports, HtmlHasChartsAndUnitPagesWithinTheLimit) {
  Aggregator agg = aggregator({&tinh()}, mixed_trust());
  for (const auto& [name, bytes] : mixed_intake()) agg.add_file(name, bytes);
  AggregateResult res = agg.finish();
  std::string html = aggregate_html(res, Lang::Vi, {"23/11/2026 08:00", "test", "Sở TT&TT <Sóc Trăng>", 500});
  auto count = [&](const std::string& s) {
    size_t k = 0;
    for (size_t p = html.find(s); p != std::string::npos; p = html.find(s, p + 1)) ++k;
    return k;
  };
  EXPECT_EQ(count("<section class=\"unit\">"), 2u);
  EXPECT_GE(count("<svg"), 2u);
  EXPECT_NE(html.find("Sở TT&amp;TT &lt;Sóc Trăng&gt;"), std::string::npos) << "text is escaped";
  EXPECT_NE(html.find("@page { size: A4"), std::string::npos);
  EXPECT_NE(html.find("Sở Xây dựng"), std::string::npos);
  expect_steps_are_the_report(res, {"23/11/2026 08:00", "test", "", 1});
  std::string short_html = aggregate_html(res, Lang::En, {"23/11/2026 08:00", "test", "", 1});
  EXPECT_EQ(short_html.find("<section class=\"unit\">"), std::string::npos);
  EXPECT_NE(short_html.find("no per-unit pages"), std::string::npos);
}

// What people read in the printed report: chart labels with a decimal comma and "%" apart in
// Vietnamese, signing times as dd/mm/yyyy HH:mm at the reader's offset, no ISO 8601 text.
TEST(Reports, HtmlShowsVietnameseNumbersAndLocalTimes) {
  Aggregator agg = aggregator({&tinh()}, mixed_trust());
  for (const auto& [name, bytes] : mixed_intake()) agg.add_file(name, bytes);
  AggregateResult res = agg.finish();
  AggregateReportInfo info{"2026-11-23T01:00:00Z", "test", "", 500};
  info.clock.utc_offset_minutes = 7 * 60;
  std::string vi = aggregate_html(res, Lang::Vi, info);
  std::regex iso_time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d)"), dot_pct(R"(\d\.\d+ ?%</text>)"), glued_pct(R"(\d%</text>)");
  EXPECT_FALSE(std::regex_search(vi, iso_time)) << "an ISO time in the Vietnamese report";
  EXPECT_FALSE(std::regex_search(vi, dot_pct)) << "a decimal point in a Vietnamese chart label";
  EXPECT_FALSE(std::regex_search(vi, glued_pct)) << "Vietnamese writes a space before %";
  EXPECT_NE(vi.find("23/11/2026 08:00"), std::string::npos) << "generated at the reader's offset";
  // Every counted submission's signing time, as the reader's clock shows it.
  size_t shown = 0;
  for (const auto& rec : res.records)
    if (rec.status == IntakeStatus::Valid) {
      std::string t = format_instant(rec.created, info.clock);
      EXPECT_NE(t, rec.created);
      EXPECT_NE(vi.find(t), std::string::npos) << t;
      ++shown;
    }
  EXPECT_GT(shown, 0u);
  std::smatch m;
  std::regex vi_pct(R"((\d+(,\d)?) %</text>)");
  EXPECT_TRUE(std::regex_search(vi, m, vi_pct)) << "chart labels";
  std::string en = aggregate_html(res, Lang::En, info);
  EXPECT_TRUE(std::regex_search(en, std::regex(R"(\d+(\.\d)?%</text>)")));
}

TEST(Reports, LongVietnameseLabelsAreShortenedByCharacterNotByte) {
  // Chart labels are cut to fit; a cut inside a multi-byte letter would leave invalid UTF-8.
  const std::string name = "Ủy ban nhân dân xã Thạnh Thới An, huyện Trần Đề, tỉnh Sóc Trăng (khu vực biên giới biển)";
  Aggregator agg = aggregator({&tinh()}, std::nullopt);
  agg.add_file("dai.json", submission(tinh(), base_answers("XA-TTT", name), "2026-11-20T08:00:00+07:00", key(1)));
  AggregateResult res = agg.finish();
  ASSERT_EQ(res.units.size(), 1u);
  std::string html = aggregate_html(res, Lang::Vi, {"23/11/2026 08:00", "test", "", 500});
  EXPECT_TRUE(is_valid_utf8(html));
  EXPECT_NE(html.find("1. Ủy ban nhân dân xã Thạnh Thới An, huyện Trần Đề, tỉnh …"), std::string::npos) << "57 letters and an ellipsis";
}

TEST(Reports, SectionMaximaAreTheScoringEnginesEvenWhereTheRubricDeclaresNone) {
  // The pillar charts (app and HTML report) divide by RubricGroup::section_max; a section that
  // declares no max (Sóc Trăng DTI xã, VI.1 …) must get the engine's sum, not a guess.
  RubricFile xa = rubric_file("assets/rubrics/soctrang-2022-dti-xa.json");
  Answers a = answers_template(*xa.rubric);
  a.unit.code = "XA-1";
  a.unit.name = "UBND xã Một";
  Aggregator agg = aggregator({&xa}, std::nullopt);
  agg.add_file("xa1.json", submission(xa, a, "2026-11-20T08:00:00+07:00", key(1)));
  AggregateResult res = agg.finish();
  ASSERT_EQ(res.rubrics.size(), 1u);
  const RubricGroup& g = res.rubrics[0];
  auto flat = xa.rubric->flat_sections();
  ScoreSheet sheet = score(*xa.rubric, a);
  ASSERT_EQ(g.section_max.size(), flat.size());
  int undeclared = 0;
  for (size_t si = 0; si < flat.size(); ++si) {
    EXPECT_EQ(g.section_max[si], sheet.sections[si].max) << flat[si].first->id;
    if (!flat[si].first->max && !sheet.sections[si].bonus_penalty) {  // bonus/penalty sections have 0
      ++undeclared;
      EXPECT_GT(g.section_max[si], Num(0)) << flat[si].first->id;
    }
  }
  EXPECT_GT(undeclared, 0);
}

// ---- Chained appraisals (district → department), docs/appraisal-format.md "Chained appraisals" ----
namespace {

struct ChainFixture {
  const RubricFile& r = tinh();
  const Rubric& rub = *r.rubric;
  std::string sub = submission(r, base_answers("SO-B", "Sở Tài chính"), "2026-11-22T15:00:00+07:00", key(2));
  std::string other = submission(r, base_answers("SO-C", "Sở Xây dựng"), "2026-11-22T16:00:00+07:00", key(3));
  TrustList trust = trust_for({{"SO-B", "Sở Tài chính", 2}, {"SO-C", "Sở Xây dựng", 3}}, {41, 42});
  RubricLookup lookup = [this](const std::string&, const std::string&) { return std::optional<RubricRef>(RubricRef{&rub, r.sha}); };

  Appraisal body(const std::string& changes, const std::string& created) {
    Appraisal a = *load_appraisal_changes(R"({"format": "cds-appraisal-changes/1", "changes": )" + changes + "}").appraisal;
    a.created = created;
    return a;
  }
  std::string level1(const std::string& s, const std::string& changes, int k, const std::string& created) {
    Appraisal a = body(changes, created);
    a.organisation = "Phòng Văn hóa - Thông tin huyện";
    refer_to(a, verify_submission(s, lookup));
    return appraisal_to_text(*make_appraisal(a, key(k)));
  }
  std::string on(const std::string& prev, const std::string& changes, int k, const std::string& created, bool embed = true) {
    Appraisal a = body(changes, created);
    a.organisation = "Sở Thông tin và Truyền thông";
    Messages why;
    EXPECT_TRUE(build_on(a, verify_appraisal(prev), prev, &why));
    if (!embed) a.previous_file.clear();
    return appraisal_to_text(*make_appraisal(a, key(k)));
  }
  // District: 3 → 3, 4 → 8; department on it: 3 → 2,5 (4 stays 8).
  std::string l1() { return level1(sub, R"([{"criterion": "3", "score": 3, "reason": "Huyện: tỷ lệ thực tế 75 %"}, {"criterion": "4", "score": 8, "reason": "Huyện: 80 % hồ sơ trên mạng"}])", 41, "2026-11-24T09:00:00+07:00"); }
  std::string l2(const std::string& base, int k = 42, bool embed = true) {
    return on(base, R"([{"criterion": "3", "score": 2.5, "reason": "Sở: tỷ lệ thực tế 60 %"}])", k, "2026-11-25T10:00:00+07:00", embed);
  }
  AggregateResult run(const std::vector<std::pair<std::string, std::string>>& files) {
    Aggregator agg = aggregator({&r}, trust);
    for (const auto& [n, b] : files) agg.add_file(n, b);
    return agg.finish();
  }
  const AppraisalRecord& rec(const AggregateResult& res, const std::string& file) {
    for (const auto& a : res.appraisals)
      if (a.file == file) return a;
    ADD_FAILURE() << "no appraisal " << file;
    static AppraisalRecord none;
    return none;
  }
};

}  // namespace

TEST(AppraisalChain, TwoLevelsAppliedInOrder) {
  ChainFixture f;
  std::string a1 = f.l1(), a2 = f.l2(a1);
  EXPECT_EQ(detect_format(a1).format, "cds-appraisal/2");  // a first level is written as before
  EXPECT_EQ(detect_format(a2).format, "cds-appraisal/3");
  AppraisalVerification av = verify_appraisal(a2, &f.trust);
  ASSERT_TRUE(av.ok()) << av.verdict(Lang::En);
  ASSERT_EQ(av.earlier.size(), 1u);
  EXPECT_EQ(av.earlier[0].appraisal->level, 1);
  EXPECT_EQ(av.appraisal->level, 2);
  EXPECT_EQ(av.appraisal->previous_sha256, verify_appraisal(a1).signed_hash);
  EXPECT_EQ(av.level_lines(Lang::Vi, {}).size(), 2u);

  // Either order, with the district's file sent on its own too or only inside the department's.
  for (const auto& files : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"b.json", f.sub}, {"huyen.json", a1}, {"so.json", a2}}, {{"so.json", a2}, {"b.json", f.sub}, {"huyen.json", a1}}, {{"so.json", a2}, {"b.json", f.sub}}}) {
    AggregateResult res = f.run(files);
    const UnitResult& u = unit(res, "SO-B");
    ASSERT_EQ(u.levels.size(), 2u);
    EXPECT_EQ(res.counts.appraisals_applied, 2);
    EXPECT_EQ(res.counts.appraisals_rejected, 0);
    size_t c3 = crit(f.rub, "3"), c4 = crit(f.rub, "4"), c1 = crit(f.rub, "1");
    // By hand: self 3,79 | 10; level 1 → 3 | 8; level 2 → 2,5 | 8 (kept); final = level 2 (no sampled check).
    EXPECT_EQ(u.self[c3], n("3.79"));
    EXPECT_EQ(level_score(res, u, 0, c3), Num(3));
    EXPECT_EQ(level_score(res, u, 1, c3), n("2.5"));
    EXPECT_EQ(level_score(res, u, 0, c4), Num(8));
    EXPECT_EQ(level_score(res, u, 1, c4), Num(8));
    EXPECT_EQ(level_score(res, u, 1, c1), Num(6));
    EXPECT_EQ(level_change(res, u, 1, c4), nullptr);
    EXPECT_EQ(level_change(res, u, 1, c3)->reason, "Sở: tỷ lệ thực tế 60 %");
    EXPECT_EQ(u.final_score(c3), n("2.5"));
    EXPECT_EQ(u.reason(c4), "Huyện: 80 % hồ sơ trên mạng");
    EXPECT_EQ(u.total_self, n("70.55"));
    EXPECT_EQ(u.total_final, n("67.26"));  // 70,55 − 0,79 − 2 − 0,5

    std::string csv = aggregate_criteria_csv(res, Lang::Vi);
    EXPECT_NE(csv.find("Lý do điều chỉnh / ghi chú;Nguồn số liệu;Tài liệu kiểm chứng;Thẩm định cấp 1;Lý do cấp 1;Thẩm định cấp 2;Lý do cấp 2"),
              std::string::npos);
    EXPECT_NE(csv.find("3,79;2,5;2,5;Đã nhập;Sở: tỷ lệ thực tế 60 %;Cổng DVC tỉnh;Có điểm nhưng chưa kèm tài liệu kiểm chứng;3;Huyện: tỷ lệ thực tế 75 %;"
                       "2,5;Sở: tỷ lệ thực tế 60 %"),
              std::string::npos)
        << csv.substr(0, 900);
    Json j = aggregate_to_json(res, {"25/11/2026", "test", "", 500});
    expect_json_text_is_the_tree(res, {"25/11/2026", "test", "", 500});
    const Json& rk = j["rubrics"][0]["ranking"][0];
    EXPECT_EQ(rk["appraisal"]["levels"].size(), 2u);
    EXPECT_EQ(rk["criteria"][2]["levels"][0]["score"], 3);
    EXPECT_EQ(rk["criteria"][2]["levels"][1]["score"], 2.5);
    EXPECT_EQ(rk["criteria"][3]["levels"][1].count("reason"), 0u);
    EXPECT_EQ(rk["total"]["final"], 67.26);
    std::string html = aggregate_html(res, Lang::Vi, {"25/11/2026", "test", "", 500});
    EXPECT_NE(html.find("Thẩm định cấp 2 (cuối cùng)"), std::string::npos);
    EXPECT_NE(html.find("<th>Thẩm định cấp 1</th><th>Thẩm định cấp 2</th>"), std::string::npos);
    EXPECT_NE(html.find("Cấp 1: Huyện: tỷ lệ thực tế 75 %; Cấp 2: Sở: tỷ lệ thực tế 60 %"), std::string::npos);
  }
}

TEST(AppraisalChain, TimeBeforeWhatItJudgesIsNamed) {
  ChainFixture f;  // the submission at 15:00 +07:00 on 22/11 = 08:00Z
  Appraisal a = f.body("[]", "2026-11-22T07:59:59Z");
  refer_to(a, verify_submission(f.sub, f.lookup));
  auto m = appraisal_time_problem(a);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->code, "appraisal.before");
  EXPECT_NE(m->vi.find("sớm hơn thời điểm lập bài nộp (2026-11-22T15:00:00+07:00)"), std::string::npos) << m->vi;
  a.created = "2026-11-22T08:00:00Z";  // the same instant, another offset: not before
  EXPECT_FALSE(appraisal_time_problem(a));
  a.created = "2026-11-22T15:00:01+07:00";
  EXPECT_FALSE(appraisal_time_problem(a));
  // A level built on another: not before that level (made 24/11 09:00 +07:00).
  std::string a1 = f.l1();
  Appraisal b = f.body("[]", "2026-11-24T08:59:59+07:00");
  Messages why;
  ASSERT_TRUE(build_on(b, verify_appraisal(a1), a1, &why));
  auto mb = appraisal_time_problem(b);
  ASSERT_TRUE(mb);
  EXPECT_NE(mb->vi.find("bản thẩm định cấp trước"), std::string::npos);
  b.created = "2026-11-24T09:00:00+07:00";
  EXPECT_FALSE(appraisal_time_problem(b));
  b.created = "not a time";  // what make_appraisal refuses, not this check's business
  EXPECT_FALSE(appraisal_time_problem(b));
}

TEST(AppraisalChain, MissingMiddleLevelIsNotApplied) {
  ChainFixture f;
  std::string a1 = f.l1(), a2 = f.l2(a1);
  std::string a3 = f.on(a2, R"([{"criterion": "1", "score": 5, "reason": "Tỉnh: ban hành muộn hơn"}])", 42, "2026-11-26T10:00:00+07:00", false);
  AggregateResult res = f.run({{"b.json", f.sub}, {"huyen.json", a1}, {"tinh.json", a3}});
  EXPECT_EQ(f.rec(res, "tinh.json").problems.at(0).code, "appraisal.previous_missing");
  EXPECT_NE(f.rec(res, "tinh.json").problems.at(0).vi.find("Thiếu bản thẩm định cấp 2"), std::string::npos);
  EXPECT_FALSE(f.rec(res, "tinh.json").applied);
  const UnitResult& u = unit(res, "SO-B");
  ASSERT_EQ(u.levels.size(), 1u);
  EXPECT_EQ(u.total_final, n("67.76"));  // level 1 only: 70,55 − 0,79 − 2
  // With the middle level sent, all three apply.
  AggregateResult all = f.run({{"b.json", f.sub}, {"so.json", a2}, {"tinh.json", a3}});
  EXPECT_EQ(unit(all, "SO-B").levels.size(), 3u);
  EXPECT_EQ(unit(all, "SO-B").total_final, n("66.26"));
}

TEST(AppraisalChain, ForkIsRefusedAndTheChainStopsBeforeIt) {
  ChainFixture f;
  std::string a1 = f.l1(), a2 = f.l2(a1);
  std::string a2b = f.on(a1, R"([{"criterion": "3", "score": 2, "reason": "Sở, bản khác"}])", 42, "2026-11-25T11:00:00+07:00");
  AggregateResult res = f.run({{"b.json", f.sub}, {"huyen.json", a1}, {"so-a.json", a2}, {"so-b.json", a2b}});
  for (const char* file : {"so-a.json", "so-b.json"}) {
    EXPECT_FALSE(f.rec(res, file).applied) << file;
    EXPECT_EQ(f.rec(res, file).problems.at(0).code, "appraisal.fork") << file;
    EXPECT_NE(f.rec(res, file).problems.at(0).vi.find("rẽ nhánh"), std::string::npos);
  }
  EXPECT_EQ(unit(res, "SO-B").levels.size(), 1u);
  EXPECT_EQ(unit(res, "SO-B").total_final, n("67.76"));
  // What the figure table (CLI and app) asks before signing another level on top.
  EXPECT_TRUE(chain_forks(res, unit(res, "SO-B")));
  AggregateResult one = f.run({{"b.json", f.sub}, {"huyen.json", a1}, {"so-a.json", a2}});
  EXPECT_FALSE(chain_forks(one, unit(one, "SO-B")));  // a straight chain of two
  AggregateResult none = f.run({{"b.json", f.sub}});
  EXPECT_FALSE(chain_forks(none, unit(none, "SO-B")));  // no level yet
  // Two level-1 appraisals are not a fork: the newer replaces the older.
  std::string a1b = f.level1(f.sub, R"([{"criterion": "3", "score": 2, "reason": "Huyện, bản sau"}])", 41, "2026-11-24T12:00:00+07:00");
  AggregateResult twice = f.run({{"b.json", f.sub}, {"huyen.json", a1}, {"huyen-2.json", a1b}});
  ASSERT_EQ(unit(twice, "SO-B").levels.size(), 1u);
  EXPECT_FALSE(chain_forks(twice, unit(twice, "SO-B")));
}

TEST(AppraisalChain, UntrustedLevelIsRefused) {
  ChainFixture f;
  std::string a1 = f.l1();
  std::string a2 = f.l2(a1, 43);  // key 43 is not an appraiser key
  EXPECT_FALSE(verify_appraisal(a2, &f.trust).ok());
  AggregateResult res = f.run({{"b.json", f.sub}, {"so.json", a2}});
  EXPECT_FALSE(f.rec(res, "so.json").valid);
  EXPECT_EQ(f.rec(res, "so.json").problems.at(0).code, "trust.appraiser");
  EXPECT_TRUE(f.rec(res, "so.json › cấp 1").applied);  // the district's level, read from inside, still holds
  EXPECT_EQ(unit(res, "SO-B").total_final, n("67.76"));
  // An untrusted level 1 inside a trusted level 2: neither applies.
  std::string bad1 = f.level1(f.sub, R"([{"criterion": "3", "score": 3, "reason": "x"}])", 43, "2026-11-24T09:00:00+07:00");
  std::string on_bad = f.l2(bad1);
  AppraisalVerification av = verify_appraisal(on_bad, &f.trust);
  EXPECT_TRUE(av.level_ok());
  EXPECT_FALSE(av.ok());
  AggregateResult r2 = f.run({{"b.json", f.sub}, {"so.json", on_bad}});
  EXPECT_EQ(f.rec(r2, "so.json").problems.at(0).code, "appraisal.previous_invalid");
  EXPECT_TRUE(unit(r2, "SO-B").levels.empty());
  EXPECT_EQ(unit(r2, "SO-B").total_final, n("70.55"));
}

TEST(AppraisalChain, LevelAboutAnotherSubmissionIsRefused) {
  ChainFixture f;
  std::string a1 = f.l1();
  // A department level on the district's appraisal of SO-B, but naming SO-C's submission.
  Appraisal a = f.body(R"([{"criterion": "3", "score": 2.5, "reason": "x"}])", "2026-11-25T10:00:00+07:00");
  ASSERT_TRUE(build_on(a, verify_appraisal(a1), a1, nullptr));
  refer_to(a, verify_submission(f.other, f.lookup));
  std::string embedded = appraisal_to_text(*make_appraisal(a, key(42)));
  AppraisalVerification av = verify_appraisal(embedded, &f.trust);
  EXPECT_FALSE(av.ok());
  bool said = false;
  for (const auto& m : av.problems) said |= m.code == "appraisal.other_submission";
  EXPECT_TRUE(said);
  a.previous_file.clear();
  std::string bare = appraisal_to_text(*make_appraisal(a, key(42)));
  AggregateResult res = f.run({{"b.json", f.sub}, {"c.json", f.other}, {"huyen.json", a1}, {"so.json", bare}});
  EXPECT_EQ(f.rec(res, "so.json").problems.at(0).code, "appraisal.other_submission");
  EXPECT_TRUE(unit(res, "SO-C").levels.empty());
  EXPECT_EQ(unit(res, "SO-B").levels.size(), 1u);
}

TEST(AppraisalChain, LevelOnAReplacedAppraisalIsNotTheLatest) {
  ChainFixture f;
  std::string old1 = f.l1();
  std::string new1 = f.level1(f.sub, R"([{"criterion": "3", "score": 3.5, "reason": "Huyện xem lại"}])", 41, "2026-11-24T15:00:00+07:00");
  std::string a2 = f.l2(old1, 42, false);
  AggregateResult res = f.run({{"b.json", f.sub}, {"huyen-cu.json", old1}, {"huyen-moi.json", new1}, {"so.json", a2}});
  EXPECT_EQ(f.rec(res, "so.json").problems.at(0).code, "appraisal.previous_not_latest");
  EXPECT_TRUE(f.rec(res, "huyen-moi.json").applied);
  EXPECT_EQ(unit(res, "SO-B").levels.size(), 1u);
  // A hostile level: a /3 file with level 1, or a level past the limit, is refused, never a crash.
  Json doc = *parse_json(a2).doc;
  doc["signed"]["level"] = 1;
  EXPECT_FALSE(verify_appraisal(envelope_text(doc)).ok());
  doc["signed"]["level"] = "2";
  EXPECT_FALSE(verify_appraisal(envelope_text(doc)).ok());
  doc["signed"].erase("previous");
  EXPECT_FALSE(verify_appraisal(envelope_text(doc)).ok());
}

// A unit page with a chain of two levels still ends with the unit's information sheet (the
// per-level table used to close the page before it).
TEST(AppraisalChain, UnitPageKeepsItsInformationSheet) {
  static RubricFile so = rubric_file("assets/rubrics/soctrang-2022-dti-so.json");
  Answers a = *load_answers(testutil::slurp("tests/golden/soctrang-2022-dti-so/mixed.answers.json")).answers;
  std::string sub = submission(so, a, "2026-11-22T15:00:00+07:00", key(2));
  RubricLookup lookup = [](const std::string&, const std::string&) { return std::optional<RubricRef>(RubricRef{so.rubric.get(), so.sha}); };
  Appraisal a1 = *load_appraisal_changes(R"({"format": "cds-appraisal-changes/1", "changes": []})").appraisal;
  a1.created = "2026-11-24T09:00:00+07:00";
  refer_to(a1, verify_submission(sub, lookup));
  std::string t1 = appraisal_to_text(*make_appraisal(a1, key(41)));
  Appraisal a2 = *load_appraisal_changes(R"({"format": "cds-appraisal-changes/1", "changes": []})").appraisal;
  a2.created = "2026-11-25T10:00:00+07:00";
  Messages why;
  ASSERT_TRUE(build_on(a2, verify_appraisal(t1), t1, &why));
  std::string t2 = appraisal_to_text(*make_appraisal(a2, key(42)));
  Aggregator agg = aggregator({&so}, std::nullopt);
  agg.add_file("so.json", sub);
  agg.add_file("huyen.json", t1);
  agg.add_file("so-tttt.json", t2);
  AggregateResult res = agg.finish();
  ASSERT_EQ(unit(res, a.unit.code).levels.size(), 2u);
  std::string html = aggregate_html(res, Lang::Vi, {"25/11/2026", "test", "", 500});
  size_t page = html.find("<section class=\"unit\">");
  ASSERT_NE(page, std::string::npos);
  std::string unit_page = html.substr(page, html.find("</section>", page) - page);
  EXPECT_NE(unit_page.find("<th>Thẩm định cấp 1</th><th>Thẩm định cấp 2</th>"), std::string::npos);
  EXPECT_NE(unit_page.find("<h3>Thông tin chung</h3>"), std::string::npos);
  EXPECT_NE(unit_page.find(">Sở Khoa học và Công nghệ<"), std::string::npos);  // the sheet's first value
}

namespace {

// The criteria sheet of report.xlsx as rows of cells (header first).
std::vector<Row> criteria_sheet(const Workbook& wb, const std::string& name) {
  for (const auto& sh : wb.sheets) {
    if (sh.name != name) continue;
    std::vector<Row> rows(sh.row_count());
    for (size_t i = 0; i < rows.size(); ++i) sh.row(i, rows[i]);
    return rows;
  }
  ADD_FAILURE() << "no sheet " << name;
  return {};
}

std::vector<std::string> header_texts(const Row& r) {
  std::vector<std::string> out;
  for (const auto& c : r) out.push_back(c.text);
  return out;
}

size_t column(const std::vector<std::string>& head, const std::string& name) {
  auto it = std::find(head.begin(), head.end(), name);
  EXPECT_NE(it, head.end()) << name;
  return static_cast<size_t>(it - head.begin());
}

// The row of a unit's criterion.
const Row& sheet_row(const std::vector<Row>& rows, const std::string& unit_code, const std::string& criterion) {
  for (const auto& r : rows)
    if (r.size() > 5 && r[1].text == unit_code && r[5].text == criterion) return r;
  ADD_FAILURE() << "no row " << unit_code << " " << criterion;
  static Row none;
  return none;
}

}  // namespace

// report.xlsx's criteria sheet (docs/aggregate-report.md): with a chain of two levels anywhere,
// self | level 1 | level 2 | final and each level's reason; a unit with one level fills level 1 and
// leaves level 2 blank; without a chain, the three columns of before.
TEST(AppraisalChain, WorkbookCriteriaSheetHasAColumnPerLevel) {
  ChainFixture f;
  std::string a1 = f.l1(), a2 = f.l2(a1);
  std::string c1 = f.level1(f.other, R"([{"criterion": "3", "score": 2, "reason": "Huyện: 50 %"}])", 41, "2026-11-24T10:00:00+07:00");
  AggregateResult res = f.run({{"b.json", f.sub}, {"c.json", f.other}, {"huyen.json", a1}, {"so.json", a2}, {"huyen-c.json", c1}});
  ASSERT_EQ(unit(res, "SO-B").levels.size(), 2u);
  ASSERT_EQ(unit(res, "SO-C").levels.size(), 1u);
  Workbook wb = aggregate_workbook(res, Lang::Vi, {}, 1);
  auto rows = criteria_sheet(wb, "Tiêu chí");
  ASSERT_EQ(rows.size(), 1 + 2 * f.rub.criteria.size());
  auto head = header_texts(rows[0]);
  size_t self = column(head, "Tự chấm");
  std::vector<std::string> want = {"Tự chấm", "Thẩm định cấp 1", "Thẩm định cấp 2", "Kết quả", "Trạng thái", "Lý do điều chỉnh / ghi chú",
                                   "Lý do cấp 1", "Lý do cấp 2", "Nguồn số liệu", "Tài liệu kiểm chứng"};
  ASSERT_EQ(head.size(), self + want.size());
  EXPECT_EQ(std::vector<std::string>(head.begin() + static_cast<long>(self), head.end()), want);
  EXPECT_EQ(std::count(head.begin(), head.end(), "Thẩm định"), 0);
  for (const auto& r : rows) EXPECT_EQ(r.size(), head.size());
  const size_t l1 = self + 1, l2 = self + 2, fin = self + 3, why1 = self + 6, why2 = self + 7;
  // SO-B, by hand: criterion 3 3,79 → 3 (district) → 2,5 (department); 4 10 → 8, kept by the department.
  const Row& b3 = sheet_row(rows, "SO-B", "3");
  EXPECT_EQ(b3[self].number, 3.79);
  EXPECT_EQ(b3[l1].number, 3);
  EXPECT_EQ(b3[l2].number, 2.5);
  EXPECT_EQ(b3[fin].number, 2.5);
  EXPECT_EQ(b3[why1].text, "Huyện: tỷ lệ thực tế 75 %");
  EXPECT_EQ(b3[why2].text, "Sở: tỷ lệ thực tế 60 %");
  const Row& b4 = sheet_row(rows, "SO-B", "4");
  EXPECT_EQ(b4[l1].number, 8);
  EXPECT_EQ(b4[l2].number, 8);
  EXPECT_EQ(b4[why1].text, "Huyện: 80 % hồ sơ trên mạng");
  EXPECT_EQ(b4[why2].kind, CellKind::Blank);  // the department left it as the district judged
  const Row& b1 = sheet_row(rows, "SO-B", "1");
  EXPECT_EQ(b1[l1].number, b1[self].number);  // untouched by either level
  EXPECT_EQ(b1[l2].number, b1[self].number);
  // SO-C has one level: level 1 filled, level 2 blank, final = level 1.
  const Row& c3 = sheet_row(rows, "SO-C", "3");
  EXPECT_EQ(c3[l1].number, 2);
  EXPECT_EQ(c3[l2].kind, CellKind::Blank);
  EXPECT_EQ(c3[why2].kind, CellKind::Blank);
  EXPECT_EQ(c3[fin].number, 2);
  EXPECT_EQ(c3[why1].text, "Huyện: 50 %");
  // Each row's level columns equal level_score, its final the final column of criteria.csv's source.
  for (const char* code : {"SO-B", "SO-C"}) {
    const UnitResult& u = unit(res, code);
    for (size_t ci = 0; ci < f.rub.criteria.size(); ++ci) {
      const Row& r = sheet_row(rows, code, f.rub.criteria[ci].id);
      for (size_t k = 0; k < 2; ++k) {
        if (k < u.levels.size()) EXPECT_EQ(r[self + 1 + k].number, level_score(res, u, k, ci).round(2, RoundMode::HalfUp).to_double()) << code << ci;
        else EXPECT_EQ(r[self + 1 + k].kind, CellKind::Blank);
      }
      EXPECT_EQ(r[fin].number, u.final_score(ci).round(2, RoundMode::HalfUp).to_double());
    }
  }
  auto en = header_texts(criteria_sheet(aggregate_workbook(res, Lang::En, {}, 1), "Criteria")[0]);
  EXPECT_NE(std::find(en.begin(), en.end(), "Appraised, level 2"), en.end());
  EXPECT_NE(std::find(en.begin(), en.end(), "Reason, level 1"), en.end());

  // One level only (the department's file not sent): the three columns of before.
  AggregateResult one = f.run({{"b.json", f.sub}, {"c.json", f.other}, {"huyen.json", a1}});
  auto rows1 = criteria_sheet(aggregate_workbook(one, Lang::Vi, {}, 1), "Tiêu chí");
  auto head1 = header_texts(rows1[0]);
  size_t s1 = column(head1, "Tự chấm");
  EXPECT_EQ(head1[s1 + 1], "Thẩm định");
  EXPECT_EQ(head1[s1 + 2], "Kết quả");
  for (const auto& h : head1) EXPECT_EQ(h.find("cấp"), std::string::npos) << h;
  EXPECT_EQ(sheet_row(rows1, "SO-B", "3")[s1 + 1].number, 3);
}

namespace {

using testutil::file_item;

}  // namespace

// An invalid file keeps its first 20 reasons and one line counting the rest, and no text of it longer
// than a valid file's could be: a hostile file can fail in a hundred thousand places or carry a
// rubric id of megabytes, and the intake's reports and memory must not grow with that.
TEST(Intake, AnInvalidFileKeepsItsFirstReasonsAndShortTexts) {
  const RubricFile& r = vinhlong();
  Answers a = answers_template(*r.rubric);
  a.unit.code = "T-A";
  a.unit.name = "Tỉnh A";
  Json doc = *parse_json(submission(r, a, "2026-11-23T08:00:00+07:00", key(3))).doc;
  for (int k = 0; k < 40; ++k) doc["thua_" + std::to_string(k)] = k;  // 40 members outside the signed part
  const std::string many = envelope_text(doc);
  size_t errors = 0;
  for (const Message& m : verify_submission(many, aggregator({&r}, std::nullopt).lookup()).problems) errors += m.severity == Severity::Error;
  ASSERT_GT(errors, kMaxIntakeReasons + 1) << "enough reasons to cut";
  Json long_id = *parse_json(submission(r, a, "2026-11-23T08:00:00+07:00", key(3))).doc;
  long_id["signed"]["rubric"]["id"] = std::string(100000, 'r');
  Aggregator agg = aggregator({&r}, std::nullopt);
  agg.add_file("many.json", many);
  agg.add_file("long.json", envelope_text(long_id));
  AggregateResult res = agg.finish();
  ASSERT_EQ(res.records.size(), 2u);
  for (const IntakeRecord& rec : res.records) {
    EXPECT_EQ(rec.status, IntakeStatus::Invalid) << rec.file;
    EXPECT_LE(rec.rubric_id.size(), 3 * 201u) << rec.file;
    for (const Message& m : rec.problems) EXPECT_LE(m.vi.size() + m.en.size(), 2 * 3 * 1001u) << rec.file << " " << m.code;
    if (rec.file != "many.json") {
      EXPECT_NE(rec.rubric_id.find("rrr…"), std::string::npos);
      continue;
    }
    ASSERT_EQ(rec.problems.size(), kMaxIntakeReasons + 1);
    EXPECT_EQ(rec.problems.back().code, "intake.more_reasons");
    EXPECT_NE(rec.problems.back().vi.find("… và " + std::to_string(errors - kMaxIntakeReasons) + " lỗi khác"), std::string::npos) << rec.problems.back().vi;
  }
  std::string csv = aggregate_intake_csv(res, Lang::Vi);
  EXPECT_NE(csv.find("lỗi khác"), std::string::npos);
  EXPECT_LT(csv.size(), 40000u);
}

// The compact evidence list a roll-up keeps per unit: every piece's criterion, kind, name and
// SHA-256 read back exactly as added (empty texts, a reference's text never taken for a file's, the
// NUL byte and non-ASCII bytes kept), sorted by criterion without reordering a criterion's pieces,
// and each criterion's range found, also for criteria before, between and after those named.
TEST(Intake, EvidenceNamesKeepEveryPieceInCriterionOrder) {
  struct Piece {
    uint32_t criterion;
    bool file;
    std::string name, sha;
  };
  std::mt19937 rng(19);
  std::vector<Piece> added;
  EvidenceNames n;
  const std::string odd = std::string("t\xe1\xbb\x9d tr\xc3\xacnh\0x", 13);  // Vietnamese UTF-8 and a NUL
  for (int k = 0; k < 500; ++k) {
    Piece p{static_cast<uint32_t>(1 + 3 * (rng() % 40)), rng() % 2 == 0, "", ""};
    p.name = k % 7 == 0 ? std::string() : k % 11 == 0 ? odd : "piece-" + std::to_string(k) + std::string(rng() % 50, 'x');
    if (p.file) p.sha = k % 13 == 0 ? std::string() : sha256_hex("bytes " + std::to_string(k));
    added.push_back(p);
    n.add(p.criterion, p.file, p.name, p.sha);
  }
  n.sort_by_criterion();
  n.shrink_to_fit();
  std::vector<Piece> want = added;
  std::stable_sort(want.begin(), want.end(), [](const Piece& a, const Piece& b) { return a.criterion < b.criterion; });
  ASSERT_EQ(n.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k) {
    NamedEvidence e = n[k];
    EXPECT_EQ(e.criterion, want[k].criterion) << k;
    EXPECT_EQ(e.file, want[k].file) << k;
    EXPECT_EQ(std::string(e.name), want[k].name) << k;
    EXPECT_EQ(std::string(e.sha256), want[k].sha) << k;
  }
  for (size_t c = 0; c <= 125; ++c) {
    auto [b, e] = n.range_of(c);
    size_t first = want.size(), count = 0;
    for (size_t k = 0; k < want.size(); ++k)
      if (want[k].criterion == c) {
        first = std::min(first, k);
        ++count;
      }
    EXPECT_EQ(e - b, count) << c;
    if (count) EXPECT_EQ(b, first) << c;
    EvidenceList l(&n, b, e);
    size_t seen = 0;
    for (NamedEvidence x : l) {
      EXPECT_EQ(x.criterion, c);
      ++seen;
    }
    EXPECT_EQ(seen, count);
  }
  EvidenceNames none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.range_of(0).first, none.range_of(0).second);
}

// Each criterion's evidence, looked up in the unit's one list ordered by criterion: the answers list
// criteria by id as text ("10" before "2"), the rubric by position; every criterion gets exactly
// what it named, in the order named, and one that named nothing gets nothing.
TEST(Reports, EvidenceOfEachCriterion) {
  const RubricFile& r = tinh();
  const Rubric& rub = *r.rubric;
  Answers a = base_answers("SO-B", "Sở Tài chính");
  std::map<size_t, std::vector<std::string>> named;
  for (size_t ci = 0; ci < rub.criteria.size(); ci += 2) {  // every other criterion, 1 to 3 pieces each
    for (size_t k = 0; k <= ci % 3 + (ci % 2); ++k) {
      std::string name = "e" + std::to_string(ci) + "-" + std::to_string(k) + ".pdf";
      a.evidence[rub.criteria[ci].id].push_back(file_item(name, "%PDF " + name));
      named[ci].push_back(name);
    }
  }
  ASSERT_GT(named.size(), 5u);
  bool text_order_differs = false;  // some criterion's id sorts before an earlier one's
  for (auto i = named.begin(); i != named.end(); ++i)
    for (auto j = std::next(i); j != named.end(); ++j) text_order_differs |= rub.criteria[j->first].id < rub.criteria[i->first].id;
  ASSERT_TRUE(text_order_differs);
  Aggregator agg = aggregator({&r}, std::nullopt);
  agg.add_file("b.json", submission(r, a, "2026-11-22T15:00:00+07:00", key(2)));
  AggregateResult res = agg.finish();
  const UnitResult& u = unit(res, "SO-B");
  size_t total = 0;
  for (size_t ci = 0; ci < rub.criteria.size(); ++ci) {
    std::vector<std::string> got;
    for (const NamedEvidence& e : u.evidence_of(ci)) {
      EXPECT_EQ(e.criterion, ci);
      got.emplace_back(e.name);
    }
    EXPECT_EQ(got, named.count(ci) ? named[ci] : std::vector<std::string>()) << rub.criteria[ci].id;
    total += got.size();
  }
  EXPECT_EQ(total, u.evidence.size());
  EXPECT_TRUE(u.evidence_of(rub.criteria.size()).empty());  // past the last criterion
}

// Evidence per criterion (docs/aggregate-report.md, "Evidence per criterion"): a dossier with one file
// present, one changed and one missing; a plain .json naming a file; a reference; and points
// claimed with no evidence where the rubric asks for some — in criteria.csv, report.json,
// report.html and report.xlsx.
TEST(Reports, EvidencePerCriterion) {
  const RubricFile& r = tinh();
  const Rubric& rub = *r.rubric;
  const std::string pa = "%PDF a\n", pb = "%PDF b\n", pc = "%PDF c\n";
  Answers b = base_answers("SO-B", "Sở Tài chính");
  EvidenceItem ref;
  ref.kind = "ref";
  ref.number = "12/KH-UBND";
  ref.title = "Kế hoạch chuyển đổi số";
  b.evidence["1"] = {file_item("Kế hoạch.pdf", pa), file_item("b.pdf", pb), ref};
  b.evidence["3"] = {file_item("c.pdf", pc)};
  Answers c = base_answers("SO-C", "Sở Xây dựng");
  c.evidence["1"] = {file_item("Kế hoạch.pdf", pa)};
  std::string sb = submission(r, b, "2026-11-22T15:00:00+07:00", key(2)), sc = submission(r, c, "2026-11-22T16:00:00+07:00", key(3));

  Aggregator agg = aggregator({&r}, std::nullopt);
  // The dossier as the CLI and the app read it: the submission checked, then its evidence counted.
  CheckedFile fb = agg.check_file("b.zip", sb);
  std::vector<DossierFile> files = {{"evidence/1/Ke hoach.pdf", pa}, {"evidence/1/b.pdf", "%PDF other\n"}};
  fb.record.evidence = check_evidence(b, files).tally();
  ASSERT_EQ(fb.record.evidence->summary(Lang::Vi), "1/3 tệp kiểm chứng khớp: thiếu 1, bị thay 1");
  agg.add(std::move(fb));
  agg.add_file("c.json", sc);
  AggregateResult res = agg.finish();
  const UnitResult& ub = unit(res, "SO-B");
  const UnitResult& uc = unit(res, "SO-C");
  const size_t c1 = crit(rub, "1"), c3 = crit(rub, "3");
  const IntakeRecord& rb = res.records[ub.record];
  const IntakeRecord& rc = res.records[uc.record];
  ASSERT_EQ(ub.evidence_of(c1).size(), 3u);
  EXPECT_EQ(evidence_seen(rb, ub.evidence_of(c1)[0]), EvidenceSeen::Present);
  EXPECT_EQ(evidence_seen(rb, ub.evidence_of(c1)[1]), EvidenceSeen::Changed);
  EXPECT_EQ(evidence_seen(rb, ub.evidence_of(c1)[2]), EvidenceSeen::Reference);
  EXPECT_EQ(evidence_seen(rb, ub.evidence_of(c3)[0]), EvidenceSeen::Missing);
  EXPECT_EQ(evidence_seen(rc, uc.evidence_of(c1)[0]), EvidenceSeen::OnlyNamed);
  EXPECT_TRUE(ub.evidence_of(crit(rub, "2")).empty());

  // Points claimed with no evidence: exactly what unsupported_claims says of each submission.
  for (const auto& [u, a] : {std::pair<const UnitResult*, const Answers*>{&ub, &b}, {&uc, &c}}) {
    std::vector<std::string> want, got;
    for (const auto& m : unsupported_claims(rub, *a, score(rub, *a))) want.push_back(m.where);
    for (size_t ci : u->unsupported) got.push_back(rub.criteria[ci].id);
    EXPECT_EQ(got, want) << u->unit_code;
    EXPECT_FALSE(got.empty());
  }
  EXPECT_FALSE(ub.unsupported_claim(c1));
  EXPECT_FALSE(ub.unsupported_claim(c3));
  EXPECT_TRUE(uc.unsupported_claim(c3));  // 3,79 points, the rubric asks for the Cổng DVC figures, nothing named

  EXPECT_EQ(criterion_evidence_text(res, ub, c1, Lang::Vi),
            "Kế hoạch.pdf (có trong hồ sơ); b.pdf (bị thay, khác tệp đã ký); văn bản 12/KH-UBND");
  EXPECT_EQ(criterion_evidence_text(res, ub, c3, Lang::Vi), "c.pdf (thiếu trong hồ sơ)");
  EXPECT_EQ(criterion_evidence_text(res, uc, c1, Lang::Vi), "Kế hoạch.pdf (chỉ kê tên, không gửi kèm)");
  EXPECT_EQ(criterion_evidence_text(res, uc, c3, Lang::Vi), "Có điểm nhưng chưa kèm tài liệu kiểm chứng");
  EXPECT_EQ(criterion_evidence_text(res, ub, c1, Lang::En), "Kế hoạch.pdf (in the dossier); b.pdf (changed, not the file signed); document 12/KH-UBND");
  EXPECT_EQ(criterion_evidence_text(res, uc, c1, Lang::En), "Kế hoạch.pdf (only named, not sent)");

  // criteria.csv: the column after "Nguồn số liệu", one cell per unit and criterion.
  std::string csv = aggregate_criteria_csv(res, Lang::Vi);
  EXPECT_NE(csv.find(";Nguồn số liệu;Tài liệu kiểm chứng\r\n"), std::string::npos) << csv.substr(0, 400);
  // (quoted: the pieces are separated by "; " and ";" separates the cells of a Vietnamese CSV)
  EXPECT_NE(csv.find(";\"Kế hoạch.pdf (có trong hồ sơ); b.pdf (bị thay, khác tệp đã ký); văn bản 12/KH-UBND\"\r\n"), std::string::npos);
  EXPECT_NE(csv.find(";Cổng DVC tỉnh;c.pdf (thiếu trong hồ sơ)\r\n"), std::string::npos);
  size_t flagged = 0;
  for (size_t at = 0; (at = csv.find(";Có điểm nhưng chưa kèm tài liệu kiểm chứng\r\n", at)) != std::string::npos; ++at) ++flagged;
  EXPECT_EQ(flagged, ub.unsupported.size() + uc.unsupported.size());
  EXPECT_NE(aggregate_criteria_csv(res, Lang::En).find(",Evidence\r\n"), std::string::npos);

  // report.json: each criterion's files with their state, references, the flag; the text writer agrees.
  Json j = aggregate_to_json(res, {});
  expect_json_text_is_the_tree(res, {});
  const Json* jb = nullptr;
  const Json* jc = nullptr;
  for (const auto& u : j["rubrics"][0]["ranking"]) (u["unit"]["code"] == "SO-B" ? jb : jc) = &u;
  ASSERT_TRUE(jb && jc);
  const Json& e1 = (*jb)["criteria"][c1]["evidence"];
  ASSERT_EQ(e1.size(), 3u);
  EXPECT_EQ(e1[0]["state"], "present");
  EXPECT_EQ(e1[0]["sha256"], sha256_hex(pa));
  EXPECT_EQ(e1[1]["state"], "changed");
  EXPECT_EQ(e1[2]["kind"], "ref");
  EXPECT_EQ(e1[2]["name"], "12/KH-UBND");
  EXPECT_EQ((*jb)["criteria"][c3]["evidence"][0]["state"], "missing");
  EXPECT_EQ((*jc)["criteria"][c1]["evidence"][0]["state"], "named");
  EXPECT_EQ((*jc)["criteria"][c3]["unsupported"], true);
  EXPECT_FALSE((*jb)["criteria"][c3].contains("unsupported"));
  EXPECT_FALSE((*jb)["criteria"][crit(rub, "2")].contains("evidence"));

  // report.html: under each criterion on the unit's page, and the unit's tally.
  std::string html = aggregate_html(res, Lang::Vi, {"25/11/2026", "test", "", 500});
  EXPECT_NE(html.find("Tài liệu kiểm chứng: Kế hoạch.pdf (có trong hồ sơ); b.pdf (<span class=\"warn\">bị thay, khác tệp đã ký</span>); văn bản 12/KH-UBND"),
            std::string::npos);
  EXPECT_NE(html.find("c.pdf (<span class=\"warn\">thiếu trong hồ sơ</span>)"), std::string::npos);
  EXPECT_NE(html.find("Kế hoạch.pdf (chỉ kê tên, không gửi kèm)"), std::string::npos);
  EXPECT_NE(html.find("Hồ sơ .zip: 1/3 tệp kiểm chứng khớp: thiếu 1, bị thay 1."), std::string::npos);
  EXPECT_NE(html.find("Bài nộp .json kê tên 1 tệp kiểm chứng nhưng không gửi kèm"), std::string::npos);
  EXPECT_NE(html.find("tiêu chí có điểm nhưng chưa kèm tài liệu kiểm chứng mà bộ tiêu chí yêu cầu: "), std::string::npos);
  size_t marks = 0;
  for (size_t at = 0; (at = html.find("⚠ Có điểm nhưng chưa kèm tài liệu kiểm chứng", at)) != std::string::npos; ++at) ++marks;
  EXPECT_EQ(marks, ub.unsupported.size() + uc.unsupported.size());
  EXPECT_TRUE(is_valid_utf8(html));

  // report.xlsx: the same cell as criteria.csv in the criteria sheet's last column.
  auto rows = criteria_sheet(aggregate_workbook(res, Lang::Vi, {}, 1), "Tiêu chí");
  auto head = header_texts(rows.at(0));
  EXPECT_EQ(head.back(), "Tài liệu kiểm chứng");
  EXPECT_EQ(sheet_row(rows, "SO-B", "1").back().text, "Kế hoạch.pdf (có trong hồ sơ); b.pdf (bị thay, khác tệp đã ký); văn bản 12/KH-UBND");
  EXPECT_EQ(sheet_row(rows, "SO-C", "3").back().text, "Có điểm nhưng chưa kèm tài liệu kiểm chứng");
  EXPECT_EQ(sheet_row(rows, "SO-B", "2").back().text, ub.unsupported_claim(crit(rub, "2")) ? "Có điểm nhưng chưa kèm tài liệu kiểm chứng" : "");
}

// report.xlsx's criteria and intake sheets say how much text they will stream
// (Sheet::stream_text_bytes), so that a few units naming thousands of long documents, or thousands
// of files with long reasons, take libxlsxwriter's constant-memory path: the estimate is within a
// factor of two of the text the rows then hold, with long names and without.
TEST(Reports, CriteriaSheetEstimatesItsText) {
  const RubricFile& r = tinh();
  const Rubric& rub = *r.rubric;
  auto text_of = [](const Workbook& wb, const std::string& name, size_t* estimate) {
    size_t n = 0;
    for (const auto& sh : wb.sheets) {
      if (sh.name != name) continue;
      *estimate += sh.stream_text_bytes;
      Row row;
      for (size_t i = 0; i < sh.stream_rows; ++i) {
        row.clear();
        sh.stream(i, row);
        for (const auto& c : row) n += c.text.size();
      }
    }
    return n;
  };
  for (size_t name_bytes : {size_t{0}, size_t{40}, size_t{900}}) {
    Aggregator agg = aggregator({&r}, std::nullopt);
    for (int k = 0; k < 3; ++k) {
      Answers a = base_answers("SO-" + std::to_string(k), "Sở thứ " + std::to_string(k));
      if (name_bytes)
        for (size_t i = 0; i < rub.criteria.size(); ++i)
          for (int p = 0; p < 4; ++p) {
            std::string nm = "Văn bản " + std::to_string(i) + "-" + std::to_string(p) + " ";
            nm += std::string(name_bytes - std::min(name_bytes, nm.size()), 'x');
            a.evidence[rub.criteria[i].id].push_back(file_item(nm + ".pdf", "%PDF " + nm));
          }
      agg.add_file("f" + std::to_string(k) + ".json", submission(r, a, "2026-11-22T15:00:00+07:00", key(2 + k)));
    }
    AggregateResult res = agg.finish();
    ASSERT_EQ(res.units.size(), 3u);
    Workbook wb = aggregate_workbook(res, Lang::Vi, {}, 1);
    for (const char* sheet : {"Tiêu chí", "Tiếp nhận"}) {
      size_t estimate = 0;
      size_t actual = text_of(wb, sheet, &estimate);
      EXPECT_GE(estimate * 2, actual) << sheet << ", " << name_bytes;
      EXPECT_LE(estimate, actual * 2) << sheet << ", " << name_bytes;
    }
  }
  // An invalid file's reasons are the intake sheet's long text: 20 of them kept, and estimated.
  Aggregator agg = aggregator({&r}, std::nullopt);
  for (int k = 0; k < 30; ++k) agg.add_file("hỏng-" + std::to_string(k) + "-" + std::string(300, 'x') + ".json", "{\"format\": 1, \"x\": [" + std::string(k, '1') + "]}");
  AggregateResult bad = agg.finish();
  Workbook wb = aggregate_workbook(bad, Lang::Vi, {}, 1);
  size_t estimate = 0;
  size_t actual = text_of(wb, "Tiếp nhận", &estimate);
  EXPECT_GE(estimate * 2, actual);
  EXPECT_LE(estimate, actual * 2);
}

// The unit's printout of an appraisal as a workbook: every criterion with the unit's own scores,
// one column per level, the final column and the reasons (values by hand, as above).
TEST(AppraisalChain, UnitWorkbookHasTheAppraisalColumns) {
  ChainFixture f;
  std::string a1 = f.l1(), a2 = f.l2(a1);
  AppraisalVerification av = verify_appraisal(a2, &f.trust);
  ASSERT_TRUE(av.ok());
  ScoreSheet s = score(f.rub, *verify_submission(f.sub, f.lookup).answers);
  std::vector<Num> self;
  for (const auto& c : s.criteria) self.push_back(c.score);
  Workbook wb = appraisal_workbook(av, f.rub, &self, Lang::Vi, {}, "Khớp bài nộp của đơn vị", 0);
  ASSERT_EQ(wb.sheets.size(), 1u);
  const Sheet& sh = wb.sheets[0];
  size_t head = 0;
  while (head < sh.rows.size() && !(sh.rows[head].size() > 1 && sh.rows[head][0].text == "TT")) ++head;
  ASSERT_LT(head, sh.rows.size());
  std::vector<std::string> cols;
  for (const auto& c : sh.rows[head]) cols.push_back(c.text);
  EXPECT_EQ(cols, (std::vector<std::string>{"TT", "Nội dung", "Tối đa", "Tự chấm", "Thẩm định cấp 1", "Thẩm định cấp 2", "Kết quả", "Lý do"}));
  EXPECT_EQ(sh.freeze_rows, static_cast<int>(head) + 1);
  // One row per criterion, then the total.
  ASSERT_EQ(sh.rows.size(), head + 1 + f.rub.criteria.size() + 1);
  const Row& c3 = sh.rows[head + 1 + crit(f.rub, "3")];
  EXPECT_EQ(c3[0].text, f.rub.criterion("3")->code);
  EXPECT_DOUBLE_EQ(c3[3].number, 3.79);
  EXPECT_DOUBLE_EQ(c3[4].number, 3);
  EXPECT_DOUBLE_EQ(c3[5].number, 2.5);
  EXPECT_DOUBLE_EQ(c3[6].number, 2.5);
  EXPECT_EQ(c3[7].text, "Cấp 1: Huyện: tỷ lệ thực tế 75 %; Cấp 2: Sở: tỷ lệ thực tế 60 %");
  EXPECT_NE(wb.styles[c3[3].style].fill, Fill::None);  // a changed row is shaded
  const Row& c1 = sh.rows[head + 1 + crit(f.rub, "1")];
  EXPECT_DOUBLE_EQ(c1[6].number, 6);
  EXPECT_EQ(wb.styles[c1[3].style].fill, Fill::None);
  const Row& total = sh.rows.back();
  EXPECT_EQ(total[1].text, "TỔNG ĐIỂM");
  EXPECT_DOUBLE_EQ(total[3].number, 70.55);
  EXPECT_DOUBLE_EQ(total[6].number, 67.26);
  // Without the unit's own scores: only the changed criteria, self unknown.
  Workbook bare = appraisal_workbook(av, f.rub, nullptr, Lang::En, {}, "", 0);
  size_t changed_rows = 0;
  for (const auto& r : bare.sheets[0].rows)
    if (r.size() > 3 && r[3].text == "—") ++changed_rows;
  EXPECT_EQ(changed_rows, 2u);  // criteria 3 and 4
  EXPECT_EQ(bare.sheets[0].name, "Appraisal");
}

// A unit listed as missing, when some files could not be read far enough to name a unit (not JSON,
// too many values, no unit code): every missing list says one of them may be its, instead of
// "Chưa nộp" — in ranking.csv, report.xlsx, report.html, the summary and report.json's counts. The
// office's own files given among them (a trust list, a rubric, an appraisal draft) are not such
// files, and a unit's answers sent unsigned name their unit (files came, none valid).
TEST(Reports, MissingUnitsPointAtFilesThatNameNoUnit) {
  auto run = [](bool with_unreadable, std::vector<std::pair<std::string, std::string>> more = {}) {
    Aggregator agg = aggregator({&tinh()}, mixed_trust());
    for (const auto& [name, bytes] : mixed_intake())
      if (with_unreadable || (name != "garbage.json" && name != "note.json")) agg.add_file(name, bytes);
    for (const auto& [name, bytes] : more) agg.add_file(name, bytes);
    return agg.finish();
  };
  auto workbook_note = [](const AggregateResult& res, Lang l, const std::string& sheet, const std::string& code) {
    for (const auto& row : criteria_sheet(aggregate_workbook(res, l, {}, 1), sheet))
      if (row.size() >= 3 && row[0].text == code) return row[2].text;
    return std::string("<none>");
  };
  auto summary_count = [&](const AggregateResult& res, Lang l) {  // report.xlsx's Summary: the row, if any
    for (const auto& row : criteria_sheet(aggregate_workbook(res, l, {}, 1), l == Lang::Vi ? "Tóm tắt" : "Summary"))
      if (row.size() >= 2 && row[0].text == T(l, "Tệp không đọc được mã đơn vị", "Files naming no unit")) return row[1].number;
    return -1.0;
  };
  const std::vector<std::pair<std::string, std::string>> office_files = {
      {"tin-cay.json", "{\"format\": \"cds-trust/1\", \"units\": 3}"},
      {"bo-tieu-chi.json", "{\"format\": \"cds-rubric/1\", \"id\": 3}"},
      {"tham-dinh-nhap.json", "{\"format\": \"cds-appraisal-changes/1\", \"changes\": 7}"}};
  {
    AggregateResult res = run(true, office_files);
    EXPECT_EQ(res.counts.no_unit, 2);  // garbage.json (cut-off JSON) and note.json (no submission); not the office's files
    EXPECT_TRUE(record(res, "tin-cay.json").office_file);
    EXPECT_EQ(record(res, "tin-cay.json").status, IntakeStatus::Invalid);
    std::map<std::string, const MissingUnit*> by;
    for (const auto& m : res.missing) by[m.code] = &m;
    ASSERT_TRUE(by.count("SO-E") && by.count("SO-C"));
    const std::string vi = missing_unit_note(res, *by["SO-E"], Lang::Vi);
    const std::string en = missing_unit_note(res, *by["SO-E"], Lang::En);
    EXPECT_EQ(vi, "Không có tệp nào mang mã đơn vị này; có 2 tệp không đọc được mã đơn vị, có thể có tệp của đơn vị này (xem danh sách tệp)");
    EXPECT_EQ(en, "No file names this unit; 2 files could not be read far enough to name a unit, and one may be this unit's (see the file list)");
    // A unit whose own files came invalid keeps its reason.
    EXPECT_EQ(missing_unit_note(res, *by["SO-C"], Lang::Vi), "Có tệp gửi đến nhưng không hợp lệ");
    EXPECT_NE(aggregate_ranking_csv(res, Lang::Vi).find(vi), std::string::npos);
    EXPECT_NE(aggregate_ranking_csv(res, Lang::En).find(en), std::string::npos);
    EXPECT_EQ(workbook_note(res, Lang::Vi, "Chưa nộp", "SO-E"), vi);
    EXPECT_EQ(workbook_note(res, Lang::En, "Missing", "SO-E"), en);
    EXPECT_EQ(summary_count(res, Lang::Vi), 2.0);
    EXPECT_EQ(summary_count(res, Lang::En), 2.0);
    EXPECT_NE(aggregate_html(res, Lang::Vi, {}).find("2 tệp không đọc được mã đơn vị (xem danh sách tệp): có thể có tệp của các đơn vị trên."),
              std::string::npos);
    EXPECT_NE(aggregate_html(res, Lang::En, {}).find("2 files could not be read far enough to name a unit (see the file list): some may be from the units above."),
              std::string::npos);
    EXPECT_NE(aggregate_summary(res, Lang::Vi).find("3 đơn vị trong danh sách chưa có bài nộp hợp lệ (2 tệp không đọc được mã đơn vị: có thể có tệp của các đơn vị này)."),
              std::string::npos)
        << aggregate_summary(res, Lang::Vi);
    EXPECT_NE(aggregate_summary(res, Lang::En).find("(2 files could not be read far enough to name a unit: some may be theirs)."), std::string::npos);
    EXPECT_EQ(aggregate_to_json(res, {})["counts"]["files_naming_no_unit"], 2);
    expect_json_text_is_the_tree(res, {});
  }
  {
    // One such file and one missing unit (the other four send valid files): the singular everywhere.
    Aggregator agg = aggregator({&tinh()}, mixed_trust());
    const RubricFile& r = tinh();
    agg.add_file("a.json", submission(r, base_answers("SO-A", "Sở Nội vụ"), "2026-11-23T09:30:00+07:00", key(1)));
    agg.add_file("b.json", submission(r, base_answers("SO-B", "Sở Tài chính"), "2026-11-23T09:30:00+07:00", key(2)));
    agg.add_file("c.json", submission(r, base_answers("SO-C", "Sở Y tế"), "2026-11-23T09:30:00+07:00", key(3)));
    agg.add_file("d.json", submission(r, base_answers("SO-D", "Sở Giáo dục và Đào tạo"), "2026-11-23T09:30:00+07:00", key(4)));
    agg.add_file("cong-van.json", "%PDF-1.4");
    AggregateResult res = agg.finish();
    ASSERT_EQ(res.missing.size(), 1u);
    EXPECT_EQ(res.counts.no_unit, 1);
    EXPECT_EQ(missing_unit_note(res, res.missing[0], Lang::Vi),
              "Không có tệp nào mang mã đơn vị này; có 1 tệp không đọc được mã đơn vị, có thể là tệp của đơn vị này (xem danh sách tệp)");
    EXPECT_EQ(missing_unit_note(res, res.missing[0], Lang::En),
              "No file names this unit; 1 file could not be read far enough to name a unit, and it may be this unit's (see the file list)");
    EXPECT_NE(aggregate_summary(res, Lang::Vi).find("1 đơn vị trong danh sách chưa có bài nộp hợp lệ (1 tệp không đọc được mã đơn vị: có thể là tệp của đơn vị này)."),
              std::string::npos)
        << aggregate_summary(res, Lang::Vi);
    EXPECT_NE(aggregate_summary(res, Lang::En).find("1 listed units have no valid submission (1 file could not be read far enough to name a unit: it may be that unit's)."),
              std::string::npos)
        << aggregate_summary(res, Lang::En);
    EXPECT_NE(aggregate_html(res, Lang::Vi, {}).find("1 tệp không đọc được mã đơn vị (xem danh sách tệp): có thể là tệp của đơn vị trên."), std::string::npos);
    EXPECT_NE(aggregate_html(res, Lang::En, {}).find("1 file could not be read far enough to name a unit (see the file list): it may be from the unit above."),
              std::string::npos);
    // Its answers, sent without signing: the unit's own file came (not valid), nothing names no unit.
    Aggregator agg2 = aggregator({&tinh()}, mixed_trust());
    agg2.add_file("e-chua-ky.json", answers_to_text(base_answers("SO-E", "Sở Xây dựng")));
    AggregateResult res2 = agg2.finish();
    EXPECT_EQ(res2.counts.no_unit, 0);
    EXPECT_EQ(record(res2, "e-chua-ky.json").unit_code, "SO-E");
    EXPECT_EQ(record(res2, "e-chua-ky.json").status, IntakeStatus::Invalid);
    for (const auto& m : res2.missing)
      if (m.code == "SO-E") EXPECT_EQ(missing_unit_note(res2, m, Lang::Vi), "Có tệp gửi đến nhưng không hợp lệ");
    // An answers file of more values than a signed file may hold is not read for its unit (its
    // document would cost about 100 bytes a value): it names no unit.
    std::string wide = "{\"format\": \"cds-answers/1\", \"unit\": {\"code\": \"SO-E\"}, \"x\": [0";
    for (size_t i = 0; i < kMaxSignedFileValues; ++i) wide += ",0";
    wide += "]}";
    Aggregator agg3 = aggregator({&tinh()}, mixed_trust());
    agg3.add_file("rong.json", wide);
    AggregateResult res3 = agg3.finish();
    EXPECT_EQ(record(res3, "rong.json").unit_code, "");
    EXPECT_EQ(res3.counts.no_unit, 1);
  }
  {
    AggregateResult res = run(false, office_files);
    EXPECT_EQ(res.counts.no_unit, 0);
    ASSERT_FALSE(res.missing.empty());
    const MissingUnit& e = res.missing.back();
    EXPECT_EQ(e.code, "SO-E");
    EXPECT_EQ(missing_unit_note(res, e, Lang::Vi), "Chưa nộp");
    EXPECT_EQ(missing_unit_note(res, e, Lang::En), "Nothing received");
    EXPECT_EQ(workbook_note(res, Lang::Vi, "Chưa nộp", "SO-E"), "Chưa nộp");
    EXPECT_EQ(summary_count(res, Lang::Vi), -1.0);  // no such row
    EXPECT_EQ(aggregate_html(res, Lang::Vi, {}).find("không đọc được mã đơn vị"), std::string::npos);
    EXPECT_NE(aggregate_summary(res, Lang::Vi).find("3 đơn vị trong danh sách chưa có bài nộp hợp lệ."), std::string::npos);
    EXPECT_EQ(aggregate_to_json(res, {})["counts"]["files_naming_no_unit"], 0);
  }
}
