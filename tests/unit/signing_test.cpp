// Keys and signed submissions: RFC 8032 vectors through our wrapper, the key file, tamper tests.
#include <gtest/gtest.h>

#include "cds/base/crypto.hpp"
#include "cds/base/jcs.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

std::string hex(const char* h) { return *from_hex(h); }

// Fast key-derivation parameters for tests (the real default is 64 MiB).
KdfParams fast() {
  KdfParams k;
  k.opslimit = 1;
  k.memlimit = 8192;
  return k;
}

struct Fixture {
  Rubric rubric;
  std::string rubric_bytes;
  Answers answers;
};

Fixture fixture() {
  Fixture f;
  f.rubric_bytes = testutil::slurp("assets/rubrics/soctrang-2023-thidua-tinh.json");
  f.rubric = *load_rubric(f.rubric_bytes).rubric;
  f.answers = *load_answers(testutil::slurp("tests/golden/soctrang-2023-thidua-tinh/mixed.answers.json")).answers;
  f.answers.unit.code = "STTTT";
  f.answers.unit.name = "Sở Thông tin và Truyền thông";
  return f;
}

RubricLookup lookup_for(const Fixture& f) {
  return [&f](const std::string& id, const std::string& version) -> std::optional<RubricRef> {
    if (id != f.rubric.id || version != f.rubric.version) return std::nullopt;
    return RubricRef{&f.rubric, sha256_hex(f.rubric_bytes)};
  };
}

KeyPair test_key(char fill) { return keypair_from_seed(std::string(32, fill)); }

std::string signed_file(const Fixture& f, const KeyPair& k) {
  Json part = build_signed_part(f.rubric, sha256_hex(f.rubric_bytes), f.answers, "2026-11-23T08:15:00+07:00", "0.1.0");
  return submission_to_text(*make_submission(part, k));
}

}  // namespace

TEST(Ed25519, Rfc8032Vectors) {
  struct V {
    const char *seed, *pk, *msg, *sig;
  } vs[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
  };
  for (const auto& v : vs) {
    KeyPair kp = keypair_from_seed(hex(v.seed));
    EXPECT_EQ(to_hex(kp.public_key), v.pk);
    std::string msg = hex(v.msg);
    EXPECT_EQ(to_hex(sign_detached(msg, kp.secret)), v.sig);
    EXPECT_TRUE(verify_detached(hex(v.sig), msg, kp.public_key));
    EXPECT_FALSE(verify_detached(hex(v.sig), msg + "x", kp.public_key));
  }
}

TEST(Keys, KeyIdIsShortReadableAndStable) {
  KeyPair kp = test_key('\x01');
  std::string id = key_id(kp.public_key);
  ASSERT_EQ(id.size(), 19u);
  EXPECT_EQ(id[4], '-');
  EXPECT_EQ(id.find_first_of("ILOU"), std::string::npos);
  EXPECT_EQ(id, key_id(kp.public_key));
  EXPECT_NE(id, key_id(test_key('\x02').public_key));
  EXPECT_EQ(crockford32(std::string("\x00\x00\x00\x00\x00", 5)), "00000000");
  EXPECT_EQ(crockford32("\xff\xff\xff\xff\xff"), "ZZZZZZZZ");
  EXPECT_EQ(crockford32("f"), "CR");  // 01100 110(00)
}

