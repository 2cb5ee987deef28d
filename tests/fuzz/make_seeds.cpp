// make_seeds OUT_DIR — the seed corpora of the fuzz targets, made from the real files: the bundled
// rubrics, the golden answers, submissions and appraisals signed from them (keys of
// tests/fuzz/common.cpp, so they verify against its trust list), key files with small key-derivation
// settings, trust lists, storage records, and Vietnamese numbers and dates as people type them.
#include <filesystem>
#include <functional>
#include <fstream>

#include "cds/xlsx/render.hpp"
#include "targets.hpp"

namespace fs = std::filesystem;

namespace {

int written = 0;

void put(const fs::path& dir, const std::string& name, const std::string& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
  ++written;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds OUT_DIR\n");
    return 2;
  }
  fs::path out = argv[1];
  fs::path root = CDS_SOURCE_DIR;
  const auto& b = fuzz::bundled();
  cds::KeyPair unit = cds::keypair_from_seed(std::string(32, 'S'));
  cds::KeyPair head = cds::keypair_from_seed(std::string(32, 'H'));
  cds::KeyPair appraiser = cds::keypair_from_seed(std::string(32, 'A'));

  for (const auto& e : fs::directory_iterator(root / "assets" / "rubrics"))
    if (e.path().extension() == ".json" && e.path().filename() != "index.json")
      put(out / "rubric", e.path().filename().string(), fuzz::read_whole(e.path().string()));

  int n = 0;
  for (const auto& dir : fs::directory_iterator(root / "tests" / "golden")) {
    for (const auto& e : fs::directory_iterator(dir.path())) {
      std::string name = e.path().filename().string();
      if (name.size() < 13 || name.compare(name.size() - 13, 13, ".answers.json") != 0) continue;
      std::string bytes = fuzz::read_whole(e.path().string());
      put(out / "answers", dir.path().filename().string() + "-" + name, bytes);
      auto a = cds::load_answers(bytes);
      if (!a.answers) continue;
      a.answers->unit.code = "FUZZ";
      a.answers->unit.name = "Đơn vị thử";
      auto ref = b.lookup(a.answers->rubric_id, a.answers->rubric_version);
      if (!ref) continue;
      cds::Json part = cds::build_signed_part(*ref->rubric, ref->sha256, *a.answers, "2026-11-23T08:15:00+07:00", "0.0.0-fuzz");
      cds::Json doc = *cds::make_submission(part, unit);
      std::string text = cds::submission_to_text(doc);
      put(out / "submission", "sub-" + std::to_string(++n) + ".json", text);
      if (n % 3 == 1) {
        cds::add_signature(doc, "head", head);
        put(out / "submission", "sub-" + std::to_string(n) + "-countersigned.json", cds::submission_to_text(doc));
        // The hostile review's semantic edits, as starting points for the mutator.
        auto edit = [&](const char* what, const std::function<void(cds::Json&)>& f) {
          cds::Json d = doc;
          f(d);
          put(out / "submission", "sub-" + std::to_string(n) + "-" + what + ".json", cds::submission_to_text(d));
        };
        edit("relabelled", [](cds::Json& d) { d["signatures"][0]["role"] = "head"; });
        edit("swapped", [](cds::Json& d) { std::swap(d["signatures"][0], d["signatures"][1]); });
        edit("replayed", [](cds::Json& d) {
          cds::Json c = d["signatures"][0];
          c["role"] = "head";
          d["signatures"][1] = c;
        });
        edit("extra-member", [](cds::Json& d) { d["signatures"][0]["note"] = "x"; });
        edit("bad-time", [](cds::Json& d) { d["signed"]["created"] = "not-a-time"; });
        std::string t = cds::submission_to_text(doc);
        if (auto at = t.find("\"max\": "); at != std::string::npos) {
          auto end = t.find_first_of(",\n", at + 7);
          put(out / "submission", "sub-" + std::to_string(n) + "-spelled.json", t.substr(0, end) + ".0" + t.substr(end));
        }
        put(out / "submission", "sub-" + std::to_string(n) + "-nul.json", t + std::string(1, '\0') + "junk{{");
        auto v = cds::verify_submission(text, b.lookup, &b.trust);
        cds::Appraisal ap;
        cds::refer_to(ap, v);
        ap.created = "2026-11-25T09:00:00+07:00";
        ap.appraiser_name = "Người thẩm định";
        ap.changes.push_back({ref->rubric->criteria[0].id, cds::Num(0), "Không có minh chứng"});
        ap.sampled = cds::SampledCheck{20, 18, "20 hồ sơ"};
        put(out / "submission", "appraisal-" + std::to_string(n) + ".json", cds::appraisal_to_text(*cds::make_appraisal(ap, appraiser)));
      }
    }
  }

