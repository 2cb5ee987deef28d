// `cds keygen`, `cds pubkey`, `cds submit`, `cds countersign`, `cds verify`.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "cds/base/crypto.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/model/file_kind.hpp"
#include "cds/base/version.hpp"
#include "cds/office/parts.hpp"
#include "commands.hpp"
#include "dossier_cli.hpp"
#include "common.hpp"
#include "rubric_set.hpp"

namespace cli {

namespace {

// A whole number from lo to hi for a --kdf-* option (absent: dflt); anything else is a usage error
// that says the range, so a typo never makes a key of some other strength.
std::optional<unsigned> kdf_option(const Args& args, const char* name, unsigned dflt, unsigned lo, unsigned hi, const char* unit) {
  auto v = args.get(name);
  if (!v) return dflt;
  bool digits = !v->empty() && v->size() <= 4 && v->find_first_not_of("0123456789") == std::string::npos;
  unsigned n = digits ? static_cast<unsigned>(std::stoul(*v)) : 0;
  if (digits && n >= lo && n <= hi) return n;
  std::string range = std::to_string(lo) + "–" + std::to_string(hi) + unit;
  usage_error(std::string(name) + " phải là số nguyên " + range + ", không phải \"" + *v + "\"",
              std::string(name) + " must be a whole number " + range + ", not \"" + *v + "\"");
  return std::nullopt;
}

}  // namespace

int cmd_keygen(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--force"}, {"--out", "--passphrase-file", "--unit-code", "--unit-name", "--kdf-memory", "--kdf-passes"});
  if (!args) return kUsage;
  auto out = args->get("--out");
  if (!out) {
    usage_error("Cách dùng: cds keygen --out khoa.json --passphrase-file F [--unit-code MA] [--unit-name TEN] [--kdf-memory MiB] [--kdf-passes N]",
                "Usage: cds keygen --out key.json --passphrase-file F [--unit-code CODE] [--unit-name NAME] [--kdf-memory MiB] [--kdf-passes N]");
    return kUsage;
  }
  // Argon2id's cost (docs/key-format.md): the defaults unless asked, within what every reader accepts.
  const cds::KdfParams dflt;
  const auto dflt_mib = static_cast<unsigned>(dflt.memlimit >> 20), dflt_passes = static_cast<unsigned>(dflt.opslimit);
  auto mib = kdf_option(*args, "--kdf-memory", dflt_mib, 1, 512, " MiB");
  auto passes = kdf_option(*args, "--kdf-passes", dflt_passes, 1, 10, "");
  if (!mib || !passes) return kUsage;
  cds::KdfParams kdf;
  kdf.memlimit = static_cast<size_t>(*mib) << 20;
  kdf.opslimit = *passes;
  std::error_code ec;
  if (std::filesystem::exists(*out, ec) && !args->has("--force")) {
    usage_error("Tệp " + *out + " đã có; không ghi đè khóa cũ (dùng --force nếu chắc chắn)",
                "File " + *out + " exists; an old key is never overwritten (use --force if sure)");
    return kUsage;
  }
  auto pass = read_passphrase(*args);
  if (!pass) return kUsage;
  auto strength = cds::passphrase_strength(*pass);
  if (strength.score < 2) std::fprintf(stderr, "cảnh báo/warning: %s\n    %s\n", strength.vi.c_str(), strength.en.c_str());
  cds::KeyPair kp = cds::new_keypair();
  cds::KeyInfo info{cds::key_id(kp.public_key), kp.public_key, args->get("--unit-name").value_or(""),
                    args->get("--unit-code").value_or(""), now_iso()};
  if (*mib < dflt_mib || *passes < dflt_passes)
    std::fprintf(stderr, "cảnh báo/warning: khóa mở nhanh hơn mặc định (%u lượt, %u MiB) nên cũng dễ dò mật khẩu hơn nếu tệp khóa lọt ra ngoài\n"
                 "    the key opens faster than the default (%u passes, %u MiB), so its passphrase is also easier to guess if the file leaks\n",
                 dflt_passes, dflt_mib, dflt_passes, dflt_mib);
  std::string file = cds::make_key_file(kp, *pass, info, kdf);
  cds::wipe(*pass);
  if (file.empty()) {
    std::fprintf(stderr, "cds: không đủ bộ nhớ để tạo khóa / not enough memory to create the key\n");
    return kInvalid;
  }
  if (!write_file(*out, file, /*secret=*/true)) return kUsage;
  std::printf("%s\n", info.key_id.c_str());
  std::fprintf(stderr, "Đã tạo khóa / key created: %s → %s\n", info.key_id.c_str(), out->c_str());
  return kOk;
}

int cmd_pubkey(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {}, {"--out"});
  if (!args) return kUsage;
  if (args->positional.size() != 1) {
    usage_error("Cách dùng: cds pubkey khoa.json [--out khoa-cong-khai.json]", "Usage: cds pubkey key.json [--out public.json]");
    return kUsage;
  }
  auto bytes = read_file(args->positional[0], 1024 * 1024);
  if (!bytes) return kUsage;
  auto k = cds::read_key_file(*bytes);
  if (!k.info) {
    print_messages(k.messages, args->positional[0]);
    return kInvalid;
  }
  std::string text = cds::public_key_json(*k.info).dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
  if (auto out = args->get("--out")) return write_file(*out, text) ? kOk : kUsage;
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kOk;
}

