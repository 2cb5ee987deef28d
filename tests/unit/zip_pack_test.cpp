// deflate_fast / inflate_exact: the bytes the office's intake keeps in memory deflated
// (web/aggregate_state.cpp) come back exactly, or not at all.
#include <gtest/gtest.h>

#include <string>

#include "cds/zip/zip.hpp"

namespace {

// A submission-like JSON text: Vietnamese names, numbers, a base64-looking signature.
std::string json_like(int criteria) {
  std::string s = "{\"format\":\"cds-submission/2\",\"signed\":{\"unit\":{\"code\":\"xa-00042\",\"name\":\"Ủy ban nhân dân xã Tân Hưng\"},\"answers\":{";
  for (int i = 0; i < criteria; ++i) s += "\"c" + std::to_string(i) + "\":{\"value\":" + std::to_string(i * 37 % 101) + ",\"note\":\"Đạt theo kế hoạch số " + std::to_string(i) + "\"},";
  s += "\"end\":true}},\"signatures\":[{\"sig\":\"q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ==\"}]}";
  return s;
}

std::string noise(size_t n) {
  std::string s(n, '\0');
  unsigned x = 2463534242u;
  for (auto& c : s) {  // xorshift32: incompressible enough
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xFF);
  }
  return s;
}

TEST(ZipPack, EveryShapeComesBackExactly) {
  for (const std::string& raw : {std::string(), std::string("x"), std::string(1, '\0'), json_like(1), json_like(79), noise(100000),
                                 std::string(3 * 1024 * 1024, ' ')}) {
    std::string packed = cds::zip::deflate_fast(raw);
    ASSERT_FALSE(packed.empty()) << raw.size();
    auto back = cds::zip::inflate_exact(packed, raw.size());
    ASSERT_TRUE(back.has_value()) << raw.size();
    EXPECT_EQ(*back, raw);
  }
}

TEST(ZipPack, ASubmissionsTextIsKeptSmaller) {
  std::string raw = json_like(79);
  std::string packed = cds::zip::deflate_fast(raw);
  EXPECT_LT(packed.size() * 3, raw.size()) << packed.size() << " of " << raw.size();
}

TEST(ZipPack, WrongSizeOrDamagedBytesGiveNothing) {
  std::string raw = json_like(79);
  std::string packed = cds::zip::deflate_fast(raw);
  EXPECT_FALSE(cds::zip::inflate_exact(packed, raw.size() - 1).has_value());  // more than said
  EXPECT_FALSE(cds::zip::inflate_exact(packed, raw.size() + 1).has_value());  // fewer than said
  EXPECT_FALSE(cds::zip::inflate_exact(packed, 0).has_value());
  EXPECT_FALSE(cds::zip::inflate_exact("", raw.size()).has_value());
  EXPECT_FALSE(cds::zip::inflate_exact(raw, raw.size()).has_value());  // not deflated at all
  EXPECT_FALSE(cds::zip::inflate_exact(packed.substr(0, packed.size() - 1), raw.size()).has_value());  // cut short
  for (size_t at : {size_t{2}, packed.size() / 2, packed.size() - 1}) {  // a flipped byte: the data or its checksum
    std::string bad = packed;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    auto back = cds::zip::inflate_exact(bad, raw.size());
    EXPECT_FALSE(back.has_value() && *back == raw) << at;
    EXPECT_FALSE(back.has_value()) << at;
  }
}

}  // namespace
