// RFC 8785 (JCS): the examples of the RFC, natively and in wasm (same expectations).
#include "cds/base/jcs.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

using namespace cds;

namespace {

double from_bits(uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::string canon(const std::string& text) {
  // Parsed without NFC normalisation: JCS itself never changes strings.
  return *jcs(Json::parse(text));
}

}  // namespace

TEST(Jcs, Rfc8785Section322Example) {
  std::string in = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  EXPECT_EQ(canon(in),
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST(Jcs, Rfc8785Section323SortsByUtf16CodeUnits) {
  std::string in = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  std::string out = canon(in);
  std::vector<std::string> order = {"\\r", "1", "\xC2\x80", "\xC3\xB6", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xAC\xB3"};
  size_t pos = 0;
  for (const auto& k : order) {
    size_t at = out.find("\"" + k + "\"", pos);
    ASSERT_NE(at, std::string::npos) << k << " in " << out;
    pos = at;
  }
}

TEST(Jcs, Rfc8785AppendixBNumbers) {
  struct Case {
    uint64_t bits;
    const char* want;
  };
  const Case cases[] = {
      {0x0000000000000000ULL, "0"},
      {0x8000000000000000ULL, "0"},
      {0x0000000000000001ULL, "5e-324"},
      {0x8000000000000001ULL, "-5e-324"},
      {0x7fefffffffffffffULL, "1.7976931348623157e+308"},
      {0xffefffffffffffffULL, "-1.7976931348623157e+308"},
      {0x4340000000000000ULL, "9007199254740992"},
      {0xc340000000000000ULL, "-9007199254740992"},
      {0x4430000000000000ULL, "295147905179352830000"},
      {0x44b52d02c7e14af5ULL, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6ULL, "1e+23"},
      {0x44b52d02c7e14af7ULL, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4eULL, "999999999999999700000"},
      {0x444b1ae4d6e2ef4fULL, "999999999999999900000"},
      {0x444b1ae4d6e2ef50ULL, "1e+21"},
      {0x3eb0c6f7a0b5ed8cULL, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8dULL, "0.000001"},
      {0x41b3de4355555553ULL, "333333333.3333332"},
      {0x41b3de4355555554ULL, "333333333.33333325"},
      {0x41b3de4355555555ULL, "333333333.3333333"},
      {0x41b3de4355555556ULL, "333333333.3333334"},
      {0x41b3de4355555557ULL, "333333333.33333343"},
      {0xbecbf647612f3696ULL, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959ULL, "1424953923781206.2"},
  };
  for (const auto& c : cases) EXPECT_EQ(*jcs_number(from_bits(c.bits)), c.want) << std::hex << c.bits;
  EXPECT_FALSE(jcs_number(from_bits(0x7fffffffffffffffULL)));  // NaN
  EXPECT_FALSE(jcs_number(from_bits(0x7ff0000000000000ULL)));  // Infinity
}

TEST(Jcs, ScoresAndIntegers) {
  EXPECT_EQ(canon(R"({"b":3.79,"a":100,"c":-1,"d":0.1})"), R"({"a":100,"b":3.79,"c":-1,"d":0.1})");
  std::string err;
  EXPECT_FALSE(jcs(Json::parse("9007199254740993"), &err));
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(canon(R"({"x":"Việt Nam","y":[{"z":1,"a":2}]})"), R"({"x":"Việt Nam","y":[{"a":2,"z":1}]})");
  EXPECT_EQ(canon("\"\\u001f\\u007f\""), "\"\\u001f\x7f\"");  // only U+0000–U+001F are escaped
}
