// The dossier's contents: names, the evidence manifest, what is present. See dossier.hpp.
#include "cds/signing/dossier.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "cds/base/crypto.hpp"
#include "cds/base/json_io.hpp"
#include "cds/base/text.hpp"
#include "cds/model/file_kind.hpp"

namespace cds {

namespace {

// "12,3 MB" / "12.3 MB" (10^6 bytes, one decimal).
std::string megabytes(uint64_t bytes, Lang lang) {
  uint64_t tenths = (bytes + 50'000) / 100'000;
  std::string s = std::to_string(tenths / 10) + (lang == Lang::Vi ? "," : ".") + std::to_string(tenths % 10) + " MB";
  return s;
}

bool windows_reserved(std::string_view stem) {
  std::string up;
  for (char c : stem) up.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  static const char* const names[] = {"CON", "PRN", "AUX", "NUL"};
  for (const char* n : names)
    if (up == n) return true;
  if (up.size() == 4 && (up.compare(0, 3, "COM") == 0 || up.compare(0, 3, "LPT") == 0) && up[3] >= '0' && up[3] <= '9') return true;
  return false;
}

// The name without its last extension, for the Windows reserved-name check and " (2)".
size_t stem_end(const std::string& n) {
  size_t dot = n.rfind('.');
  return dot == std::string::npos || dot == 0 ? n.size() : dot;
}

}  // namespace

long long mail_room(uint64_t bytes) { return static_cast<long long>(kMailAttachmentBytes) - static_cast<long long>(bytes); }

std::string mail_room_text(uint64_t bytes, Lang lang) {
  long long room = mail_room(bytes);
  if (room >= 0)
    return T(lang, "Còn ", "") + megabytes(static_cast<uint64_t>(room), lang) +
           T(lang, " trước giới hạn 25 MB của thư điện tử", " left under the 25 MB limit of e-mail");
  return T(lang, "Vượt giới hạn 25 MB của thư điện tử ", "Over the 25 MB limit of e-mail by ") + megabytes(static_cast<uint64_t>(-room), lang) +
         T(lang, ": hãy gửi qua cổng tiếp nhận hoặc gửi tài liệu riêng", ": upload it to the portal or send the evidence separately");
}

std::optional<Message> check_entry_name(std::string_view name, size_t max_bytes) {
  auto bad = [&](const char* code, const std::string& vi, const std::string& en) {
    return error(code, vi, en, std::string(name.substr(0, 80)));
  };
  if (name.empty()) return bad("dossier.name", "Tên tệp trong hồ sơ bị trống", "An empty file name in the dossier");
  if (!is_valid_utf8(name))
    return bad("dossier.name", "Tên tệp trong hồ sơ không phải UTF-8 hợp lệ", "A file name in the dossier is not valid UTF-8");
  if (name.size() > max_bytes)
    return bad("dossier.name", "Tên tệp trong hồ sơ dài quá " + std::to_string(max_bytes) + " byte",
               "A file name in the dossier is longer than " + std::to_string(max_bytes) + " bytes");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f)
      return bad("dossier.name", "Tên tệp trong hồ sơ có ký tự điều khiển", "A file name in the dossier has control characters");
  if (name.find('\\') != std::string_view::npos)
    return bad("dossier.name", "Tên tệp trong hồ sơ có dấu \\ (đường dẫn Windows), không được phép",
               "A file name in the dossier has a backslash (a Windows path), not allowed");
  if (name.front() == '/')
    return bad("dossier.name", "Tên tệp trong hồ sơ là đường dẫn tuyệt đối, không được phép",
               "A file name in the dossier is an absolute path, not allowed");
  if (name.size() >= 2 && name[1] == ':' && ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
    return bad("dossier.name", "Tên tệp trong hồ sơ bắt đầu bằng ổ đĩa (\"C:\"), không được phép",
               "A file name in the dossier starts with a drive letter (\"C:\"), not allowed");
  std::string_view rest = name;
  if (rest.back() == '/') rest.remove_suffix(1);  // a folder
  size_t start = 0;
  while (true) {
    size_t slash = rest.find('/', start);
    std::string_view part = rest.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty())
      return bad("dossier.name", "Tên tệp trong hồ sơ có thư mục rỗng (\"//\")", "A file name in the dossier has an empty folder (\"//\")");
    if (part == "." || part == "..")
      return bad("dossier.name", "Tên tệp trong hồ sơ có \"..\" hoặc \".\", không được phép",
                 "A file name in the dossier has \"..\" or \".\", not allowed");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::nullopt;
}

std::string safe_entry_component(std::string_view name) {
  std::string folded = ascii_letters(name);
  std::string out;
  for (char c : folded) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
                c == ' ' || c == '(' || c == ')' || c == '+' || c == ',';
    char x = keep ? c : '-';
    if ((x == '-' || x == ' ') && !out.empty() && out.back() == x) continue;
    out.push_back(x);
  }
  // No leading dots or spaces (hidden files, "..") and no trailing ones (Windows drops them).
  size_t b = out.find_first_not_of(". -");
  size_t e = out.find_last_not_of(". ");
  out = b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
  if (out.size() > 100) {  // keep the extension
    size_t dot = out.rfind('.');
    std::string ext = dot != std::string::npos && out.size() - dot <= 10 ? out.substr(dot) : "";
    out = out.substr(0, 100 - ext.size()) + ext;
  }
  if (out.empty()) out = "tep";
  if (windows_reserved(out.substr(0, stem_end(out)))) out = "_" + out;
  return out;
}

std::vector<EvidenceRef> evidence_refs(const Answers& a) {
  std::vector<EvidenceRef> refs;
  std::map<std::string, size_t> by_sha;
  std::set<std::string> paths;  // lower case: a clash on Windows is a clash
  for (const auto& [criterion, items] : a.evidence) {
    for (const auto& it : items) {
      if (it.kind != "file" || it.sha256.empty()) continue;
      auto f = by_sha.find(it.sha256);
      if (f != by_sha.end()) {
        auto& cs = refs[f->second].criteria;
        if (std::find(cs.begin(), cs.end(), criterion) == cs.end()) cs.push_back(criterion);
        continue;
      }
      EvidenceRef r;
      r.sha256 = it.sha256;
      r.size = it.size;
      r.name = it.name;
      r.criteria.push_back(criterion);
      std::string folder = std::string(kDossierEvidenceFolder) + safe_entry_component(criterion) + "/";
      std::string file = safe_entry_component(it.name);
      std::string path = folder + file;
      for (int n = 2; paths.count(ascii_fold(path)); ++n) {
        size_t se = stem_end(file);
        path = folder + file.substr(0, se) + " (" + std::to_string(n) + ")" + file.substr(se);
      }
      paths.insert(ascii_fold(path));
      r.path = path;
      by_sha[r.sha256] = refs.size();
      refs.push_back(std::move(r));
    }
  }
  return refs;
}

std::string dossier_top_name(std::string_view signed_text) {
  return detect_format(signed_text).kind == FileKind::Part ? kDossierPartName : kDossierSubmissionName;
}

DossierBuild build_dossier(std::string_view submission_text, const Answers& a,
                           const std::function<const std::string*(const EvidenceRef&)>& find) {
  DossierBuild b;
  b.files.push_back({dossier_top_name(submission_text), std::string(submission_text)});
  b.content_bytes = submission_text.size();
  b.refs = evidence_refs(a);
  for (size_t k = 0; k < b.refs.size(); ++k) {
    const EvidenceRef& r = b.refs[k];
    const std::string* bytes = find(r);
    if (!bytes) {
      b.missing.push_back(k);
      b.problems.push_back(error("evidence.missing", "Không tìm thấy tệp kiểm chứng \"" + r.name + "\" (tiêu chí " + r.criteria.front() + ")",
                                 "Evidence file \"" + r.name + "\" not found (criterion " + r.criteria.front() + ")", r.criteria.front()));
      continue;
    }
    if (static_cast<long long>(bytes->size()) != r.size || sha256_hex(*bytes) != r.sha256) {
      b.changed.push_back(k);
      b.problems.push_back(error("evidence.changed",
                                 "Tệp kiểm chứng \"" + r.name + "\" (tiêu chí " + r.criteria.front() + ") không còn như khi ký: nội dung đã khác",
                                 "Evidence file \"" + r.name + "\" (criterion " + r.criteria.front() + ") is not as it was signed: its content differs",
                                 r.criteria.front()));
      continue;
    }
    b.files.push_back({r.path, *bytes});
    b.content_bytes += bytes->size();
  }
  return b;
}

std::optional<Answers> signed_answers(std::string_view submission_text, std::string* created) {
  auto doc = parse_json(submission_text);
  const Json* sp = doc.doc && doc.doc->is_object() ? field(*doc.doc, "signed") : nullptr;
  if (created) *created = sp && sp->is_object() ? str_or(*sp, "created") : std::string();
  const Json* answers = sp && sp->is_object() ? field(*sp, "answers") : nullptr;
  if (!answers) return std::nullopt;
  return load_answers_json(*answers).answers;
}

std::string dossier_file_name(const std::string& name) {
  std::string n = name;
  if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0) n.resize(n.size() - 5);
  return n + ".zip";
}

