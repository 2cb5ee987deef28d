// The hostile-input corpus (tests/hostile/, cases in tests/hostile/cases.json): every file gets its
// expected message — a stable code, Vietnamese text first, English second — natively and in wasm.
// Generated cases (100,000 levels of nesting, a 50 MB file) are built in memory here.
// CDS_HOSTILE_PROBE=1 prints what each case yields instead of checking (to write new cases).
#include <gtest/gtest.h>

#include <cstdlib>

#include "../fuzz/targets.hpp"
#include "cds/base/crypto.hpp"
#include "cds/office/parts.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

std::string generate(const std::string& kind) {
  if (kind == "deep-array") return std::string(100000, '[') + std::string(100000, ']');
  if (kind == "deep-object") {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "{\"a\":";
    s += "1";
    s += std::string(100000, '}');
    return s;
  }
  if (kind == "big-50mb") {
    std::string s = "{\"format\": \"cds-submission/1\", \"padding\": \"";
    s += std::string(50u * 1024 * 1024, 'x');
    return s + "\"}";
  }
  if (kind == "marks-1m") {
    std::string s = R"({"format": "cds-answers/1", "rubric": {"id": "soctrang-2023-thidua-tinh", "version": "2023.1"}, "unit": {"name": "a)";
    for (int i = 0; i < 500000; ++i) s += "\xCC\x81\xCC\xA3";  // U+0301 U+0323
    return s + R"(", "code": "XA-MARKS"}, "inputs": {}})";
  }
  if (kind == "appraisal-chain-100k") {  // a level-2 file whose `previous.file` nests 100,000 deep
    std::string s;
    for (int i = 0; i < 100000; ++i) s += R"({"format": "cds-appraisal/3", "signatures": [], "signed": {"level": 2, "previous": {"signed_sha256": "00", "file": )";
    s += "{}";
    for (int i = 0; i < 100000; ++i) s += "}}}";
    return s;
  }
  ADD_FAILURE() << "unknown generated case " << kind;
  return {};
}

struct Outcome {
  Messages messages;
  bool loaded = false;
};

const Rubric& tinh() {
  for (const auto& k : fuzz::bundled().known)
    if (k.rubric->id == "soctrang-2023-thidua-tinh") return *k.rubric;
  std::abort();
}

Outcome run_case(const Json& c, const std::string& bytes) {
  std::string as = c.value("as", "");
  Outcome o;
  if (as == "answers") {
    auto a = load_answers(bytes);
    o.messages = a.messages;
    o.loaded = a.answers.has_value();
    if (a.answers && c.contains("unit_name")) {
      EXPECT_EQ(a.answers->unit.name, c["unit_name"].get<std::string>()) << "text is normalised to NFC";
    }
  } else if (as == "answers-score") {
    auto a = load_answers(bytes);
    o.loaded = a.answers.has_value();
    o.messages = a.messages;
    if (a.answers) {
      ScoreSheet s = score(tinh(), *a.answers);
      const CriterionScore* cs = s.find(c.value("criterion", ""));
      if (cs) {
        o.messages.insert(o.messages.end(), cs->messages.begin(), cs->messages.end());
        if (c.contains("status")) EXPECT_STREQ(status_name(cs->status), c["status"].get<std::string>().c_str()) << c.dump();
      }
    }
  } else if (as == "rubric" || as == "rubric-lint") {
    auto r = load_rubric(bytes);
    o.messages = r.messages;
    o.loaded = r.rubric.has_value();
    if (r.rubric && as == "rubric-lint") {
      Messages l = lint(*r.rubric);
      o.messages.insert(o.messages.end(), l.begin(), l.end());
    }
  } else if (as == "submission") {
    Verification v = verify_submission(bytes, fuzz::bundled().lookup, &fuzz::bundled().trust);
    o.messages = v.problems;
    o.loaded = v.ok();
  } else if (as == "appraisal") {
    AppraisalVerification v = verify_appraisal(bytes, nullptr);
    o.messages = v.problems;
    o.loaded = v.ok();
  } else if (as == "key") {
    auto k = read_key_file(bytes);
    o.messages = k.messages;
    o.loaded = k.info.has_value();
  } else if (as == "key-open") {
    auto k = open_key_file(bytes, "sai mật khẩu");
    o.messages = k.messages;
    o.loaded = k.key.has_value();
  } else if (as == "trust") {
    auto t = load_trust_list(bytes);
    o.messages = t.messages;
    o.loaded = t.trust.has_value();
  } else if (as == "packet" || as == "part") {
    // Work packets and parts against the rubric they name (docs/parts-format.md).
    static const std::string vl_text = testutil::slurp("assets/rubrics/vinhlong-2025-dti-tinh.json");
    static const Rubric vl = *load_rubric(vl_text).rubric;
    static const std::string vl_sha = sha256_hex(vl_text);
    if (as == "packet") {
      Packet p = open_packet(bytes, &vl, vl_sha);
      o.messages = p.problems;
      o.loaded = p.ok();
    } else {
      Part p = open_part(bytes);
      o.messages = p.problems;
      if (p.env.parsed && p.answers)
        for (auto& m : check_part_scope(vl, vl_sha, p)) o.messages.push_back(m);
      o.loaded = p.ok() && !has_errors(o.messages);
    }
  } else if (as == "changes") {
    auto a = load_appraisal_changes(bytes);
    o.messages = a.messages;
    o.loaded = a.appraisal.has_value();
  } else if (as == "number") {
    ParseError e;
    auto n = parse_vn_number(bytes, &e);
    o.loaded = n.has_value();
    if (!n) o.messages.push_back(error(e.code, e.vi, e.en));
  } else if (as == "date") {
    ParseError e;
    auto d = parse_vn_date(bytes, &e);
    o.loaded = d.has_value();
    if (!d) o.messages.push_back(error(e.code, e.vi, e.en));
  } else {
    ADD_FAILURE() << "unknown 'as' in " << c.dump();
  }
  return o;
}

}  // namespace