int cmd_submit(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {}, {"--key", "--passphrase-file", "--out", "--role", "--time"});
  if (!args) return kUsage;
  if (args->positional.size() != 2 || !args->get("--out")) {
    usage_error("Cách dùng: cds submit <tieu-chi.json> <bai-lam.json> --key khoa.json --passphrase-file F --out bai-nop.json [--time ISO]",
                "Usage: cds submit <rubric.json> <answers.json> --key key.json --passphrase-file F --out sub.json [--time ISO]");
    return kUsage;
  }
  // The preparer signs a submission; the head of unit countersigns it afterwards.
  const std::string role = "preparer";
  if (auto r = args->get("--role"); r && *r != role) {
    usage_error("Bài nộp do người lập ký (preparer); thủ trưởng ký xác nhận sau bằng: cds countersign <bai-nop.json> --role head",
                "A submission is signed by its preparer; the head countersigns it afterwards: cds countersign <sub.json> --role head");
    return kUsage;
  }
  std::string created = args->get("--time").value_or(now_iso());
  if (!cds::parse_instant(created) || created.size() < 11 || created[10] != 'T') {
    usage_error("--time phải là thời gian ISO 8601 có múi giờ, ví dụ 2026-11-23T08:15:00+07:00: " + created,
                "--time must be an ISO 8601 time with an offset, e.g. 2026-11-23T08:15:00+07:00: " + created);
    return kUsage;
  }
  auto rb = read_file(args->positional[0]);
  if (!rb) return kUsage;
  auto r = cds::load_rubric(*rb);
  print_messages(r.messages, args->positional[0]);
  if (!r.rubric) return kInvalid;
  auto ab = read_file(args->positional[1]);
  if (!ab) return kUsage;
  auto a = cds::load_answers(*ab);
  print_messages(a.messages, args->positional[1]);
  if (!a.answers) return kInvalid;
  auto fit = cds::check_answers_fit(*r.rubric, *a.answers);
  print_messages(fit, args->positional[1]);
  if (cds::has_errors(fit)) return kInvalid;
  int code = kOk;
  auto key = open_key(*args, &code);
  if (!key) return code;
  if (auto kb = read_file(*args->get("--key"), 1024 * 1024)) {
    auto info = cds::read_key_file(*kb).info;
    if (info && !info->unit_code.empty() && info->unit_code != a.answers->unit.code)
      std::fprintf(stderr, "cảnh báo/warning: khóa của đơn vị %s nhưng bài làm ghi mã đơn vị \"%s\" / the key belongs to %s but the answers say \"%s\"\n",
                   info->unit_code.c_str(), a.answers->unit.code.c_str(), info->unit_code.c_str(), a.answers->unit.code.c_str());
  }
  // What the office would refuse is not signed (a name, period or evidence beyond its size).
  if (cds::Messages too_big = cds::check_answers_size(*a.answers); !too_big.empty()) {
    print_messages(too_big, args->positional[1]);
    return kInvalid;
  }
  cds::Messages why;
  auto sub = cds::sign_submission(*r.rubric, cds::sha256_hex(*rb), *a.answers, created, cds::kVersion, *key, &why);
  if (!sub) {
    print_messages(why, args->positional[1]);
    return kInvalid;
  }
  if (sub->invalid || sub->unanswered)
    std::fprintf(stderr, "cảnh báo/warning: %d tiêu chí chưa nhập, %d tiêu chí số liệu sai (vẫn ký) / %d unanswered, %d invalid (signed anyway)\n",
                 sub->unanswered, sub->invalid, sub->unanswered, sub->invalid);
  if (!write_file(*args->get("--out"), sub->text)) return kUsage;
  std::printf("%s\n", args->get("--out")->c_str());
  std::fprintf(stderr, "Đã ký / signed by %s (%s); tổng điểm / total %s; tên tệp đề xuất / suggested name %s\n",
               cds::key_id(key->public_key).c_str(), role.c_str(), cds::fmt_points(sub->total, cds::Lang::En, r.rubric->decimals).c_str(),
               sub->file_name.c_str());
  return kOk;
}

