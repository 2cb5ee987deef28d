// RFC 8785 (JCS): the examples of the RFC, natively and in wasm (same expectations).
#include "cds/base/jcs.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
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

// jcs_plain_decimal: every token it accepts is exactly how JCS writes the double it denotes, and its
// mantissa/decimals are the token's exact value. Random decimals of every accepted shape (1–15
// significant digits, up to 5 zeros after "0.", either sign), the edges, and tokens it must leave to
// the full check.
TEST(Jcs, PlainDecimalsAreTheirOwnSpelling) {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  size_t accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    int significant = 1 + static_cast<int>(next() % 15);
    std::string digits;
    for (int k = 0; k < significant; ++k) digits.push_back(static_cast<char>('0' + next() % 10));
    if (digits.front() == '0') digits.front() = '1';
    if (digits.back() == '0') digits.back() = '7';
    std::string tok = next() % 2 ? "-" : "";
    int int_digits = static_cast<int>(next() % static_cast<std::uint64_t>(significant));  // at least one digit after '.'
    if (int_digits == 0) {
      tok += "0." + std::string(next() % 6, '0') + digits;
    } else {
      tok += digits.substr(0, static_cast<size_t>(int_digits)) + "." + digits.substr(static_cast<size_t>(int_digits));
    }
    auto d = jcs_plain_decimal(tok);
    ASSERT_TRUE(d) << tok;
    ++accepted;
    double v = std::strtod(tok.c_str(), nullptr);
    ASSERT_EQ(jcs_number(v), tok);
    // The exact value: the mantissa's digits are the token's.
    std::string m = std::to_string(d->mantissa < 0 ? -d->mantissa : d->mantissa);
    std::string bare = tok;
    bare.erase(std::remove(bare.begin(), bare.end(), '-'), bare.end());
    bare.erase(std::remove(bare.begin(), bare.end(), '.'), bare.end());
    bare.erase(0, bare.find_first_not_of('0'));
    ASSERT_EQ(m, bare) << tok;
    ASSERT_EQ(d->mantissa < 0, tok[0] == '-') << tok;
    ASSERT_EQ(static_cast<size_t>(d->decimals), tok.size() - tok.find('.') - 1) << tok;
  }
  EXPECT_EQ(accepted, 200000u);
  for (const char* tok : {"0.000001", "-0.000001", "12345678901234.5", "0.123456789012345", "99999999999999.9", "3.79", "0.5"}) {
    SCOPED_TRACE(tok);
    ASSERT_TRUE(jcs_plain_decimal(tok));
    EXPECT_EQ(jcs_number(std::strtod(tok, nullptr)), tok);
  }
  // Left to the full check: integers, exponents, trailing zeros, leading zeros, 16 digits, below 10^-6.
  for (const char* tok : {"1", "-3", "1e-7", "1.5e3", "3.50", "03.5", "-0.0", "0.0000001", "1234567890123456.5", "0.1234567890123456", ".5", "5.", "-",
                          "1..5", "+1.5", "0x1.8"})
    EXPECT_FALSE(jcs_plain_decimal(tok)) << tok;
}

// read_canonical gives up beyond JsonLimits::max_values (the general reader then names it).
TEST(Jcs, CanonicalReaderStopsAtTheValueLimit) {
  const std::string text = "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}\n";  // the root, a, 1, 2, b: 5 values
  JsonLimits lim;
  EXPECT_TRUE(read_canonical(text, lim, "").has_value());
  lim.max_values = 5;
  EXPECT_TRUE(read_canonical(text, lim, "").has_value());
  lim.max_values = 4;
  EXPECT_FALSE(read_canonical(text, lim, "").has_value());
  EXPECT_EQ(parse_json(text, lim).messages.at(0).code, "json.too_many_values");
}

// read_canonical takes members in UTF-16 order, which differs from byte order exactly where a
// supplementary character meets U+E000–U+FFFF (and agrees with it everywhere else).
TEST(Jcs, CanonicalReaderOrdersNamesByUtf16Units) {
  auto reads = [](const std::string& text) { return read_canonical(text, JsonLimits{}, "").has_value(); };
  const std::string astral = "\xF0\x9F\x98\x80", priv = "\xEE\x80\x80", hangul = "\xED\x9F\xBF", e_acute = "\xC3\xA9";
  auto doc = [](const std::string& a, const std::string& b) { return "{\n  \"" + a + "\": 1,\n  \"" + b + "\": 2\n}\n"; };
  EXPECT_TRUE(reads(doc(astral, priv)));   // U+D83D… < U+E000 in UTF-16, though F0 > EE in bytes
  EXPECT_FALSE(reads(doc(priv, astral)));
  EXPECT_TRUE(reads(doc(hangul, astral)));  // U+D7FF < U+D83D…
  EXPECT_FALSE(reads(doc(astral, hangul)));
  EXPECT_TRUE(reads(doc("a" + astral, "a" + priv)));
  EXPECT_TRUE(reads(doc(e_acute, priv)));
  EXPECT_TRUE(reads(doc("ab", "ab" + astral)));  // a prefix first
  EXPECT_FALSE(reads(doc("ab" + astral, "ab")));
  EXPECT_FALSE(reads(doc("ab", "ab")));  // a name twice
  for (const auto& [a, b] : {std::pair{astral, priv}, {hangul, astral}, {e_acute, priv}, {std::string("a"), std::string("b")}})
    EXPECT_EQ(*jcs(Json::parse("{\"" + b + "\":2,\"" + a + "\":1}")), "{\"" + a + "\":1,\"" + b + "\":2}");
}
