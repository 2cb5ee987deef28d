// `cds dossier`: a signed submission and its evidence files in one ZIP (docs/dossier-format.md);
// and what `cds verify` adds for a dossier or for evidence files sent loose beside a submission.
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "cds/base/crypto.hpp"
#include "cds/model/file_kind.hpp"
#include "cds/office/parts.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/zip/zip.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "dossier_cli.hpp"
#include "rubric_set.hpp"

namespace fs = std::filesystem;

namespace cli {

namespace {

// Every regular file under `dir` whose size is one of `sizes`, read and indexed by SHA-256 (only
// files that may be evidence are read).
std::map<std::string, std::string> index_by_sha(const std::string& dir, const std::vector<cds::EvidenceRef>& refs) {
  std::map<std::string, std::string> by_sha;
  std::map<uint64_t, int> sizes;
  for (const auto& r : refs) sizes[static_cast<uint64_t>(r.size)]++;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (!it->is_regular_file(e2)) continue;
    uint64_t size = it->file_size(e2);
    if (e2 || !sizes.count(size)) continue;
    auto bytes = read_file(it->path().string(), cds::DossierLimits{}.entry_bytes);
    if (!bytes) continue;
    by_sha.emplace(cds::sha256_hex(*bytes), std::move(*bytes));
  }
  return by_sha;
}

}  // namespace

void print_evidence_report(const cds::EvidenceReport& rep, cds::Lang lang) {
  std::printf("\n%s\n", rep.summary(lang).c_str());
  for (const auto& c : rep.files) {
    const char* mark = c.state == cds::EvidenceState::Present ? "✓" : c.state == cds::EvidenceState::Changed ? "✗" : "?";
    std::string crits;
    for (size_t i = 0; i < c.ref.criteria.size(); ++i) crits += (i ? ", " : "") + c.ref.criteria[i];
    std::printf("  %s %s (%s)%s\n", mark, c.ref.name.c_str(), crits.c_str(),
                c.state == cds::EvidenceState::Present   ? ""
                : c.state == cds::EvidenceState::Changed ? (lang == cds::Lang::Vi ? " — đã bị thay" : " — changed")
                                                         : (lang == cds::Lang::Vi ? " — thiếu" : " — missing"));
  }
  for (const auto& e : rep.extra) std::printf("  + %s%s\n", e.c_str(), lang == cds::Lang::Vi ? " — không có trong danh mục đã ký" : " — not in the signed list");
}

std::optional<DossierInput> read_dossier_input(const std::string& bytes, cds::Messages* problems) {
  DossierInput in;
  if (!cds::zip::looks_like_zip(bytes)) {
    in.submission = bytes;
    return in;
  }
  in.is_dossier = true;
  auto d = cds::zip::read_dossier(bytes);
  if (cds::has_errors(d.problems)) {
    *problems = d.problems;
    return std::nullopt;
  }
  in.submission = std::move(*d.submission);
  in.evidence = std::move(d.others);
  return in;
}

std::vector<cds::DossierFile> read_loose_files(const std::string& dir) {
  std::vector<cds::DossierFile> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (!it->is_regular_file(e2)) continue;
    auto bytes = read_file(it->path().string(), cds::DossierLimits{}.entry_bytes);
    if (!bytes) continue;
    files.push_back({fs::relative(it->path(), dir, e2).generic_string(), std::move(*bytes)});
  }
  return files;
}

