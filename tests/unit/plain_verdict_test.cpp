// The verification told to a clerk: every problem code verify_submission produces has a plain
// sentence, and the plain account (Vietnamese) holds no JSON path, hash, key id, ISO time, decimal
// point or English word; the machine detail is in technical(). Expected sentences are built here
// from the inputs (the rubric's codes and titles, the scores recomputed by the test).
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/base/text.hpp"
#include "cds/signing/envelope.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

struct Loaded {
  Rubric rubric;
  std::string sha;
};

// Current rubrics and the superseded copy the legacy fixtures were made with.
const std::map<std::string, Loaded>& rubrics() {
  static const std::map<std::string, Loaded> m = [] {
    std::map<std::string, Loaded> out;
    for (const char* f : {"assets/rubrics/soctrang-2023-thidua-tinh.json", "assets/rubrics/soctrang-2022-dti-so.json",
                          "assets/rubrics/superseded/soctrang-2022-dti-so_2022.1.json"}) {
      std::string bytes = testutil::slurp(f);
      auto r = load_rubric(bytes);
      EXPECT_TRUE(r.rubric) << f;
      if (r.rubric) out[r.rubric->id + "|" + r.rubric->version] = {*r.rubric, sha256_hex(bytes)};
    }
    return out;
  }();
  return m;
}

// The current version of a rubric (not the superseded copy).
const Loaded& current(const std::string& id) {
  static const std::map<std::string, Loaded> m = [] {
    std::map<std::string, Loaded> out;
    for (const char* f : {"assets/rubrics/soctrang-2023-thidua-tinh.json", "assets/rubrics/soctrang-2022-dti-so.json"}) {
      std::string bytes = testutil::slurp(f);
      auto r = load_rubric(bytes);
      if (r.rubric) out[r.rubric->id] = {*r.rubric, sha256_hex(bytes)};
    }
    return out;
  }();
  return m.at(id);
}

RubricLookup lookup(const std::string& sha_override = {}) {
  return [sha_override](const std::string& id, const std::string& version) -> std::optional<RubricRef> {
    auto it = rubrics().find(id + "|" + version);
    if (it == rubrics().end()) return std::nullopt;
    return RubricRef{&it->second.rubric, sha_override.empty() ? it->second.sha : sha_override};
  };
}
RubricLookup nothing() {
  return [](const std::string&, const std::string&) -> std::optional<RubricRef> { return std::nullopt; };
}

KeyPair key(char c) { return keypair_from_seed(std::string(32, c)); }

const char* kCreated = "2026-11-23T08:15:00+07:00";

Answers answers_for(const std::string& id, const std::string& golden) {
  auto a = *load_answers(testutil::slurp("tests/golden/" + id + "/" + golden + ".answers.json")).answers;
  a.unit.code = "STTTT";
  a.unit.name = "Sở Thông tin và Truyền thông";
  return a;
}

Json part_for(const std::string& id, const Answers& a) {
  const Loaded& l = current(id);
  return build_signed_part(l.rubric, l.sha, a, kCreated, "0.1.0");
}
Json part() { return part_for("soctrang-2023-thidua-tinh", answers_for("soctrang-2023-thidua-tinh", "mixed")); }

Json countersigned(const Json& signed_part) {
  Json doc = *make_submission(signed_part, key('P'));
  EXPECT_TRUE(add_signature(doc, "head", key('H')));
  return doc;
}

// A file signed over `p` after `edit` changed the signed part (the signatures then hold).
std::string resigned(const std::function<void(Json&)>& edit) {
  Json p = part();
  edit(p);
  Json doc = Json::object();
  doc["format"] = kSubmissionFormat;
  doc["signed"] = p;
  doc["signatures"] = Json::array();
  EXPECT_TRUE(add_signature(doc, "preparer", key('P')));
  return envelope_text(doc);
}

// A valid countersigned file with `edit` applied to the document (signatures untouched).
std::string edited(const std::function<void(Json&)>& edit) {
  Json doc = countersigned(part());
  edit(doc);
  return envelope_text(doc);
}

