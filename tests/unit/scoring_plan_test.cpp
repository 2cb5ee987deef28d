// ScoringPlan: scoring with a plan made once per rubric must give exactly what the reference path
// (score(rubric, answers), which looks every value up by id) gives — every field of every criterion,
// section and the sheet, every message and, when asked for, every explanation line — on every
// bundled rubric (current and superseded) and thousands of generated answer sets: realistic values,
// boundaries, missing and null inputs, zero denominators, absurd magnitudes, wrong types, unknown
// criteria, inputs and general-information fields, another rubric or version.
#include <gtest/gtest.h>

#include <filesystem>

#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace cds;

namespace {

std::string opt_num(const std::optional<Num>& v) { return v ? v->to_string(12) + "=" + std::to_string(static_cast<long long>(v->den() % 1000003)) : "-"; }

std::string dump(const Messages& ms) {
  std::string o;
  for (const auto& m : ms)
    o += std::to_string(static_cast<int>(m.severity)) + "|" + m.code + "|" + m.vi + "|" + m.en + "|" + m.where + "|" + m.input + "\n";
  return o;
}

// Every field of a sheet, exactly (fractions by value and denominator).
std::string dump(const ScoreSheet& s) {
  std::string o = s.rubric_id + " " + s.rubric_version + " scale " + opt_num(s.scale) + " total " + opt_num(s.total) + " uncapped " +
                  opt_num(s.uncapped) + " regular " + opt_num(s.regular) + " bonus " + opt_num(s.bonus) + " penalty " + opt_num(s.penalty) +
                  " answered " + std::to_string(s.answered) + " items " + std::to_string(s.items) + " problems " + std::to_string(s.problems) +
                  " pending " + std::to_string(s.pending) + "\n" + dump(s.messages);
  for (const auto& c : s.criteria) {
    o += "C " + std::to_string(c.index) + " " + c.id + " " + c.code + " score " + opt_num(c.score) + " raw " + opt_num(c.raw) + " max " +
         opt_num(c.max) + " status " + status_name(c.status) + " clamped " + std::to_string(c.clamped) + " value " + opt_num(c.value) +
         " literal " + opt_num(c.literal) + " " + status_name(c.literal_status) + "\n" + dump(c.messages);
    for (const auto& l : c.explanation) o += "  " + l + "\n";
  }
  for (const auto& sec : s.sections)
    o += "S " + sec.id + " " + sec.code + " " + sec.title + " " + std::to_string(sec.depth) + " " + opt_num(sec.score) + " " + opt_num(sec.max) + " " +
         std::to_string(sec.bonus_penalty) + " " + std::to_string(sec.answered) + " " + std::to_string(sec.items) + "\n";
  return o;
}

struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
};

// A number near the input's limits, ordinary, or absurd; as a JSON integer, double or text.
Json number(Rng& g, const InputDef* in) {
  static const char* const kTexts[] = {"12,5", "1.234,5", "1.000", "50%", "abc", "", " 7 ", "-3", "1e20", "0,0001", "１２", "12.5", "3/4"};
  switch (g.below(12)) {
    case 0: return nullptr;
    case 1: return static_cast<long long>(g.below(5));
    case 2: return static_cast<long long>(g.below(120));
    case 3: return static_cast<long long>(g.below(100000));
    case 4: return static_cast<double>(g.below(10000)) / 8.0;
    case 5: return -static_cast<long long>(g.below(50));
    case 6: return g.chance(50) ? Json(1e16) : Json(1e300);
    case 7: return kTexts[g.below(std::size(kTexts))];
    case 8: return g.chance(50) ? Json(true) : Json::array({1, 2});
    case 9:
      if (in && in->max) return num_to_json(*in->max + Num(static_cast<long long>(g.below(3)) - 1));
      return 100;
    case 10:
      if (in && in->min) return num_to_json(*in->min + Num(static_cast<long long>(g.below(3)) - 1));
      return 0;
    default: return static_cast<double>(g.below(1000000)) / 1000.0;
  }
}

Json value_for(Rng& g, const InputDef& in) {
  if (g.chance(8)) return number(g, &in);  // any input: a wrong type now and then
  switch (in.type) {
    case InputType::YesNo:
      return g.chance(85) ? Json(g.chance(50)) : Json("có");
    case InputType::Choice:
      if (!in.options.empty() && g.chance(85)) return in.options[g.below(in.options.size())].value;
      return g.chance(50) ? Json("không có") : Json(3);
    case InputType::Date: {
      static const char* const kDates[] = {"01/01/2022", "31/12/2022", "15/06/2023", "29/02/2023", "32/01/2022", "2022-03-01", "1/2/2024", "hôm qua"};
      if (in.min_date && g.chance(20)) return format_date(*in.min_date);
      if (in.max_date && g.chance(20)) return format_date(*in.max_date);
      return kDates[g.below(std::size(kDates))];
    }
    case InputType::Ratio: {
      if (g.chance(10)) return number(g, &in);
      Json o = Json::object();
      long long den = static_cast<long long>(g.below(4) == 0 ? 0 : g.below(200));
      long long num = static_cast<long long>(g.below(static_cast<size_t>(den) + 30));
      if (!g.chance(12)) o["num"] = g.chance(90) ? Json(num) : number(g, nullptr);
      if (!g.chance(12)) o["den"] = g.chance(90) ? Json(den) : number(g, nullptr);
      if (g.chance(5)) o["extra"] = 1;
      return o;
    }
    case InputType::FrequencyCounts: {
      Json o = Json::object();
      for (const auto& f : in.frequencies)
        if (!g.chance(15)) o[f] = g.chance(85) ? Json(static_cast<long long>(g.below(6))) : number(g, nullptr);
      if (g.chance(10)) o["khac"] = 1;
      return o;
    }
    case InputType::Text:
      return g.chance(80) ? Json("Văn bản số 12/QĐ-UBND") : Json(5);
    default:
      return number(g, &in);
  }
}

