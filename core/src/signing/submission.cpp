#include "cds/signing/submission.hpp"

#include <set>

#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/base/text.hpp"

#include <double-conversion/double-conversion.h>

namespace cds {
namespace {

Json scores_json(const ScoreSheet& s) {
  Json j = Json::object();
  j["total"] = num_to_json(s.total);
  j["max"] = num_to_json(s.scale);
  j["regular"] = num_to_json(s.regular);
  j["bonus"] = num_to_json(s.bonus);
  j["penalty"] = num_to_json(s.penalty);
  j["answered"] = s.answered;
  j["items"] = s.items;
  Json secs = Json::array();
  for (const auto& sec : s.sections) secs.push_back({{"id", sec.id}, {"score", num_to_json(sec.score)}, {"max", num_to_json(sec.max)}});
  j["sections"] = secs;
  Json crit = Json::array();
  for (const auto& c : s.criteria) {
    Json x = {{"id", c.id}, {"score", num_to_json(c.score)}, {"max", num_to_json(c.max)}, {"status", status_name(c.status)}};
    if (c.differs()) x["literal"] = num_to_json(*c.literal);  // the printed text read literally would give this
    crit.push_back(std::move(x));
  }
  j["criteria"] = crit;
  return j;
}

// A claimed or recomputed value as a difference shows it; cut to 1,000 characters, since a hostile
// file's "claimed" part may be megabytes (a list of 100,000 sections).
std::string fmt(const Json& j) {
  if (j.is_null()) return "—";
  std::string s = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  return s.size() > 1000 ? ellipsize(s, 1000) : s;
}

bool same_num(const Json* claimed, const Num& n) { return claimed && claimed->is_number() && *claimed == num_to_json(n); }

// The claimed scores equal the recomputed sheet, compared value by value without building the
// recomputed JSON (the common case; only a mismatch builds it, to list every difference).
bool scores_match(const Json& claimed, const ScoreSheet& s) {
  if (!same_num(field(claimed, "total"), s.total) || !same_num(field(claimed, "max"), s.scale) || !same_num(field(claimed, "regular"), s.regular) ||
      !same_num(field(claimed, "bonus"), s.bonus) || !same_num(field(claimed, "penalty"), s.penalty) ||
      !same_num(field(claimed, "answered"), Num(s.answered)) || !same_num(field(claimed, "items"), Num(s.items)))
    return false;
  const Json* cl = field(claimed, "criteria");
  if (!cl || !cl->is_array() || cl->size() != s.criteria.size()) return false;
  // Each object is walked once in its members' order (std::map: "id" < "literal" < "max" < "score"
  // < "status") instead of a lookup per member: with the count checked first, the same test as
  // finding each member by name.
  auto text_is = [](const Json::object_t::value_type& m, const char* key, std::string_view want) {
    return m.first == key && m.second.is_string() && std::string_view(m.second.get_ref<const std::string&>()) == want;
  };
  auto num_is = [](const Json::object_t::value_type& m, const char* key, const Num& want) { return m.first == key && same_num(&m.second, want); };
  for (size_t i = 0; i < s.criteria.size(); ++i) {
    const Json& c = (*cl)[i];
    const CriterionScore& r = s.criteria[i];
    if (!c.is_object()) return false;
    const auto& o = c.get_ref<const Json::object_t&>();
    if (o.size() != (r.differs() ? 5u : 4u)) return false;
    auto it = o.begin();
    if (!text_is(*it++, "id", r.id)) return false;
    if (r.differs() && !num_is(*it++, "literal", *r.literal)) return false;
    if (!num_is(*it++, "max", r.max) || !num_is(*it++, "score", r.score)) return false;
    if (!text_is(*it, "status", status_name(r.status))) return false;
  }
  const Json* sl = field(claimed, "sections");
  if (!sl || !sl->is_array() || sl->size() != s.sections.size()) return false;
  for (size_t i = 0; i < s.sections.size(); ++i) {
    const Json& c = (*sl)[i];
    if (!c.is_object()) return false;
    const auto& o = c.get_ref<const Json::object_t&>();
    if (o.size() != 3) return false;
    auto it = o.begin();
    if (!text_is(*it++, "id", s.sections[i].id) || !num_is(*it++, "max", s.sections[i].max) || !num_is(*it, "score", s.sections[i].score)) return false;
  }
  return true;
}

// The same test as scores_match, on the claimed scores still as bytes (the canonical layout
// read_canonical checked and deferred: no white space but newlines and indentation, members in
// order, each number spelled one way). True only when scores_match on the document would say so;
// false also for anything it does not take apart (an escape in a string, a number beyond 16
// digits), and the caller then reads the document and compares it the usual way.
class ScoresText {
 public:
  explicit ScoresText(std::string_view s) : s_(s) {}

