#include "cds/signing/appraisal.hpp"

#include <set>

#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/file_kind.hpp"

namespace cds {
namespace {

// A score written as a JSON number or as Vietnamese text ("2,5").
std::optional<Num> read_score(const Json& j, Messages& ms, const std::string& where) {
  if (j.is_number()) {
    auto n = json_num(j);
    if (!n) ms.push_back(error("appraisal.score", "Điểm không đọc được", "The score cannot be read", where));
    return n;
  }
  if (j.is_string()) {
    ParseError err;
    auto p = parse_vn_number(j.get<std::string>(), &err);
    if (!p || p->percent) {
      ms.push_back(error("appraisal.score", "Điểm \"" + j.get<std::string>() + "\" không phải là số" + (err.vi.empty() ? "" : ": " + err.vi),
                         "The score \"" + j.get<std::string>() + "\" is not a number" + (err.en.empty() ? "" : ": " + err.en), where));
      return std::nullopt;
    }
    return p->value;
  }
  ms.push_back(error("appraisal.score", std::string("Điểm phải là số, không phải ") + json_type_vi(j),
                     std::string("The score must be a number, not ") + json_type_en(j), where));
  return std::nullopt;
}

std::optional<long long> read_count(const Json* j, Messages& ms, const std::string& where, const char* vi, const char* en) {
  if (!j || !j->is_number_integer()) {
    ms.push_back(error("appraisal.sampled", std::string(vi) + " phải là số nguyên", std::string(en) + " must be a whole number", where));
    return std::nullopt;
  }
  return j->get<long long>();
}

// Reads the common body (appraiser, note, changes, sampled check) of a changes file or a signed part.
void read_body(const Json& j, Appraisal& a, Messages& ms) {
  if (const Json* ap = field(j, "appraiser"); ap && ap->is_object()) {
    a.appraiser_name = str_or(*ap, "name");
    a.appraiser_title = str_or(*ap, "title");
    a.organisation = str_or(*ap, "organisation");
  }
  a.note = str_or(j, "note");
  const Json* ch = field(j, "changes");
  if (ch && !ch->is_array()) {
    ms.push_back(error("appraisal.changes", "\"changes\" phải là một danh sách", "\"changes\" must be a list"));
  } else if (ch) {
    for (size_t i = 0; i < ch->size(); ++i) {
      const Json& c = (*ch)[i];
      std::string where = "changes[" + std::to_string(i) + "]";
      if (!c.is_object()) {
        ms.push_back(error("appraisal.change", "Mỗi thay đổi phải là một đối tượng {criterion, score, reason}",
                           "Each change must be an object {criterion, score, reason}", where));
        continue;
      }
      AppraisalChange x;
      x.criterion = str_or(c, "criterion");
      x.reason = std::string(trim(str_or(c, "reason")));
      const Json* sc = field(c, "score");
      std::optional<Num> n = sc ? read_score(*sc, ms, where) : std::nullopt;
      if (!sc) ms.push_back(error("appraisal.score", "Thiếu điểm thẩm định (\"score\")", "The appraised score (\"score\") is missing", where));
      if (!n) continue;
      x.score = *n;
      a.changes.push_back(std::move(x));
    }
  }
  if (const Json* sp = field(j, "sampled_check"); sp && !sp->is_null()) {
    if (!sp->is_object()) {
      ms.push_back(error("appraisal.sampled", "\"sampled_check\" phải là {checked, verified, reason}",
                         "\"sampled_check\" must be {checked, verified, reason}"));
    } else {
      auto c = read_count(field(*sp, "checked"), ms, "sampled_check", "Số phiếu/số liệu được kiểm tra (checked)", "checked");
      auto v = read_count(field(*sp, "verified"), ms, "sampled_check", "Số đúng (verified)", "verified");
      if (c && v) a.sampled = SampledCheck{*c, *v, std::string(trim(str_or(*sp, "reason")))};
    }
  }
}

}  // namespace

Num SampledCheck::proportion() const { return checked > 0 ? Num::fraction(verified, checked) : Num(1); }

const AppraisalChange* Appraisal::change(std::string_view criterion) const {
  for (const auto& c : changes)
    if (c.criterion == criterion) return &c;
  return nullptr;
}

LoadedChanges load_appraisal_changes(std::string_view bytes) {
  LoadedChanges out;
  auto parsed = parse_json(bytes);
  if (!parsed.doc) {
    out.messages = parsed.messages;
    return out;
  }
  const Json& j = *parsed.doc;
  if (!j.is_object()) {
    out.messages.push_back(error("appraisal.changes_file", "Tệp thay đổi thẩm định phải là một đối tượng JSON",
                                 "The appraisal changes file must be a JSON object"));
    return out;
  }
  std::string f = str_or(j, "format");
  if (f != kAppraisalChangesFormat) {
    out.messages.push_back(error("appraisal.changes_format",
                                 f.empty() ? std::string("Tệp thay đổi thẩm định phải ghi \"format\": \"") + kAppraisalChangesFormat + "\""
                                           : "Định dạng \"" + f + "\" không phải " + kAppraisalChangesFormat,
                                 f.empty() ? std::string("The appraisal changes file must say \"format\": \"") + kAppraisalChangesFormat + "\""
                                           : "Format \"" + f + "\" is not " + kAppraisalChangesFormat));
    return out;
  }
  Appraisal a;
  read_body(j, a, out.messages);
  if (!has_errors(out.messages)) out.appraisal = std::move(a);
  return out;
}

void refer_to(Appraisal& a, const Verification& v) {
  a.submission_sha256 = v.signed_hash;
  a.unit_code = v.unit_code;
  a.unit_name = v.unit_name;
  a.rubric_id = v.rubric_id;
  a.rubric_version = v.rubric_version;
  a.submission_created = v.created;
}

Messages check_appraisal(const Appraisal& a, const Rubric& r) {
  Messages ms;
  if (a.rubric_id != r.id || a.rubric_version != r.version)
    ms.push_back(error("appraisal.rubric", "Thẩm định dành cho bộ tiêu chí " + a.rubric_id + " " + a.rubric_version + ", không phải " + r.id + " " + r.version,
                       "The appraisal is for rubric " + a.rubric_id + " " + a.rubric_version + ", not " + r.id + " " + r.version));
  std::set<std::string> seen;
  for (const auto& c : a.changes) {
    const Criterion* cr = r.criterion(c.criterion);
    std::string where = c.criterion.empty() ? std::string("changes") : c.criterion;
    if (!cr) {
      ms.push_back(error("appraisal.criterion", "Bộ tiêu chí không có tiêu chí \"" + c.criterion + "\"",
                         "The rubric has no criterion \"" + c.criterion + "\"", where));
      continue;
    }
    if (!seen.insert(c.criterion).second)
      ms.push_back(error("appraisal.twice", "Tiêu chí " + cr->code + " được điều chỉnh hai lần", "Criterion " + cr->code + " is changed twice", where));
    Num lo = cr->max.is_negative() ? cr->max : Num(0);
    Num hi = cr->max.is_negative() ? Num(0) : cr->max;
    if (c.score < lo || c.score > hi)
      ms.push_back(error("appraisal.range",
                         "Điểm thẩm định " + format_number(c.score, Lang::Vi, 6) + " nằm ngoài khoảng cho phép [" + format_number(lo, Lang::Vi, 6) +
                             "; " + format_number(hi, Lang::Vi, 6) + "] của tiêu chí " + cr->code,
                         "Appraised score " + format_number(c.score, Lang::En, 6) + " is outside the allowed range [" + format_number(lo, Lang::En, 6) +
                             ", " + format_number(hi, Lang::En, 6) + "] of criterion " + cr->code,
                         where));
    else if (c.score.round(r.decimals, RoundMode::HalfUp) != c.score)
      ms.push_back(error("appraisal.decimals",
                         "Điểm thẩm định " + format_number(c.score, Lang::Vi, 6) + " có nhiều hơn " + std::to_string(r.decimals) +
                             " chữ số thập phân mà bộ tiêu chí dùng",
                         "Appraised score " + format_number(c.score, Lang::En, 6) + " has more than the rubric's " + std::to_string(r.decimals) +
                             " decimals",
                         where));
    if (trim(c.reason).empty())
      ms.push_back(error("appraisal.reason", "Điều chỉnh điểm tiêu chí " + cr->code + " phải ghi lý do",
                         "The change to criterion " + cr->code + " needs a reason", where));
  }
  if (a.sampled) {
    const SampledCheck& s = *a.sampled;
    if (s.checked <= 0)
      ms.push_back(error("appraisal.sampled", "Kiểm tra xác suất: số được kiểm tra phải lớn hơn 0", "Sampled check: the number checked must be above 0",
                         "sampled_check"));
    else if (s.verified < 0 || s.verified > s.checked)
      ms.push_back(error("appraisal.sampled",
                         "Kiểm tra xác suất: số đúng (" + std::to_string(s.verified) + ") phải từ 0 đến số được kiểm tra (" + std::to_string(s.checked) + ")",
                         "Sampled check: the number found correct (" + std::to_string(s.verified) + ") must be between 0 and the number checked (" +
                             std::to_string(s.checked) + ")",
                         "sampled_check"));
    if (trim(s.reason).empty())
      ms.push_back(error("appraisal.sampled_reason", "Kiểm tra xác suất phải ghi nội dung đã kiểm tra",
                         "The sampled check needs a description of what was checked", "sampled_check"));
  }
  if (a.changes.empty() && !a.sampled && trim(a.note).empty())
    ms.push_back(warning("appraisal.empty", "Thẩm định không điều chỉnh điểm nào và không có nhận xét: điểm giữ nguyên như đơn vị tự chấm",
                         "The appraisal changes no score and has no remark: the self-assessed scores stand"));
  return ms;
}

Json appraisal_signed_part(const Appraisal& a) {
  Json j = Json::object();
  j["submission"] = {{"signed_sha256", a.submission_sha256},
                     {"unit", {{"code", a.unit_code}, {"name", a.unit_name}}},
                     {"rubric", {{"id", a.rubric_id}, {"version", a.rubric_version}}},
                     {"created", a.submission_created}};
  j["appraiser"] = {{"name", a.appraiser_name}, {"title", a.appraiser_title}, {"organisation", a.organisation}};
  j["created"] = a.created;
  j["note"] = a.note;
  Json ch = Json::array();
  for (const auto& c : a.changes) ch.push_back({{"criterion", c.criterion}, {"score", num_to_json(c.score)}, {"reason", c.reason}});
  j["changes"] = ch;
  if (a.sampled) j["sampled_check"] = {{"checked", a.sampled->checked}, {"verified", a.sampled->verified}, {"reason", a.sampled->reason}};
  j["app"] = {{"name", "cds"}, {"version", kVersion}};
  if (a.level > 1) {
    j["level"] = a.level;
    Json prev = {{"signed_sha256", a.previous_sha256}};
    if (!a.previous_file.empty())
      if (auto parsed = parse_json(a.previous_file); parsed.doc) prev["file"] = std::move(*parsed.doc);
    j["previous"] = std::move(prev);
  }
  return j;
}

std::optional<Message> appraisal_time_problem(const Appraisal& a) {
  auto at = parse_instant(a.created);
  auto before = [&](const std::string& other, const char* vi, const char* en) -> std::optional<Message> {
    auto t = parse_instant(other);
    if (!at || !t || *at >= *t) return std::nullopt;
    return error("appraisal.before", "Thời điểm thẩm định " + a.created + " sớm hơn " + vi + " (" + other + ")",
                 "The appraisal time " + a.created + " is before " + en + " (" + other + ")");
  };
  if (auto m = before(a.submission_created, "thời điểm lập bài nộp", "the submission was made")) return m;
  return before(a.previous_created, "thời điểm lập bản thẩm định cấp trước", "the previous level was made");
}

std::optional<Json> make_appraisal(const Appraisal& a, const KeyPair& key, Messages* problems) {
  return seal(a.level > 1 ? appraisal_chain_envelope() : appraisal_envelope(), appraisal_signed_part(a), key, problems);
}

bool build_on(Appraisal& a, const AppraisalVerification& prev, std::string_view prev_bytes, Messages* problems) {
  auto refuse = [&](Message m) {
    if (problems) problems->push_back(std::move(m));
    return false;
  };
  if (!prev.ok() || !prev.appraisal)
    return refuse(error("appraisal.previous_invalid", "Bản thẩm định cấp trước không hợp lệ: chỉ thẩm định tiếp trên một bản có chữ ký đúng",
                        "The previous appraisal is not valid: only a correctly signed appraisal can be built on"));
  if (prev.appraisal->level >= kMaxAppraisalLevels)
    return refuse(error("appraisal.too_many_levels", "Chuỗi thẩm định có tối đa " + std::to_string(kMaxAppraisalLevels) + " cấp",
                        "An appraisal chain has at most " + std::to_string(kMaxAppraisalLevels) + " levels"));
  const Appraisal& p = *prev.appraisal;
  a.level = p.level + 1;
  a.previous_sha256 = prev.signed_hash;
  a.previous_file = std::string(prev_bytes);
  a.submission_sha256 = p.submission_sha256;
  a.unit_code = p.unit_code;
  a.unit_name = p.unit_name;
  a.rubric_id = p.rubric_id;
  a.rubric_version = p.rubric_version;
  a.submission_created = p.submission_created;
  a.previous_created = p.created;
  return true;
}

std::string appraisal_to_text(const Json& doc) { return envelope_text(doc); }

std::string appraisal_file_name(const Appraisal& a) {
  return "thamdinh_" + file_name_part(a.unit_code.empty() ? a.unit_name : a.unit_code) + "_" + (a.rubric_id.empty() ? "rubric" : a.rubric_id) + "_" +
         file_stamp(a.created) + ".json";
}

bool AppraisalVerification::level_ok() const { return parsed && layout_ok && time_ok && signatures_ok && body_ok && (!trust_checked || trusted); }
bool AppraisalVerification::ok() const { return level_ok() && chain_ok; }

std::vector<std::string> AppraisalVerification::level_lines(Lang lang, const DisplayClock& clock) const {
  std::vector<std::string> out;
  auto line = [&](const AppraisalVerification& v) {
    if (!v.appraisal) return;
    const Appraisal& a = *v.appraisal;
    std::string who = a.organisation;
    if (!a.appraiser_name.empty()) who += (who.empty() ? "" : " (") + a.appraiser_name + (who.empty() ? "" : ")");
    std::string s = T(lang, "Cấp ", "Level ") + std::to_string(a.level) + " — " + who + ", " + format_instant(a.created, clock) + ": " +
                    std::to_string(a.changes.size()) + T(lang, " tiêu chí điều chỉnh", " criteria changed");
    if (a.sampled) s += T(lang, ", kiểm tra xác suất ", ", sampled check ") + std::to_string(a.sampled->verified) + "/" + std::to_string(a.sampled->checked);
    s += v.level_ok() ? T(lang, "; chữ ký đúng", "; signature holds") : T(lang, "; KHÔNG HỢP LỆ", "; NOT VALID");
    for (const auto& c : v.signatures) s += " [" + c.key_id + "]";
    out.push_back(std::move(s));
  };
  for (const auto& e : earlier) line(e);
  line(*this);
  return out;
}

std::string AppraisalVerification::verdict(Lang lang) const {
  bool vi = lang == Lang::Vi;
  if (!parsed) {
    std::string s = vi ? "KHÔNG HỢP LỆ: tệp không đọc được như một kết quả thẩm định cds:" : "INVALID: the file cannot be read as a cds appraisal:";
    return s + error_lines(problems, vi);
  }
  std::string who = appraisal ? (appraisal->unit_name.empty() ? appraisal->unit_code : appraisal->unit_name) : std::string();
  if (ok()) {
    std::string s = vi ? "HỢP LỆ: kết quả thẩm định bài nộp của " + who + " có chữ ký đúng." : "VALID: the appraisal of " + who + "'s submission is correctly signed.";
    if (!trust_checked) s += vi ? " (Chưa đối chiếu danh sách khóa tin cậy.)" : " (No trust list was checked.)";
    return s;
  }
  std::string s = vi ? "KHÔNG HỢP LỆ — thẩm định" : "INVALID — appraisal";
  if (!who.empty()) s += (vi ? " bài nộp của " : " of ") + who;
  return s + ":" + error_lines(problems, vi);
}

namespace {
AppraisalVerification verify_level(std::string_view bytes, const TrustList* trust, int depth);

// `cds-appraisal/3`: the level and the reference to the previous level, whose file may be embedded
// (then verified here, recursively, and linked: its hash, its level, the same submission).
void read_chain(const Json& sp, AppraisalVerification& v, Appraisal& a, Messages& body, Messages& chain, const TrustList* trust, int depth) {
  const Json* lv = field(sp, "level");
  if (!lv || !lv->is_number_integer() || lv->get<long long>() < 2 || lv->get<long long>() > kMaxAppraisalLevels) {
    body.push_back(error("appraisal.level", "Cấp thẩm định (\"level\") phải là số nguyên từ 2 đến " + std::to_string(kMaxAppraisalLevels),
                         "The appraisal level (\"level\") must be a whole number from 2 to " + std::to_string(kMaxAppraisalLevels), "signed.level"));
    return;
  }
  a.level = static_cast<int>(lv->get<long long>());
  const Json* pv = field(sp, "previous");
  if (pv && pv->is_object()) a.previous_sha256 = str_or(*pv, "signed_sha256");
  if (a.previous_sha256.size() != 64 || !from_hex(a.previous_sha256)) {
    body.push_back(error("appraisal.previous", "Tệp thẩm định cấp " + std::to_string(a.level) + " không ghi đúng mã SHA-256 của bản thẩm định cấp trước",
                         "The level " + std::to_string(a.level) + " appraisal does not name the previous appraisal by a valid SHA-256", "signed.previous"));
    return;
  }
  const Json* file = field(*pv, "file");
  if (!file || file->is_null()) return;  // not embedded: the office pools the levels by hash
  if (depth + 1 >= kMaxAppraisalLevels) {
    body.push_back(error("appraisal.too_many_levels", "Chuỗi thẩm định có tối đa " + std::to_string(kMaxAppraisalLevels) + " cấp",
                         "An appraisal chain has at most " + std::to_string(kMaxAppraisalLevels) + " levels", "signed.previous.file"));
    return;
  }
  std::string text = file->is_object() ? envelope_text(*file) : std::string();
  AppraisalVerification p = verify_level(text, trust, depth + 1);
  auto broken = [&](const char* code, std::string vi, std::string en) {
    v.chain_ok = false;
    chain.push_back(error(code, std::move(vi), std::move(en), "signed.previous.file"));
  };
  std::string lvl = std::to_string(a.level - 1);
  if (!p.level_ok()) {
    v.chain_ok = false;
    std::string vi = "Bản thẩm định cấp " + lvl + " kèm trong tệp không hợp lệ", en = "The embedded level " + lvl + " appraisal is not valid";
    for (const auto& m : p.problems)
      if (m.severity == Severity::Error) {
        vi += ": " + m.vi, en += ": " + m.en;
        break;
      }
    chain.push_back(error("appraisal.previous_invalid", vi, en, "signed.previous.file"));
  } else if (p.signed_hash != a.previous_sha256) {
    broken("appraisal.previous_mismatch", "Bản thẩm định cấp " + lvl + " kèm trong tệp không phải bản được tham chiếu (SHA-256 khác)",
           "The embedded level " + lvl + " appraisal is not the one referenced (different SHA-256)");
  } else if (!p.appraisal || p.appraisal->level != a.level - 1) {
    broken("appraisal.level", "Bản thẩm định kèm trong tệp không phải cấp " + lvl, "The embedded appraisal is not level " + lvl);
  } else if (p.appraisal->submission_sha256 != a.submission_sha256) {
    broken("appraisal.other_submission", "Bản thẩm định cấp " + lvl + " kèm trong tệp thẩm định một bài nộp khác",
           "The embedded level " + lvl + " appraisal judges another submission");
  } else if (!p.chain_ok) {
    v.chain_ok = false;
  }
  for (auto& e : p.earlier) v.earlier.push_back(std::move(e));
  p.earlier.clear();
  v.earlier.push_back(std::move(p));
}
}  // namespace

AppraisalVerification verify_appraisal(std::string_view bytes, const TrustList* trust) { return verify_level(bytes, trust, 0); }

namespace {
AppraisalVerification verify_level(std::string_view bytes, const TrustList* trust, int depth) {
  AppraisalVerification v;
  bool chained = detect_format(bytes).version == 3;
  Envelope env = open_envelope(chained ? appraisal_chain_envelope() : appraisal_envelope(), bytes);
  v.problems = std::move(env.problems);
  if (!env.parsed) return v;
  v.parsed = true;
  v.legacy = env.legacy;
  v.layout_ok = env.layout_ok;
  v.time_ok = env.time_ok;
  v.signatures_ok = env.signatures_ok;
  v.signed_hash = env.signed_hash;
  v.signatures = std::move(env.signatures);
  const Json* sp = field(*env.doc, "signed");

  // Body.
  Appraisal a;
  Messages body;
  const Json* sub = field(*sp, "submission");
  if (!sub || !sub->is_object()) {
    body.push_back(error("appraisal.submission", "Tệp thẩm định không ghi bài nộp được thẩm định", "The appraisal does not name the submission it judges"));
  } else {
    a.submission_sha256 = str_or(*sub, "signed_sha256");
    if (const Json* u = field(*sub, "unit"); u && u->is_object()) {
      a.unit_code = str_or(*u, "code");
      a.unit_name = str_or(*u, "name");
    }
    if (const Json* r = field(*sub, "rubric"); r && r->is_object()) {
      a.rubric_id = str_or(*r, "id");
      a.rubric_version = str_or(*r, "version");
    }
    a.submission_created = str_or(*sub, "created");
    if (a.submission_sha256.size() != 64 || !from_hex(a.submission_sha256))
      body.push_back(error("appraisal.submission_hash", "Mã SHA-256 của bài nộp được thẩm định không hợp lệ",
                           "The SHA-256 of the appraised submission is not valid"));
  }
  a.created = str_or(*sp, "created");
  read_body(*sp, a, body);
  Messages chain;
  if (chained) read_chain(*sp, v, a, body, chain, trust, depth);
  v.body_ok = !has_errors(body);
  v.problems.insert(v.problems.end(), body.begin(), body.end());
  v.problems.insert(v.problems.end(), chain.begin(), chain.end());
  v.appraisal = std::move(a);

  // Trust: every signing key an appraiser key of the trust list.
  if (trust)
    for (auto& c : v.signatures)
      if (!c.public_key.empty())
        if (const TrustedKey* tk = trust->find_appraiser(c.public_key)) {
          c.trusted = true;
          c.trusted_unit = tk->unit_name.empty() ? tk->unit_code : tk->unit_name;
        }
  if (trust) {
    v.trust_checked = true;
    v.trusted = !v.signatures.empty();
    for (const auto& c : v.signatures)
      if (!c.trusted) {
        v.trusted = false;
        v.problems.push_back(error("trust.appraiser", "Khóa " + c.key_id + " không có trong danh sách người thẩm định của danh sách tin cậy",
                                   "Key " + c.key_id + " is not an appraiser key in the trust list"));
      }
  }
  return v;
}
}  // namespace

}  // namespace cds
