#include "cds/signing/envelope.hpp"

#include <set>

#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {
namespace {

constexpr const char* kSignatureContext = "cds-signature/2";
const char* const kSignatureMembers[] = {"alg", "key_id", "public_key", "role", "sig"};

std::string str(std::string_view s) { return std::string(s); }

// Legacy files were laid out by nlohmann's dump(2); the only spellings that layout leaves open are a
// whole number written as a fraction ("8.0") and negative zero. Refused, so that each value has one
// spelling there too.
bool legacy_numbers_canonical(const Json& j) {
  std::vector<const Json*> todo{&j};
  while (!todo.empty()) {
    const Json* v = todo.back();
    todo.pop_back();
    if (v->is_number_float()) {
      double d = v->get<double>();
      if (d == static_cast<double>(static_cast<long long>(d)) || (d == 0 && std::signbit(d))) return false;
    } else if (v->is_structured()) {
      for (const auto& e : *v) todo.push_back(&e);
    }
  }
  return true;
}

// The role's position in the kind's order, or -1 for an unknown role.
int role_index(const EnvelopeKind& kind, std::string_view role) {
  for (size_t i = 0; i < kind.roles.size(); ++i)
    if (kind.roles[i] == role) return static_cast<int>(i);
  return -1;
}

std::string role_list(const EnvelopeKind& kind) {
  std::string s;
  for (auto r : kind.roles) s += (s.empty() ? "" : ", ") + str(r);
  return s;
}

bool valid_time(const std::string& t) { return t.size() > 10 && t[10] == 'T' && parse_instant(t).has_value(); }

Message time_problem(const std::string& t) {
  return error("envelope.time", "Thời điểm ký \"" + t + "\" không phải thời gian ISO 8601 có múi giờ (ví dụ 2026-11-23T08:15:00+07:00)",
               "The signing time \"" + t + "\" is not an ISO 8601 time with an offset (e.g. 2026-11-23T08:15:00+07:00)", "signed.created");
}

}  // namespace

const EnvelopeKind& submission_envelope() {
  static const EnvelopeKind k{"cds-submission/2", "cds-submission/1", {"preparer", "head"}, "submission", "bài nộp", "submission"};
  return k;
}

const EnvelopeKind& appraisal_envelope() {
  static const EnvelopeKind k{"cds-appraisal/2", "cds-appraisal/1", {"appraiser"}, "appraisal", "thẩm định", "appraisal"};
  return k;
}

const EnvelopeKind& appraisal_chain_envelope() {
  static const EnvelopeKind k{"cds-appraisal/3", "", {"appraiser"}, "appraisal", "thẩm định", "appraisal"};
  return k;
}

std::string role_label(std::string_view role, Lang lang) {
  if (role == "preparer") return T(lang, "người lập biểu", "preparer");
  if (role == "head") return T(lang, "thủ trưởng đơn vị", "head of unit");
  if (role == "appraiser") return T(lang, "người thẩm định", "appraiser");
  if (role == "office") return T(lang, "cơ quan điều phối", "coordinating office");
  return str(role);
}

const Json* Envelope::signed_part() const { return doc ? field(*doc, "signed") : nullptr; }

std::string signature_statement(std::string_view format, std::string_view role, size_t position, std::string_view key_id,
                                std::string_view signed_sha256) {
  Json st = {{"context", kSignatureContext},
             {"format", str(format)},
             {"key_id", str(key_id)},
             {"position", position},
             {"role", str(role)},
             {"signed_sha256", str(signed_sha256)}};
  return jcs(st).value_or("");
}

std::string envelope_text(const Json& doc) { return jcs_pretty(doc).value_or(""); }