  bool matches(const ScoreSheet& s) {
    if (!eat('{')) return false;
    int seen = 0;  // one bit per member scores_match reads
    if (eat('}')) return false;
    do {
      std::string_view key;
      if (!str(key) || !eat(':')) return false;
      int bit = 0;
      bool ok = true;
      if (key == "total") bit = 1, ok = num_is(s.total);
      else if (key == "max") bit = 2, ok = num_is(s.scale);
      else if (key == "regular") bit = 4, ok = num_is(s.regular);
      else if (key == "bonus") bit = 8, ok = num_is(s.bonus);
      else if (key == "penalty") bit = 16, ok = num_is(s.penalty);
      else if (key == "answered") bit = 32, ok = num_is(Num(s.answered));
      else if (key == "items") bit = 64, ok = num_is(Num(s.items));
      else if (key == "criteria") bit = 128, ok = criteria(s.criteria);
      else if (key == "sections") bit = 256, ok = sections(s.sections);
      else ok = skip();  // scores_match looks members up by name: others are not read
      if (!ok) return false;
      seen |= bit;
    } while (eat(','));
    return eat('}') && seen == 511 && (ws(), at_ == s_.size());
  }

 private:
  bool criteria(const std::vector<CriterionScore>& cs) {
    if (!eat('[')) return false;
    if (cs.empty()) return eat(']');
    for (size_t i = 0; i < cs.size(); ++i) {
      const CriterionScore& r = cs[i];
      if (i && !eat(',')) return false;
      if (!eat('{') || !member("id") || !text_is(r.id)) return false;
      if (r.differs() && !(eat(',') && member("literal") && num_is(*r.literal))) return false;
      if (!(eat(',') && member("max") && num_is(r.max) && eat(',') && member("score") && num_is(r.score))) return false;
      if (!(eat(',') && member("status") && text_is(status_name(r.status)) && eat('}'))) return false;
    }
    return eat(']');
  }

  bool sections(const std::vector<SectionScore>& ss) {
    if (!eat('[')) return false;
    if (ss.empty()) return eat(']');
    for (size_t i = 0; i < ss.size(); ++i) {
      if (i && !eat(',')) return false;
      if (!eat('{') || !member("id") || !text_is(ss[i].id)) return false;
      if (!(eat(',') && member("max") && num_is(ss[i].max) && eat(',') && member("score") && num_is(ss[i].score) && eat('}'))) return false;
    }
    return eat(']');
  }

