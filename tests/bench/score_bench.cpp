// Benchmarks (figures, not pass/fail): scoring the largest bundled rubrics with realistic answers,
// with and without explanations, and loading a rubric. Run with `make bench`.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cds/model/answers.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/json_io.hpp"
#include "cds/base/jcs.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"

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

// With the rubric's scoring plan made once, as the office and verification use it (one plan per
// rubric for every file).
void BM_Score(benchmark::State& state, const char* id, bool explain) {
  Case c = load(id, "mixed");
  cds::ScoringPlan plan(c.rubric);
  cds::ScoreOptions o;
  o.explain = explain;
  for (auto _ : state) {
    auto s = cds::score(plan, c.answers, o);
    benchmark::DoNotOptimize(s.total);
  }
  state.counters["criteria"] = static_cast<double>(c.rubric.criteria.size());
}

// Without a plan: score(rubric, answers), every value looked up by id (the reference path).
void BM_ScoreWithoutPlan(benchmark::State& state, const char* id) {
  Case c = load(id, "mixed");
  cds::ScoreOptions o;
  o.explain = false;
  for (auto _ : state) {
    auto s = cds::score(c.rubric, c.answers, o);
    benchmark::DoNotOptimize(s.total);
  }
}

// Making a rubric's plan (once per rubric and process).
void BM_ScoringPlan(benchmark::State& state, const char* id) {
  Case c = load(id, "mixed");
  for (auto _ : state) {
    cds::ScoringPlan plan(c.rubric);
    benchmark::DoNotOptimize(plan.index().inputs.data());
  }
}

void BM_LoadRubric(benchmark::State& state, const char* id) {
  std::string bytes = slurp(std::string("assets/rubrics/") + id + ".json");
  for (auto _ : state) {
    auto r = cds::load_rubric(bytes);
    benchmark::DoNotOptimize(r.rubric);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}

// Signing a submission: scores + canonical bytes + Ed25519 (what the app does on "Nộp bài").
void BM_SignSubmission(benchmark::State& state) {
  Case c = load("soctrang-2022-dti-huyen", "mixed");
  std::string sha = cds::sha256_hex(slurp("assets/rubrics/soctrang-2022-dti-huyen.json"));
  cds::KeyPair key = cds::keypair_from_seed(std::string(32, '\x01'));
  for (auto _ : state) {
    cds::Json part = cds::build_signed_part(c.rubric, sha, c.answers, "2026-11-23T08:15:00+07:00", "bench");
    auto doc = *cds::make_submission(part, key);
    benchmark::DoNotOptimize(doc);
  }
}

// Verifying one submission end to end: parse, layout, signature, rubric hash, recompute every score.
void BM_VerifySubmission(benchmark::State& state) {
  Case c = load("soctrang-2022-dti-huyen", "mixed");
  std::string sha = cds::sha256_hex(slurp("assets/rubrics/soctrang-2022-dti-huyen.json"));
  cds::KeyPair key = cds::keypair_from_seed(std::string(32, '\x01'));
  std::string text = cds::submission_to_text(
      *cds::make_submission(cds::build_signed_part(c.rubric, sha, c.answers, "2026-11-23T08:15:00+07:00", "bench"), key));
  cds::ScoringPlan plan(c.rubric);  // as the catalogue gives it
  cds::RubricLookup lookup = [&](const std::string&, const std::string&) { return std::optional<cds::RubricRef>(cds::RubricRef{&c.rubric, sha, &plan}); };
  for (auto _ : state) {
    auto v = cds::verify_submission(text, lookup);
    if (!v.ok()) state.SkipWithError("verification failed");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_Ed25519Sign(benchmark::State& state) {
  cds::KeyPair key = cds::keypair_from_seed(std::string(32, '\x01'));
  std::string msg(4096, 'x');
  for (auto _ : state) benchmark::DoNotOptimize(cds::sign_detached(msg, key.secret));
}

void BM_Ed25519Verify(benchmark::State& state) {
  cds::KeyPair key = cds::keypair_from_seed(std::string(32, '\x01'));
  std::string msg(4096, 'x');
  std::string sig = cds::sign_detached(msg, key.secret);
  for (auto _ : state) benchmark::DoNotOptimize(cds::verify_detached(sig, msg, key.public_key));
}

}  // namespace

// The reader on 16 MiB of the worst shapes (docs/limits.md): time must be linear in the size for
// every shape, so throughput is the figure to compare between shapes.
std::string worst_shape(const std::string& shape) {
  const size_t target = 16u * 1024 * 1024 - 64;
  std::string s;
  s.reserve(target + 64);
  if (shape == "wide_objects" || shape == "wide_numbers") {
    s = "{";
    for (size_t i = 0; s.size() < target - 32; ++i) s += (i ? ",\"k" : "\"k") + std::to_string(i) + (shape == "wide_objects" ? "\":{}" : "\":12.5");
    s += "}";
  } else if (shape == "deep_arrays") {  // as deep as allowed, repeated side by side
    s = "[";
    for (size_t i = 0; s.size() < target - 200; ++i) s += (i ? "," : "") + std::string(63, '[') + std::string(63, ']');
    s += "]";
  } else if (shape == "long_string") {
    s = "[\"" + std::string(target - 8, 'a') + "\"]";
  } else if (shape == "many_numbers") {
    s = "[";
    for (size_t i = 0; s.size() < target - 32; ++i) s += (i ? "," : "") + std::to_string(i * 7919 % 1000003) + ".25e-3";
    s += "]";
  } else if (shape == "vietnamese_nfd") {  // every string needs normalising
    s = "[";
    for (size_t i = 0; s.size() < target - 64; ++i) s += i ? ",\"Vie\xCC\xA3\xCC\x82t Nam\"" : "\"Vie\xCC\xA3\xCC\x82t Nam\"";
    s += "]";
  }
  return s;
}

void BM_ParseWorstShape(benchmark::State& state, const char* shape) {
  std::string bytes = worst_shape(shape);
  cds::JsonLimits lim;
  lim.max_bytes = 16u * 1024 * 1024;
  for (auto _ : state) {
    auto p = cds::parse_json(bytes, lim);
    if (!p.doc) state.SkipWithError(p.messages.empty() ? "no document" : p.messages[0].en.c_str());
    benchmark::DoNotOptimize(p);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes.size()));
}

BENCHMARK(BM_SignSubmission)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_VerifySubmission)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Ed25519Sign)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Ed25519Verify)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Score, dti_huyen_79_criteria_explained, "soctrang-2022-dti-huyen", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Score, dti_huyen_79_criteria_no_text, "soctrang-2022-dti-huyen", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Score, vinhlong_1000_points_explained, "vinhlong-2025-dti-tinh", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Score, vinhlong_1000_points_no_text, "vinhlong-2025-dti-tinh", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ScoreWithoutPlan, dti_huyen_79_criteria_no_text, "soctrang-2022-dti-huyen")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ScoringPlan, dti_huyen, "soctrang-2022-dti-huyen")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LoadRubric, dti_huyen, "soctrang-2022-dti-huyen")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParseWorstShape, wide_objects_16MiB, "wide_objects")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseWorstShape, wide_numbers_16MiB, "wide_numbers")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseWorstShape, deep_arrays_16MiB, "deep_arrays")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseWorstShape, long_string_16MiB, "long_string")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseWorstShape, many_numbers_16MiB, "many_numbers")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParseWorstShape, vietnamese_nfd_16MiB, "vietnamese_nfd")->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