std::string replace_first(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TrustList trust_for(const std::string& unit, std::initializer_list<char> keys) {
  TrustList t;
  t.units.emplace_back(unit, "Đơn vị");
  for (char c : keys) {
    KeyPair k = key(c);
    t.keys.push_back({key_id(k.public_key), k.public_key, unit, "Đơn vị"});
  }
  t.reindex();
  return t;
}

// Text a rubric or a unit supplies (codes like "1.2", titles with "100%") is the document's own:
// removed before looking for what cds itself must not write.
std::string without_document_text(std::string s, const Verification& v) {
  std::vector<std::string> parts{v.unit_name, v.unit_code, v.rubric_title, v.rubric_id};
  for (const auto& [k, l] : rubrics()) {
    if (l.rubric.id != v.rubric_id) continue;
    for (const auto& c : l.rubric.criteria) {
      parts.push_back(c.title);
      parts.push_back(ellipsize(c.title, 60));
      parts.push_back("Tiêu chí " + c.code + " ");
    }
    for (const auto& g : l.rubric.exclusive) parts.push_back(g.text);
  }
  std::sort(parts.begin(), parts.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& p : parts) {
    if (p.empty()) continue;
    for (size_t at = s.find(p); at != std::string::npos; at = s.find(p, at)) s.replace(at, p.size(), " ");
  }
  return s;
}

// What a clerk must not meet in Vietnamese.
void expect_plain(const std::string& text, const Verification& v, const std::string& context) {
  SCOPED_TRACE(context + "\n" + text);
  std::string s = without_document_text(text, v);
  static const std::regex path(R"(\[[0-9]+\])"), hex64("[0-9a-fA-F]{64}"), iso_time(R"(T[0-9]{2}:[0-9]{2})"), decimal_point(R"([0-9]\.[0-9])"),
      hash_word("sha-?256", std::regex::icase), code_like(R"([a-z_]+\.[a-z_]+)");
  EXPECT_FALSE(std::regex_search(s, path)) << "a JSON path";
  EXPECT_FALSE(std::regex_search(s, hex64)) << "a hash";
  EXPECT_FALSE(std::regex_search(s, hash_word)) << "SHA-256";
  EXPECT_FALSE(std::regex_search(s, iso_time)) << "an ISO time";
  EXPECT_FALSE(std::regex_search(s, decimal_point)) << "a decimal point";
  EXPECT_FALSE(std::regex_search(s, code_like)) << "a message code";
  for (const auto& sig : v.signatures)
    if (!sig.key_id.empty()) EXPECT_EQ(s.find(sig.key_id), std::string::npos) << "a key id";
  // English words: tokens of ASCII letters only (a Vietnamese word with an accented letter is
  // one token with bytes above 0x7F, never taken for English).
  static const std::set<std::string> english{"the",   "signature", "signatures", "signed",   "preparer", "head",     "key",   "keys",
                                             "invalid", "valid",   "score",      "scores",   "total",    "rubric",   "file",  "submission",
                                             "unit",  "trust",     "trusted",    "format",   "error",    "criteria", "criterion", "json",
                                             "null",  "true",      "false",      "layout",   "role",     "order",    "missing", "legacy",
                                             "answered", "unanswered", "not", "and", "with", "differs", "recomputed", "points"};
  std::string token;
  for (size_t i = 0; i <= s.size(); ++i) {
    unsigned char c = i < s.size() ? static_cast<unsigned char>(s[i]) : ' ';
    if (c >= 0x80 || std::isalnum(c)) {
      token += static_cast<char>(c);
      continue;
    }
    bool ascii_word = !token.empty();
    for (char t : token) ascii_word = ascii_word && std::isalpha(static_cast<unsigned char>(t));
    if (ascii_word) {
      std::string lower;
      for (char t : token) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(t)));
      EXPECT_EQ(english.count(lower), 0u) << "English word \"" << token << "\"";
    }
    token.clear();
  }
}