  void ws() {
    while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\n')) ++at_;
  }
  bool eat(char c) {
    ws();
    if (at_ < s_.size() && s_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  // A string without escapes (its bytes are its value).
  bool str(std::string_view& out) {
    ws();
    if (at_ >= s_.size() || s_[at_] != '"') return false;
    size_t from = ++at_;
    while (at_ < s_.size() && s_[at_] != '"' && s_[at_] != '\\') ++at_;
    if (at_ >= s_.size() || s_[at_] != '"') return false;
    out = s_.substr(from, at_ - from);
    ++at_;
    return true;
  }
  // `"<text>"` next (after white space), compared where it lies: the same test as str() then ==
  // for a text without '"' or '\\' (for one with them, str() and == as before).
  bool quoted_is(std::string_view text) {
    ws();
    size_t n = text.size();
    if (at_ + n + 2 > s_.size() || s_[at_] != '"' || s_[at_ + n + 1] != '"') return false;
    for (size_t i = 0; i < n; ++i) {
      char c = text[i];
      if (c == '"' || c == '\\') {
        std::string_view v;
        return str(v) && v == text;
      }
      if (s_[at_ + 1 + i] != c) return false;
    }
    at_ += n + 2;
    return true;
  }
  bool member(std::string_view name) { return quoted_is(name) && eat(':'); }
  bool text_is(std::string_view want) { return quoted_is(want); }
  // A number token read into the value read_canonical gives it, compared as same_num compares.
  bool num_is(const Num& want) {
    ws();
    size_t from = at_;
    bool integer = true;
    while (at_ < s_.size() && ((s_[at_] >= '0' && s_[at_] <= '9') || s_[at_] == '-' || s_[at_] == '+' || s_[at_] == '.' || s_[at_] == 'e' || s_[at_] == 'E')) {
      if (s_[at_] == '.' || s_[at_] == 'e' || s_[at_] == 'E' || (s_[at_] == '-' && at_ != from) || s_[at_] == '+') integer = false;
      ++at_;
    }
    std::string_view tok = s_.substr(from, at_ - from);
    if (tok.empty() || tok == "-") return false;
    // Decided exactly where that gives what comparing the doubles gives: an integer token against a
    // whole number (equal or not), and a plain decimal equal to the value (its double is the value's
    // correctly rounded double, which to_double also gives); anything else as before.
    constexpr Num::i128 kSmall = static_cast<Num::i128>(1) << 62;
    if (want.num() < kSmall && want.num() > -kSmall && want.den() < kSmall) {
      std::string_view digits = tok.substr(tok[0] == '-' ? 1 : 0);
      if (integer && want.is_integer() && digits.size() <= 16) {
        long long v = 0;
        for (char c : digits) v = v * 10 + (c - '0');
        return (tok[0] == '-' ? -v : v) == want.num();
      }
      if (!integer)
        if (auto d = jcs_plain_decimal(tok); d && d->decimals <= 18) {
          Num::i128 scale = 1;
          for (int k = 0; k < d->decimals; ++k) scale *= 10;
          if (want.num() * scale == static_cast<Num::i128>(d->mantissa) * want.den()) return true;
        }
    }
    Json claimed;
    if (integer) {
      bool negative = tok[0] == '-';
      std::string_view d = negative ? tok.substr(1) : tok;
      if (d.size() > 16) return false;
      long long v = 0;
      for (char c : d) v = v * 10 + (c - '0');
      claimed = negative ? Json(static_cast<Json::number_integer_t>(-v)) : Json(static_cast<Json::number_unsigned_t>(v));
    } else {
      static const double_conversion::StringToDoubleConverter conv(double_conversion::StringToDoubleConverter::NO_FLAGS, 0.0, 0.0, nullptr, nullptr);
      int used = 0;
      double v = conv.StringToDouble(tok.data(), static_cast<int>(tok.size()), &used);
      if (used != static_cast<int>(tok.size())) return false;
      claimed = Json(v);
    }
    return same_num(&claimed, want);
  }
  // Any value (members scores_match does not read).
  bool skip() {
    ws();
    int depth = 0;
    do {
      if (at_ >= s_.size()) return false;
      char c = s_[at_];
      if (c == '"') {
        ++at_;
        while (at_ < s_.size() && s_[at_] != '"') at_ += s_[at_] == '\\' ? 2 : 1;
        if (at_ >= s_.size()) return false;
        ++at_;
      } else if (c == '{' || c == '[') {
        ++depth;
        ++at_;
      } else if (c == '}' || c == ']') {
        if (--depth < 0) return false;
        ++at_;
      } else if (depth == 0 && c == ',') {
        return false;  // an empty value
      } else {
        ++at_;
        if (depth == 0) {
          while (at_ < s_.size() && s_[at_] != ',' && s_[at_] != '\n' && s_[at_] != '}') ++at_;
        }
      }
      if (depth > 0) ws();
    } while (depth > 0);
    return true;
  }

  std::string_view s_;
  size_t at_ = 0;
};

Message problem(const std::string& code, const std::string& vi, const std::string& en, const std::string& where = {}) {
  return error(code, vi, en, where);
}

}  // namespace

Json build_signed_part(const Rubric& r, std::string_view rubric_sha256, const Answers& a, std::string_view created,
                       std::string_view app_version) {
  ScoreOptions o;
  o.explain = false;
  ScoreSheet s = score(r, a, o);
  Json j = Json::object();
  j["answers"] = answers_to_json(a);
  j["rubric"] = {{"id", r.id}, {"version", r.version}, {"sha256", std::string(rubric_sha256)}};
  j["scores"] = scores_json(s);
  j["app"] = {{"name", "cds"}, {"version", std::string(app_version)}};
  j["created"] = std::string(created);
  return j;
}

std::optional<Json> make_submission(const Json& signed_part, const KeyPair& key, Messages* problems) {
  return seal(submission_envelope(), signed_part, key, problems);
}

bool add_signature(Json& doc, const std::string& role, const KeyPair& key, Messages* problems) {
  return add_signature(submission_envelope(), doc, role, key, problems);
}

std::string submission_to_text(const Json& doc) { return envelope_text(doc); }

std::optional<SignedSubmission> sign_submission(const Rubric& r, std::string_view rubric_sha256, const Answers& a, std::string_view created,
                                                std::string_view app_version, const KeyPair& key, Messages* problems) {
  Json part = build_signed_part(r, rubric_sha256, a, created, app_version);
  auto doc = make_submission(part, key, problems);
  if (!doc) return std::nullopt;
  SignedSubmission out;
  out.text = submission_to_text(*doc);
  out.signed_sha256 = sha256_hex(jcs((*doc)["signed"]).value_or(""));
  out.created = std::string(created);
  out.file_name = submission_file_name(*doc);
  const Json& sc = part["scores"];
  out.total = json_num(sc["total"]).value_or(Num(0));
  out.scale = r.scale;
  out.answered = sc.value("answered", 0);
  out.items = sc.value("items", 0);
  for (const auto& c : sc["criteria"]) {
    out.unanswered += c.value("status", "") == "unanswered";
    out.invalid += c.value("status", "") == "invalid";
  }
  out.doc = std::move(*doc);
  return out;
}

std::string submission_file_name(const Json& doc) {
  const Json& s = doc["signed"];
  std::string code = s["answers"]["unit"].value("code", "");
  std::string safe = file_name_part(code.empty() ? s["answers"]["unit"].value("name", "don-vi") : code);
  return safe + "_" + s["rubric"].value("id", "rubric") + "_" + file_stamp(s.value("created", "")) + ".json";
}

const TrustedKey* TrustList::find(std::string_view public_key) const {
  if (index_.size() == keys.size()) {
    auto it = index_.find(public_key);
    return it == index_.end() ? nullptr : &keys[it->second];
  }
  for (const auto& k : keys)  // the index is stale (keys changed by hand)
    if (k.public_key == public_key) return &k;
  return nullptr;
}

void TrustList::reindex() {
  index_.clear();
  for (size_t i = 0; i < keys.size(); ++i) index_.emplace(keys[i].public_key, i);
  if (index_.size() != keys.size()) index_.clear();  // one key listed twice: fall back to scanning
}

const TrustedKey* TrustList::find_appraiser(std::string_view public_key) const {
  for (const auto& k : appraisers)
    if (k.public_key == public_key) return &k;
  return nullptr;
}

const TrustedKey* TrustList::find_agency(std::string_view public_key, std::string_view agency_id) const {
  for (const auto& k : agencies)
    if (k.public_key == public_key && (agency_id.empty() || k.unit_code == agency_id)) return &k;
  return nullptr;
}

LoadedTrust load_trust_list(std::string_view bytes) {
  LoadedTrust out;
  auto parsed = parse_json(bytes);
  if (!parsed.doc) {
    out.messages = parsed.messages;
    return out;
  }
  const Json& j = *parsed.doc;
  if (!j.is_object() || str_or(j, "format") != kTrustFormat) {
    out.messages.push_back(error("trust.format", "Đây không phải danh sách tin cậy cds-trust/1", "This is not a cds-trust/1 trust list"));
    return out;
  }
  const Json* units = field(j, "units");
  if (!units || !units->is_array()) {
    out.messages.push_back(error("trust.units", "Danh sách tin cậy thiếu \"units\"", "The trust list lacks \"units\""));
    return out;
  }
  TrustList t;
  auto read_keys = [&](const Json& u, const std::string& where, const std::string& code, std::vector<TrustedKey>& into) {
    const Json* ks = field(u, "keys");
    if (!ks || !ks->is_array()) return;
    for (const auto& k : *ks) {
      auto pk = from_base64(k.is_object() ? str_or(k, "public_key") : std::string());
      if (!pk || pk->size() != 32) {
        out.messages.push_back(error("trust.key", "Khóa công khai không hợp lệ trong danh sách tin cậy", "Invalid public key in the trust list", where));
        continue;
      }
      std::string id = key_id(*pk);
      if (!str_or(k, "key_id").empty() && str_or(k, "key_id") != id) {
        out.messages.push_back(error("trust.key_id", "Mã khóa không khớp với khóa công khai: " + str_or(k, "key_id"),
                                     "Key id does not match the public key: " + str_or(k, "key_id"), where));
        continue;
      }
      into.push_back({id, *pk, code, str_or(u, "name")});
    }
  };
  std::set<std::string> codes;
  for (size_t i = 0; i < units->size(); ++i) {
    const Json& u = (*units)[i];
    std::string where = "units[" + std::to_string(i) + "]";
    std::string code = u.is_object() ? str_or(u, "code") : std::string();
    if (code.empty()) {
      out.messages.push_back(error("trust.code", "Đơn vị thiếu mã (\"code\")", "A unit lacks its \"code\"", where));
      continue;
    }
    if (!codes.insert(code).second) {
      out.messages.push_back(error("trust.duplicate_unit", "Mã đơn vị " + code + " xuất hiện hai lần trong danh sách tin cậy",
                                   "Unit code " + code + " appears twice in the trust list", where));
      continue;
    }
    t.units.emplace_back(code, str_or(u, "name"));
    read_keys(u, where, code, t.keys);
  }
  if (const Json* aps = field(j, "appraisers"); aps && aps->is_array()) {
    for (size_t i = 0; i < aps->size(); ++i) {
      const Json& u = (*aps)[i];
      if (!u.is_object()) continue;
      read_keys(u, "appraisers[" + std::to_string(i) + "]", str_or(u, "code"), t.appraisers);
    }
  }
  // "agencies": who signs each agency's part (docs/parts-format.md). Optional; a code at most once.
  if (const Json* ags = field(j, "agencies"); ags && !ags->is_null()) {
    if (!ags->is_array()) {
      out.messages.push_back(error("trust.agencies", "\"agencies\" trong danh sách tin cậy phải là mảng", "\"agencies\" in the trust list must be an array"));
    } else {
      std::set<std::string> agency_codes;
      for (size_t i = 0; i < ags->size(); ++i) {
        const Json& u = (*ags)[i];
        std::string where = "agencies[" + std::to_string(i) + "]";
        std::string code = u.is_object() ? str_or(u, "code") : std::string();
        if (code.empty()) {
          out.messages.push_back(error("trust.code", "Cơ quan thiếu mã (\"code\")", "An agency lacks its \"code\"", where));
          continue;
        }
        if (!agency_codes.insert(code).second) {
          out.messages.push_back(error("trust.duplicate_unit", "Mã cơ quan " + code + " xuất hiện hai lần trong danh sách tin cậy",
                                       "Agency code " + code + " appears twice in the trust list", where));
          continue;
        }
        read_keys(u, where, code, t.agencies);
      }
    }
  }
  if (!has_errors(out.messages)) {
    t.reindex();
    out.trust = std::move(t);
  }
  return out;
}

VerifiedDocument::VerifiedDocument(Json doc, std::string deferred_scores, std::string deferred_answers)
    : doc_(std::move(doc)), deferred_(std::move(deferred_scores)), answers_(std::move(deferred_answers)) {}

const Json& VerifiedDocument::whole() const {
  for (auto [text, name] : {std::pair{&deferred_, "scores"}, std::pair{&answers_, "answers"}}) {
    if (text->empty()) continue;
    Json value;
    read_canonical_value(*text, 2, value);  // read once already: cannot fail
    (*doc_)["signed"][name] = std::move(value);
    text->clear();
    text->shrink_to_fit();
  }
  return *doc_;
}

bool Verification::ok() const {
  return parsed && layout_ok && time_ok && signatures_ok && rubric_found && rubric_hash_ok && scores_ok && exclusive_ok && sizes_ok &&
         (!trust_checked || all_trusted);
}

Verification verify_submission(std::string_view bytes, const RubricLookup& rubrics, const TrustList* trust) {
  Verification v;
  // signed.scores left as bytes, signed.answers built apart (moved into v.answers below).
  Envelope env = open_envelope(submission_envelope(), bytes, "scores", "answers");
  v.problems = std::move(env.problems);
  if (!env.parsed) return v;
  v.parsed = true;
  v.legacy = env.legacy;
  v.layout_ok = env.layout_ok;
  v.time_ok = env.time_ok;
  v.signatures_ok = env.signatures_ok;
  v.signed_hash = env.signed_hash;
  v.created = env.created;
  v.created_at = env.created_at;
  v.signatures = std::move(env.signatures);
  // signed.scores may still be bytes (env.deferred, an object in its canonical layout): compared
  // from them, and read into the document only when they differ or someone asks for the document.
  bool scores_deferred = !env.deferred.empty();
  std::optional<Json> answers_apart = std::move(env.detached);
  v.doc = VerifiedDocument(std::move(*env.doc), std::move(env.deferred), std::move(env.detached_text));
  const Json* signed_part = field(v.doc.partial(), "signed");
  const Json* ans_j = answers_apart ? &*answers_apart : field(*signed_part, "answers");
  const Json* rub_j = field(*signed_part, "rubric");
  const Json* scores_j = field(*signed_part, "scores");
  if (ans_j) {
    auto la = answers_apart ? load_answers_json(std::move(*answers_apart)) : load_answers_json(*ans_j);
    if (la.answers) {
      v.answers = std::move(la.answers);
      v.unit_code = v.answers->unit.code;
      v.unit_name = v.answers->unit.name;
    } else {
      v.problems.insert(v.problems.end(), la.messages.begin(), la.messages.end());
    }
  }
  if (v.signed_hash.empty()) return v;  // the signed part could not be canonicalised

  // Trust: every signing key registered for this unit.
  if (trust) {
    v.trust_checked = true;
    v.all_trusted = !v.signatures.empty();
    for (auto& c : v.signatures) {
      if (!c.public_key.empty())
        if (const TrustedKey* tk = trust->find(c.public_key)) {
          c.trusted_unit = tk->unit_code;
          c.trusted = tk->unit_code == v.unit_code;
        }
      if (c.trusted) continue;
      v.all_trusted = false;
      std::string where = "signatures[" + std::to_string(&c - v.signatures.data()) + "]";
      if (!c.trusted_unit.empty())
        v.problems.push_back(problem("trust.other_unit", "Khóa " + c.key_id + " đã đăng ký cho đơn vị " + c.trusted_unit + ", không phải " + v.unit_code,
                                     "Key " + c.key_id + " is registered for unit " + c.trusted_unit + ", not " + v.unit_code, where));
      else
        v.problems.push_back(problem("trust.unknown", "Khóa " + c.key_id + " không có trong danh sách khóa tin cậy",
                                     "Key " + c.key_id + " is not in the trust list", where));
    }
  }

  // Rubric.
  if (!rub_j || !rub_j->is_object()) {
    v.problems.push_back(problem("submission.rubric", "Bài nộp thiếu thông tin bộ tiêu chí", "The submission lacks its rubric reference"));
    return v;
  }
  v.rubric_id = str_or(*rub_j, "id");
  v.rubric_version = str_or(*rub_j, "version");
  auto ref = rubrics(v.rubric_id, v.rubric_version);
  if (!ref || !ref->rubric) {
    v.problems.push_back(problem("rubric.not_found",
                                 "Không có bộ tiêu chí " + v.rubric_id + " phiên bản " + v.rubric_version + " để đối chiếu",
                                 "Rubric " + v.rubric_id + " version " + v.rubric_version + " is not available to check against"));
    return v;
  }
  v.rubric_found = true;
  v.rubric_title = ref->rubric->title;
  v.rubric_hash_ok = ref->sha256 == str_or(*rub_j, "sha256");
  if (!v.rubric_hash_ok)
    v.problems.push_back(problem("rubric.hash", "Tệp bộ tiêu chí dùng để chấm khác với bản chính thức (mã SHA-256 không khớp)",
                                 "The rubric file used for scoring differs from the official one (SHA-256 mismatch)"));
  const Rubric& r = *ref->rubric;
  v.scale = r.scale;

  // Recompute every score.
  if (!v.answers || !scores_j || (!scores_deferred && !scores_j->is_object())) {
    v.problems.push_back(problem("submission.scores", "Bài nộp thiếu bài làm hoặc bảng điểm", "The submission lacks its answers or scores"));
    return v;
  }
  ScoreOptions o;
  o.explain = false;
  ScoreSheet s = ref->plan ? score(*ref->plan, *v.answers, o) : score(r, *v.answers, o);
  v.total = s.total;
  // Bonus and penalty items that exclude each other, claimed together (or none of an exactly-one
  // pair): the submission claims what the document does not allow.
  for (const auto& c : s.criteria)
    for (const auto& m : c.messages)
      if (m.code == "exclusive.both" || m.code == "exclusive.none") {
        v.exclusive_ok = false;
        if (const Criterion* cr = r.criterion(c.id)) v.criterion_names[c.id] = {cr->code, cr->title};
        v.problems.push_back(problem("submission.exclusive", "Bài nộp: " + m.vi, "The submission: " + m.en, c.id));
      }
  v.scores_ok = true;
  if (scores_deferred) {
    if (ScoresText(v.doc.deferred()).matches(s)) {
      v.sheet = std::move(s);
      return v;
    }
    (void)*v.doc;  // read them: the usual comparison below names every difference
  }
  if (scores_match(*scores_j, s)) {
    v.sheet = std::move(s);
    return v;
  }
  Json again = scores_json(s);
  auto diff = [&](const std::string& where, const Json& claimed, const Json& recomputed) -> ScoreDifference* {
    if (claimed == recomputed) return nullptr;
    v.scores_ok = false;
    ScoreDifference d;
    d.where = where;
    d.claimed = fmt(claimed);
    d.recomputed = fmt(recomputed);
    v.differences.push_back(std::move(d));
    return &v.differences.back();
  };
  for (const char* k : {"total", "max", "regular", "bonus", "penalty", "answered", "items"})
    if (ScoreDifference* d = diff(k, scores_j->value(k, Json()), again[k])) {
      d->claimed_value = json_num(scores_j->value(k, Json()));
      d->recomputed_value = json_num(again[k]);
    }
  const Json* cl = field(*scores_j, "criteria");
  const Json& rc = again["criteria"];
  if (!cl || !cl->is_array() || cl->size() != rc.size()) {
    v.scores_ok = false;
    ScoreDifference d;
    d.where = "criteria";
    d.claimed = cl && cl->is_array() ? std::to_string(cl->size()) : "—";
    d.recomputed = std::to_string(rc.size());
    if (cl && cl->is_array()) d.claimed_value = Num(static_cast<long long>(cl->size()));
    d.recomputed_value = Num(static_cast<long long>(rc.size()));
    v.differences.push_back(std::move(d));
  } else {
    for (size_t i = 0; i < rc.size(); ++i) {
      std::string id = rc[i]["id"];
      const Json& c = (*cl)[i];
      if (c.is_object() && c.value("id", Json()) == rc[i]["id"] && c == rc[i]) continue;
      ScoreDifference* d = diff(id, c, rc[i]);
      if (!d) continue;
      if (const Criterion* cr = r.criterion(id)) {
        d->code = cr->code;
        d->title = cr->title;
      }
      bool same_id = c.is_object() && c.value("id", Json()) == rc[i]["id"];
      if (same_id) d->claimed_value = json_num(c.value("score", Json()));
      d->recomputed_value = json_num(rc[i]["score"]);
      if (same_id && c.value("status", Json()).is_string()) d->claimed_status = c["status"].get<std::string>();
      d->recomputed_status = rc[i]["status"].get<std::string>();
    }
  }
  const Json* sl = field(*scores_j, "sections");
  if (!sl || *sl != again["sections"]) diff("sections", sl ? *sl : Json(), again["sections"]);
  if (!v.scores_ok) {
    std::string list;
    for (size_t i = 0; i < v.differences.size() && i < 8; ++i)
      list += (i ? "; " : "") + v.differences[i].where + ": " + v.differences[i].claimed + " ≠ " + v.differences[i].recomputed;
    v.problems.push_back(problem("scores.differ",
                                 "Điểm ghi trong bài nộp khác với điểm tính lại từ số liệu (" + std::to_string(v.differences.size()) + " chỗ): " + list,
                                 "Scores in the submission differ from those recomputed from the figures (" + std::to_string(v.differences.size()) +
                                     "): " + list));
  }
  v.sheet = std::move(s);
  return v;
}

Json verification_to_json(const Verification& v, Lang lang, const DisplayClock& clock) {
  Json j = Json::object();
  j["ok"] = v.ok();
  j["headline"] = v.headline(lang);
  j["plain"] = v.plain(lang, clock);
  j["technical"] = v.technical(lang);
  j["verdict_vi"] = v.verdict(Lang::Vi);
  j["verdict_en"] = v.verdict(Lang::En);
  j["unit"] = {{"code", v.unit_code}, {"name", v.unit_name}};
  j["rubric"] = {{"id", v.rubric_id}, {"version", v.rubric_version}, {"found", v.rubric_found}, {"sha256_ok", v.rubric_hash_ok}};
  j["created"] = v.created;
  j["format"] = v.doc ? str_or(v.doc.partial(), "format") : std::string();
  j["legacy"] = v.legacy;
  j["signed_sha256"] = v.signed_hash;
  j["layout_ok"] = v.layout_ok;
  j["time_ok"] = v.time_ok;
  j["signatures_ok"] = v.signatures_ok;
  j["scores_ok"] = v.scores_ok;
  j["exclusive_ok"] = v.exclusive_ok;
  j["sizes_ok"] = v.sizes_ok;
  j["trust_checked"] = v.trust_checked;
  if (v.rubric_found) j["total"] = num_to_json(v.total);
  Json sigs = Json::array();
  for (const auto& s : v.signatures)
    sigs.push_back({{"role", s.role}, {"key_id", s.key_id}, {"valid", s.valid}, {"trusted", s.trusted}, {"trusted_unit", s.trusted_unit}});
  j["signatures"] = sigs;
  Json diffs = Json::array();
  for (const auto& d : v.differences) diffs.push_back({{"where", d.where}, {"claimed", d.claimed}, {"recomputed", d.recomputed}});
  j["differences"] = diffs;
  j["problems"] = problems_to_json(v.problems);
  return j;
}

}  // namespace cds