int cmd_countersign(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {}, {"--key", "--passphrase-file", "--role", "--out", "--rubrics"});
  if (!args) return kUsage;
  if (args->positional.size() != 1) {
    usage_error("Cách dùng: cds countersign bai-nop.json --key khoa.json --passphrase-file F --role head [--out F]",
                "Usage: cds countersign sub.json --key key.json --passphrase-file F --role head [--out F]");
    return kUsage;
  }
  std::string role = args->get("--role").value_or("head");
  const auto& roles = cds::submission_envelope().roles;
  if (std::find(roles.begin() + 1, roles.end(), role) == roles.end()) {
    usage_error("--role của người ký xác nhận là head (thủ trưởng đơn vị), không phải \"" + role + "\"",
                "The countersigner's --role is head (head of unit), not \"" + role + "\"");
    return kUsage;
  }
  auto bytes = read_file(args->positional[0]);
  if (!bytes) return kUsage;
  cds::RubricCatalogue set = load_rubric_dir(args->get("--rubrics").value_or(default_rubric_dir()));
  auto v = cds::verify_submission(*bytes, set.lookup());
  cds::check_sizes(v);
  if (!v.ok()) {
    print_verdict(v.verdict(cds::Lang::Vi), v.verdict(cds::Lang::En), v.problems, stderr);
    std::fprintf(stderr, "cds: không ký xác nhận một bài nộp không hợp lệ / refusing to countersign an invalid submission\n");
    return kInvalid;
  }
  int code = kOk;
  auto key = open_key(*args, &code);
  if (!key) return code;
  cds::Json doc = *v.doc;
  cds::Messages why;
  if (!cds::add_signature(doc, role, *key, &why)) {
    print_messages(why, args->positional[0]);
    return kInvalid;
  }
  std::string out = args->get("--out").value_or(args->positional[0]);
  if (!write_file(out, cds::submission_to_text(doc))) return kUsage;
  std::fprintf(stderr, "Đã ký xác nhận / countersigned (%s, %s) → %s\n", role.c_str(), cds::key_id(key->public_key).c_str(), out.c_str());
  return kOk;
}