struct Case {
  std::string name;
  std::string bytes;
  RubricLookup lookup;
  std::optional<TrustList> trust;
  std::string code;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  auto add = [&](std::string name, std::string bytes, std::string code, RubricLookup l = lookup(), std::optional<TrustList> t = std::nullopt) {
    out.push_back({std::move(name), std::move(bytes), std::move(l), std::move(t), std::move(code)});
  };
  std::string good = envelope_text(countersigned(part()));
  // The file as a whole.
  add("not JSON", "{\"format\": ", "json.syntax");
  add("NUL appended", good + std::string(1, '\0') + "x", "json.nul");
  add("empty", "", "json.empty");
  add("another format", replace_first(good, "cds-submission/2", "cds-submission/9"), "submission.format");
  add("no signatures list", edited([](Json& d) { d["signatures"] = "none"; }), "submission.structure");
  // Tampered bytes.
  add("a figure changed", replace_first(good, "Sở Thông tin và Truyền thông", "Sở Tài chính"), "signature.invalid");
  add("reindented", Json::parse(good).dump(4) + "\n", "submission.layout");
  add("extra member", edited([](Json& d) { d["ghi_chu"] = "x"; }), "submission.extra");
  add("signature member", edited([](Json& d) { d["signatures"][0]["comment"] = "x"; }), "signature.members");
  add("key id", edited([](Json& d) { d["signatures"][1]["key_id"] = key_id(key('Q').public_key); }), "signature.key_id");
  add("encoding", edited([](Json& d) { d["signatures"][0]["sig"] = "!!"; }), "signature.encoding");
  add("algorithm", edited([](Json& d) { d["signatures"][0]["alg"] = "RSA"; }), "signature.alg");
  // Signers.
  add("wrong role order", edited([](Json& d) { std::swap(d["signatures"][0], d["signatures"][1]); }), "signature.order");
  add("unknown role", edited([](Json& d) { d["signatures"][1]["role"] = "boss"; }), "signature.role");
  add("one key twice", edited([](Json& d) {
        d["signatures"][1] = d["signatures"][0];
        d["signatures"][1]["role"] = "head";
      }),
      "signature.duplicate_key");
  add("three signatures", edited([](Json& d) { d["signatures"].push_back(d["signatures"][0]); }), "signature.too_many");
  add("missing signature", edited([](Json& d) { d["signatures"] = Json::array(); }), "signature.none");
  add("bad time", edited([](Json& d) { d["signed"]["created"] = "2026-11-23T08:15:00"; }), "envelope.time");
  // The rubric.
  add("rubric missing", good, "rubric.not_found", nothing());
  add("rubric different", good, "rubric.hash", lookup(std::string(64, 'a')));
  add("no rubric reference", resigned([](Json& p) { p.erase("rubric"); }), "submission.rubric");
  add("answers unreadable", resigned([](Json& p) { p["answers"]["format"] = "cds-answers/9"; }), "answers.format");
  add("no scores", resigned([](Json& p) { p.erase("scores"); }), "submission.scores");
  // Scores.
  add("score mismatch", resigned([](Json& p) {
        Json& c = p["scores"]["criteria"][2];
        c["score"] = num_to_json(*json_num(c["score"]) + Num(1) / Num(3));
        p["scores"]["total"] = num_to_json(*json_num(p["scores"]["total"]) + Num(7));
      }),
      "scores.differ");
  {
    Answers a = answers_for("soctrang-2022-dti-so", "mixed");
    const Rubric& r = current("soctrang-2022-dti-so").rubric;
    for (const auto& id : r.exclusive.at(0).criteria) {
      const Criterion* c = r.criterion(id);
      a.set_value(id, c->inputs.at(0).id, true);
    }
    Json doc = *make_submission(part_for("soctrang-2022-dti-so", a), key('P'));
    add("exclusive group", envelope_text(doc), "submission.exclusive");
  }
  // Trust.
  add("untrusted key", good, "trust.unknown", lookup(), trust_for("STTTT", {'P'}));
  add("key of another unit", good, "trust.other_unit", lookup(), [] {
    TrustList t = trust_for("STTTT", {'P'});
    KeyPair h = key('H');
    t.units.emplace_back("OTHER", "Khác");
    t.keys.push_back({key_id(h.public_key), h.public_key, "OTHER", "Khác"});
    t.reindex();
    return t;
  }());
  // Legacy files (tests/hostile: signed with cds-submission/1 over the rubric's older version).
  add("legacy v1", testutil::slurp("tests/hostile/submission-good.json"), "envelope.legacy");
  add("legacy v1 tampered", testutil::slurp("tests/hostile/submission-edited-total.json"), "signature.invalid");
  return out;
}

}  // namespace