  cds::KdfParams cheap;
  cheap.opslimit = 1;
  cheap.memlimit = 8192;
  cds::KeyInfo info{cds::key_id(unit.public_key), unit.public_key, "Đơn vị thử", "FUZZ", "2026-11-23T08:00:00+07:00"};
  put(out / "keyfile", "key.json", cds::make_key_file(unit, "mưa đầu mùa", info, cheap, std::string(16, 's'), std::string(24, 'n')));
  put(out / "keyfile", "key-other-pass.json", cds::make_key_file(head, "khác", info, cheap, std::string(16, 't'), std::string(24, 'o')));
  cds::Json trust = {{"format", "cds-trust/1"},
                     {"units", cds::Json::array({cds::Json{{"code", "FUZZ"}, {"name", "Đơn vị thử"},
                                                           {"keys", cds::Json::array({cds::Json{{"key_id", cds::key_id(unit.public_key)},
                                                                                                {"public_key", cds::to_base64(unit.public_key)}}})}}})},
                     {"appraisers", cds::Json::array({cds::Json{{"name", "Thẩm định"},
                                                                {"keys", cds::Json::array({cds::Json{{"public_key", cds::to_base64(appraiser.public_key)}}})}}})}};
  put(out / "keyfile", "trust.json", trust.dump(2));
  put(out / "keyfile", "changes.json",
      R"({"format": "cds-appraisal-changes/1", "appraiser": {"name": "Trần Thị Bình"}, "changes": [{"criterion": "3", "score": "2,5", "reason": "Sai số liệu"}], "sampled_check": {"checked": 20, "verified": 18, "reason": "20 hồ sơ"}})");
  put(out / "keyfile", "record.bin", cds::encode_record(7, R"({"answers": {"format": "cds-answers/1"}})"));

  const char* vn[] = {"1.234,5", "3,8", "62 %", "1.500", "−12,75", "0,125", "1e5", "12.34.5", "05/3/2025", "29/02/2024", "2025-12-01",
                      "31.12.2023", "2026-11-23T08:15:00+07:00", "Việt Nam", "Vie\xCC\xA3\xCC\x82t", "100%", "1 234,5", "-0", "0,000001"};
  int k = 0;
  for (const char* s : vn) put(out / "vn", "v" + std::to_string(++k), s);

  // xlsx: each part of the small workbook behind its selector byte, the workbook whole (stored), and
  // the figure-table template as cds_xlsx writes it (deflated, shared strings, styles).
  auto parts = fuzz::xlsx_parts();
  for (size_t i = 0; i < 4; ++i) put(out / "xlsx", "part" + std::to_string(i), std::string(1, static_cast<char>(i)) + parts[i].bytes);
  put(out / "xlsx", "stored.xlsx", cds::zip::write_zip(parts, cds::zip::ZipTime{}));
  {
    const cds::Rubric& r = *b.known[0].rubric;
    cds::Answers a = cds::answers_template(r);
    std::vector<cds::FigureTemplateUnit> units{{"SO-A", "Sở A", &a}, {"SO-B", "Sở B", nullptr}};
    std::string why;
    if (auto x = cds::render_xlsx(cds::figure_table_template_workbook(r, {}, units, cds::Lang::Vi), fs::temp_directory_path().string(), &why))
      put(out / "xlsx", "template.xlsx", *x);
  }
  std::printf("%d seed files in %s\n", written, out.string().c_str());
  return 0;
}