TEST(Keys, KeyFileRoundTripAndFailures) {
  KeyPair kp = test_key('\x07');
  KeyInfo info{key_id(kp.public_key), kp.public_key, "UBND xã Đại Hải", "XA-DAIHAI", "2026-11-23T08:00:00+07:00"};
  std::string file = make_key_file(kp, "mưa đầu mùa trên đồi chè", info, fast());
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(file.find(to_hex(std::string_view(kp.secret.bytes()).substr(0, 32))), std::string::npos);  // no plain seed
  auto ok = open_key_file(file, "mưa đầu mùa trên đồi chè");
  ASSERT_TRUE(ok.key) << (ok.messages.empty() ? "" : ok.messages[0].text());
  EXPECT_EQ(ok.key->public_key, kp.public_key);
  EXPECT_EQ(ok.info->unit_code, "XA-DAIHAI");
  auto wrong = open_key_file(file, "mua dau mua");
  EXPECT_FALSE(wrong.key);
  ASSERT_FALSE(wrong.messages.empty());
  EXPECT_EQ(wrong.messages.back().code, "key.passphrase");
  EXPECT_NE(wrong.messages.back().vi.find("Sai cụm mật khẩu"), std::string::npos);
  auto cut = open_key_file(file.substr(0, file.size() / 2), "mưa đầu mùa trên đồi chè");
  EXPECT_FALSE(cut.key);
  EXPECT_EQ(cut.messages[0].code, "key.unreadable");
  auto pub = read_key_file(file);
  ASSERT_TRUE(pub.info);
  Json pj = public_key_json(*pub.info);
  EXPECT_EQ(pj["key_id"], info.key_id);
  EXPECT_EQ(pj["format"], "cds-pubkey/1");
  EXPECT_FALSE(pj.contains("kdf"));
  EXPECT_EQ(read_key_file("{\"format\":\"cds-answers/1\"}").messages[0].code, "key.format");
  // A hostile file asking for 4 GiB of memory is refused before any work.
  std::string greedy = file;
  greedy.replace(greedy.find("\"memlimit\": 8192"), 16, "\"memlimit\": 4294967296");
  EXPECT_EQ(open_key_file(greedy, "x").messages.back().code, "key.damaged");
}

TEST(Keys, PassphraseStrengthHints) {
  EXPECT_EQ(passphrase_strength("123456").score, 0);
  EXPECT_LE(passphrase_strength("11111111111111111111").score, 1);
  EXPECT_GE(passphrase_strength("mưa đầu mùa trên đồi chè").score, 3);
  EXPECT_FALSE(passphrase_strength("abc").vi.empty());
}

TEST(Submission, SignVerifyCountersign) {
  Fixture f = fixture();
  KeyPair preparer = test_key('\x11');
  std::string text = signed_file(f, preparer);
  auto v = verify_submission(text, lookup_for(f));
  EXPECT_TRUE(v.ok()) << v.verdict(Lang::Vi);
  EXPECT_EQ(v.total.to_string(), "70.55");
  EXPECT_EQ(v.unit_code, "STTTT");
  EXPECT_NE(v.verdict(Lang::Vi).find("HỢP LỆ"), std::string::npos);
  // The scores were compared from the file's bytes (not built into the document)…
  EXPECT_FALSE(v.doc.deferred().empty());
  EXPECT_TRUE(v.doc.partial()["signed"]["scores"].is_null());
  // …the answers moved into v.answers rather than copied out of the document…
  EXPECT_TRUE(v.doc.partial()["signed"]["answers"].is_null());
  // …and the document, when asked for, is the whole file as parse_json reads it.
  Json doc = *parse_json(text).doc;
  ASSERT_TRUE(v.answers);
  EXPECT_EQ(v.answers->inputs, doc["signed"]["answers"]["inputs"]);
  EXPECT_EQ(v.answers->general_info, doc["signed"]["answers"]["general_info"]);
  EXPECT_EQ(*v.doc, doc);
  EXPECT_TRUE(v.doc.deferred().empty());
  EXPECT_EQ(submission_to_text(*v.doc), text);
  KeyPair head = test_key('\x22');
  ASSERT_TRUE(add_signature(doc, "head", head));
  auto v2 = verify_submission(submission_to_text(doc), lookup_for(f));
  EXPECT_TRUE(v2.ok());
  ASSERT_EQ(v2.signatures.size(), 2u);
  EXPECT_EQ(v2.signatures[1].role, "head");
  EXPECT_EQ(v2.signed_hash, v.signed_hash);  // same signed bytes
  EXPECT_EQ(submission_file_name(doc), "stttt_soctrang-2023-thidua-tinh_20261123-0815.json");
}