namespace {

// 1. The file names this kind's format and holds "signed" and "signatures".
bool check_kind(const EnvelopeKind& kind, const Json& doc, Envelope& e) {
  const std::string code = str(kind.code);
  e.format = doc.is_object() ? str_or(doc, "format") : "";
  if (e.format != kind.format && (kind.legacy_format.empty() || e.format != kind.legacy_format)) {
    e.problems.push_back(error(code + ".format",
                               e.format.empty() ? "Đây không phải tệp " + str(kind.noun_vi) + " " + str(kind.format)
                                                : "Định dạng \"" + e.format + "\" không phải tệp " + str(kind.noun_vi) + " được hỗ trợ (" + str(kind.format) + ")",
                               e.format.empty() ? "This is not a " + str(kind.format) + " " + str(kind.noun_en)
                                                : "Format \"" + e.format + "\" is not a supported " + str(kind.noun_en) + " (" + str(kind.format) + ")"));
    return false;
  }
  const Json* sp = field(doc, "signed");
  const Json* sigs = field(doc, "signatures");
  if (!sp || !sp->is_object() || !sigs || !sigs->is_array()) {
    e.problems.push_back(error(code + ".structure", "Tệp thiếu phần \"signed\" hoặc \"signatures\"", "The file lacks \"signed\" or \"signatures\""));
    return false;
  }
  // Each role signs at most once: more signatures than roles cannot be a genuine file, and checking
  // each of them (an Ed25519 verification and messages per signature) would let one hostile file of
  // 16 MiB, 100,000 signatures, cost seconds and megabytes of reasons. Refused before any is read.
  if (sigs->size() > kind.roles.size()) {
    const std::string n = std::to_string(sigs->size()), most = std::to_string(kind.roles.size());
    e.problems.push_back(error("signature.too_many",
                               "Tệp có " + n + " chữ ký; tệp " + str(kind.noun_vi) + " có nhiều nhất " + most + " (" + role_list(kind) + "), mỗi vai trò một chữ ký",
                               "The file has " + n + " signatures; a file of this kind (" + str(kind.noun_en) + ") takes at most " + most + " (" +
                                   role_list(kind) + "), one per role"));
    return false;
  }
  e.parsed = true;
  e.legacy = e.format == kind.legacy_format;
  if (e.legacy)
    e.problems.push_back(warning("envelope.legacy",
                                 "Tệp theo định dạng cũ (" + e.format + "): vai trò người ký không được bảo vệ bằng chữ ký; nên ký lại bằng phiên bản cds hiện tại",
                                 "Old format (" + e.format + "): the signers' roles are not covered by the signatures; re-sign with the current cds"));
  return true;
}

// 2. Exactly these members, and exactly these bytes (`canonical`: read_canonical found the bytes to
// be the canonical layout of `doc` already).
void check_layout(const EnvelopeKind& kind, const Json& doc, std::string_view bytes, bool canonical, Envelope& e) {
  const std::string code = str(kind.code);
  bool members_ok = true;
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "format" && it.key() != "signed" && it.key() != "signatures") {
      members_ok = false;
      e.problems.push_back(error(code + ".extra", "Tệp có trường lạ ngoài phần được ký: \"" + it.key() + "\"",
                                 "The file has an unexpected field outside the signed part: \"" + it.key() + "\""));
    }
  const Json& sigs = doc["signatures"];
  for (size_t i = 0; i < sigs.size(); ++i) {
    const Json& s = sigs[i];
    std::string where = "signatures[" + std::to_string(i) + "]";
    if (!s.is_object()) {
      members_ok = false;
      e.problems.push_back(error("signature.encoding", "Chữ ký bị hỏng (không phải một đối tượng)", "The signature is damaged (not an object)", where));
      continue;
    }
    for (auto it = s.begin(); it != s.end(); ++it)
      if (std::find(std::begin(kSignatureMembers), std::end(kSignatureMembers), it.key()) == std::end(kSignatureMembers)) {
        members_ok = false;
        e.problems.push_back(error("signature.members", "Chữ ký có trường lạ \"" + it.key() + "\"", "The signature has an unexpected field \"" + it.key() + "\"", where));
      }
  }
  bool same = !e.legacy && canonical;
  if (!same) {
    std::string text = e.legacy ? doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n" : envelope_text(doc);
    same = text == bytes;
  }
  e.layout_ok = members_ok && same && (!e.legacy || legacy_numbers_canonical(doc));
  if (members_ok && !e.layout_ok)
    e.problems.push_back(error(code + ".layout",
                               "Nội dung tệp đã bị thay đổi sau khi tạo (bố cục, cách viết khác bản gốc: khoảng trắng, thứ tự, cách viết số…); hãy yêu cầu gửi lại tệp gốc",
                               "The file was changed after it was created (written differently from the original: white space, order, number "
                               "spelling…); ask for the original file"));
}