// An appraisal file: its verdict, then one line per level of its chain (level 1 first), then every problem.
int verify_appraisal_file(const Args& args, const std::string& bytes) {
  bool trust_failed = false;
  std::optional<cds::TrustList> trust = load_trust_option(args, &trust_failed);
  if (trust_failed) return kUsage;
  cds::Lang lang = lang_from(args);
  auto av = cds::verify_appraisal(bytes, trust ? &*trust : nullptr);
  std::printf("%s\n", av.verdict(lang).c_str());
  if (av.appraisal)
    std::printf("  - %s %s · %s %s\n", lang == cds::Lang::Vi ? "Bài nộp" : "Submission", av.appraisal->submission_sha256.c_str(),
                lang == cds::Lang::Vi ? "bộ tiêu chí" : "rubric", (av.appraisal->rubric_id + " " + av.appraisal->rubric_version).c_str());
  for (const auto& line : av.level_lines(lang, system_clock())) std::printf("  - %s\n", line.c_str());
  auto show = [&](const cds::AppraisalVerification& lv) {
    if (!lv.appraisal) return;
    for (const auto& c : lv.appraisal->changes)
      std::printf("    %s %d · %s → %s: %s\n", lang == cds::Lang::Vi ? "cấp" : "level", lv.appraisal->level, c.criterion.c_str(),
                  cds::format_number(c.score, lang, 6).c_str(), c.reason.c_str());
  };
  for (const auto& e : av.earlier) show(e);
  show(av);
  std::printf("\nChi tiết kỹ thuật / Technical details:\n  %s · SHA-256 %s\n", cds::detect_format(bytes).format.c_str(), av.signed_hash.c_str());
  for (const auto& e : av.earlier)
    for (const auto& m : e.problems) std::printf("  [%s] %s / %s\n", m.code.c_str(), m.vi.c_str(), m.en.c_str());
  for (const auto& m : av.problems) std::printf("  [%s] %s / %s\n", m.code.c_str(), m.vi.c_str(), m.en.c_str());
  return av.ok() ? kOk : kInvalid;
}