TEST(PlainVerdict, EveryCodeVerifyProducesHasAPlainSentence) {
  DisplayClock clock{7 * 60};
  std::set<std::string> covered;
  for (const Case& k : cases()) {
    SCOPED_TRACE(k.name);
    Verification v = verify_submission(k.bytes, k.lookup, k.trust ? &*k.trust : nullptr);
    bool found = false;
    for (const auto& m : v.problems) found = found || m.code == k.code;
    ASSERT_TRUE(found) << "the case does not produce " << k.code << ":\n" << v.verdict(Lang::En);
    // Every problem of every case, not only the one aimed at.
    for (const auto& m : v.problems) {
      covered.insert(m.code);
      EXPECT_FALSE(plain_problem(v, m, Lang::Vi).empty()) << m.code;
      EXPECT_FALSE(plain_problem(v, m, Lang::En).empty()) << m.code;
    }
    auto plain = v.plain(Lang::Vi, clock);
    ASSERT_FALSE(plain.empty());
    std::string all = v.headline(Lang::Vi) + "\n";
    for (const auto& l : plain) all += l + "\n";
    expect_plain(all, v, k.name);
    expect_plain(v.verdict(Lang::Vi), v, k.name + " (verdict)");
    EXPECT_EQ(v.headline(Lang::Vi).find('\n'), std::string::npos) << "one sentence";
    EXPECT_EQ(v.verdict(Lang::Vi).rfind(v.headline(Lang::Vi), 0), 0u);
    EXPECT_EQ(v.headline(Lang::Vi).rfind(v.ok() ? "HỢP LỆ" : "KHÔNG HỢP LỆ", 0), 0u);
    EXPECT_EQ(v.ok(), k.code == "envelope.legacy") << "only the untampered legacy file holds";
    // The machine detail is kept, with its code, in technical().
    std::string tech;
    for (const auto& l : v.technical(Lang::Vi)) tech += l + "\n";
    EXPECT_NE(tech.find("[" + k.code + "]"), std::string::npos) << tech;
    if (!v.signed_hash.empty()) EXPECT_NE(tech.find(v.signed_hash), std::string::npos);
    // English when asked.
    std::string en;
    for (const auto& l : v.plain(Lang::En, clock)) en += l + "\n";
    EXPECT_EQ(en.find("Tệp"), std::string::npos) << en;
  }
  // The codes verify can produce, each met at least once above.
  for (const char* c : {"json.syntax", "json.nul", "json.empty", "submission.format", "submission.structure", "signature.invalid", "submission.layout",
                        "submission.extra", "signature.members", "signature.key_id", "signature.encoding", "signature.alg", "signature.order",
                        "signature.role", "signature.duplicate_key", "signature.too_many", "signature.none", "envelope.time", "rubric.not_found", "rubric.hash",
                        "submission.rubric", "answers.format", "submission.scores", "scores.differ", "submission.exclusive", "trust.unknown",
                        "trust.other_unit", "envelope.legacy"})
    EXPECT_TRUE(covered.count(c)) << c;
  // A code no sentence knows gets the fallback, never the raw text.
  Verification v = verify_submission("", nothing());
  Message odd = error("something.new", "Lỗi mới signatures[3]", "New problem");
  EXPECT_EQ(plain_problem(v, odd, Lang::Vi), "");
  v.problems = {odd};
  auto lines = v.plain(Lang::Vi, clock);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find("signatures"), std::string::npos);
}

