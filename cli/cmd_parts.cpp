// `cds packet`, `cds part`, `cds merge`, `cds progress`: one self-assessment filled by many agencies
// (docs/parts-format.md). The office makes a signed work packet per agency; each agency signs its
// part; the office merges the returned parts (verified against the trust list, conflicts decided,
// provenance recorded) and prints the progress board with reminders for the late agencies.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "cds/office/parts.hpp"
#include "cds/zip/zip.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "dossier_cli.hpp"
#include "rubric_set.hpp"

namespace fs = std::filesystem;

namespace cli {

namespace {

bool iso_time(const std::string& t) { return t.size() > 10 && t[10] == 'T' && cds::parse_instant(t).has_value(); }

// The clock of a time as written ("…+07:00" → UTC+7, "…Z" → UTC): deadlines and the board are shown
// at the offset the office wrote them in, not the machine's (a reminder pasted to an agency must
// say 17:00 when the packet says 17:00+07:00). The machine's clock when the text has none.
cds::DisplayClock clock_of(const std::string& iso) {
  cds::DisplayClock c = system_clock();
  if (!iso_time(iso)) return c;
  if (auto off = cds::written_offset_minutes(iso)) c.utc_offset_minutes = *off;
  return c;
}

std::vector<std::string> all_values(const Args& a, const std::string& name) {
  std::vector<std::string> v;
  for (const auto& [n, val] : a.options)
    if (n == name) v.push_back(val);
  return v;
}

struct LoadedRubricFile {
  std::optional<cds::Rubric> rubric;  // with the split of --assignment (or of the packets) applied
  std::string sha256;
  std::optional<cds::AssignmentPlan> plan;
};

// --assignment F: the split of a rubric that declares none, applied to `rf`. False (reasons
// printed) when it cannot be read or does not fit the rubric.
bool apply_assignment_option(const Args& a, LoadedRubricFile& rf, int* code) {
  auto f = a.get("--assignment");
  if (!f) return true;
  auto bytes = read_file(*f);
  if (!bytes) {
    *code = kUsage;
    return false;
  }
  auto la = cds::load_assignment(*bytes);
  print_messages(la.messages, *f);
  cds::Messages why;
  std::optional<cds::Rubric> split = la.plan ? cds::with_assignment(*rf.rubric, rf.sha256, *la.plan, &why) : std::nullopt;
  print_messages(why, *f);
  if (!split) {
    *code = kInvalid;
    return false;
  }
  rf.rubric = std::move(split);
  rf.plan = std::move(la.plan);
  return true;
}
LoadedRubricFile load_rubric_file(const std::string& path) {
  LoadedRubricFile out;
  auto rb = read_file(path);
  if (!rb) return out;
  auto r = cds::load_rubric(*rb);
  print_messages(r.messages, path);
  if (!r.rubric) return out;
  out.rubric = std::move(r.rubric);
  out.sha256 = cds::sha256_hex(*rb);
  return out;
}

// Every *.json under the paths (folders: their *.json files, and *.zip part dossiers when `zips`),
// sorted, once.
std::optional<std::vector<std::string>> json_paths(const std::vector<std::string>& paths, size_t first, bool zips = false) {
  std::vector<std::string> out;
  for (size_t i = first; i < paths.size(); ++i) {
    std::error_code ec;
    if (!fs::exists(paths[i], ec)) {
      usage_error("Không có tệp hoặc thư mục: " + paths[i], "No such file or folder: " + paths[i]);
      return std::nullopt;
    }
    for (auto& p : list_json(paths[i], zips, zips)) out.push_back(std::move(p));  // parts: sub-folders too
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The packets in a folder (or files), opened against the rubric; problems printed.
std::optional<std::vector<cds::Packet>> read_packets(const std::string& where, const cds::Rubric& r, const std::string& sha, bool* bad) {
  auto paths = json_paths({where}, 0);
  if (!paths) return std::nullopt;
  std::vector<cds::Packet> out;
  for (const auto& p : *paths) {
    auto bytes = read_file(p, cds::kMaxSignedFileBytes);
    if (!bytes) continue;
    auto k = cds::open_packet(*bytes, &r, sha);
    if (!k.ok()) {
      print_messages(k.problems, p);
      *bad = true;
      continue;
    }
    out.push_back(std::move(k));
  }
  return out;
}

std::string value_text(const cds::Json& v) { return v.dump(-1, ' ', false, cds::Json::error_handler_t::replace); }

const char* state_name(cds::MergedPart::State s) {
  switch (s) {
    case cds::MergedPart::State::Accepted: return "accepted";
    case cds::MergedPart::State::Refused: return "refused";
    case cds::MergedPart::State::Superseded: return "superseded";
    case cds::MergedPart::State::Duplicate: return "duplicate";
  }
  return "";
}

const char* state_vi(cds::MergedPart::State s) {
  switch (s) {
    case cds::MergedPart::State::Accepted: return "nhận";
    case cds::MergedPart::State::Refused: return "TỪ CHỐI";
    case cds::MergedPart::State::Superseded: return "được thay bằng bản sau";
    case cds::MergedPart::State::Duplicate: return "bản sao";
  }
  return "";
}

// The parts named on the command line, as (name, bytes): a .part.json, or a part dossier .zip
// (part.json and its evidence files). A ZIP that cannot be opened, or holds a submission rather
// than a part, is named and left out (it is not a part the merge could refuse with reasons).
std::optional<std::vector<cds::PartFile>> read_parts(const std::vector<std::string>& paths, bool* bad) {
  std::vector<cds::PartFile> out;
  for (const auto& p : paths) {
    auto bytes = read_file(p, cds::DossierLimits{}.file_bytes);
    if (!bytes) return std::nullopt;
    cds::PartFile f;
    f.name = fs::path(p).filename().string();
    f.bytes = std::move(*bytes);
    if (cds::zip::looks_like_zip(f.bytes)) {
      auto d = cds::zip::read_dossier(f.bytes);
      if (cds::has_errors(d.problems) || d.top != cds::kDossierPartName) {
        if (!cds::has_errors(d.problems))
          d.problems.push_back(cds::error("part.dossier", "Tệp ZIP này là hồ sơ bài nộp, không phải hồ sơ phần số liệu (không có part.json)",
                                          "This ZIP is a submission dossier, not a part dossier (no part.json)"));
        print_messages(d.problems, p);
        *bad = true;
        continue;
      }
      f.bytes = std::move(*d.submission);
      f.dossier = true;
      f.evidence = std::move(d.others);
    } else if (f.bytes.size() > cds::kMaxSignedFileBytes) {
      usage_error("Tệp quá lớn cho một phần số liệu: " + p, "Too large for a part: " + p);
      *bad = true;
      continue;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

int cmd_packet(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--all"},
                         {"--agency", "--unit-code", "--unit-name", "--unit-type", "--period", "--deadline", "--office-name", "--office-contact",
                          "--key", "--passphrase-file", "--out-dir", "--time", "--lang", "--assignment"});
  if (!args) return kUsage;
  auto agencies = all_values(*args, "--agency");
  if (args->positional.size() != 1 || !args->get("--out-dir") || !args->get("--deadline") || !args->get("--unit-code") ||
      (agencies.empty() && !args->has("--all"))) {
    usage_error("Cách dùng: cds packet <tieu-chi.json> --agency MA|--all --unit-code MA --unit-name TEN --period KY --deadline ISO "
                "--office-name TEN --office-contact LIEN_HE --key khoa.json --passphrase-file F --out-dir THU_MUC [--assignment phan-cong.json] [--time ISO]",
                "Usage: cds packet <rubric.json> --agency ID|--all --unit-code CODE --unit-name NAME --period P --deadline ISO "
                "--office-name NAME --office-contact CONTACT --key key.json --passphrase-file F --out-dir DIR [--assignment plan.json] [--time ISO]");
    return kUsage;
  }
  std::string created = args->get("--time").value_or(now_iso());
  if (!iso_time(created) || !iso_time(*args->get("--deadline"))) {
    usage_error("--time và --deadline phải là thời gian ISO 8601 có múi giờ, ví dụ 2026-11-23T17:00:00+07:00",
                "--time and --deadline must be ISO 8601 times with an offset, e.g. 2026-11-23T17:00:00+07:00");
    return kUsage;
  }
  auto rf = load_rubric_file(args->positional[0]);
  if (!rf.rubric) return rf.sha256.empty() && !fs::exists(args->positional[0]) ? kUsage : kInvalid;
  {
    int acode = kOk;
    if (!apply_assignment_option(*args, rf, &acode)) return acode;
  }
  const cds::Rubric& r = *rf.rubric;
  if (r.agencies.empty()) {
    std::fprintf(stderr,
                 "%s: bộ tiêu chí không khai báo cơ quan (\"agencies\"): hãy chia phần bằng tệp phân công (cds assignment %s --template, rồi --assignment F) / "
                 "the rubric declares no agencies: split it with an assignment file (cds assignment … --template, then --assignment F)\n",
                 args->positional[0].c_str(), args->positional[0].c_str());
    return kInvalid;
  }
  bool assignment_errors = false;
  if (!rf.plan)  // a plan may leave criteria to the office itself; the document's own split may not
    for (const auto& m : cds::lint(r))
      if (m.severity == cds::Severity::Error && m.code.rfind("lint.assignment", 0) == 0) {
        print_messages({m}, args->positional[0]);
        assignment_errors = true;
      }
  if (assignment_errors) return kInvalid;
  if (args->has("--all")) {
    agencies.clear();
    for (const auto& s : cds::agency_scopes(r))
      if (!s.criteria.empty() || !s.general_info.empty()) agencies.push_back(s.id);
  }
  int code = kOk;
  auto key = open_key(*args, &code);
  if (!key) return code;
  std::error_code ec;
  fs::create_directories(*args->get("--out-dir"), ec);
  int made = 0;
  for (const auto& id : agencies) {
    cds::PacketSpec spec;
    spec.agency = id;
    spec.unit = {args->get("--unit-name").value_or(""), *args->get("--unit-code"), args->get("--unit-type").value_or("")};
    spec.period = args->get("--period").value_or("");
    spec.deadline = *args->get("--deadline");
    spec.created = created;
    spec.office_name = args->get("--office-name").value_or("");
    spec.office_contact = args->get("--office-contact").value_or("");
    spec.app_version = cds::kVersion;
    spec.assignment = rf.plan ? &*rf.plan : nullptr;
    cds::Messages why;
    auto doc = cds::make_packet(r, rf.sha256, spec, *key, &why);
    if (!doc) {
      print_messages(why, id);
      code = kInvalid;
      continue;
    }
    std::string path = (fs::path(*args->get("--out-dir")) / cds::packet_file_name(*doc)).string();
    if (!write_file(path, cds::envelope_text(*doc))) return kUsage;
    auto scope = cds::agency_scope(r, id);
    std::printf("%s\t%s\t%zu chỉ số/criteria, %zu dòng/rows\n", path.c_str(), scope->name.c_str(), scope->criteria.size(), scope->general_info.size());
    ++made;
  }
  std::fprintf(stderr, "%d phiếu phân công / work packets\n", made);
  return code;
}

int cmd_assignment(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--template"}, {"--out", "--lang"});
  if (!args) return kUsage;
  bool tmpl = args->has("--template");
  if (args->positional.size() != (tmpl ? 1u : 2u)) {
    usage_error("Cách dùng: cds assignment <tieu-chi.json> --template [--out phan-cong.json]   (tệp phân công để điền)\n"
                "           cds assignment <tieu-chi.json> <phan-cong.json>                 (kiểm tra, in phần của từng cơ quan)",
                "Usage: cds assignment <rubric.json> --template [--out plan.json]   (an assignment file to fill)\n"
                "       cds assignment <rubric.json> <plan.json>                    (check it, print each agency's part)");
    return kUsage;
  }
  auto rf = load_rubric_file(args->positional[0]);
  if (!rf.rubric) return kInvalid;
  if (tmpl) {
    if (!rf.rubric->agencies.empty()) {
      std::fprintf(stderr, "%s: bộ tiêu chí đã có phân công của văn bản / the rubric declares its own assignment\n", args->positional[0].c_str());
      return kInvalid;
    }
    cds::Json j = cds::assignment_to_json(cds::assignment_template(*rf.rubric, rf.sha256));
    for (const auto& c : rf.rubric->criteria) j["criteria"][c.id] = cds::Json::array();
    for (const auto& g : rf.rubric->general_info) j["general_info"][g.id] = cds::Json::array();
    std::string text = j.dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
    if (auto out = args->get("--out")) return write_file(*out, text) ? kOk : kUsage;
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kOk;
  }
  LoadedRubricFile split = rf;
  int code = kOk;
  Args with = *args;
  with.options.push_back({"--assignment", args->positional[1]});
  if (!apply_assignment_option(with, split, &code)) return code;
  bool vi = lang_from(*args) == cds::Lang::Vi;
  size_t own = 0;
  for (const auto& c : split.rubric->criteria) own += c.assignment.agencies.empty();
  for (const auto& s : cds::agency_scopes(*split.rubric)) {
    std::printf("%s (%s): %zu %s, %zu %s", s.name.c_str(), s.id.c_str(), s.criteria.size(), vi ? "chỉ số" : "criteria", s.general_info.size(), vi ? "dòng" : "rows");
    for (size_t i = 0; i < s.criteria.size(); ++i)
      std::printf("%s%s", i ? ", " : " — ", cds::criterion_label(*split.rubric, *split.rubric->criterion(s.criteria[i])).c_str());
    std::printf("\n");
  }
  std::printf("%s: %zu/%zu %s\n", vi ? "Văn phòng tự điền" : "Left to the office", own, split.rubric->criteria.size(), vi ? "chỉ số" : "criteria");
  return kOk;
}

int cmd_part(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--template", "--show"}, {"--key", "--passphrase-file", "--out", "--rubrics", "--time", "--lang", "--evidence"});
  if (!args) return kUsage;
  bool tmpl = args->has("--template"), show = args->has("--show");
  if (args->positional.empty() || (!tmpl && !show && (args->positional.size() != 2 || !args->get("--out"))) || ((tmpl || show) && args->positional.size() != 1)) {
    usage_error("Cách dùng: cds part <phieu.packet.json> <bai-lam.json> --key khoa.json --passphrase-file F --out phan.part.json [--evidence THU_MUC] [--time ISO]\n"
                "           cds part <phieu.packet.json> --template [--out bai-lam.json]   (bài làm trống chỉ gồm phần được giao)\n"
                "           cds part <phieu.packet.json> --show                             (phần được giao)",
                "Usage: cds part <packet.json> <answers.json> --key key.json --passphrase-file F --out part.json [--evidence DIR] [--time ISO]\n"
                "       cds part <packet.json> --template [--out answers.json]   (an empty answers file of the assigned part)\n"
                "       cds part <packet.json> --show                            (what is assigned)");
    return kUsage;
  }
  cds::Lang lang = lang_from(*args);
  auto pb = read_file(args->positional[0], cds::kMaxSignedFileBytes);
  if (!pb) return kUsage;
  cds::RubricCatalogue set = load_rubric_dir(args->get("--rubrics").value_or(default_rubric_dir()));
  auto first = cds::open_packet(*pb);
  const cds::CatalogueEntry* entry = first.env.parsed ? set.find(first.rubric_id, first.rubric_version) : nullptr;
  if (first.env.parsed && !entry) {
    std::fprintf(stderr, "Máy này chưa có bộ tiêu chí %s %s mà phiếu nêu / This machine lacks rubric %s %s named by the packet\n", first.rubric_id.c_str(),
                 first.rubric_version.c_str(), first.rubric_id.c_str(), first.rubric_version.c_str());
    return kInvalid;
  }
  auto packet = entry ? cds::open_packet(*pb, entry->rubric.get(), entry->sha256) : std::move(first);
  if (!packet.ok()) {
    print_verdict("KHÔNG HỢP LỆ: phiếu phân công không dùng được", "INVALID: the work packet cannot be used", packet.problems, stderr);
    return kInvalid;
  }
  const cds::Rubric& r = *entry->rubric;
  cds::DisplayClock clock = clock_of(packet.deadline);
  if (show) {
    std::printf("%s %s (%s)\n%s: %s — %s\n%s %s\n", lang == cds::Lang::Vi ? "Phiếu phân công cho" : "Work packet for", packet.scope.name.c_str(),
                packet.scope.id.c_str(), lang == cds::Lang::Vi ? "Đơn vị" : "Unit", packet.unit.name.c_str(), r.title.c_str(),
                lang == cds::Lang::Vi ? "Hạn nộp:" : "Due:", cds::format_instant(packet.deadline, clock).c_str());
    if (!packet.office_name.empty()) std::printf("%s %s %s\n", lang == cds::Lang::Vi ? "Gửi về:" : "Return to:", packet.office_name.c_str(), packet.office_contact.c_str());
    for (const auto& id : packet.scope.criteria) {
      const cds::Criterion* c = r.criterion(id);
      std::printf("  %s %s\n", cds::criterion_label(r, *c).c_str(), c->title.c_str());
    }
    for (const auto& id : packet.scope.general_info) std::printf("  [%s] %s\n", id.c_str(), r.general(id)->label.c_str());
    return kOk;
  }
  if (tmpl) {
    cds::Answers full = cds::answers_template(r);
    cds::Answers a;
    a.rubric_id = r.id;
    a.rubric_version = r.version;
    a.unit = packet.unit;
    a.period = packet.period;
    for (const auto& id : packet.scope.criteria) a.inputs[id] = full.inputs[id];
    for (const auto& id : packet.scope.general_info) a.general_info[id] = nullptr;
    std::string text = cds::answers_to_text(a);
    if (auto out = args->get("--out")) return write_file(*out, text) ? kOk : kUsage;
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kOk;
  }
  std::string created = args->get("--time").value_or(now_iso());
  if (!iso_time(created)) {
    usage_error("--time phải là thời gian ISO 8601 có múi giờ: " + created, "--time must be an ISO 8601 time with an offset: " + created);
    return kUsage;
  }
  auto ab = read_file(args->positional[1]);
  if (!ab) return kUsage;
  auto a = cds::load_answers(*ab);
  print_messages(a.messages, args->positional[1]);
  if (!a.answers) return kInvalid;
  int code = kOk;
  auto key = open_key(*args, &code);
  if (!key) return code;
  cds::Messages why;
  auto part = cds::sign_part(packet, *a.answers, created, cds::kVersion, *key, &why);
  if (!part) {
    print_messages(why, args->positional[1]);
    std::fprintf(stderr, "Chưa ký: chỉ ký phần được giao / Not signed: only the assigned part is signed\n");
    return kInvalid;
  }
  // With --evidence: the part dossier (part.json and its evidence files, one .zip to send);
  // `--out x.part.json` then writes x.part.zip.
  std::string out = *args->get("--out");
  auto signed_a = cds::signed_answers(part->text);  // what was signed: the answers cut to the packet's scope
  size_t files = signed_a ? cds::evidence_refs(*signed_a).size() : 0;
  if (auto ev = args->get("--evidence"); ev && files) {
    if (out.size() > 5 && out.compare(out.size() - 5, 5, ".json") == 0) out = cds::dossier_file_name(out);
    size_t packed = 0;
    int pcode = kOk;
    auto zip = pack_dossier(part->text, signed_a.value_or(cds::Answers{}), created, *ev, args->positional[1], {}, {}, &packed, &pcode);
    if (!zip) return pcode;
    if (!write_file(out, *zip)) return kUsage;
    std::printf("%s\n", out.c_str());
    std::fprintf(stderr, "%s: part.json + %zu %s\n", out.c_str(), packed, lang == cds::Lang::Vi ? "tệp kiểm chứng" : "evidence files");
  } else {
    if (args->get("--evidence")) {  // nothing to pack: the plain part
      if (out.size() > 4 && out.compare(out.size() - 4, 4, ".zip") == 0) out = out.substr(0, out.size() - 4) + ".json";
      std::fprintf(stderr, "Phần này không kê tệp kiểm chứng nào: ghi tệp .json / This part lists no evidence files: writing the .json\n");
    }
    if (!write_file(out, part->text)) return kUsage;
    std::printf("%s\n", out.c_str());
    if (files)
      std::fprintf(stderr, "Phần này kê %zu tệp kiểm chứng: gửi kèm bằng --evidence THU_MUC (tạo tệp .part.zip) / This part lists %zu evidence files: pack them with --evidence DIR (makes a .part.zip)\n",
                   files, files);
  }
  std::fprintf(stderr, "Đã ký phần của %s / signed the part of %s: %d số liệu/values, khóa/key %s%s\n", packet.scope.name.c_str(), packet.scope.name.c_str(),
               part->supplied, cds::key_id(key->public_key).c_str(),
               cds::parse_instant(created) > packet.deadline_at ? " — SAU HẠN NỘP / AFTER THE DEADLINE" : "");
  return kOk;
}

namespace {

// What merge and progress share: rubric, packets, parts, trust, the merge itself.
struct MergeRun {
  LoadedRubricFile rf;
  std::vector<cds::Packet> packets;
  std::vector<cds::PartFile> files;
  cds::MergeResult result;
  std::optional<cds::TrustList> trust;
  bool unreadable = false;  // a ZIP given as a part could not be opened as one (named on stderr)
  std::optional<cds::AssignmentPlan> packet_plan;  // the split the packets carry, if any
};

std::optional<MergeRun> run_merge(const Args& args, int* code, bool need_base) {
  MergeRun run;
  run.rf = load_rubric_file(args.positional[0]);
  if (!run.rf.rubric) {
    *code = kInvalid;
    return std::nullopt;
  }
  // Packets are opened against the published rubric (one carrying a split applies it itself);
  // --assignment is applied after them, and must then be the split they carry.
  const cds::Rubric& r = *run.rf.rubric;
  bool failed = false;
  run.trust = load_trust_option(args, &failed);
  if (failed) {
    *code = kUsage;
    return std::nullopt;
  }
  if (!run.trust) {
    usage_error("Cần --trust <danh sách tin cậy> ghi khóa của từng cơ quan", "--trust <trust list> with each agency's keys is required");
    *code = kUsage;
    return std::nullopt;
  }
  if (auto pk = args.get("--packets")) {
    bool bad = false;
    auto ps = read_packets(*pk, r, run.rf.sha256, &bad);
    if (!ps) {
      *code = kUsage;
      return std::nullopt;
    }
    if (bad) {
      std::fprintf(stderr, "Có phiếu phân công không hợp lệ / Some work packets are not valid\n");
      *code = kInvalid;
      return std::nullopt;
    }
    run.packets = std::move(*ps);
    // Packets that carry a split (the rubric declares none): the merge uses it, all the same one.
    const cds::Packet* with_plan = nullptr;
    for (const auto& k : run.packets)
      if (k.assignment) {
        if (with_plan && cds::assignment_to_json(*with_plan->assignment) != cds::assignment_to_json(*k.assignment)) {
          usage_error("Các phiếu phân công mang hai cách chia phần khác nhau: ghép từng đợt riêng", "The packets carry two different splits: merge each round apart");
          *code = kInvalid;
          return std::nullopt;
        }
        with_plan = &k;
      }
    if (with_plan) {
      cds::Messages why;
      auto split = cds::with_assignment(*run.rf.rubric, run.rf.sha256, *with_plan->assignment, &why);
      print_messages(why, *args.get("--packets"));
      if (!split) {
        *code = kInvalid;
        return std::nullopt;
      }
      run.packet_plan = *with_plan->assignment;
    }
  }
  {
    cds::Rubric published = *run.rf.rubric;
    if (!apply_assignment_option(args, run.rf, code)) return std::nullopt;
    if (run.packet_plan) {
      if (run.rf.plan && cds::assignment_to_json(*run.rf.plan) != cds::assignment_to_json(*run.packet_plan)) {
        usage_error("Tệp --assignment khác cách chia phần mà các phiếu phân công mang", "The --assignment file differs from the split the packets carry");
        *code = kInvalid;
        return std::nullopt;
      }
      if (!run.rf.plan) {
        run.rf.rubric = cds::with_assignment(published, run.rf.sha256, *run.packet_plan, nullptr);
        run.rf.plan = run.packet_plan;
      }
    }
    if (run.rf.rubric->agencies.empty())
      std::fprintf(stderr, "Bộ tiêu chí không kèm phân công: cần --packets (phiếu mang cách chia phần) hoặc --assignment / "
                           "The rubric assigns nothing: give --packets (which carry the split) or --assignment\n");
  }
  auto paths = json_paths(args.positional, 1, true);
  if (!paths) {
    *code = kUsage;
    return std::nullopt;
  }
  auto files = read_parts(*paths, &run.unreadable);
  if (!files) {
    *code = kUsage;
    return std::nullopt;
  }
  run.files = std::move(*files);
  cds::Answers base;
  if (auto b = args.get("--base")) {
    auto bb = read_file(*b);
    if (!bb) {
      *code = kUsage;
      return std::nullopt;
    }
    auto la = cds::load_answers(*bb);
    print_messages(la.messages, *b);
    if (!la.answers) {
      *code = kInvalid;
      return std::nullopt;
    }
    base = std::move(*la.answers);
  } else if (!run.packets.empty()) {
    base.unit = run.packets[0].unit;
    base.period = run.packets[0].period;
  } else if (need_base) {
    usage_error("Cần --base <bài làm của văn phòng> hoặc --packets <thư mục phiếu> để biết đơn vị và kỳ đánh giá",
                "--base <the office's answers> or --packets <packets folder> is needed for the unit and period");
    *code = kUsage;
    return std::nullopt;
  }
  cds::MergeOptions o;
  o.trust = &*run.trust;
  o.packets = run.packets;
  if (auto df = args.get("--decisions")) {
    auto db = read_file(*df);
    if (!db) {
      *code = kUsage;
      return std::nullopt;
    }
    auto pj = cds::parse_json(*db);
    if (!pj.doc || !pj.doc->is_object()) {
      print_messages(pj.messages, *df);
      usage_error("Tệp quyết định phải là đối tượng JSON {\"1.1/x\": \"MA_CO_QUAN\"}", "The decisions file must be a JSON object {\"1.1/x\": \"AGENCY\"}");
      *code = kUsage;
      return std::nullopt;
    }
    for (auto it = pj.doc->begin(); it != pj.doc->end(); ++it)
      if (it.value().is_string()) o.decisions[it.key()] = it.value().get<std::string>();
  }
  for (const auto& d : all_values(args, "--resolve")) {
    auto eq = d.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == d.size()) {
      usage_error("--resolve cần dạng CHỈ_SỐ/Ô=MÃ_CƠ_QUAN hoặc gi:DÒNG=MÃ_CƠ_QUAN: " + d, "--resolve needs CRITERION/INPUT=AGENCY or gi:ROW=AGENCY: " + d);
      *code = kUsage;
      return std::nullopt;
    }
    o.decisions[d.substr(0, eq)] = d.substr(eq + 1);
  }
  o.assignment = run.rf.plan ? &*run.rf.plan : nullptr;
  run.result = cds::merge_parts(*run.rf.rubric, run.rf.sha256, base, run.files, o);
  return run;
}

}  // namespace

int cmd_merge(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {"--json"}, {"--trust", "--base", "--out", "--packets", "--resolve", "--decisions", "--parts-out", "--lang", "--assignment"});
  if (!args) return kUsage;
  if (args->positional.size() < 2 || !args->get("--out")) {
    usage_error("Cách dùng: cds merge <tieu-chi.json> <phan.part.json|thu-muc>... --trust tin-cay.json (--base bai-lam-van-phong.json | --packets THU_MUC) "
                "--out bai-lam-tong-hop.json [--resolve CHI_SO/O=MA_CO_QUAN]... [--decisions F.json] [--parts-out THU_MUC] [--json]",
                "Usage: cds merge <rubric.json> <part.json|dir>... --trust trust.json (--base office-answers.json | --packets DIR) "
                "--out merged.json [--resolve CRITERION/INPUT=AGENCY]... [--decisions F.json] [--parts-out DIR] [--json]");
    return kUsage;
  }
  int code = kOk;
  auto run = run_merge(*args, &code, true);
  if (!run) return code;
  if (run->files.empty() && !run->unreadable) {
    usage_error("Không tìm thấy phần số liệu nào (.part.json, .part.zip) trong các tệp và thư mục đã cho",
                "No parts (.part.json, .part.zip) found in the files and folders given");
    return kUsage;
  }
  const cds::MergeResult& m = run->result;
  cds::Lang lang = lang_from(*args);
  // Signing times at the offset the packets give the deadline (the office's zone), else the machine's.
  cds::DisplayClock clock = run->packets.empty() ? system_clock() : clock_of(run->packets.front().deadline);
  if (!write_file(*args->get("--out"), cds::answers_to_text(m.answers))) return kUsage;
  if (auto po = args->get("--parts-out")) {
    std::error_code ec;
    fs::create_directories(*po, ec);
    for (const auto& f : cds::merged_part_files(m, run->files))
      if (!write_file((fs::path(*po) / fs::path(f.name).filename()).string(), f.bytes)) return kUsage;
    // The evidence the part dossiers brought, at their paths (evidence/<criterion>/<name>), so
    // that `cds dossier … --parts DIR` finds them for the province's dossier.
    for (const auto& f : cds::merged_evidence_files(m, run->files)) {
      fs::path to = fs::path(*po) / f.name;
      fs::create_directories(to.parent_path(), ec);
      if (!write_file(to.string(), f.bytes)) return kUsage;
    }
  }
  if (args->has("--json")) {
    cds::Json j = {{"ok", m.ok()}, {"accepted", m.accepted}, {"refused", m.refused}, {"unresolved", m.unresolved}, {"parts", cds::Json::array()},
                   {"conflicts", cds::Json::array()}, {"problems", cds::problems_to_json(m.problems)}};
    for (const auto& p : m.parts) {
      cds::Json e = {{"file", p.name}, {"state", state_name(p.state)}, {"agency", p.part.agency_id}, {"sha256", p.part.signed_hash},
                     {"key_id", p.part.key_id()}, {"created", p.part.created}, {"late", p.late}, {"supplied", p.supplied},
                     {"problems", cds::problems_to_json(p.part.problems)}};
      if (!p.dossier_name.empty()) e["dossier_name"] = p.dossier_name;
      e["dossier"] = p.index < run->files.size() && run->files[p.index].dossier;
      if (p.evidence)
        e["evidence"] = {{"named", p.evidence->named}, {"present", p.evidence->present}, {"missing", p.evidence->missing}, {"changed", p.evidence->changed},
                         {"summary", p.evidence->summary(lang)}};
      j["parts"].push_back(e);
    }
    for (const auto& c : m.conflicts) {
      cds::Json e = {{"at", c.key}, {"chosen", c.chosen}, {"options", cds::Json::array()}};
      for (const auto& o : c.options) e["options"].push_back({{"agency", o.agency_id}, {"sha256", o.sha256}, {"file", o.file}, {"value", o.value}});
      j["conflicts"].push_back(e);
    }
    std::string out = j.dump(2, ' ', false, cds::Json::error_handler_t::replace) + "\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return m.ok() && !run->unreadable ? kOk : kInvalid;
  }
  bool vi = lang == cds::Lang::Vi;
  std::printf("%s: %d/%zu %s, %d %s, %d %s\n", vi ? "Tổng hợp phần số liệu" : "Merging parts", m.accepted, m.parts.size(), vi ? "phần được nhận" : "parts accepted",
              m.refused, vi ? "bị từ chối" : "refused", m.unresolved, vi ? "xung đột chưa quyết định" : "conflicts undecided");
  for (const auto& p : m.parts) {
    std::printf("  [%s] %s — %s (%s)", vi ? state_vi(p.state) : state_name(p.state), p.name.c_str(),
                p.part.agency_name.empty() ? "?" : p.part.agency_name.c_str(), p.part.agency_id.c_str());
    if (p.state == cds::MergedPart::State::Accepted)
      std::printf(", %s %s, %d %s%s", vi ? "ký lúc" : "signed", cds::format_instant(p.part.created, clock).c_str(), p.supplied, vi ? "số liệu" : "values",
                  p.late ? (vi ? ", TRỄ HẠN" : ", LATE") : "");
    if (p.evidence) std::printf("; %s", p.evidence->summary(lang).c_str());
    std::printf("\n");
    if (p.state == cds::MergedPart::State::Refused)
      for (const auto& e : p.part.problems)
        if (e.severity == cds::Severity::Error) std::printf("      - [%s] %s\n", e.code.c_str(), e.text(lang).c_str());
  }
  for (const auto& c : m.conflicts) {
    std::printf("\n%s %s%s\n", vi ? "Xung đột tại" : "Conflict at", c.key.c_str(),
                c.chosen.empty() ? (vi ? " (chưa quyết định)" : " (undecided)") : (vi ? " (đã quyết định)" : " (decided)"));
    for (const auto& o : c.options)
      std::printf("  %s %-10s %-40s = %s   [%s]\n", o.sha256 == c.chosen ? "→" : " ", o.agency_id.c_str(), o.agency_name.c_str(), value_text(o.value).c_str(),
                  o.sha256.substr(0, 12).c_str());
    if (c.chosen.empty()) std::printf("  %s --resolve %s=%s\n", vi ? "Chọn bằng:" : "Choose with:", c.key.c_str(), c.options[0].agency_id.c_str());
  }
  for (const auto& p : m.problems)
    if (p.code != "merge.refused" && p.code != "merge.conflict") std::printf("  - %s\n", p.text(lang).c_str());
  if (run->unreadable)
    std::printf("%s\n", vi ? "Có tệp ZIP không mở được như hồ sơ phần số liệu (xem trên): chưa được tính" : "Some ZIP files could not be opened as part dossiers (see above): not counted");
  std::printf("\n%s %s\n", vi ? "Đã ghi bài làm tổng hợp:" : "Merged answers written:", args->get("--out")->c_str());
  if (!m.ok())
    std::printf("%s\n", vi ? "CHƯA XONG: còn phần bị từ chối hoặc xung đột chưa quyết định (mã thoát 1)"
                           : "NOT DONE: refused parts or undecided conflicts remain (exit code 1)");
  return m.ok() && !run->unreadable ? kOk : kInvalid;
}

int cmd_progress(int argc, char** argv) {
  auto args = parse_args(argc, argv, 2, {}, {"--trust", "--packets", "--now", "--format", "--out", "--reminders", "--base", "--lang", "--assignment"});
  if (!args) return kUsage;
  if (args->positional.empty() || !args->get("--packets") || !args->get("--now")) {
    usage_error("Cách dùng: cds progress <tieu-chi.json> [phan.part.json|thu-muc]... --packets THU_MUC --trust tin-cay.json --now ISO "
                "[--format text|csv|html] [--out F] [--reminders THU_MUC]",
                "Usage: cds progress <rubric.json> [part.json|dir]... --packets DIR --trust trust.json --now ISO "
                "[--format text|csv|html] [--out F] [--reminders DIR]");
    return kUsage;
  }
  std::string now = *args->get("--now");
  if (!iso_time(now)) {
    usage_error("--now phải là thời gian ISO 8601 có múi giờ: " + now, "--now must be an ISO 8601 time with an offset: " + now);
    return kUsage;
  }
  std::string format = args->get("--format").value_or("text");
  if (format != "text" && format != "csv" && format != "html") {
    usage_error("--format là text, csv hoặc html", "--format is text, csv or html");
    return kUsage;
  }
  int code = kOk;
  auto run = run_merge(*args, &code, false);
  if (!run) return code;
  cds::Lang lang = lang_from(*args);
  cds::DisplayClock clock = clock_of(now);  // the board as of --now, at its offset
  auto board = cds::progress_board(*run->rf.rubric, run->packets, run->result, now);
  std::string text = format == "csv" ? cds::progress_csv(board) : format == "html" ? cds::progress_html(board, lang, clock) : cds::progress_text(board, lang, clock);
  if (auto out = args->get("--out")) {
    if (!write_file(*out, text)) return kUsage;
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  // Reminders for the agencies that are late and have not returned a part that holds.
  auto rem_dir = args->get("--reminders");
  if (rem_dir) {
    std::error_code ec;
    fs::create_directories(*rem_dir, ec);
  }
  for (const auto& row : board.rows) {
    if (row.returned || !(row.late || row.refused)) continue;
    std::string t = cds::reminder_text(board, row, lang, clock);
    if (rem_dir) {
      if (!write_file((fs::path(*rem_dir) / (cds::file_name_part(row.agency_id) + ".txt")).string(), t)) return kUsage;
    } else if (format == "text" && !args->get("--out")) {
      std::printf("\n---- %s %s ----\n%s", lang == cds::Lang::Vi ? "Nhắc" : "Reminder", row.agency_id.c_str(), t.c_str());
    }
  }
  return kOk;
}

}  // namespace cli