// An agency's part (docs/parts-format.md), plain or as a part dossier: its signatures and members,
// the rubric it names (when this machine has it: the scope), the trust list (when given: every key
// registered for that agency) and the evidence files its dossier holds.
int verify_part_file(const Args& args, const std::string& bytes, const std::optional<std::vector<cds::DossierFile>>& evidence) {
  bool trust_failed = false;
  std::optional<cds::TrustList> trust = load_trust_option(args, &trust_failed);
  if (trust_failed) return kUsage;
  cds::Lang lang = lang_from(args);
  bool vi = lang == cds::Lang::Vi;
  cds::Part p = cds::open_part(bytes);
  cds::RubricCatalogue set = load_rubric_dir(args.get("--rubrics").value_or(default_rubric_dir()));
  bool rubric_known = false, split_rubric = false;
  if (p.env.parsed && p.answers)
    if (const cds::CatalogueEntry* e = set.find(p.rubric_id, p.rubric_version)) {
      rubric_known = true;
      // A rubric split by an assignment file (its own declares none): the scope is the packet's,
      // checked at the merge; here only the rubric's identity.
      if (!e->rubric->agencies.empty()) {
        for (auto& m : cds::check_part_scope(*e->rubric, e->sha256, p)) p.problems.push_back(m);
      } else {
        split_rubric = true;
        if (p.rubric_sha256 != e->sha256)
          p.problems.push_back(cds::error("part.rubric", "Phần số liệu ghi một tệp tiêu chí khác (SHA-256)", "The part names another rubric file (SHA-256)",
                                          "signed.rubric.sha256"));
      }
    }
  if (trust && p.env.parsed)
    for (auto& m : cds::check_part_trust(*trust, p)) p.problems.push_back(m);
  std::optional<cds::EvidenceReport> rep;
  if (evidence && p.answers) rep = cds::check_evidence(*p.answers, *evidence);
  bool ok = p.ok() && (!rep || rep->complete());
  int values = 0;
  if (p.answers) {
    for (const auto& ins : p.answers->inputs)
      if (ins.is_object())
        for (const auto& v : ins) values += !v.is_null();
    if (p.answers->general_info.is_object())
      for (auto it = p.answers->general_info.begin(); it != p.answers->general_info.end(); ++it) values += !it.value().is_null();
  }
  bool late = p.created_at && p.deadline_at && *p.created_at > *p.deadline_at;
  if (args.has("--json")) {
    cds::Json j = {{"kind", "part"}, {"ok", ok}, {"format", cds::kPartFormat}, {"agency", {{"id", p.agency_id}, {"name", p.agency_name}}},
                   {"rubric", {{"id", p.rubric_id}, {"version", p.rubric_version}, {"known", rubric_known}}}, {"created", p.created},
                   {"deadline", p.deadline}, {"late", late}, {"values", values}, {"key_id", p.key_id()}, {"sha256", p.signed_hash},
                   {"trust_checked", trust.has_value()}, {"problems", cds::problems_to_json(p.problems)}};
    if (p.answers) j["unit"] = {{"code", p.answers->unit.code}, {"name", p.answers->unit.name}}, j["period"] = p.answers->period;
    if (rep)
      j["evidence"] = {{"summary", rep->summary(lang)}, {"present", rep->present}, {"missing", rep->missing}, {"changed", rep->changed}, {"extra", rep->extra}};
    std::string out = j.dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return ok ? kOk : kInvalid;
  }
  cds::DisplayClock clock = system_clock();
  std::printf("%s: %s %s (%s)\n", ok ? (vi ? "HỢP LỆ" : "VALID") : (vi ? "KHÔNG HỢP LỆ" : "INVALID"), vi ? "phần số liệu của" : "the part of",
              p.agency_name.empty() ? "?" : p.agency_name.c_str(), p.agency_id.c_str());
  if (p.answers)
    std::printf("  - %s %s (%s) · %s %s %s · %s %s\n", vi ? "Đơn vị" : "Unit", p.answers->unit.name.c_str(), p.answers->unit.code.c_str(),
                vi ? "bộ tiêu chí" : "rubric", p.rubric_id.c_str(), p.rubric_version.c_str(), vi ? "kỳ" : "period", p.answers->period.c_str());
  if (p.env.parsed)
    std::printf("  - %s %s%s · %d %s · %s %s\n", vi ? "Ký lúc" : "Signed", cds::format_instant(p.created, clock).c_str(),
                late ? (vi ? " (SAU HẠN NỘP)" : " (AFTER THE DEADLINE)") : "", values,
                vi ? "số liệu" : "values", vi ? "khóa" : "key", p.key_id().c_str());
  if (!rubric_known && p.env.parsed)
    std::printf("  - %s\n", vi ? "Máy này chưa có bộ tiêu chí phần số liệu nêu: chưa kiểm tra phạm vi được giao"
                                : "This machine lacks the rubric the part names: its assigned scope is not checked");
  if (split_rubric)
    std::printf("  - %s\n", vi ? "Bộ tiêu chí được chia phần bằng tệp phân công: phạm vi của cơ quan được kiểm khi ghép (cds merge --packets)"
                              : "The rubric is split by an assignment file: the agency's scope is checked at the merge (cds merge --packets)");
  if (!trust) std::printf("  - %s\n", vi ? "Chưa đưa --trust: chưa kiểm tra khóa có được đăng ký cho cơ quan này" : "No --trust: whether the key is registered for this agency is not checked");
  for (const auto& m : p.problems)
    if (m.severity != cds::Severity::Info) std::printf("  %s [%s] %s\n", m.severity == cds::Severity::Error ? "✗" : "-", m.code.c_str(), m.text(lang).c_str());
  if (rep) print_evidence_report(*rep, lang);
  std::printf("\nChi tiết kỹ thuật / Technical details:\n  %s · SHA-256 %s\n", cds::kPartFormat, p.signed_hash.c_str());
  return ok ? kOk : kInvalid;
}

