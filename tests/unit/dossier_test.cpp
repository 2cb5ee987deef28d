// The dossier's pure part (cds/signing/dossier.hpp): entry names, folding, the evidence manifest,
// building, opening and checking. The ZIP bytes themselves are tested through the CLI
// (tests/cli/dossier_test.sh), natively.
#include <gtest/gtest.h>

#include "cds/base/crypto.hpp"
#include "cds/signing/dossier.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

using testutil::file_item;

bool has_code(const Messages& ms, const std::string& code) {
  for (const auto& m : ms)
    if (m.code == code) return true;
  return false;
}

}  // namespace

TEST(Dossier, EntryNamesThatEscapeOrConfuseAreRefused) {
  for (const char* good : {"submission.json", "evidence/1/a.pdf", "evidence/", "evidence/1.2/Bao cao (2).pdf", "a..b/c"})
    EXPECT_FALSE(check_entry_name(good)) << good;
  for (const char* evil : {"", "../x", "a/../b", "a/..", "./a", "a/./b", "/etc/passwd", "C:x", "c:/x", "a\\b", "\\\\server\\share",
                           "a//b", "//", "a\nb", "a\x7f", "\xff\xfe", "evidence/\xc3"})
    EXPECT_TRUE(check_entry_name(evil)) << evil;
  EXPECT_TRUE(check_entry_name(std::string(241, 'a')));
  EXPECT_FALSE(check_entry_name(std::string(240, 'a')));
  EXPECT_EQ(check_entry_name("../x")->code, "dossier.name");
}

TEST(Dossier, ComponentsFoldToSafeAscii) {
  EXPECT_EQ(safe_entry_component("Báo cáo số 12/BC-UBND.pdf"), "Bao cao so 12-BC-UBND.pdf");
  EXPECT_EQ(safe_entry_component("Quyết định ĐỢT 2.PDF"), "Quyet dinh DOT 2.PDF");
  EXPECT_EQ(safe_entry_component("../../etc/passwd"), "etc-passwd");
  EXPECT_EQ(safe_entry_component("C:\\x.ini"), "C-x.ini");
  EXPECT_EQ(safe_entry_component("CON.pdf"), "_CON.pdf");
  EXPECT_EQ(safe_entry_component("lpt1"), "_lpt1");
  EXPECT_EQ(safe_entry_component("..."), "tep");
  EXPECT_EQ(safe_entry_component("中文.pdf"), "pdf");  // other scripts drop; the signed name keeps them
  EXPECT_EQ(safe_entry_component("name. "), "name");
  std::string long_name = std::string(300, 'x') + ".pdf";
  std::string folded = safe_entry_component(long_name);
  EXPECT_EQ(folded.size(), 100u);
  EXPECT_EQ(folded.substr(96), ".pdf");
  for (const char* s : {"a", "Đ", "../..", "x/y\\z", "  .hidden", "COM9.txt"}) EXPECT_FALSE(check_entry_name(safe_entry_component(s))) << s;
}

TEST(Dossier, ManifestStoresEachFileOnceAndSeparatesClashes) {
  Answers a;
  std::string one = "one", two = "two", three = "three";
  a.evidence["2"] = {file_item("Báo cáo.pdf", one), file_item("Báo cáo.pdf", two)};
  a.evidence["1"] = {file_item("x.pdf", three)};
  a.evidence["3"] = {file_item("again.pdf", one)};  // the same bytes again
  EvidenceItem ref;
  ref.kind = "ref";
  ref.title = "Công văn";
  a.evidence["4"] = {ref};
  auto refs = evidence_refs(a);
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0].path, "evidence/1/x.pdf");
  EXPECT_EQ(refs[1].path, "evidence/2/Bao cao.pdf");
  EXPECT_EQ(refs[2].path, "evidence/2/Bao cao (2).pdf");
  EXPECT_EQ(refs[1].criteria, (std::vector<std::string>{"2", "3"}));
}

TEST(Dossier, BuildOnlyWhole) {
  Answers a;
  std::string good = "%PDF good", other = "%PDF other";
  a.evidence["1"] = {file_item("a.pdf", good)};
  a.evidence["2"] = {file_item("b.pdf", "never given")};
  auto b = build_dossier("{}", a, [&](const EvidenceRef& r) -> const std::string* { return r.name == "a.pdf" ? &good : nullptr; });
  EXPECT_FALSE(b.ok());
  EXPECT_TRUE(has_code(b.problems, "evidence.missing"));
  ASSERT_EQ(b.missing, std::vector<size_t>{1});
  EXPECT_EQ(b.refs[1].name, "b.pdf");
  auto c = build_dossier("{}", a, [&](const EvidenceRef&) -> const std::string* { return &other; });
  EXPECT_TRUE(has_code(c.problems, "evidence.changed"));
  EXPECT_EQ(c.changed.size(), 2u);
  Answers none;
  auto d = build_dossier("{\"x\":1}", none, [](const EvidenceRef&) -> const std::string* { return nullptr; });
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.files[0].name, "submission.json");
  EXPECT_EQ(d.content_bytes, 7u);
}

