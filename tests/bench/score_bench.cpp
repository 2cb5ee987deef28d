// Benchmarks (figures, not pass/fail): scoring the largest bundled rubrics with realistic answers,
// with and without explanations, and loading a rubric. Run with `make bench`.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cds/answers.hpp"
#include "cds/rubric.hpp"
#include "cds/score.hpp"

namespace {

std::string slurp(const std::string& rel) {
  std::ifstream f(std::string(CDS_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Case {
  cds::Rubric rubric;
  cds::Answers answers;
};

Case load(const std::string& id, const std::string& golden) {
  Case c;
  c.rubric = *cds::load_rubric(slurp("assets/rubrics/" + id + ".json")).rubric;
  c.answers = *cds::load_answers(slurp("tests/golden/" + id + "/" + golden + ".answers.json")).answers;
  return c;
}

void BM_Score(benchmark::State& state, const char* id, bool explain) {
  Case c = load(id, "mixed");
  cds::ScoreOptions o;
  o.explain = explain;
  for (auto _ : state) {
    auto s = cds::score(c.rubric, c.answers, o);
    benchmark::DoNotOptimize(s.total);
  }
  state.counters["criteria"] = static_cast<double>(c.rubric.criteria.size());
}

void BM_LoadRubric(benchmark::State& state, const char* id) {
  std::string bytes = slurp(std::string("assets/rubrics/") + id + ".json");
  for (auto _ : state) {
    auto r = cds::load_rubric(bytes);
    benchmark::DoNotOptimize(r.rubric);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

}  // namespace

BENCHMARK_CAPTURE(BM_Score, dti_huyen_79_criteria_explained, "soctrang-2022-dti-huyen", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Score, dti_huyen_79_criteria_no_text, "soctrang-2022-dti-huyen", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Score, vinhlong_1000_points_explained, "vinhlong-2025-dti-tinh", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Score, vinhlong_1000_points_no_text, "vinhlong-2025-dti-tinh", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LoadRubric, dti_huyen, "soctrang-2022-dti-huyen")->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
