// One answer to "what kind of cds file is this?" (detect_format) and the rubric catalogue.
#include <gtest/gtest.h>

#include "cds/base/crypto.hpp"
#include "cds/model/catalogue.hpp"
#include "cds/model/file_kind.hpp"
#include "test_util.hpp"

using namespace cds;

TEST(FileKind, TopLevelFormatDecidesEvenWhenNestedFormatsComeFirst) {
  EXPECT_EQ(detect_format(R"({"format": "cds-rubric/1", "id": "x"})").kind, FileKind::Rubric);
  EXPECT_EQ(detect_format(R"({"format":"cds-answers/1"})").kind, FileKind::Answers);
  // A submission holds answers with their own format; the top-level one counts, wherever it is.
  auto d = detect_format(R"({"signed": {"answers": {"format": "cds-answers/1"}}, "signatures": [], "format": "cds-submission/2"})");
  EXPECT_EQ(d.kind, FileKind::Submission);
  EXPECT_EQ(d.version, 2);
  EXPECT_TRUE(d.current);
  auto old = detect_format("\xEF\xBB\xBF {\n \"format\" : \"cds-appraisal/1\"}");
  EXPECT_EQ(old.kind, FileKind::Appraisal);
  EXPECT_TRUE(old.legacy);
  EXPECT_FALSE(old.current);
  auto future = detect_format(R"({"format": "cds-submission/9"})");
  EXPECT_EQ(future.kind, FileKind::Submission);
  EXPECT_FALSE(future.current || future.legacy);
  EXPECT_EQ(detect_format(R"({"format": "cds-appraisal-changes/1"})").kind, FileKind::AppraisalChanges);
  EXPECT_EQ(detect_format(R"({"format": "cds-trust/1"})").kind, FileKind::TrustList);
  EXPECT_EQ(detect_format(R"({"format": "cds-key/1"})").kind, FileKind::KeyFile);
  EXPECT_EQ(detect_format(R"({"format": "cds-pubkey/1"})").kind, FileKind::PublicKey);
  EXPECT_EQ(detect_format(R"({"format": "cds-packet/1", "signatures": []})").kind, FileKind::Packet);
  EXPECT_EQ(detect_format(R"({"format": "cds-part/1"})").kind, FileKind::Part);
  EXPECT_EQ(detect_format(R"({"format": "cds-part/2"})").kind, FileKind::Part);
  EXPECT_FALSE(detect_format(R"({"format": "cds-part/2"})").current);
  // A "format" string value, or a member of a nested object, is not the file's format.
  EXPECT_EQ(detect_format(R"({"note": "format", "x": {"format": "cds-rubric/1"}})").kind, FileKind::Unknown);
  EXPECT_EQ(detect_format(R"({"a": ["format", "cds-rubric/1"]})").kind, FileKind::Unknown);
  for (const char* bad : {"", "[]", "null", "{", "{\"format\": 5}", "{\"format\": \"cds-rubric/1", "%PDF-1.4", "{\"format\": \"x\\\"y\"}"})
    EXPECT_EQ(detect_format(bad).kind, FileKind::Unknown) << bad;
  EXPECT_STRNE(file_kind_label(FileKind::Submission, Lang::Vi), file_kind_label(FileKind::Submission, Lang::En));
}

TEST(FileKind, EveryBundledFileKindIsRecognised) {
  EXPECT_EQ(detect_format(testutil::slurp("assets/rubrics/vinhlong-2025-dti-tinh.json")).kind, FileKind::Rubric);
  EXPECT_EQ(detect_format(testutil::slurp("tests/golden/vinhlong-2025-dti-tinh/full.answers.json")).kind, FileKind::Answers);
  EXPECT_EQ(detect_format(testutil::slurp("tests/hostile/submission-good.json")).kind, FileKind::Submission);
}

TEST(Catalogue, FindsByIdAndVersionKeepsTheFirstAndItsHash) {
  RubricCatalogue c;
  std::string a = testutil::slurp("assets/rubrics/soctrang-2023-thidua-xa.json");
  std::string b = testutil::slurp("assets/rubrics/soctrang-2023-thidua-tinh.json");
  const CatalogueEntry* ea = c.add(a, "xa.json");
  ASSERT_NE(ea, nullptr);
  ASSERT_NE(c.add(b, "tinh.json"), nullptr);
  EXPECT_EQ(ea->sha256, sha256_hex(a)) << "pointers stay valid after later additions";
  Messages why;
  EXPECT_EQ(c.add(a, "copy.json", &why), nullptr);
  ASSERT_FALSE(why.empty());
  EXPECT_EQ(why[0].code, "catalogue.duplicate");
  EXPECT_EQ(c.add("{\"format\": \"cds-rubric/1\"", "broken.json", &why), nullptr);
  EXPECT_EQ(c.entries().size(), 2u);
  auto ref = c.lookup()(ea->rubric->id, ea->rubric->version);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->sha256, sha256_hex(a));
  EXPECT_FALSE(c.lookup()(ea->rubric->id, "0.0"));
}