TEST(PlainVerdict, AValidFileNamesItsSignersAndLocalTime) {
  Verification v = verify_submission(envelope_text(countersigned(part())), lookup(), nullptr);
  ASSERT_TRUE(v.ok()) << v.verdict(Lang::Vi);
  auto has = [](const std::vector<std::string>& ls, const std::string& s) {
    for (const auto& l : ls)
      if (l.find(s) != std::string::npos) return true;
    return false;
  };
  auto vn = v.plain(Lang::Vi, DisplayClock{7 * 60});
  EXPECT_TRUE(has(vn, "Người lập biểu đã ký; chữ ký đúng."));
  EXPECT_TRUE(has(vn, "Thủ trưởng đơn vị đã ký; chữ ký đúng."));
  EXPECT_TRUE(has(vn, "Ký lúc 23/11/2026 08:15."));  // written at +07:00, read at +07:00
  EXPECT_TRUE(has(v.plain(Lang::Vi, DisplayClock{0}), "Ký lúc 23/11/2026 01:15."));
  EXPECT_TRUE(has(vn, "Bộ tiêu chí: " + current("soctrang-2023-thidua-tinh").rubric.title + "."));
  EXPECT_TRUE(has(vn, "Chưa đối chiếu với danh sách khóa tin cậy"));
  // The total with a decimal comma, as recomputed by the test.
  ScoreSheet s = score(current("soctrang-2023-thidua-tinh").rubric, answers_for("soctrang-2023-thidua-tinh", "mixed"));
  EXPECT_NE(v.headline(Lang::Vi).find("tổng " + format_number(s.total, Lang::Vi, 2) + "/"), std::string::npos) << v.headline(Lang::Vi);
  expect_plain(v.headline(Lang::Vi), v, "headline");
  // A trust list that holds both keys.
  TrustList t = trust_for("STTTT", {'P', 'H'});
  Verification tv = verify_submission(envelope_text(countersigned(part())), lookup(), &t);
  ASSERT_TRUE(tv.ok());
  EXPECT_TRUE(has(tv.plain(Lang::Vi), "Người lập biểu đã ký; chữ ký đúng, là khóa tin cậy đã đăng ký cho đơn vị."));
  // Only the preparer: the head has not countersigned yet.
  Verification one = verify_submission(envelope_text(*make_submission(part(), key('P'))), lookup(), nullptr);
  EXPECT_TRUE(has(one.plain(Lang::Vi), "Thủ trưởng đơn vị chưa ký xác nhận."));
}