// The fields the office keeps and repeats for every unit (names, period, the information sheet) have
// a size limit: at the limit a file signs and verifies; one byte over, `cds submit` refuses to sign,
// and a file signed anyway (by the app or other software) is invalid at the office with the field named.
TEST(Submission, OversizedNamesPeriodAndInformationAreRefused) {
  Fixture f = fixture();
  KeyPair k = test_key('\x11');
  struct Case {
    const char* where;
    std::function<void(Answers&, size_t)> set;
    size_t limit;
  };
  std::vector<Case> cases = {
      {"unit.code", [](Answers& a, size_t n) { a.unit.code = std::string(n, 'C'); }, kMaxAnswerLabelBytes},
      {"unit.name", [](Answers& a, size_t n) { a.unit.name = std::string(n, 'N'); }, kMaxAnswerLabelBytes},
      {"unit.type", [](Answers& a, size_t n) { a.unit.type = std::string(n, 't'); }, kMaxAnswerLabelBytes},
      {"period", [](Answers& a, size_t n) { a.period = std::string(n, '2'); }, kMaxAnswerLabelBytes},
      {"preparer.email", [](Answers& a, size_t n) { a.preparer.email = std::string(n, 'e'); }, kMaxAnswerLabelBytes},
      {"general_info.ghi_chu", [](Answers& a, size_t n) { a.general_info["ghi_chu"] = std::string(n, 'g'); }, kMaxInfoTextBytes},
  };
  for (const Case& c : cases) {
    for (size_t n : {c.limit, c.limit + 1}) {
      Fixture g = f;
      c.set(g.answers, n);
      Messages why = check_answers_size(g.answers);  // what cds submit asks before signing
      const bool signed_ok = why.empty();
      Json part = build_signed_part(g.rubric, sha256_hex(g.rubric_bytes), g.answers, "2026-11-23T08:15:00+07:00", "0.1.0");
      auto v = verify_submission(submission_to_text(*make_submission(part, k)), lookup_for(g));
      EXPECT_TRUE(v.sizes_ok) << "verify_submission alone does not apply the sizes";
      check_sizes(v);  // the office and cds verify do
      if (n == c.limit) {
        EXPECT_TRUE(signed_ok) << c.where;
        EXPECT_TRUE(v.ok()) << c.where << ": " << v.verdict(Lang::En);
        continue;
      }
      EXPECT_FALSE(signed_ok) << c.where;
      ASSERT_EQ(why.size(), 1u) << c.where;
      EXPECT_EQ(why[0].code, "answers.too_long");
      EXPECT_EQ(why[0].where, c.where);
      EXPECT_NE(why[0].vi.find(format_number(Num(static_cast<long long>(n)), Lang::Vi, 0) + " byte"), std::string::npos) << why[0].vi;
      EXPECT_FALSE(v.ok()) << c.where;
      EXPECT_FALSE(v.sizes_ok);
      bool named = false;
      for (const Message& m : v.problems) named |= m.code == "answers.too_long" && m.where == c.where;
      EXPECT_TRUE(named) << c.where;
      EXPECT_NE(v.verdict(Lang::Vi).find("dài quá giới hạn"), std::string::npos) << v.verdict(Lang::Vi);
    }
  }
  // Evidence: 2,000 pieces and a reference number of 1,000 bytes are fine; one more piece, or one
  // byte more, is refused.
  {
    Answers e = f.answers;
    e.evidence.clear();
    for (size_t k = 0; k < kMaxEvidencePieces; ++k) {
      EvidenceItem it;
      it.number = std::to_string(k) + "/KH-UBND";
      e.evidence[k % 2 ? "1.1" : "1.2"].push_back(it);
    }
    e.evidence["1.1"][0].number = std::string(kMaxAnswerLabelBytes, 'n');
    EXPECT_TRUE(check_answers_size(e).empty());
    e.evidence["1.1"][0].number += "n";
    e.evidence["1.3"].push_back(EvidenceItem{});
    Messages m = check_answers_size(e);
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].code, "answers.too_long");
    EXPECT_EQ(m[0].where, "evidence.1.1");
    EXPECT_EQ(m[1].code, "answers.too_many_evidence");
    EXPECT_NE(m[1].vi.find("2.001 tài liệu"), std::string::npos) << m[1].vi;
    EXPECT_NE(m[1].en.find("2,001 pieces"), std::string::npos) << m[1].en;
  }
  // An object or list as a value of the information sheet (counts, numbers and texts only); a
  // number, true/false or nothing are fine. The field's name is cut short in the message.
  Answers a = f.answers;
  a.general_info["so_can_bo"] = 12;
  a.general_info["co_ke_hoach"] = true;
  a.general_info["ghi_chu"] = nullptr;
  EXPECT_TRUE(check_answers_size(a).empty());
  a.general_info[std::string(5000, 'k')] = Json::object({{"x", 1}});
  a.general_info["danh_sach"] = Json::array({1, 2});
  Messages m = check_answers_size(a);
  ASSERT_EQ(m.size(), 2u);
  for (const Message& x : m) {
    EXPECT_EQ(x.code, "answers.info_value");
    EXPECT_LT(x.vi.size(), 300u) << "the 5,000-byte name is not echoed whole";
  }
}