TEST(Dossier, OpenFindsTheSubmissionAndRefusesBadNames) {
  auto d = open_dossier({{"evidence/", ""}, {"submission.json", "S"}, {"evidence/1/a", "A"}});
  EXPECT_FALSE(has_errors(d.problems));
  ASSERT_TRUE(d.submission);
  EXPECT_EQ(*d.submission, "S");
  ASSERT_EQ(d.others.size(), 1u);
  EXPECT_TRUE(has_code(open_dossier({{"x/submission.json", "S"}}).problems, "dossier.no_submission"));
  EXPECT_TRUE(has_code(open_dossier({{"submission.json", "S"}, {"submission.json", "T"}}).problems, "dossier.duplicate"));
  EXPECT_TRUE(has_code(open_dossier({{"submission.json", "S"}, {"../a", "T"}}).problems, "dossier.name"));
}

TEST(Dossier, EvidenceMatchedByHashWhereverItLies) {
  Answers a;
  std::string x = "x-bytes", y = "y-bytes", z = "z-bytes";
  a.evidence["1"] = {file_item("Ảnh 1.png", x), file_item("Ảnh 2.png", y)};
  a.evidence["2"] = {file_item("Tờ trình.pdf", z)};
  auto all = check_evidence(a, {{"somewhere/else.bin", z}, {"evidence/1/Anh 1.png", x}, {"y", y}});
  EXPECT_TRUE(all.complete());
  EXPECT_EQ(all.present, 3);
  EXPECT_TRUE(all.extra.empty());
  EXPECT_EQ(all.summary(Lang::Vi), "3/3 tệp kiểm chứng khớp");
  // changed (same name, other bytes), missing, extra
  auto rep = check_evidence(a, {{"evidence/1/Anh 1.png", "tampered"}, {"evidence/2/To trinh.pdf", z}, {"notes.txt", "n"}});
  EXPECT_EQ(rep.present, 1);
  EXPECT_EQ(rep.changed, 1);
  EXPECT_EQ(rep.missing, 1);
  ASSERT_EQ(rep.extra.size(), 1u);
  EXPECT_EQ(rep.extra[0], "notes.txt");
  EXPECT_EQ(rep.files[0].state, EvidenceState::Changed);
  EXPECT_EQ(rep.files[0].found_sha256, sha256_hex("tampered"));
  EXPECT_EQ(rep.files[1].state, EvidenceState::Missing);
  EXPECT_EQ(rep.summary(Lang::Vi), "1/3 tệp kiểm chứng khớp: thiếu 1, bị thay 1, thừa 1");
  EXPECT_EQ(rep.summary(Lang::En), "1/3 evidence files match: missing 1, changed 1, extra 1");
  EXPECT_TRUE(has_code(rep.problems, "evidence.changed"));
  EXPECT_TRUE(has_code(rep.problems, "evidence.missing"));
  EXPECT_TRUE(has_code(rep.problems, "evidence.extra"));
  // The tally kept with an intake record says which file is which, by SHA-256.
  EvidenceTally t = rep.tally();
  EXPECT_EQ(t.named, 3);
  EXPECT_EQ(t.present, 1);
  EXPECT_EQ(t.extra, 1);
  EXPECT_EQ(t.changed_sha256, std::vector<std::string>{sha256_hex(x)});
  EXPECT_EQ(t.missing_sha256, std::vector<std::string>{sha256_hex(y)});
  EXPECT_EQ(t.state_of(sha256_hex(x)), EvidenceState::Changed);
  EXPECT_EQ(t.state_of(sha256_hex(y)), EvidenceState::Missing);
  EXPECT_EQ(t.state_of(sha256_hex(z)), EvidenceState::Present);
  EXPECT_TRUE(all.tally().missing_sha256.empty() && all.tally().changed_sha256.empty());
  // two copies of a named file both count as it, neither is "extra"
  auto twice = check_evidence(a, {{"a", x}, {"b", x}, {"c", y}, {"d", z}});
  EXPECT_TRUE(twice.complete());
  EXPECT_TRUE(twice.extra.empty());
}

TEST(Dossier, PointsClaimedWithoutEvidenceAreWarned) {
  auto l = testutil::load_golden("soctrang-2023-thidua-xa", "mixed");
  Messages w = unsupported_claims(l.r, l.a, l.s);
  int scored_asking = 0;
  for (const auto& cs : l.s.criteria)
    if (cs.score.sign() > 0 && !l.r.criteria[cs.index].evidence.empty() && l.r.criteria[cs.index].category != Category::Penalty) ++scored_asking;
  ASSERT_GT(scored_asking, 0);
  EXPECT_EQ(static_cast<int>(w.size()), scored_asking);
  for (const auto& m : w) EXPECT_EQ(m.severity, Severity::Warning);
  // naming evidence for one of them removes its warning
  Answers b = l.a;
  EvidenceItem ref;
  ref.kind = "ref";
  ref.title = "Báo cáo";
  b.evidence[w.front().where] = {ref};
  EXPECT_EQ(unsupported_claims(l.r, b, l.s).size(), w.size() - 1);
}

TEST(Dossier, MailRoomInWords) {
  EXPECT_EQ(mail_room(25'000'000), 0);
  EXPECT_EQ(mail_room_text(12'650'000, Lang::Vi), "Còn 12,4 MB trước giới hạn 25 MB của thư điện tử");
  EXPECT_EQ(mail_room_text(28'100'000, Lang::En).rfind("Over the 25 MB limit of e-mail by 3.1 MB", 0), 0u);
}