OpenedDossier open_dossier(std::vector<DossierFile> files, const DossierLimits& limits) {
  OpenedDossier d;
  std::set<std::string> seen;
  for (auto& f : files) {
    if (auto m = check_entry_name(f.name, limits.name_bytes)) {
      d.problems.push_back(*m);
      continue;
    }
    if (!seen.insert(f.name).second) {
      d.problems.push_back(error("dossier.duplicate", "Hồ sơ có hai tệp cùng tên \"" + f.name + "\"",
                                 "The dossier holds two files named \"" + f.name + "\"", f.name));
      continue;
    }
    if (f.name.back() == '/') continue;  // a folder
    if (f.name == kDossierSubmissionName || f.name == kDossierPartName) {
      if (d.submission) {
        d.problems.push_back(error("dossier.duplicate", "Hồ sơ có cả \"submission.json\" và \"part.json\": không rõ tệp nào là tệp đã ký",
                                   "The dossier holds both \"submission.json\" and \"part.json\": which one is the signed file is unclear", f.name));
        continue;
      }
      d.top = f.name;
      d.submission = std::move(f.bytes);
    } else {
      d.others.push_back(std::move(f));
    }
  }
  if (!d.submission && !has_errors(d.problems))
    d.problems.push_back(error("dossier.no_submission", "Hồ sơ không có tệp bài nộp \"submission.json\" (hay phần số liệu \"part.json\") ở thư mục gốc",
                               "The dossier has no \"submission.json\" (or part \"part.json\") at its top level"));
  return d;
}