// The JCS bytes of `signed` taken from a file already known to be in the canonical layout: that
// layout is JCS plus white space outside strings, and "signed" is the last member, so removing the
// white space from its value gives JCS(signed) in one pass over the bytes, without walking the tree.
std::string canonical_from_layout(std::string_view bytes) {
  static constexpr std::string_view kKey = "\n  \"signed\": ";
  size_t from = bytes.rfind(kKey);
  size_t to = bytes.size() >= 3 ? bytes.size() - 3 : 0;  // before "\n}\n"
  if (from == std::string_view::npos || from + kKey.size() > to) return {};
  std::string out;
  out.reserve(to - from);
  bool in_str = false;
  for (size_t i = from + kKey.size(); i < to; ++i) {
    char c = bytes[i];
    if (in_str) {
      out.push_back(c);
      if (c == '\\') out.push_back(bytes[++i]);
      else if (c == '"') in_str = false;
    } else if (c == '"') {
      in_str = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\n') {
      out.push_back(c);
    }
  }
  return out;
}

// 3. The signing time.
void check_time(const Json& signed_part, Envelope& e) {
  e.created = str_or(signed_part, "created");
  e.created_at = valid_time(e.created) ? parse_instant(e.created) : std::nullopt;
  e.time_ok = e.created_at.has_value();
  if (!e.time_ok) e.problems.push_back(time_problem(e.created));
}

// 4a. One signature's role against the kind's order; last_role is the highest role seen so far.
void check_role(const EnvelopeKind& kind, size_t i, const std::string& role, int ri, int& last_role, const std::string& where, Envelope& e) {
  if (ri < 0) {
    e.problems.push_back(error("signature.role", "Vai trò người ký \"" + role + "\" không có ở loại tệp này (chỉ: " + role_list(kind) + ")",
                               "Signer role \"" + role + "\" does not exist for this file kind (only: " + role_list(kind) + ")", where));
  } else if (ri <= last_role || (i == 0 && ri != 0)) {
    e.problems.push_back(error("signature.order",
                               "Chữ ký thứ " + std::to_string(i + 1) + " (" + role_label(role, Lang::Vi) + ") sai thứ tự hoặc trùng vai trò: " +
                                   role_label(kind.roles[0], Lang::Vi) + " ký trước, mỗi vai trò một lần",
                               "Signature " + std::to_string(i + 1) + " (" + role_label(role, Lang::En) + ") is out of order or repeats a role: the " +
                                   role_label(kind.roles[0], Lang::En) + " signs first, each role once",
                               where));
  }
  if (ri > last_role) last_role = ri;
}