Answers generate(Rng& g, const Rubric& r) {
  Answers a;
  a.rubric_id = g.chance(3) ? "khac" : r.id;
  a.rubric_version = g.chance(5) ? "0.0" : (g.chance(50) ? r.version : "");
  a.unit = {"Đơn vị thử", "X01", r.unit_types.empty() ? "" : r.unit_types[0].first};
  if (g.chance(3)) a.inputs = Json::array();
  if (g.chance(3)) a.general_info = "không";
  int fill = static_cast<int>(g.below(101));  // how complete this unit's answers are
  for (const auto& f : r.general_info)
    if (a.general_info.is_object() && g.chance(fill)) a.general_info[f.id] = g.chance(90) ? Json(static_cast<long long>(g.below(300))) : number(g, nullptr);
  if (a.general_info.is_object() && g.chance(10)) a.general_info["khong_co"] = 1;
  if (!a.inputs.is_object()) return a;
  for (const auto& c : r.criteria) {
    if (!g.chance(fill + 5)) continue;
    if (g.chance(3)) {
      a.inputs[c.id] = g.chance(50) ? Json(1) : Json::array();
      continue;
    }
    Json obj = Json::object();
    for (const auto& in : c.inputs)
      if (g.chance(fill + 10)) obj[in.id] = value_for(g, in);
    if (g.chance(5)) obj["khong_co"] = true;
    if (g.chance(4)) obj["~last"] = 1;
    if (g.chance(3) && !c.inputs.empty()) obj[c.inputs[0].id] = nullptr;
    a.inputs[c.id] = obj;
  }
  if (g.chance(8)) a.inputs["0.khong-co"] = Json::object();
  if (g.chance(8)) a.inputs["~zzz"] = Json::object({{"x", 1}});
  return a;
}

std::vector<fs::path> bundled_rubrics() {
  std::vector<fs::path> out;
  for (const char* dir : {"assets/rubrics", "assets/rubrics/superseded"})
    for (const auto& f : fs::directory_iterator(fs::path(CDS_SOURCE_DIR) / dir))
      if (f.path().extension() == ".json" && f.path().filename() != "index.json") out.push_back(f.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST(ScoringPlan, GivesExactlyTheReferenceScoresOnEveryBundledRubric) {
  auto files = bundled_rubrics();
  ASSERT_GE(files.size(), 16u);
  Rng g{0x243F6A8885A308D3ULL};
  size_t sets = 0, invalid = 0, unanswered = 0, answered = 0, fit_messages = 0, overflow = 0;
  for (const auto& path : files) {
    std::ifstream f(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto loaded = load_rubric(bytes);
    ASSERT_TRUE(loaded.rubric) << path;
    const Rubric& r = *loaded.rubric;
    ScoringPlan plan(r);
    // The golden answers first, then generated ones.
    std::vector<Answers> sets_here;
    std::error_code ec;
    for (const auto& gf : fs::directory_iterator(fs::path(CDS_SOURCE_DIR) / "tests" / "golden" / r.id, ec))
      if (gf.path().string().find(".answers.json") != std::string::npos) {
        std::ifstream in(gf.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (auto la = load_answers(text); la.answers) sets_here.push_back(*la.answers);
      }
    for (int i = 0; i < 160; ++i) sets_here.push_back(generate(g, r));
    for (const auto& a : sets_here) {
      ScoreOptions o;
      o.explain = g.chance(40);
      o.lang = g.chance(30) ? Lang::En : Lang::Vi;
      if (g.chance(10) && !r.criteria.empty()) o.best_override[r.criteria[g.below(r.criteria.size())].id] = Num(static_cast<long long>(g.below(100)));
      ScoreSheet want = score(r, a, o);
      ScoreSheet got = score(plan, a, o);
      ASSERT_EQ(dump(got), dump(want)) << path << " answers " << answers_to_text(a);
      ++sets;
      fit_messages += want.messages.size();
      for (const auto& c : want.criteria) {
        invalid += c.status == Status::Invalid;
        unanswered += c.status == Status::Unanswered;
        answered += c.status == Status::Answered;
        for (const auto& m : c.messages) overflow += m.code == "input.too_large";
      }
    }
  }
  // The generated sets reach every outcome, not only the common one.
  EXPECT_GT(sets, 2500u);
  EXPECT_GT(answered, 10000u);
  EXPECT_GT(invalid, 3000u);
  EXPECT_GT(unanswered, 3000u);
  EXPECT_GT(fit_messages, 1000u);
  EXPECT_GT(overflow, 300u);
}

// One plan serves many answer sets, in any order, with and without explanations (the plan keeps
// nothing of the answers it scored).
TEST(ScoringPlan, OnePlanServesManyAnswerSets) {
  auto l = testutil::load_golden("soctrang-2022-dti-huyen", "mixed");
  ScoringPlan plan(l.r);
  ScoreOptions quiet;
  quiet.explain = false;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(dump(score(plan, l.a)), dump(l.s));
    EXPECT_EQ(dump(score(plan, l.a, quiet)), dump(score(l.r, l.a, quiet)));
  }
  Answers other = l.a;
  other.inputs = Json::object();
  EXPECT_EQ(dump(score(plan, other)), dump(score(l.r, other)));
  EXPECT_EQ(score(plan, other).answered, 0);
}