std::string EvidenceTally::summary(Lang lang) const {
  std::string s = std::to_string(present) + "/" + std::to_string(named) + T(lang, " tệp kiểm chứng khớp", " evidence files match");
  if (!complete() || extra) {
    std::vector<std::string> parts;
    if (missing) parts.push_back(T(lang, "thiếu ", "missing ") + std::to_string(missing));
    if (changed) parts.push_back(T(lang, "bị thay ", "changed ") + std::to_string(changed));
    if (extra) parts.push_back(T(lang, "thừa ", "extra ") + std::to_string(extra));
    s += ": ";
    for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
  }
  return s;
}

EvidenceState EvidenceTally::state_of(const std::string& sha256) const {
  if (std::binary_search(missing_sha256.begin(), missing_sha256.end(), sha256)) return EvidenceState::Missing;
  if (std::binary_search(changed_sha256.begin(), changed_sha256.end(), sha256)) return EvidenceState::Changed;
  return EvidenceState::Present;
}

EvidenceTally EvidenceReport::tally() const {
  EvidenceTally t{static_cast<int>(files.size()), present, missing, changed, static_cast<int>(extra.size()), {}, {}};
  for (const auto& c : files) {
    if (c.state == EvidenceState::Missing) t.missing_sha256.push_back(c.ref.sha256);
    if (c.state == EvidenceState::Changed) t.changed_sha256.push_back(c.ref.sha256);
  }
  std::sort(t.missing_sha256.begin(), t.missing_sha256.end());
  std::sort(t.changed_sha256.begin(), t.changed_sha256.end());
  return t;
}