int cmd_verify(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--json"}, {"--rubrics", "--trust", "--lang", "--evidence"});
  if (!args) return kUsage;
  if (args->positional.size() != 1) {
    usage_error("Cách dùng: cds verify bai-nop.json|ho-so.zip|phan.part.json|phan.part.zip [--evidence THU_MUC] [--rubrics THU_MUC] [--trust tin-cay.json] [--json]",
                "Usage: cds verify sub.json|dossier.zip|part.json|part.zip [--evidence DIR] [--rubrics DIR] [--trust trust.json] [--json]");
    return kUsage;
  }
  auto bytes = read_file(args->positional[0], cds::DossierLimits{}.file_bytes);
  if (!bytes) return kUsage;
  if (cds::detect_format(*bytes).kind == cds::FileKind::Appraisal) return verify_appraisal_file(*args, *bytes);
  cds::Messages dossier_problems;
  auto input = read_dossier_input(*bytes, &dossier_problems);
  if (!input) {
    if (args->has("--json")) {  // machine readers get JSON here too, not the sentence
      cds::Json j = {{"ok", false}, {"submission_ok", false}, {"dossier_problem", lang_from(*args) == cds::Lang::Vi ? "không mở được hồ sơ" : "the dossier cannot be opened"},
                     {"problems", cds::problems_to_json(dossier_problems)}};
      std::string out = j.dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
      std::fwrite(out.data(), 1, out.size(), stdout);
    } else {
      print_verdict("KHÔNG HỢP LỆ: không mở được hồ sơ", "INVALID: the dossier cannot be opened", dossier_problems);
    }
    return kInvalid;
  }
  std::optional<std::vector<cds::DossierFile>> evidence;
  if (input->is_dossier) evidence = std::move(input->evidence);
  if (auto dir = args->get("--evidence")) {
    std::error_code ec;
    if (!std::filesystem::is_directory(*dir, ec)) {
      usage_error("Không có thư mục tài liệu kiểm chứng: " + *dir, "No such evidence folder: " + *dir);
      return kUsage;
    }
    auto loose = read_loose_files(*dir);
    if (!evidence) evidence.emplace();
    for (auto& f : loose) evidence->push_back(std::move(f));
  }
  if (cds::detect_format(input->submission).kind == cds::FileKind::Part) return verify_part_file(*args, input->submission, evidence);
  bool trust_failed = false;
  std::optional<cds::TrustList> trust = load_trust_option(*args, &trust_failed);
  if (trust_failed) return kUsage;
  cds::RubricCatalogue set = load_rubric_dir(args->get("--rubrics").value_or(default_rubric_dir()));
  auto v = cds::verify_submission(input->submission, set.lookup(), trust ? &*trust : nullptr);
  cds::check_sizes(v);  // what the office refuses
  cds::Lang lang = lang_from(*args);
  // Points claimed with no evidence where the document asks for some (warnings, for the appraiser).
  cds::Messages bare;
  if (v.answers && v.sheet)
    if (auto ref = set.lookup()(v.rubric_id, v.rubric_version); ref && ref->rubric) bare = cds::unsupported_claims(*ref->rubric, *v.answers, *v.sheet);
  cds::DisplayClock clock = system_clock();
  bool evidence_ok = true;
  // A merged submission: the agencies' signed parts it names (docs/parts-format.md) are checked
  // again from the dossier's parts/ folder, and are not evidence files.
  std::optional<cds::ProvenanceCheck> chain;
  if (v.answers && v.answers->extra.contains("provenance")) {
    std::vector<cds::DossierFile> none;
    const auto& files = evidence ? *evidence : none;
    if (auto ref = set.lookup()(v.rubric_id, v.rubric_version); ref && ref->rubric)
      chain = cds::verify_provenance(*ref->rubric, ref->sha256, *v.answers, files, trust ? &*trust : nullptr);
    if (evidence)
      evidence->erase(std::remove_if(evidence->begin(), evidence->end(),
                                     [](const cds::DossierFile& f) { return cds::is_dossier_part(f.name); }),
                      evidence->end());
  }
  bool chain_ok = !chain || chain->ok();
  std::optional<cds::EvidenceReport> rep;
  if (evidence && v.answers) {
    rep = cds::check_evidence(*v.answers, *evidence);
    evidence_ok = rep->complete();
  }
  // A submission that holds in a dossier that does not (files missing or changed, the agencies'
  // parts not matching): the verdict is the dossier's, the submission's own said after it.
  bool whole_ok = v.ok() && evidence_ok && chain_ok;
  bool vi = lang == cds::Lang::Vi;
  std::string why_not;
  if (v.ok() && !whole_ok) {
    if (!evidence_ok) why_not = vi ? "thiếu hoặc bị thay tệp kiểm chứng" : "evidence files are missing or changed";
    if (!chain_ok)
      why_not += (why_not.empty() ? "" : vi ? "; " : "; ") +
                 std::string(vi ? "các phần số liệu của cơ quan không khớp bài nộp" : "the agencies' parts do not match the submission");
  }
  if (args->has("--json")) {
    cds::Json j = cds::verification_to_json(v, lang, clock);
    j["submission_ok"] = v.ok();
    j["ok"] = whole_ok;
    if (!why_not.empty()) j["dossier_problem"] = why_not;
    if (chain) j["provenance"] = {{"ok", chain->ok()}, {"parts", chain->parts}, {"inputs", chain->inputs}, {"summary", chain->summary(lang)},
                                  {"problems", cds::problems_to_json(chain->problems)}};
    if (rep) {
      cds::Json e = {{"summary", rep->summary(lang)}, {"present", rep->present}, {"missing", rep->missing}, {"changed", rep->changed},
                     {"extra", rep->extra}, {"files", cds::Json::array()}};
      for (const auto& c : rep->files)
        e["files"].push_back({{"name", c.ref.name},
                              {"sha256", c.ref.sha256},
                              {"criteria", c.ref.criteria},
                              {"state", c.state == cds::EvidenceState::Present ? "present" : c.state == cds::EvidenceState::Changed ? "changed" : "missing"},
                              {"found", c.found}});
      j["evidence"] = e;
    }
    j["unsupported"] = cds::Json::array();
    for (const auto& m : bare) j["unsupported"].push_back({{"criterion", m.where}, {"text", m.text(lang)}});
    std::string out = j.dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    // The plain account in one language first; the machine detail after its heading.
    if (!why_not.empty()) {
      std::printf("%s: %s\n", vi ? "KHÔNG HỢP LỆ: hồ sơ không khớp bài nộp" : "INVALID: the dossier does not match the submission", why_not.c_str());
      std::printf("  - %s %s\n", vi ? "Riêng tệp bài nộp:" : "The submission file alone:", v.headline(lang).c_str());
    } else {
      std::printf("%s\n", v.headline(lang).c_str());
    }
    for (const auto& line : v.plain(lang, clock)) std::printf("  - %s\n", line.c_str());
    for (const auto& m : bare) std::printf("  - %s\n", m.text(lang).c_str());
    if (rep) print_evidence_report(*rep, lang);
    if (chain) {
      std::printf("\n%s\n", chain->summary(lang).c_str());
      for (const auto& m : chain->problems) std::printf("  %s %s\n", m.severity == cds::Severity::Error ? "✗" : "-", m.text(lang).c_str());
    }
    std::printf("\nChi tiết kỹ thuật / Technical details:\n");
    for (const auto& line : v.technical(lang)) std::printf("  %s\n", line.c_str());
  }
  return whole_ok ? kOk : kInvalid;
}

}  // namespace cli
