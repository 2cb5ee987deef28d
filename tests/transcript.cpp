// The transcript: everything core computes for the bundled rubrics and golden answers, printed in
// a fixed order. `make test` runs it natively and as wasm under Node and requires the two outputs
// to be identical byte for byte (ctest: transcript.agree).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cds/office/aggregate.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/model/report.hpp"
#include "cds/office/aggregate_workbook.hpp"
#include "cds/model/workbook.hpp"
#include "cds/xlsx/render.hpp"
#include "cds/model/answers.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"

namespace fs = std::filesystem;

static std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// The SHA-256 of a rendered .xlsx (the bytes must agree natively and in wasm), or why it failed.
static std::string xlsx_sha(const cds::Workbook& wb) {
  std::string why;
  auto bytes = cds::render_xlsx(wb, fs::temp_directory_path().string(), &why);
  return bytes ? cds::sha256_hex(*bytes) + " " + std::to_string(bytes->size()) + " bytes" : "failed: " + why;
}

static std::vector<fs::path> sorted_files(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(dir, ec)) {
    auto name = e.path().filename().string();
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

int main() {
  const fs::path root = CDS_SOURCE_DIR;
  // Vietnamese number and date reading.
  const char* numbers[] = {"1.234,5", "3,8", "1234.5", "62 %", "1.500", "0.125", "−12,75", "1,234.5", "12.34.5", "abc", "", "1e5"};
  for (const char* n : numbers) {
    cds::ParseError e;
    auto v = cds::parse_vn_number(n, &e);
    std::printf("number %s -> %s\n", n, v ? (v->value.to_string(6) + (v->percent ? " %" : "")).c_str() : e.code.c_str());
  }
  const char* dates[] = {"05/3/2025", "31/02/2024", "29/02/2024", "2025-12-01", "1/1/99"};
  for (const char* d : dates) {
    auto v = cds::parse_vn_date(d);
    std::printf("date %s -> %s\n", d, v ? cds::to_iso(*v).c_str() : "invalid");
  }
  std::printf("nfc %s\n", cds::to_nfc("Vie\xCC\xA3\xCC\x82t Nam")->c_str());
  // A key file with fixed salt and nonce (small Argon2id parameters): byte-identical everywhere.
  {
    cds::KeyPair k = cds::keypair_from_seed(std::string(32, '\x07'));
    cds::KeyInfo info{cds::key_id(k.public_key), k.public_key, "UBND xã Đại Hải", "XA-DAIHAI", "2026-11-23T08:00:00+07:00"};
    cds::KdfParams kdf;
    kdf.opslimit = 2;
    kdf.memlimit = 65536;
    std::string file = cds::make_key_file(k, "mưa đầu mùa", info, kdf, std::string(16, 's'), std::string(24, 'n'));
    std::printf("keyfile %s sha256 %s\n", info.key_id.c_str(), cds::sha256_hex(file).c_str());
    auto opened = cds::open_key_file(file, "mưa đầu mùa");
    std::printf("keyfile opens %d\n", opened.key ? 1 : 0);
  }

  for (const auto& rp : sorted_files(root / "assets" / "rubrics", ".json")) {
    auto loaded = cds::load_rubric(slurp(rp));
    std::printf("rubric %s: load %zu message(s)\n", rp.filename().string().c_str(), loaded.messages.size());
    if (!loaded.rubric) continue;
    const auto& r = *loaded.rubric;
    auto problems = cds::lint(r);
    std::printf("  lint %zu message(s)\n", problems.size());
    fs::path golden = root / "tests" / "golden" / r.id;
    for (const auto& ap : sorted_files(golden, ".answers.json")) {
      auto a = cds::load_answers(slurp(ap));
      if (!a.answers) continue;
      for (auto lang : {cds::Lang::Vi, cds::Lang::En}) {
        cds::ScoreOptions opt;
        opt.lang = lang;
        auto sheet = cds::score(r, *a.answers, opt);
        std::printf("  %s [%s]\n%s\n", ap.filename().string().c_str(), lang == cds::Lang::Vi ? "vi" : "en",
                    cds::score_to_json(sheet, r).dump(1).c_str());
      }
    }
    // The two readings of every drafting problem (tests/golden/<id>/readings.json), and the notes.
    std::printf("  drafting notes %zu\n", cds::drafting_notes(r).size());
    if (fs::exists(golden / "readings.json")) {
      auto rd = cds::parse_json(slurp(golden / "readings.json"));
      if (rd.doc)
        for (const auto& c : (*rd.doc)["cases"]) {
          const cds::Criterion* cr = r.criterion(c.value("criterion", ""));
          if (!cr) continue;
          cds::Answers a = cds::answers_template(r);
          const cds::Json answer = c.value("answer", cds::Json::object()), gi = c.value("general_info", cds::Json::object());
          for (auto it = answer.begin(); it != answer.end(); ++it) a.set_value(cr->id, it.key(), it.value());
          for (auto it = gi.begin(); it != gi.end(); ++it) a.general_info[it.key()] = it.value();
          for (auto lang : {cds::Lang::Vi, cds::Lang::En}) {
            cds::ScoreOptions opt;
            opt.lang = lang;
            auto cs = cds::score_criterion(r, static_cast<size_t>(cr - r.criteria.data()), a, opt);
            std::printf("  reading %s: %s literal %s\n", cr->id.c_str(), cs.score.to_string().c_str(), cs.literal ? cs.literal->to_string().c_str() : "-");
            for (const auto& line : cs.explanation) std::printf("    %s\n", line.c_str());
            for (const auto& m : cs.messages) std::printf("    [%s] %s\n", m.code.c_str(), m.text(lang).c_str());
          }
        }
    }
    // Canonical signed bytes and Ed25519 signatures with a fixed key: identical natively and in wasm.
    cds::KeyPair key = cds::keypair_from_seed(std::string(32, '\x5a'));
    std::string rsha = cds::sha256_hex(slurp(rp));
    for (const auto& ap : sorted_files(golden, ".answers.json")) {
      auto a = cds::load_answers(slurp(ap));
      if (!a.answers) continue;
      cds::Json part = cds::build_signed_part(r, rsha, *a.answers, "2026-11-23T08:15:00+07:00", "0.0.0-transcript");
      std::string canon = *cds::jcs(part);
      cds::Json doc = *cds::make_submission(part, key);
      std::printf("  jcs %s %zu bytes sha256 %s\n  sig %s\n", ap.filename().string().c_str(), canon.size(),
                  cds::sha256_hex(canon).c_str(), doc["signatures"][0]["sig"].get<std::string>().c_str());
      auto v = cds::verify_submission(cds::submission_to_text(doc), [&](const std::string&, const std::string&) {
        return std::optional<cds::RubricRef>(cds::RubricRef{&r, rsha});
      });
      std::printf("  verify %s\n", v.ok() ? "ok" : v.verdict(cds::Lang::En).c_str());
      auto sheet = cds::score(r, *a.answers);
      for (auto lang : {cds::Lang::Vi, cds::Lang::En})
        std::printf("  xlsx %s %s sha256 %s\n", ap.filename().string().c_str(), lang == cds::Lang::Vi ? "vi" : "en",
                    xlsx_sha(cds::self_assessment_workbook(r, *a.answers, sheet, lang, {1764900000, "05/12/2025 09:00", "0.0.0-transcript"})).c_str());
      // The information sheet and the figures from outside the unit, as `cds score` prints them,
      // and the unit's CSV and printout that carry them.
      std::printf("%s", cds::information_sheet_text(r, cds::information_sheet(r, *a.answers, cds::Lang::Vi), cds::Lang::Vi).c_str());
      std::printf("  csv sha256 %s html sha256 %s\n", cds::sha256_hex(cds::self_assessment_csv(r, *a.answers, sheet, cds::Lang::Vi)).c_str(),
                  cds::sha256_hex(cds::self_assessment_html(r, *a.answers, sheet, cds::Lang::Vi, {"05/12/2025 09:00", "0.0.0-transcript"})).c_str());
    }
    auto tmpl = cds::answers_template(r);
    std::printf("  template %zu bytes\n", cds::answers_to_text(tmpl).size());

    // The receiving office: every golden answers file as a unit, a superseded version, a copy, a
    // tampered file and an appraisal with a sampled check; every report.
    std::vector<cds::KnownRubric> known = {{std::make_shared<cds::Rubric>(r), rsha}};
    cds::Aggregator agg(known, std::nullopt);
    int u = 0;
    std::string first_sub;
    for (const auto& ap : sorted_files(golden, ".answers.json")) {
      auto a = cds::load_answers(slurp(ap));
      if (!a.answers) continue;
      a.answers->unit.code = "U" + std::to_string(++u);
      a.answers->unit.name = "Đơn vị " + ap.stem().stem().string();
      cds::KeyPair k = cds::keypair_from_seed(std::string(32, static_cast<char>(u)));
      std::string text = cds::submission_to_text(
          *cds::make_submission(cds::build_signed_part(r, rsha, *a.answers, "2026-11-23T08:15:00+07:00", "0.0.0-transcript"), k));
      std::string older = cds::submission_to_text(
          *cds::make_submission(cds::build_signed_part(r, rsha, *a.answers, "2026-11-20T08:15:00+07:00", "0.0.0-transcript"), k));
      agg.add_file(a.answers->unit.code + ".json", text);
      agg.add_file(a.answers->unit.code + "-old.json", older);
      agg.add_file(a.answers->unit.code + " (1).json", text);
      if (first_sub.empty()) first_sub = text;
    }
    if (!first_sub.empty()) {
      std::string bad = first_sub;
      bad[bad.size() / 2] = bad[bad.size() / 2] == 'a' ? 'b' : 'a';
      agg.add_file("tampered.json", bad);
      auto v = cds::verify_submission(first_sub, agg.lookup());
      cds::Appraisal ap;
      cds::refer_to(ap, v);
      ap.created = "2026-11-25T09:00:00+07:00";
      ap.appraiser_name = "Người thẩm định";
      ap.changes.push_back({r.criteria[0].id, cds::Num(0), "Không có minh chứng"});
      ap.sampled = cds::SampledCheck{7, 6, "7 hồ sơ"};
      agg.add_file("appraisal.json", cds::appraisal_to_text(*cds::make_appraisal(ap, cds::keypair_from_seed(std::string(32, 'A')))));
    }
    auto res = agg.finish();
    cds::AggregateReportInfo info{"23/11/2026 08:15", "0.0.0-transcript", "", 500};
    std::printf("  aggregate %s\n%s\n", cds::aggregate_summary(res, cds::Lang::Vi).c_str(), cds::aggregate_to_json(res, info).dump(1).c_str());
    std::printf("%s", cds::aggregate_ranking_csv(res, cds::Lang::Vi).c_str());
    std::printf("  criteria.csv sha256 %s\n", cds::sha256_hex(cds::aggregate_criteria_csv(res, cds::Lang::En)).c_str());
    std::printf("  intake.csv sha256 %s\n", cds::sha256_hex(cds::aggregate_intake_csv(res, cds::Lang::Vi)).c_str());
    std::printf("%s", cds::aggregate_info_csv(res, cds::Lang::Vi).c_str());
    std::printf("  report.html sha256 %s\n", cds::sha256_hex(cds::aggregate_html(res, cds::Lang::Vi, info)).c_str());
    std::printf("  report.xlsx sha256 %s\n", xlsx_sha(cds::aggregate_workbook(res, cds::Lang::Vi, info, 1764900000)).c_str());
  }
  return 0;
}