TEST(Hostile, EveryFileGetsItsExpectedMessage) {
  auto parsed = parse_json(testutil::slurp("tests/hostile/cases.json"));
  ASSERT_TRUE(parsed.doc.has_value());
  const Json& cases = (*parsed.doc)["cases"];
  ASSERT_GE(cases.size(), 40u);
  bool probe = std::getenv("CDS_HOSTILE_PROBE") != nullptr;
  for (const auto& c : cases) {
    std::string name = c.contains("file") ? c["file"].get<std::string>() : c.contains("generate") ? c["generate"].get<std::string>() : c.value("text", "");
    SCOPED_TRACE(name + " as " + c.value("as", ""));
    std::string bytes = c.contains("file") ? testutil::slurp("tests/hostile/" + c["file"].get<std::string>())
                        : c.contains("generate") ? generate(c["generate"].get<std::string>())
                                                 : c.value("text", "");
    if (c.contains("file")) ASSERT_FALSE(bytes.empty() && name != "empty.json") << "corpus file missing";
    Outcome o = run_case(c, bytes);
    if (probe) {
      std::printf("%-44s %-14s loaded=%d", name.c_str(), c.value("as", "").c_str(), o.loaded ? 1 : 0);
      for (const auto& m : o.messages) std::printf(" [%s%s] %s |", m.severity == Severity::Error ? "" : "w:", m.code.c_str(), m.vi.c_str());
      std::printf("\n");
      continue;
    }
    if (c.contains("loads")) EXPECT_EQ(o.loaded, c["loads"].get<bool>());
    std::string code = c.value("code", "");
    if (code.empty()) {
      for (const auto& m : o.messages) EXPECT_NE(m.severity, Severity::Error) << "unexpected error " << m.code << ": " << m.vi;
      continue;
    }
    const Message* hit = nullptr;
    for (const auto& m : o.messages)
      if (m.code == code) hit = &m;
    ASSERT_NE(hit, nullptr) << "expected [" << code << "], got " << (o.messages.empty() ? std::string("nothing") : o.messages[0].code + ": " + o.messages[0].vi);
    // A clear message: Vietnamese first (with its diacritics), English second, both present.
    EXPECT_FALSE(hit->vi.empty());
    EXPECT_FALSE(hit->en.empty());
    EXPECT_NE(hit->vi, hit->en);
    EXPECT_EQ(to_nfc(hit->vi).value_or(""), hit->vi);
    if (c.contains("vi")) EXPECT_NE(hit->vi.find(c["vi"].get<std::string>()), std::string::npos) << hit->vi;
    if (!c.value("warning", false)) EXPECT_EQ(hit->severity, Severity::Error);
  }
}

TEST(Hostile, FuzzRegressionsAndCorpusDoNotCrashAnyTarget) {
  // Every finding kept under tests/fuzz/regressions/<target>/ and every corpus file, through every
  // target: no crash, no exception (the sanitizer build also checks memory).
  std::vector<std::pair<std::string, std::string>> inputs;
  auto parsed = parse_json(testutil::slurp("tests/fuzz/regressions/index.json"));
  ASSERT_TRUE(parsed.doc.has_value());
  for (const auto& [target, files] : parsed.doc->items())
    for (const auto& f : files) inputs.emplace_back(target, testutil::slurp("tests/fuzz/regressions/" + target + "/" + f.get<std::string>()));
  auto cases = parse_json(testutil::slurp("tests/hostile/cases.json"));
  for (const auto& c : (*cases.doc)["cases"])
    if (c.contains("file"))
      for (const auto& [t, fn] : fuzz::all()) inputs.emplace_back(t, testutil::slurp("tests/hostile/" + c["file"].get<std::string>()));
  for (const auto& [target, bytes] : inputs) {
    auto it = fuzz::all().find(target);
    ASSERT_NE(it, fuzz::all().end()) << target;
    it->second(bytes);
  }
  EXPECT_GE(inputs.size(), 200u);
}