std::optional<std::string> pack_dossier(const std::string& signed_text, const cds::Answers& answers, const std::string& created,
                                        const std::optional<std::string>& evidence_dir, const std::string& where,
                                        std::vector<cds::DossierFile> more, const std::map<std::string, std::string>& more_evidence,
                                        size_t* evidence_files, int* code) {
  auto refs = cds::evidence_refs(answers);
  std::map<std::string, std::string> found = more_evidence;
  if (evidence_dir) {
    std::error_code ec;
    if (!fs::is_directory(*evidence_dir, ec)) {
      usage_error("Không có thư mục tài liệu kiểm chứng: " + *evidence_dir, "No such evidence folder: " + *evidence_dir);
      *code = kUsage;
      return std::nullopt;
    }
    for (auto& [sha, bytes] : index_by_sha(*evidence_dir, refs)) found.emplace(sha, std::move(bytes));
  } else if (!refs.empty() && found.empty()) {
    usage_error("Tệp đã ký kê " + std::to_string(refs.size()) + " tệp kiểm chứng: cho biết thư mục chứa chúng bằng --evidence",
                "The signed file lists " + std::to_string(refs.size()) + " evidence files: give their folder with --evidence");
    *code = kUsage;
    return std::nullopt;
  }
  auto build = cds::build_dossier(signed_text, answers, [&](const cds::EvidenceRef& r) -> const std::string* {
    auto it = found.find(r.sha256);
    return it == found.end() ? nullptr : &it->second;
  });
  if (!build.ok()) {
    print_messages(build.problems, where);
    std::fprintf(stderr, "Chưa tạo hồ sơ: cần đủ mọi tệp kiểm chứng đã ký / No dossier written: every signed evidence file is needed\n");
    *code = kInvalid;
    return std::nullopt;
  }
  for (auto& f : more) build.files.push_back(std::move(f));
  std::string zip = cds::zip::write_zip(build.files, cds::zip::zip_time_from_iso(created));
  if (zip.empty()) {
    std::fprintf(stderr, "Không tạo được tệp ZIP / Cannot write the ZIP file\n");
    *code = kInvalid;
    return std::nullopt;
  }
  *evidence_files = build.refs.size();
  return zip;
}

