// Reading untrusted JSON: limits, duplicate keys, encodings, positions.
#include "cds/base/json_io.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "cds/base/text.hpp"

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

// max_values counts every value: the root, each member's value, each item, containers too; the
// one-pass reader of canonical files gives up at the same count (and the general reader names it).
TEST(JsonIo, ValueLimit) {
  const std::string nine = R"({"a":[1,2,[]],"b":{"c":null,"d":"x"},"e":true})";  // 1 + a,1,2,[] + b,c,d + e = 9
  JsonLimits lim;
  lim.max_values = 9;
  EXPECT_TRUE(parse_json(nine, lim).doc);
  lim.max_values = 8;
  auto r = parse_json(nine, lim);
  ASSERT_FALSE(r.doc);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].code, "json.too_many_values");
  EXPECT_NE(r.messages[0].vi.find("hơn 8)"), std::string::npos) << r.messages[0].vi;
  lim.max_values = 0;  // no limit
  EXPECT_TRUE(parse_json(nine, lim).doc);
  // A syntax error after the limit still reads as too many values: reading stopped there.
  lim.max_values = 2;
  EXPECT_EQ(parse_json(R"([1,2,3,)", lim).messages.at(0).code, "json.too_many_values");
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

// parse_json reads the document first and scans the bytes for UTF-8 and depth only when that fails
// (json_io.cpp). The messages must be those of scanning first: invalid UTF-8 anywhere is json.utf8,
// else nesting over the limit is json.too_deep, whatever else is wrong; a document comes back only
// from valid UTF-8 within the limit. Checked on thousands of damaged copies of a real rubric.
TEST(JsonIo, ReadingFirstGivesTheMessagesOfScanningFirst) {
  std::ifstream in(std::string(CDS_SOURCE_DIR) + "/assets/rubrics/soctrang-2022-dti-huyen.json", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string base = ss.str().substr(0, 6000);  // a prefix: many of the copies end unclosed
  auto too_deep = [](std::string_view s, int limit) {  // the scan as parse_json has always done it
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (in_str) {
        if (c == '\\') ++i;
        else if (c == '"') in_str = false;
      } else if (c == '"') {
        in_str = true;
      } else if (c == '[' || c == '{') {
        if (++depth > limit) return true;
      } else if (c == ']' || c == '}') {
        --depth;
      }
    }
    return false;
  };
  const char pieces[] = {'\x80', '\xC3', '\xE1', '\xFF', '[', '{', ']', '}', '"', '\\', ',', 'x', '\x01'};
  std::mt19937 rng(19);
  int docs = 0, utf8 = 0, deep = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s = round % 3 == 0 ? base : "{\"a\": [" + base.substr(0, 2000) + "]}";
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % s.size();
      if (rng() % 3 == 0) s.insert(at, std::string(1 + rng() % 6, rng() % 2 ? '[' : '{'));
      else s[at] = pieces[rng() % sizeof pieces];
    }
    JsonLimits lim;
    lim.max_depth = 3 + static_cast<int>(rng() % 5);
    auto r = parse_json(s, lim);
    const bool valid = is_valid_utf8(s), deeper = valid && too_deep(s, lim.max_depth);
    if (!valid) {
      ASSERT_FALSE(r.doc) << round;
      ASSERT_EQ(r.messages[0].code, "json.utf8") << round;
      ++utf8;
    } else if (deeper) {
      ASSERT_FALSE(r.doc) << round;
      ASSERT_EQ(r.messages[0].code, "json.too_deep") << round;
      ++deep;
    } else if (r.doc) {
      ++docs;
    } else {
      ASSERT_NE(r.messages[0].code, "json.utf8") << round;
      ASSERT_NE(r.messages[0].code, "json.too_deep") << round;
    }
  }
  EXPECT_GT(utf8, 300);
  EXPECT_GT(deep, 300);
  // Undamaged files still read, at every depth limit they fit in.
  EXPECT_TRUE(parse_json(base.substr(0, 0) + "{\"a\": [[1], {\"b\": \"Vi\xE1\xBB\x87t\"}]}").doc);
  (void)docs;
}