TEST(PlainVerdict, TamperingAndScoreDifferencesInTheClerksWords) {
  std::string good = envelope_text(countersigned(part()));
  auto has = [](const std::vector<std::string>& ls, const std::string& s) {
    for (const auto& l : ls)
      if (l == s) return true;
    return false;
  };
  // The unit's name changed after signing: both signatures stop matching, each named.
  Verification t = verify_submission(replace_first(good, "Sở Thông tin và Truyền thông", "Sở Tài chính"), lookup(), nullptr);
  auto tp = t.plain(Lang::Vi);
  EXPECT_TRUE(has(tp, "Nội dung tệp đã bị sửa sau khi ký: chữ ký của người lập biểu không còn khớp.")) << t.verdict(Lang::Vi);
  EXPECT_TRUE(has(tp, "Nội dung tệp đã bị sửa sau khi ký: chữ ký của thủ trưởng đơn vị không còn khớp."));
  EXPECT_NE(t.headline(Lang::Vi).find("đã bị sửa sau khi ký"), std::string::npos);

  // Scores edited before signing: each difference by criterion code and title, decimal commas.
  const Rubric& r = current("soctrang-2023-thidua-tinh").rubric;
  ScoreSheet s = score(r, answers_for("soctrang-2023-thidua-tinh", "mixed"));
  const size_t k = 2;
  Num claimed = s.criteria[k].score + Num(1) / Num(3);
  Num claimed_total = s.total + Num(7);
  Verification v = verify_submission(resigned([&](Json& p) {
                                       p["scores"]["criteria"][k]["score"] = num_to_json(claimed);
                                       p["scores"]["total"] = num_to_json(claimed_total);
                                     }),
                                     lookup(), nullptr);
  ASSERT_FALSE(v.scores_ok);
  const Criterion& c = r.criteria[k];
  // The file holds the nearest double; shown to two places it reads as the exact value does.
  std::string crit = "Tiêu chí " + c.code + " (" + ellipsize(c.title, 60) + "): tệp ghi " + format_fixed(claimed, 2, Lang::Vi) +
                     " điểm, tính lại được " + format_fixed(s.criteria[k].score, 2, Lang::Vi) + " điểm.";
  std::string total = "Tổng điểm: tệp ghi " + format_fixed(claimed_total, 2, Lang::Vi) + " điểm, tính lại được " + format_fixed(s.total, 2, Lang::Vi) + " điểm.";
  auto vp = v.plain(Lang::Vi);
  EXPECT_TRUE(has(vp, crit)) << crit << "\n" << v.verdict(Lang::Vi);
  EXPECT_TRUE(has(vp, total)) << total << "\n" << v.verdict(Lang::Vi);
  EXPECT_TRUE(has(vp, "Điểm ghi trong tệp khác với điểm tính lại từ số liệu ở " + std::to_string(v.differences.size()) + " chỗ:"));
  EXPECT_NE(v.headline(Lang::Vi).find("ghi điểm khác với điểm tính lại"), std::string::npos);
  // The machine form stays in technical().
  bool raw = false;
  for (const auto& l : v.technical(Lang::Vi)) raw = raw || l.rfind("total: ", 0) == 0;
  EXPECT_TRUE(raw);
  // English: decimal points, English words.
  auto ep = v.plain(Lang::En);
  EXPECT_TRUE(has(ep, "Total: the file says " + format_fixed(claimed_total, 2, Lang::En) + " points, recomputed " + format_fixed(s.total, 2, Lang::En) +
                          " points."));
}

TEST(PlainVerdict, JsonCarriesPlainAndTechnical) {
  Verification v = verify_submission(envelope_text(countersigned(part())), lookup(), nullptr);
  Json j = verification_to_json(v, Lang::Vi, DisplayClock{7 * 60});
  ASSERT_TRUE(j["plain"].is_array());
  ASSERT_TRUE(j["technical"].is_array());
  EXPECT_EQ(j["plain"].size(), v.plain(Lang::Vi, DisplayClock{7 * 60}).size());
  EXPECT_EQ(j["headline"], v.headline(Lang::Vi));
  Json e = verification_to_json(v, Lang::En, DisplayClock{0});
  EXPECT_EQ(e["plain"][0].get<std::string>().find("Tệp"), std::string::npos);
}

TEST(PlainVerdict, ExclusiveCriteriaByCodeAndTitle) {
  const Rubric& r = current("soctrang-2022-dti-so").rubric;
  const ExclusiveGroup& g = r.exclusive.at(0);
  for (bool claimed : {true, false}) {
    Answers a = answers_for("soctrang-2022-dti-so", "mixed");
    for (const auto& id : g.criteria) a.set_value(id, r.criterion(id)->inputs.at(0).id, claimed);
    Verification v = verify_submission(envelope_text(*make_submission(part_for("soctrang-2022-dti-so", a), key('P'))), lookup(), nullptr);
    if (!claimed && !g.exactly_one) {
      EXPECT_TRUE(v.exclusive_ok);
      continue;
    }
    ASSERT_FALSE(v.exclusive_ok) << claimed;
    auto lines = v.plain(Lang::Vi);
    for (const auto& id : g.criteria) {
      const Criterion* c = r.criterion(id);
      std::string want = "Tiêu chí " + c->code + " (" + ellipsize(c->title, 60) + "): " +
                         (claimed ? "khai cùng lúc với tiêu chí loại trừ nó; chỉ một tiêu chí trong nhóm được tính."
                                  : "trong nhóm tiêu chí này phải có đúng một tiêu chí được tính, nhưng bài nộp không khai tiêu chí nào.");
      EXPECT_NE(std::find(lines.begin(), lines.end(), want), lines.end()) << want << "\n" << v.verdict(Lang::Vi);
    }
  }
}