TEST(Submission, TrustList) {
  Fixture f = fixture();
  KeyPair k = test_key('\x11');
  std::string text = signed_file(f, k);
  std::string trust_text = R"({"format":"cds-trust/1","units":[{"code":"STTTT","name":"Sở TT&TT","keys":[{"key_id":")" +
                           key_id(k.public_key) + R"(","public_key":")" + to_base64(k.public_key) + R"("}]},{"code":"XA-01","keys":[]}]})";
  auto trust = load_trust_list(trust_text);
  ASSERT_TRUE(trust.trust);
  auto v = verify_submission(text, lookup_for(f), &*trust.trust);
  EXPECT_TRUE(v.ok());
  EXPECT_TRUE(v.signatures[0].trusted);
  // The same key registered for another unit is not trusted for this one.
  std::string other = trust_text;
  other.replace(other.find("\"STTTT\""), 7, "\"OTHER\"");
  auto t2 = load_trust_list(other);
  auto v2 = verify_submission(text, lookup_for(f), &*t2.trust);
  EXPECT_FALSE(v2.ok());
  EXPECT_NE(v2.verdict(Lang::Vi).find("đã đăng ký cho đơn vị OTHER"), std::string::npos) << v2.verdict(Lang::Vi);
  // An unknown key.
  auto v3 = verify_submission(signed_file(f, test_key('\x33')), lookup_for(f), &*trust.trust);
  EXPECT_FALSE(v3.ok());
  EXPECT_NE(v3.verdict(Lang::Vi).find("không có trong danh sách khóa tin cậy"), std::string::npos);
}

TEST(Submission, EditedScoreResignedIsCaughtByRecomputation) {
  Fixture f = fixture();
  KeyPair k = test_key('\x11');
  Json part = build_signed_part(f.rubric, sha256_hex(f.rubric_bytes), f.answers, "2026-11-23T08:15:00+07:00", "0.1.0");
  part["scores"]["criteria"][2]["score"] = 4;  // criterion 3: 3.79 claimed as 4
  part["scores"]["total"] = 70.76;
  std::string text = submission_to_text(*make_submission(part, k));
  auto v = verify_submission(text, lookup_for(f));
  EXPECT_TRUE(v.signatures_ok);  // validly signed…
  EXPECT_FALSE(v.scores_ok);     // …but the scores do not follow from the inputs
  EXPECT_FALSE(v.ok());
  bool found = false;
  for (const auto& d : v.differences) found = found || (d.where == "3" && d.claimed.find("4") != std::string::npos);
  EXPECT_TRUE(found);
  EXPECT_NE(v.verdict(Lang::Vi).find("khác với điểm tính lại"), std::string::npos);
  EXPECT_EQ(*v.doc, *parse_json(text).doc);
  // A member of the scores that verification does not read (looked up by name) changes nothing,
  // whether the scores are compared from the bytes or from the document.
  Json extra = build_signed_part(f.rubric, sha256_hex(f.rubric_bytes), f.answers, "2026-11-23T08:15:00+07:00", "0.1.0");
  extra["scores"]["note"] = {{"a", {1, "x\"y", nullptr}}, {"b", 2.5}};
  extra["scores"]["aaa"] = "first";
  auto ve = verify_submission(submission_to_text(*make_submission(extra, k)), lookup_for(f));
  EXPECT_TRUE(ve.ok()) << ve.verdict(Lang::En);
  EXPECT_FALSE(ve.doc.deferred().empty());
}

TEST(Submission, OtherRubricBytesAreCaught) {
  Fixture f = fixture();
  std::string text = signed_file(f, test_key('\x11'));
  Fixture g = f;
  g.rubric_bytes += " ";  // same rubric, different file bytes
  auto v = verify_submission(text, lookup_for(g));
  EXPECT_FALSE(v.rubric_hash_ok);
  EXPECT_FALSE(v.ok());
  auto none = verify_submission(text, [](const std::string&, const std::string&) { return std::optional<RubricRef>(); });
  EXPECT_FALSE(none.ok());
  EXPECT_EQ(none.problems.back().code, "rubric.not_found");
}