// 4b. One signature's encoding, key id, distinct key and Ed25519 check over its statement (or, for
// legacy files, over the canonical signed part).
SignatureCheck check_signature(const EnvelopeKind& kind, const Json& s, size_t i, const std::string& canonical, int& last_role,
                               std::set<std::string>& keys, Envelope& e) {
  std::string where = "signatures[" + std::to_string(i) + "]";
  SignatureCheck c;
  c.role = str_or(s, "role");
  c.key_id = str_or(s, "key_id");
  std::string pk_text = str_or(s, "public_key"), sig_text = str_or(s, "sig");
  auto pk = from_base64(pk_text);
  auto sig = from_base64(sig_text);
  int ri = role_index(kind, c.role);
  check_role(kind, i, c.role, ri, last_role, where, e);
  bool usable = false;
  if (str_or(s, "alg") != "Ed25519") {
    e.problems.push_back(error("signature.alg", "Thuật toán chữ ký không được hỗ trợ (chỉ Ed25519)", "Unsupported signature algorithm (Ed25519 only)", where));
  } else if (!pk || pk->size() != 32 || !sig || sig->size() != 64 || to_base64(*pk) != pk_text || to_base64(*sig) != sig_text) {
    e.problems.push_back(error("signature.encoding", "Chữ ký hoặc khóa công khai bị hỏng", "The signature or public key is damaged", where));
  } else if (key_id(*pk) != c.key_id) {
    e.problems.push_back(error("signature.key_id", "Mã khóa ghi kèm chữ ký không khớp với khóa công khai",
                               "The key id next to the signature does not match its public key", where));
    c.public_key = *pk;
  } else if (!keys.insert(*pk).second) {
    e.problems.push_back(error("signature.duplicate_key", "Khóa " + c.key_id + " ký hai lần; mỗi người ký bằng khóa riêng của mình",
                               "Key " + c.key_id + " signs twice; each signer uses their own key", where));
    c.public_key = *pk;
  } else {
    c.public_key = *pk;
    usable = ri >= 0;
  }
  if (usable) {
    const std::string msg = e.legacy ? canonical : signature_statement(e.format, c.role, i, c.key_id, e.signed_hash);
    c.valid = verify_detached(*sig, msg, *pk);
    if (!c.valid)
      e.problems.push_back(error("signature.invalid",
                                 "Chữ ký của khóa " + c.key_id + " không đúng: nội dung, vai trò hoặc thứ tự người ký đã bị sửa sau khi ký, hoặc chữ ký không thuộc khóa này",
                                 "The signature of key " + c.key_id + " does not verify: the content, the role or the signers' order changed after "
                                 "signing, or the signature is not this key's",
                                 where));
  }
  return c;
}

// 4. Every signature.
void check_signatures(const EnvelopeKind& kind, const Json& sigs, const std::string& canonical, Envelope& e) {
  e.signatures_ok = !sigs.empty();
  if (sigs.empty()) e.problems.push_back(error("signature.none", "Tệp không có chữ ký nào", "The file has no signature"));
  int last_role = -1;
  std::set<std::string> keys;
  for (size_t i = 0; i < sigs.size(); ++i) {
    SignatureCheck c = sigs[i].is_object() ? check_signature(kind, sigs[i], i, canonical, last_role, keys, e) : SignatureCheck{};
    if (!c.valid) e.signatures_ok = false;
    e.signatures.push_back(std::move(c));
  }
  // Order problems make every signature suspect even if each verifies (legacy files).
  for (const auto& m : e.problems)
    if (m.code == "signature.order" || m.code == "signature.role") e.signatures_ok = false;
}

}  // namespace

Envelope open_envelope(const EnvelopeKind& kind, std::string_view bytes, std::string_view defer, std::string_view detach) {
  Envelope e;
  JsonLimits lim;
  lim.max_bytes = kMaxSignedFileBytes;
  lim.max_values = kMaxSignedFileValues;
  // A file in its canonical layout (every genuine one) is read, checked against that layout and
  // its signed part's JCS bytes taken in one pass; any other file takes the general way, which
  // finds and names what is wrong (read_canonical never decides a verdict).
  auto fast = read_canonical(bytes, lim, "signed", defer, detach);
  ParsedJson parsed;
  if (fast) parsed.doc = std::move(fast->doc);
  else parsed = parse_json(bytes, lim);
  if (!parsed.doc) {
    e.problems = parsed.messages;
    return e;
  }
  // signed.<defer> left as bytes: put back whenever anything below needs the whole document (a
  // legacy file is compared with nlohmann's layout, a file off its layout canonicalised from the
  // document); a file in the current format and in its layout never needs it.
  // signed.<detach> likewise, as a value already built.
  std::string_view deferred = fast ? fast->deferred : std::string_view();
  std::optional<Json> detached = fast ? std::move(fast->detached) : std::nullopt;
  auto restore = [&] {
    if (detached) {
      (*parsed.doc)["signed"][std::string(detach)] = std::move(*detached);
      detached.reset();
    }
    if (deferred.empty()) return;
    Json value;
    read_canonical_value(deferred, 2, value);  // read once already: cannot fail
    (*parsed.doc)["signed"][std::string(defer)] = std::move(value);
    deferred = {};
  };
  const Json& doc = *parsed.doc;
  if (!check_kind(kind, doc, e)) return e;
  if (e.legacy) restore();
  check_layout(kind, doc, bytes, fast.has_value(), e);
  if (!e.layout_ok || e.legacy) restore();
  const Json& sp = doc["signed"];
  std::string err;
  std::optional<std::string> canonical;
  if (e.layout_ok && !e.legacy) canonical = fast && fast->member_found ? std::move(fast->member_jcs) : canonical_from_layout(bytes);
  if (!canonical || canonical->empty()) {
    restore();
    canonical = jcs(sp, &err);
  }
  e.deferred = std::string(deferred);
  if (detached) {
    e.detached = std::move(detached);
    e.detached_text = std::string(fast->detached_text);
  }
  if (!canonical) {
    e.problems.push_back(error(str(kind.code) + ".canonical", "Phần được ký có giá trị không chuẩn hóa được: " + err,
                               "The signed part cannot be canonicalized: " + err));
    e.doc = std::move(*parsed.doc);
    return e;
  }
  e.signed_hash = sha256_hex(*canonical);
  check_time(sp, e);
  check_signatures(kind, doc["signatures"], *canonical, e);
  e.doc = std::move(*parsed.doc);
  return e;
}

