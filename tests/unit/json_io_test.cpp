// Reading untrusted JSON: limits, duplicate keys, encodings, positions.
#include "cds/base/json_io.hpp"

#include <gtest/gtest.h>

using namespace cds;

TEST(JsonIo, ReportsLineAndColumn) {
  auto r = parse_json("{\n  \"a\": 1,\n  \"b\": }\n");
  ASSERT_FALSE(r.doc);
  EXPECT_EQ(r.messages[0].code, "json.syntax");
  EXPECT_NE(r.messages[0].where.find("dòng 3"), std::string::npos) << r.messages[0].where;
}

TEST(JsonIo, RefusesDuplicateKeys) {
  auto r = parse_json(R"({"a":1,"b":{"x":1,"x":2}})");
  ASSERT_FALSE(r.doc);
  EXPECT_EQ(r.messages[0].code, "json.duplicate_key");
  EXPECT_NE(r.messages[0].vi.find("\"x\""), std::string::npos);
  // The same key in different objects is fine.
  EXPECT_TRUE(parse_json(R"({"a":{"x":1},"b":{"x":2}})").doc);
}

TEST(JsonIo, DepthLimitWithoutRecursion) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto r = parse_json(deep);
  ASSERT_FALSE(r.doc);
  EXPECT_EQ(r.messages[0].code, "json.too_deep");
  // Brackets inside strings do not count.
  EXPECT_TRUE(parse_json("[\"" + std::string(200, '[') + "\"]").doc);
}

TEST(JsonIo, SizeLimit) {
  JsonLimits lim;
  lim.max_bytes = 100;
  auto r = parse_json(std::string(200, ' '), lim);
  ASSERT_FALSE(r.doc);
  EXPECT_EQ(r.messages[0].code, "json.too_large");
}

TEST(JsonIo, EncodingProblems) {
  auto bom = parse_json("\xEF\xBB\xBF{\"a\":1}");
  ASSERT_TRUE(bom.doc);
  EXPECT_EQ(bom.messages[0].code, "json.bom");
  EXPECT_EQ(bom.messages[0].severity, Severity::Warning);
  auto bad = parse_json("{\"a\":\"\xC3\x28\"}");
  ASSERT_FALSE(bad.doc);
  EXPECT_EQ(bad.messages[0].code, "json.utf8");
  auto utf16 = parse_json(std::string("\xFF\xFE{\0\"\0a\0\"\0", 10));
  EXPECT_FALSE(utf16.doc);
  EXPECT_EQ(parse_json("").messages[0].code, "json.empty");
  EXPECT_EQ(parse_json("   \n").messages[0].code, "json.empty");
}

TEST(JsonIo, NormalisesToNfc) {
  auto r = parse_json("{\"te\xCC\x82n\":\"Vie\xCC\xA3\xCC\x82t\"}");
  ASSERT_TRUE(r.doc);
  EXPECT_EQ((*r.doc)["tên"], "Việt");
}

TEST(JsonIo, NonFiniteNumbersAreRejected) {
  EXPECT_FALSE(parse_json("{\"a\":NaN}").doc);
  EXPECT_FALSE(parse_json("{\"a\":Infinity}").doc);
  EXPECT_FALSE(parse_json("{\"a\":1e309}").doc);
  auto neg0 = parse_json("{\"a\":-0}");
  ASSERT_TRUE(neg0.doc);
  EXPECT_EQ(*json_num((*neg0.doc)["a"]), Num(0));
}