int cmd_dossier(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {}, {"--evidence", "--out", "--rubrics", "--lang", "--parts"});
  if (!args) return kUsage;
  if (args->positional.size() != 1 || !args->get("--out")) {
    usage_error("Cách dùng: cds dossier bai-nop.json|phan.part.json --evidence THU_MUC --out ho-so.zip [--parts THU_MUC] [--rubrics THU_MUC]",
                "Usage: cds dossier sub.json|part.json --evidence DIR --out dossier.zip [--parts DIR] [--rubrics DIR]");
    return kUsage;
  }
  cds::Lang lang = lang_from(*args);
  auto bytes = read_file(args->positional[0], cds::kMaxSubmissionBytes);
  if (!bytes) return kUsage;
  if (cds::zip::looks_like_zip(*bytes)) {
    usage_error("Tệp này đã là một hồ sơ ZIP; hãy đưa vào tệp bài nộp .json", "This file is a ZIP dossier already; give the .json submission");
    return kUsage;
  }
  int code = kOk;
  size_t evidence_files = 0;
  // An agency's signed part (docs/parts-format.md): the same layout, part.json at the top.
  if (cds::detect_format(*bytes).kind == cds::FileKind::Part) {
    if (args->get("--parts")) {
      usage_error("--parts chỉ dùng cho bài nộp tổng hợp của tỉnh, không cho một phần số liệu", "--parts is for the province's merged submission, not for a part");
      return kUsage;
    }
    auto p = cds::open_part(*bytes);
    if (!p.ok()) {
      print_verdict("KHÔNG HỢP LỆ: phần số liệu không dùng được", "INVALID: the part cannot be used", p.problems, stderr);
      std::fprintf(stderr, "Chỉ đóng hồ sơ cho phần số liệu có chữ ký hợp lệ / Only a part whose signatures hold is packed\n");
      return kInvalid;
    }
    auto zip = pack_dossier(*bytes, *p.answers, p.created, args->get("--evidence"), args->positional[0], {}, {}, &evidence_files, &code);
    if (!zip) return code;
    if (!write_file(*args->get("--out"), *zip)) return kUsage;
    std::printf("%s: %s + %zu %s, %zu byte\n", args->get("--out")->c_str(), cds::kDossierPartName, evidence_files,
                lang == cds::Lang::Vi ? "tệp kiểm chứng" : "evidence files", zip->size());
    std::printf("%s\n", cds::mail_room_text(zip->size(), lang).c_str());
    return kOk;
  }
  cds::RubricCatalogue set = load_rubric_dir(args->get("--rubrics").value_or(default_rubric_dir()));
  auto v = cds::verify_submission(*bytes, set.lookup(), nullptr);
  if (!v.parsed || !v.signatures_ok || !v.answers) {
    print_verdict(v.verdict(cds::Lang::Vi), v.verdict(cds::Lang::En), v.problems, stderr);
    std::fprintf(stderr, "Chỉ đóng hồ sơ cho bài nộp có chữ ký hợp lệ / Only a submission whose signatures hold is packed\n");
    return kInvalid;
  }
  // The agencies' signed parts a merged submission names (docs/parts-format.md), under parts/: the
  // .json files of the folder (`cds merge --parts-out`) or the part dossiers (.zip) as returned.
  // The evidence files under that folder, or inside those dossiers, count as found.
  std::vector<cds::DossierFile> part_files;
  std::map<std::string, std::string> part_evidence;
  if (auto pd = args->get("--parts")) {
    std::error_code ec;
    if (!fs::is_directory(*pd, ec)) {
      usage_error("Không có thư mục phần số liệu: " + *pd, "No such parts folder: " + *pd);
      return kUsage;
    }
    // Only the parts the submission's provenance names: a stale or unrelated part in the folder
    // (an earlier round, a superseded part) is left out and said, not packed.
    std::set<std::string> named;
    if (const cds::Json* pv = cds::field(v.answers->extra, "provenance"))
      if (const cds::Json* ps = cds::field(*pv, "parts"); ps && ps->is_array())
        for (const auto& e : *ps)
          if (e.is_object()) named.insert(cds::str_or(e, "sha256"));
    if (named.empty()) {
      usage_error("Bài nộp này không ghép từ phần số liệu nào (không có \"provenance\"): bỏ --parts", "This submission was not merged from parts (no \"provenance\"): leave out --parts");
      return kUsage;
    }
    size_t skipped = 0;
    for (const auto& path : list_json(*pd, true, true)) {
      auto pb = read_file(path, cds::DossierLimits{}.file_bytes);
      if (!pb) return kUsage;
      std::string name = fs::path(path).filename().string();
      if (cds::zip::looks_like_zip(*pb)) {
        auto d = cds::zip::read_dossier(*pb);
        if (cds::has_errors(d.problems) || d.top != cds::kDossierPartName) {
          print_messages(d.problems, path);
          std::fprintf(stderr, "%s: không phải hồ sơ phần số liệu (part.json) / not a part dossier (part.json)\n", path.c_str());
          return kInvalid;
        }
        for (auto& f : d.others) {
          std::string sha = cds::sha256_hex(f.bytes);
          part_evidence.emplace(std::move(sha), std::move(f.bytes));
        }
        *pb = std::move(*d.submission);
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".zip") == 0) name.resize(name.size() - 4);
        name += ".json";
      }
      std::string hash = cds::open_part(*pb).signed_hash;
      if (!named.count(hash)) {
        ++skipped;
        continue;
      }
      named.erase(hash);  // a second copy of one part is not packed twice
      part_files.push_back({std::string(cds::kDossierPartsFolder) + cds::safe_entry_component(name), std::move(*pb)});
    }
    if (skipped)
      std::fprintf(stderr, "Bỏ qua %zu tệp phần số liệu không có trong bài nộp (hoặc trùng) / %zu part files not named by the submission (or copies) left out\n",
                   skipped, skipped);
    for (auto& [sha, b] : index_by_sha(*pd, cds::evidence_refs(*v.answers))) part_evidence.emplace(sha, std::move(b));
    auto set_ref = set.lookup()(v.rubric_id, v.rubric_version);
    if (set_ref && set_ref->rubric) {
      auto pc = cds::verify_provenance(*set_ref->rubric, set_ref->sha256, *v.answers, part_files, nullptr);
      if (!pc.ok()) {
        print_messages(pc.problems, *pd);
        std::fprintf(stderr, "Chưa tạo hồ sơ: các phần số liệu không khớp bài nộp / No dossier written: the parts do not match the submission\n");
        return kInvalid;
      }
    }
  }
  size_t parts = part_files.size();
  auto zip = pack_dossier(*bytes, *v.answers, v.created, args->get("--evidence"), args->positional[0], std::move(part_files), part_evidence, &evidence_files,
                          &code);
  if (!zip) return code;
  if (!write_file(*args->get("--out"), *zip)) return kUsage;
  std::printf("%s: %s + %zu %s, %zu byte\n", args->get("--out")->c_str(), cds::kDossierSubmissionName, evidence_files,
              lang == cds::Lang::Vi ? "tệp kiểm chứng" : "evidence files", zip->size());
  if (parts) std::printf("%zu %s\n", parts, lang == cds::Lang::Vi ? "phần số liệu có chữ ký của các cơ quan (parts/)" : "signed agency parts (parts/)");
  std::printf("%s\n", cds::mail_room_text(zip->size(), lang).c_str());
  return kOk;
}

}  // namespace cli