EvidenceReport check_evidence(const Answers& a, const std::vector<DossierFile>& files) {
  EvidenceReport rep;
  std::vector<EvidenceRef> refs = evidence_refs(a);
  std::multimap<std::string, size_t> by_sha;  // file SHA-256 → index into files
  std::vector<std::string> shas(files.size());
  std::vector<bool> used(files.size(), false);
  for (size_t i = 0; i < files.size(); ++i) {
    if (is_dossier_part(files[i].name)) {  // an agency's part, checked by verify_provenance
      used[i] = true;
      continue;
    }
    shas[i] = sha256_hex(files[i].bytes);
    by_sha.emplace(shas[i], i);
  }
  rep.files.resize(refs.size());
  for (size_t k = 0; k < refs.size(); ++k) {
    auto& c = rep.files[k];
    c.ref = refs[k];
    auto range = by_sha.equal_range(refs[k].sha256);
    for (auto it = range.first; it != range.second; ++it) {
      // every copy of a named file counts as that file (a re-zipped dossier may hold two)
      if (c.state != EvidenceState::Present) {
        c.state = EvidenceState::Present;
        c.found = files[it->second].name;
      }
      used[it->second] = true;
    }
  }
  // Named files not found: one with the same name and other bytes was changed.
  auto base = [](const std::string& path) {
    size_t s = path.rfind('/');
    return ascii_fold(safe_entry_component(s == std::string::npos ? path : path.substr(s + 1)));
  };
  for (auto& c : rep.files) {
    if (c.state == EvidenceState::Present) {
      ++rep.present;
      continue;
    }
    std::string want_path = c.ref.path, want_base = base(c.ref.name);
    size_t best = files.size();
    for (size_t i = 0; i < files.size() && best == files.size(); ++i)
      if (!used[i] && files[i].name == want_path) best = i;
    for (size_t i = 0; i < files.size() && best == files.size(); ++i)
      if (!used[i] && base(files[i].name) == want_base) best = i;
    const std::string& crit = c.ref.criteria.front();
    if (best < files.size()) {
      used[best] = true;
      c.state = EvidenceState::Changed;
      c.found = files[best].name;
      c.found_sha256 = shas[best];
      ++rep.changed;
      rep.problems.push_back(error("evidence.changed",
                                   "Tệp kiểm chứng \"" + c.ref.name + "\" (tiêu chí " + crit + ") đã bị thay: \"" + c.found +
                                       "\" có nội dung khác với tệp đã ký",
                                   "Evidence file \"" + c.ref.name + "\" (criterion " + crit + ") was changed: \"" + c.found +
                                       "\" differs from the file signed",
                                   crit));
    } else {
      c.state = EvidenceState::Missing;
      ++rep.missing;
      rep.problems.push_back(error("evidence.missing", "Thiếu tệp kiểm chứng \"" + c.ref.name + "\" (tiêu chí " + crit + ")",
                                   "Evidence file \"" + c.ref.name + "\" (criterion " + crit + ") is missing", crit));
    }
  }
  for (size_t i = 0; i < files.size(); ++i)
    if (!used[i]) {
      rep.extra.push_back(files[i].name);
      rep.problems.push_back(warning("evidence.extra", "Tệp \"" + files[i].name + "\" không có trong danh mục tài liệu kiểm chứng đã ký",
                                     "File \"" + files[i].name + "\" is not in the signed list of evidence", files[i].name));
    }
  return rep;
}

Messages unsupported_claims(const Rubric& r, const Answers& a, const ScoreSheet& sheet) {
  Messages out;
  for (const auto& cs : sheet.criteria) {
    if (cs.index >= r.criteria.size()) continue;
    const Criterion& c = r.criteria[cs.index];
    if (c.evidence.empty() || c.category == Category::Penalty || cs.score.sign() <= 0) continue;
    auto it = a.evidence.find(c.id);
    if (it != a.evidence.end() && !it->second.empty()) continue;
    out.push_back(warning("evidence.unsupported", "Tiêu chí " + c.code + " có điểm nhưng chưa kèm tài liệu kiểm chứng",
                          "Criterion " + c.code + " claims points with no evidence", c.id));
  }
  return out;
}

}  // namespace cds
