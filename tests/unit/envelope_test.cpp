// The envelope of every signed file, attacked with meaning-preserving and meaning-changing edits:
// every edit of a valid file below must be refused, with the reason's code. Also the reader under
// the shapes that once stalled it, and the legacy format that is still read.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "cds/signing/appraisal.hpp"
#include "cds/base/crypto.hpp"
#include "cds/model/draft_store.hpp"
#include "cds/signing/envelope.hpp"
#include "cds/base/jcs.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

struct Fixture {
  Rubric rubric;
  std::string rubric_bytes;
  Answers answers;
  RubricLookup lookup() const {
    return [this](const std::string& id, const std::string& version) -> std::optional<RubricRef> {
      if (id != rubric.id || version != rubric.version) return std::nullopt;
      return RubricRef{&rubric, sha256_hex(rubric_bytes)};
    };
  }
};

const Fixture& fx() {
  static const Fixture f = [] {
    Fixture f;
    f.rubric_bytes = testutil::slurp("assets/rubrics/soctrang-2023-thidua-tinh.json");
    f.rubric = *load_rubric(f.rubric_bytes).rubric;
    f.answers = *load_answers(testutil::slurp("tests/golden/soctrang-2023-thidua-tinh/mixed.answers.json")).answers;
    f.answers.unit.code = "STTTT";
    return f;
  }();
  return f;
}

KeyPair key(char c) { return keypair_from_seed(std::string(32, c)); }

Json signed_part(const std::string& created = "2026-11-23T08:15:00+07:00") {
  return build_signed_part(fx().rubric, sha256_hex(fx().rubric_bytes), fx().answers, created, "0.1.0");
}

// A valid file signed by the preparer (key 'P') and countersigned by the head (key 'H').
Json countersigned() {
  Json doc = *make_submission(signed_part(), key('P'));
  EXPECT_TRUE(add_signature(doc, "head", key('H')));
  return doc;
}

Verification check(const std::string& text) { return verify_submission(text, fx().lookup()); }

std::set<std::string> codes(const Messages& ms) {
  std::set<std::string> s;
  for (const auto& m : ms)
    if (m.severity == Severity::Error) s.insert(m.code);
  return s;
}

// Laid out as cds writes, so that only the edit differs from a valid file.
std::string text(const Json& doc) { return envelope_text(doc); }

std::string replace_first(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

// The number after `key` (e.g. "\"total\": ") rewritten by f.
std::string respell(const std::string& s, const std::string& key, const std::function<std::string(const std::string&)>& f) {
  auto at = s.find(key);
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) return s;
  at += key.size();
  auto end = s.find_first_of(",\n}", at);
  return s.substr(0, at) + f(s.substr(at, end - at)) + s.substr(end);
}

// The first non-ASCII character written as a \uXXXX escape (same value, other spelling).
std::string escape_first_non_ascii(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) continue;
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    unsigned cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    if (cp > 0xFFFF) continue;
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", cp);
    return s.substr(0, i) + buf + s.substr(i + static_cast<size_t>(len));
  }
  ADD_FAILURE() << "no non-ASCII character";
  return s;
}