// The one-pass reader of signed files (read_canonical) accepts exactly the files parse_json reads
// without a message and jcs_pretty writes back byte for byte, gives the same document and the JCS
// bytes of "signed": on a countersigned file and every one-byte change of it (the general path
// decides everything else, so this is what keeps verification as strict as before).
TEST(Submission, CanonicalReaderAgreesWithParseAndLayout) {
  Fixture f = fixture();
  std::string text = signed_file(f, test_key('\x11'));
  JsonLimits lim;
  lim.max_bytes = kMaxSignedFileBytes;
  size_t fast_count = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    std::string t = text;
    if (i < text.size()) t[i] = static_cast<char>(t[i] == 'a' ? 'b' : (t[i] ^ 0x01));
    auto fast = read_canonical(t, lim, "signed");
    auto slow = parse_json(t, lim);
    bool canonical = slow.doc && slow.messages.empty() && jcs_pretty(*slow.doc).value_or("") == t;
    ASSERT_EQ(fast.has_value(), canonical) << "byte " << i;
    if (!fast) continue;
    ++fast_count;
    ASSERT_EQ(fast->doc, *slow.doc) << "byte " << i;
    const Json* sp = field(*slow.doc, "signed");
    ASSERT_EQ(fast->member_found, sp != nullptr) << "byte " << i;
    if (sp) ASSERT_EQ(fast->member_jcs, jcs(*sp).value_or("")) << "byte " << i;
    // With signed.scores deferred (as verification reads): the same verdict and JCS bytes, null in
    // the document where the scores were, and those bytes read back give the same value.
    auto deferred = read_canonical(t, lim, "signed", "scores");
    ASSERT_TRUE(deferred) << "byte " << i;
    ASSERT_EQ(deferred->member_jcs, fast->member_jcs) << "byte " << i;
    const Json* ss = sp ? field(*sp, "scores") : nullptr;
    ASSERT_EQ(!deferred->deferred.empty(), ss && ss->is_object()) << "byte " << i;
    if (!deferred->deferred.empty()) {
      ASSERT_TRUE((*field(deferred->doc, "signed"))["scores"].is_null()) << "byte " << i;
      Json back;
      ASSERT_TRUE(read_canonical_value(deferred->deferred, 2, back)) << "byte " << i;
      deferred->doc["signed"]["scores"] = std::move(back);
    }
    ASSERT_EQ(deferred->doc, *slow.doc) << "byte " << i;
  }
  EXPECT_GT(fast_count, 1u);  // the file itself, and changes inside strings that stay canonical
  // Spellings parse_json reads but the layout refuses: the general path must see them.
  for (const char* doc : {"{\n  \"a\": 1.0\n}\n", "{\n  \"a\": -0\n}\n", "{\n  \"a\": 1e2\n}\n", "{\n  \"a\": \"\\u0041\"\n}\n",
                          "{\n  \"b\": 1,\n  \"a\": 2\n}\n", "{\n  \"a\": 1,\n  \"a\": 2\n}\n", "{\n  \"a\": \"Vie\xcc\xa3\xcc\x82t\"\n}\n",
                          "{\n  \"a\": 9007199254740993\n}\n", "{ \"a\": 1 }\n", "{\n  \"a\": 1\n}", "\xef\xbb\xbf{}\n"})
    EXPECT_FALSE(read_canonical(doc, lim, "signed")) << doc;
  for (const char* doc : {"{}\n", "[]\n", "{\n  \"a\": [\n    1,\n    -2,\n    4.5,\n    1e+21,\n    20000000000000000000\n  ]\n}\n"}) {
    auto fast = read_canonical(doc, lim, "signed");
    ASSERT_TRUE(fast) << doc;
    EXPECT_EQ(fast->doc, *parse_json(doc).doc);
  }
}

TEST(Submission, EveryByteChangeIsDetected) {
  Fixture f = fixture();
  std::string text = signed_file(f, test_key('\x11'));
  auto lookup = lookup_for(f);
  size_t accepted = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    std::string t = text;
    t[i] = static_cast<char>(t[i] == 'a' ? 'b' : (t[i] ^ 0x01));
    if (verify_submission(t, lookup).ok()) ++accepted;
  }
  EXPECT_EQ(accepted, 0u) << "of " << text.size() << " one-byte changes";
}