std::optional<Json> seal(const EnvelopeKind& kind, const Json& signed_part, const KeyPair& key, Messages* problems) {
  std::string created = str_or(signed_part, "created");
  if (!valid_time(created)) {
    if (problems) problems->push_back(time_problem(created));
    return std::nullopt;
  }
  Json doc = Json::object();
  doc["format"] = str(kind.format);
  doc["signed"] = signed_part;
  doc["signatures"] = Json::array();
  if (!add_signature(kind, doc, kind.roles[0], key, problems)) return std::nullopt;
  return doc;
}

bool add_signature(const EnvelopeKind& kind, Json& doc, std::string_view role, const KeyPair& key, Messages* problems) {
  auto refuse = [&](Message m) {
    if (problems) problems->push_back(std::move(m));
    return false;
  };
  if (!doc.is_object() || str_or(doc, "format") != kind.format || !field(doc, "signed") || !field(doc, "signatures") ||
      !doc["signatures"].is_array())
    return refuse(error("envelope.legacy_sign", "Chỉ ký thêm được vào tệp " + str(kind.format) + "; hãy tạo lại tệp bằng phiên bản cds hiện tại",
                        "Only a " + str(kind.format) + " file can be signed again; create the file again with the current cds"));
  int ri = role_index(kind, role);
  if (ri < 0)
    return refuse(error("signature.role", "Vai trò \"" + str(role) + "\" không có; dùng: " + role_list(kind),
                        "There is no role \"" + str(role) + "\"; use: " + role_list(kind)));
  Json& sigs = doc["signatures"];
  int last = -1;
  std::string pk_text = to_base64(key.public_key);
  for (const auto& s : sigs) {
    last = std::max(last, role_index(kind, str_or(s, "role")));
    if (str_or(s, "public_key") == pk_text)
      return refuse(error("signature.duplicate_key", "Khóa này đã ký tệp; mỗi người ký bằng khóa riêng của mình",
                          "This key already signed the file; each signer uses their own key"));
  }
  if ((sigs.empty() && ri != 0) || (!sigs.empty() && ri <= last))
    return refuse(error("signature.order",
                        "Không thể ký với vai trò " + role_label(role, Lang::Vi) + " lúc này: " + role_label(kind.roles[0], Lang::Vi) +
                            " ký trước, mỗi vai trò một lần",
                        "Cannot sign as " + role_label(role, Lang::En) + " now: the " + role_label(kind.roles[0], Lang::En) +
                            " signs first, each role once"));
  std::string err;
  auto canonical = jcs(doc["signed"], &err);
  if (!canonical)
    return refuse(error(str(kind.code) + ".canonical", "Phần được ký có giá trị không chuẩn hóa được: " + err, "The signed part cannot be canonicalized: " + err));
  std::string id = key_id(key.public_key);
  std::string statement = signature_statement(kind.format, role, sigs.size(), id, sha256_hex(*canonical));
  sigs.push_back({{"alg", "Ed25519"}, {"key_id", id}, {"public_key", pk_text}, {"role", str(role)}, {"sig", to_base64(sign_detached(statement, key.secret))}});
  return true;
}

}  // namespace cds