// The legacy signer (cds-submission/1): JCS(signed) alone, nlohmann's layout. Kept here only to
// show what old files may and may not do.
std::string legacy_file(const std::vector<std::pair<std::string, char>>& signers) {
  Json doc = Json::object();
  doc["format"] = "cds-submission/1";
  doc["signed"] = signed_part();
  doc["signatures"] = Json::array();
  std::string bytes = *jcs(doc["signed"]);
  for (const auto& [role, c] : signers) {
    KeyPair k = key(c);
    doc["signatures"].push_back({{"role", role}, {"key_id", key_id(k.public_key)}, {"public_key", to_base64(k.public_key)}, {"alg", "Ed25519"},
                                 {"sig", to_base64(sign_detached(bytes, k.secret))}});
  }
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

TEST(Envelope, AValidFileVerifiesAndNamesItsSigners) {
  Verification v = check(text(countersigned()));
  ASSERT_TRUE(v.ok()) << v.verdict(Lang::En);
  EXPECT_FALSE(v.legacy);
  ASSERT_EQ(v.signatures.size(), 2u);
  EXPECT_EQ(v.signatures[0].role, "preparer");
  EXPECT_EQ(v.signatures[1].role, "head");
  EXPECT_TRUE(v.problems.empty());
}

// Each edit changes what the file claims (or only how it is written); none may verify.
TEST(Envelope, EverySemanticEditIsRefused) {
  const Json good = countersigned();
  const std::string base = text(good);
  struct Edit {
    const char* what;
    std::function<std::string()> apply;
    const char* code;  // one of the reasons given
  };
  auto edited = [&](const std::function<void(Json&)>& f) {
    Json d = good;
    f(d);
    return text(d);
  };
  std::vector<Edit> edits = {
      {"preparer relabelled head", [&] { return edited([](Json& d) { d["signatures"][0]["role"] = "head"; }); }, "signature.order"},
      {"head relabelled preparer", [&] { return edited([](Json& d) { d["signatures"][1]["role"] = "preparer"; }); }, "signature.order"},
      {"unknown role", [&] { return edited([](Json& d) { d["signatures"][1]["role"] = "chief"; }); }, "signature.role"},
      {"signatures swapped", [&] { return edited([](Json& d) { std::swap(d["signatures"][0], d["signatures"][1]); }); }, "signature.order"},
      {"signers swapped, roles kept in place",
       [&] {
         return edited([](Json& d) {
           for (const char* k : {"key_id", "public_key", "sig"}) std::swap(d["signatures"][0][k], d["signatures"][1][k]);
         });
       },
       "signature.invalid"},
      {"preparer's signature replayed as head",
       [&] {
         return edited([](Json& d) {
           Json copy = d["signatures"][0];
           copy["role"] = "head";
           d["signatures"][1] = copy;
         });
       },
       "signature.duplicate_key"},
      {"preparer's signature appended again (three signatures, two roles)",
       [&] { return edited([](Json& d) { d["signatures"].push_back(d["signatures"][0]); }); }, "signature.too_many"},
      {"no signatures", [&] { return edited([](Json& d) { d["signatures"] = Json::array(); }); }, "signature.none"},
      {"extra member in a signature", [&] { return edited([](Json& d) { d["signatures"][0]["note"] = "ok"; }); }, "signature.members"},
      {"extra top-level member", [&] { return edited([](Json& d) { d["comment"] = "x"; }); }, "submission.extra"},
      {"algorithm renamed", [&] { return edited([](Json& d) { d["signatures"][0]["alg"] = "ed25519"; }); }, "signature.alg"},
      {"key id of the other key", [&] { return edited([](Json& d) { d["signatures"][0]["key_id"] = d["signatures"][1]["key_id"]; }); },
       "signature.key_id"},
      {"time not a time", [&] { return edited([](Json& d) { d["signed"]["created"] = "not-a-time"; }); }, "envelope.time"},
      {"time without offset", [&] { return edited([](Json& d) { d["signed"]["created"] = "2026-11-23T08:15:00"; }); }, "envelope.time"},
      {"time with a space", [&] { return edited([](Json& d) { d["signed"]["created"] = "2026-11-23 08:15:00+07:00"; }); }, "envelope.time"},
      {"impossible date", [&] { return edited([](Json& d) { d["signed"]["created"] = "2026-02-30T08:15:00+07:00"; }); }, "envelope.time"},
      {"a score changed", [&] { return edited([](Json& d) { d["signed"]["scores"]["total"] = 100; }); }, "signature.invalid"},
      {"a field added inside the signed part", [&] { return edited([](Json& d) { d["signed"]["extra"] = true; }); }, "signature.invalid"},
      {"integer written as 8.0", [&] { return respell(base, "\"max\": ", [](const std::string& n) { return n + ".0"; }); }, "submission.layout"},
      {"integer written as 8e0", [&] { return respell(base, "\"max\": ", [](const std::string& n) { return n + "e0"; }); }, "submission.layout"},
      {"zero written as -0", [&] { return replace_first(base, "\"score\": 0,", "\"score\": -0,"); }, "submission.layout"},
      {"zero written as -0.0", [&] { return replace_first(base, "\"score\": 0,", "\"score\": -0.0,"); }, "submission.layout"},
      {"zero written as 0.0", [&] { return replace_first(base, "\"score\": 0,", "\"score\": 0.0,"); }, "submission.layout"},
      {"fraction written with a trailing zero", [&] { return respell(base, "\"total\": ", [](const std::string& n) { return n + (n.find('.') == std::string::npos ? ".0" : "0"); }); },
       "submission.layout"},
      {"fraction written with an exponent", [&] { return respell(base, "\"total\": ", [](const std::string& n) { return n + "e0"; }); }, "submission.layout"},
      {"re-indented", [&] { return replace_first(base, "\n  \"signatures\"", "\n    \"signatures\""); }, "submission.layout"},
      {"CRLF line ends", [&] { return replace_first(base, "\n", "\r\n"); }, "submission.layout"},
      {"no final newline", [&] { return base.substr(0, base.size() - 1); }, "submission.layout"},
      {"members reordered",
       [&] {
         std::string s = base;
         auto f = s.find("  \"format\": \"cds-submission/2\",\n");
         s.erase(f, std::string("  \"format\": \"cds-submission/2\",\n").size());
         s = replace_first(s, "\n}\n", ",\n  \"format\": \"cds-submission/2\"\n}\n");
         return s;
       },
       "submission.layout"},
      {"escaped where raw is written", [&] { return escape_first_non_ascii(base); }, "submission.layout"},
      {"byte order mark", [&] { return "\xEF\xBB\xBF" + base; }, "submission.layout"},
      {"NUL and junk after the file", [&] { return base + std::string(1, '\0') + "junk{{"; }, "json.nul"},
      {"duplicate member", [&] { return replace_first(base, "  \"format\": \"cds-submission/2\",\n", "  \"format\": \"cds-submission/2\",\n  \"format\": \"cds-submission/2\",\n"); },
       "json.duplicate_key"},
      {"non-canonical base64 (padding bits set)",
       [&] {
         return edited([](Json& d) {
           std::string pk = d["signatures"][0]["public_key"];  // 32 bytes: 43 characters and '='; the last one carries 2 unused bits
           char& last = pk[pk.size() - 2];
           const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
           last = alphabet[(alphabet.find(last) & ~3u) | 1u];
           d["signatures"][0]["public_key"] = pk;
         });
       },
       "signature.encoding"},
      {"legacy format name on a current file", [&] { return edited([](Json& d) { d["format"] = "cds-submission/1"; }); }, "signature.invalid"},
  };
  for (const auto& e : edits) {
    std::string t = e.apply();
    ASSERT_NE(t, base) << e.what;
    Verification v = check(t);
    EXPECT_FALSE(v.ok()) << e.what;
    EXPECT_TRUE(codes(v.problems).count(e.code)) << e.what << ": wanted " << e.code << ", got " << v.verdict(Lang::En);
  }
}

// More signatures than the kind has roles cannot be genuine (each role signs once): refused with one
// reason before any signature is read, so 15,000 copies of a signature (a hostile file of about
// 2 MB) neither cost 15,000 Ed25519 checks nor leave 15,000 reasons for the office's reports.
// (Beyond about 16,000 copies the file holds more values than a signed file may: json.too_many_values.)
TEST(Envelope, MoreSignaturesThanRolesAreRefusedUnread) {
  for (size_t n : {size_t(3), size_t(15000)}) {
    Json doc = countersigned();
    while (doc["signatures"].size() < n) doc["signatures"].push_back(doc["signatures"][doc["signatures"].size() % 2]);
    Verification v = check(text(doc));
    EXPECT_FALSE(v.ok());
    ASSERT_EQ(v.problems.size(), 1u) << n;
    EXPECT_EQ(v.problems[0].code, "signature.too_many");
    EXPECT_NE(v.problems[0].vi.find(std::to_string(n) + " chữ ký"), std::string::npos) << v.problems[0].vi;
    EXPECT_NE(v.problems[0].en.find("at most 2"), std::string::npos) << v.problems[0].en;
    EXPECT_TRUE(v.signatures.empty());
  }
}

// A signed file of more values than a genuine one can hold (kMaxSignedFileValues) is refused while
// it is read, whatever they are (here members the format ignores, signed as the preparer signs):
// 16 MiB of tiny members took 400 MB and 2.7 s to read into a document. Up to the limit the file
// is read as always.
TEST(Envelope, MoreValuesThanASignedFileHoldsAreRefusedWhileRead) {
  auto values = [](const Json& j) {
    std::function<size_t(const Json&)> n = [&](const Json& v) -> size_t {
      size_t k = 1;
      if (v.is_structured())
        for (const auto& x : v) k += n(x);
      return k;
    };
    return n(j);
  };
  // A signed file whose whole document holds exactly `want` values (or one short when the padding
  // cannot be split so: each extra member adds one).
  auto file_of = [&](size_t want) {
    Json sp = signed_part();
    Json doc = *make_submission(sp, key('P'));
    size_t have = values(doc);
    EXPECT_LT(have, want);
    Json extra = Json::object();
    for (size_t k = 0; k + have + 1 < want; ++k) extra["zz" + std::to_string(1000000 + k)] = 1;
    sp["answers"]["extra_members"] = std::move(extra);
    doc = *make_submission(sp, key('P'));
    EXPECT_EQ(values(doc), want);
    return text(doc);
  };
  Verification at = check(file_of(kMaxSignedFileValues));
  EXPECT_FALSE(codes(at.problems).count("json.too_many_values")) << at.verdict(Lang::En);
  EXPECT_TRUE(at.parsed);
  Verification over = check(file_of(kMaxSignedFileValues + 1));
  EXPECT_FALSE(over.ok());
  ASSERT_EQ(over.problems.size(), 1u) << over.verdict(Lang::En);
  EXPECT_EQ(over.problems[0].code, "json.too_many_values");
  EXPECT_NE(over.problems[0].vi.find("hơn 100.000"), std::string::npos) << over.problems[0].vi;
  EXPECT_NE(over.problems[0].en.find("over 100,000"), std::string::npos) << over.problems[0].en;
}

TEST(Envelope, TheHeadsSignatureRemovedLeavesThePreparersFile) {
  // Not an attack: the file before countersigning. The office keeps the countersigned copy.
  Json doc = countersigned();
  doc["signatures"].erase(1);
  Verification v = check(text(doc));
  EXPECT_TRUE(v.ok()) << v.verdict(Lang::En);
  EXPECT_EQ(v.signatures.size(), 1u);
}

TEST(Envelope, SigningRefusesUnknownRolesOrderRepeatedKeysAndBadTimes) {
  Json doc = *make_submission(signed_part(), key('P'));
  const std::string before = text(doc);
  Messages why;
  EXPECT_FALSE(add_signature(doc, "bogus", key('H'), &why));
  EXPECT_TRUE(codes(why).count("signature.role"));
  EXPECT_FALSE(add_signature(doc, "preparer", key('H'), &why));
  EXPECT_TRUE(codes(why).count("signature.order"));
  EXPECT_FALSE(add_signature(doc, "head", key('P'), &why));
  EXPECT_TRUE(codes(why).count("signature.duplicate_key"));
  EXPECT_EQ(text(doc), before) << "a refused signature leaves the file as it was";
  EXPECT_TRUE(add_signature(doc, "head", key('H'), &why));
  EXPECT_FALSE(add_signature(doc, "head", key('Q'), &why)) << "one head";

  for (const char* t : {"not-a-time", "", "2026-11-23", "2026-11-23T08:15:00", "2026-13-01T00:00:00Z", "2026-11-23T08:15:00+07:00junk"}) {
    Messages w;
    EXPECT_FALSE(make_submission(signed_part(t), key('P'), &w)) << t;
    EXPECT_TRUE(codes(w).count("envelope.time")) << t;
  }
  Appraisal a;
  a.created = "yesterday";
  EXPECT_FALSE(make_appraisal(a, key('A')));
}

TEST(Envelope, TheSignatureBindsFormatRolePositionKeyAndContent) {
  std::string h = sha256_hex(*jcs(signed_part()));
  std::string id = key_id(key('P').public_key);
  std::string s = signature_statement("cds-submission/2", "preparer", 0, id, h);
  EXPECT_EQ(s, "{\"context\":\"cds-signature/2\",\"format\":\"cds-submission/2\",\"key_id\":\"" + id + "\",\"position\":0,\"role\":\"preparer\",\"signed_sha256\":\"" + h + "\"}");
  std::set<std::string> all{s};
  for (const auto& other : {signature_statement("cds-appraisal/2", "preparer", 0, id, h), signature_statement("cds-submission/2", "head", 0, id, h),
                            signature_statement("cds-submission/2", "preparer", 1, id, h), signature_statement("cds-submission/2", "preparer", 0, "X", h),
                            signature_statement("cds-submission/2", "preparer", 0, id, std::string(64, '0'))})
    EXPECT_TRUE(all.insert(other).second) << other;
}

TEST(Envelope, ASubmissionIsNotAnAppraisalNorTheOtherWay) {
  std::string sub = text(countersigned());
  AppraisalVerification av = verify_appraisal(sub);
  EXPECT_FALSE(av.ok());
  EXPECT_TRUE(codes(av.problems).count("appraisal.format"));
  // An appraisal relabelled as a submission: the statement names the format, so the signature fails.
  Appraisal a;
  a.submission_sha256 = std::string(64, 'a');
  a.created = "2026-11-25T09:00:00+07:00";
  Json ap = *make_appraisal(a, key('A'));
  ap["format"] = "cds-submission/2";
  ap["signatures"][0]["role"] = "preparer";
  Verification v = check(text(ap));
  EXPECT_FALSE(v.ok());
  EXPECT_TRUE(codes(v.problems).count("signature.invalid"));
}

TEST(Envelope, LegacyFilesAreReadWithANoteAndTheirResidualRisk) {
  std::string one = legacy_file({{"preparer", 'P'}});
  Verification v = check(one);
  EXPECT_TRUE(v.ok()) << v.verdict(Lang::En);
  EXPECT_TRUE(v.legacy);
  ASSERT_FALSE(v.problems.empty());
  EXPECT_EQ(v.problems[0].code, "envelope.legacy");
  EXPECT_EQ(v.problems[0].severity, Severity::Warning);
  // The rules that do not need the role to be signed hold for legacy files too.
  EXPECT_FALSE(check(legacy_file({{"head", 'P'}})).ok()) << "a lone signature must be the preparer's";
  EXPECT_FALSE(check(legacy_file({{"preparer", 'P'}, {"head", 'P'}})).ok()) << "one key twice";
  EXPECT_FALSE(check(legacy_file({{"preparer", 'P'}, {"preparer", 'H'}})).ok()) << "one role twice";
  EXPECT_FALSE(check(respell(one, "\"max\": ", [](const std::string& n) { return n + ".0"; })).ok()) << "number spelling";
  EXPECT_FALSE(check(replace_first(one, "\"score\": 0,", "\"score\": -0.0,")).ok()) << "negative zero";
  // What legacy files cannot show: which of two signers was the head (documented).
  std::string two = legacy_file({{"preparer", 'P'}, {"head", 'H'}});
  Json swapped = Json::parse(two);
  for (const char* k : {"key_id", "public_key", "sig"}) std::swap(swapped["signatures"][0][k], swapped["signatures"][1][k]);
  EXPECT_TRUE(check(swapped.dump(2, ' ', false) + "\n").ok());
  // Signing more into a legacy file is refused: re-sign with the current format.
  Json legacy_doc = Json::parse(one);
  Messages why;
  EXPECT_FALSE(add_signature(legacy_doc, "head", key('H'), &why));
  EXPECT_TRUE(codes(why).count("envelope.legacy_sign"));
}

TEST(Reader, WorstShapesAreReadAndNULsAreRefused) {
  // The shape that once cost n² (object-valued members of one object), and other wide and deep
  // shapes: read correctly (speed is printed by `make bench`, not asserted here).
  std::string wide = "{";
  for (int i = 0; i < 100000; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":{}";
  wide += "}";
  auto p = parse_json(wide);
  ASSERT_TRUE(p.doc) << (p.messages.empty() ? "" : p.messages[0].text());
  EXPECT_EQ(p.doc->size(), 100000u);
  std::string arrays = "[" + std::string(60, '[') + std::string(60, ']') + "]";
  EXPECT_TRUE(parse_json(arrays).doc);
  EXPECT_EQ(parse_json("[" + std::string(70, '[') + std::string(70, ']') + "]").messages.at(0).code, "json.too_deep");
  // Duplicates are found in every object, however deep or wide.
  EXPECT_EQ(parse_json(wide.substr(0, wide.size() - 1) + ",\"k99999\":1}").messages.at(0).code, "json.duplicate_key");
  EXPECT_EQ(parse_json(R"({"a":[{"b":1,"c":{"d":1,"d":2}}]})").messages.at(0).code, "json.duplicate_key");
  // Names equal after NFC are the same name.
  EXPECT_EQ(parse_json("{\"Vi\xE1\xBB\x87t\":1,\"Vie\xCC\xA3\xCC\x82t\":2}").messages.at(0).code, "json.duplicate_key");
  // Bytes after a NUL are not ignored, in every file kind.
  std::string rubric = testutil::slurp("assets/rubrics/soctrang-2023-thidua-xa.json");
  std::string with_nul = rubric + std::string(1, '\0') + "junk{{";
  EXPECT_FALSE(load_rubric(with_nul).rubric);
  EXPECT_EQ(load_rubric(with_nul).messages.at(0).code, "json.nul");
  EXPECT_FALSE(load_answers(std::string("{\"format\":\"cds-answers/1\"}") + '\0' + "x").answers);
  EXPECT_FALSE(load_trust_list(std::string("{\"format\":\"cds-trust/1\",\"units\":[]}") + '\0').trust);
  EXPECT_FALSE(load_appraisal_changes(std::string("{\"format\":\"cds-appraisal-changes/1\"}") + '\0').appraisal);
  // A changes file must say what it is.
  EXPECT_EQ(load_appraisal_changes(R"({"changes": []})").messages.at(0).code, "appraisal.changes_format");
  EXPECT_EQ(load_appraisal_changes(R"({"anything": 1})").messages.at(0).code, "appraisal.changes_format");
  // A number far too long is named, not echoed whole.
  std::string big = "[1" + std::string(100000, '0') + "]";
  auto pb = parse_json(big);
  ASSERT_FALSE(pb.doc);
  EXPECT_EQ(pb.messages.at(0).code, "json.number_too_large");
  EXPECT_LT(pb.messages.at(0).vi.size(), 200u);
  EXPECT_NE(pb.messages.at(0).vi.find("100001"), std::string::npos) << pb.messages.at(0).vi;
}

TEST(DraftRecord, OnlyTheExactEncodingDecodes) {
  std::string rec = encode_record(7, "{\"x\":1}");
  ASSERT_TRUE(decode_record(rec));
  // The fuzzer's finding: members repeated (last one wins in a lax reader) decoded to a record
  // that re-encodes differently.
  std::string twice = rec.substr(0, rec.size() - 1) + ",\"seq\":8}";
  EXPECT_FALSE(decode_record(twice));
  std::string spaced = replace_first(rec, ":", ": ");
  EXPECT_FALSE(decode_record(spaced));
  for (const auto& bytes : {rec, std::string("{\"cds-record\":1,\"payload\":\"a\",\"seq\":1,\"sha256\":\"") + sha256_hex("a") + "\"}"})
    if (auto r = decode_record(bytes)) EXPECT_EQ(encode_record(r->seq, r->payload), bytes);
}
