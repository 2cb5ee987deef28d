#include "cds/base/text.hpp"

#include <gtest/gtest.h>

using namespace cds;

TEST(Text, NfcComposesVietnamese) {
  // "Việt" decomposed: e + dot below + circumflex, in either order.
  EXPECT_EQ(*to_nfc("Vie\xCC\xA3\xCC\x82t"), "Vi\xE1\xBB\x87t");
  EXPECT_EQ(*to_nfc("Vie\xCC\x82\xCC\xA3t"), "Vi\xE1\xBB\x87t");
  // "Đã ban hành" is already NFC and stays as is.
  EXPECT_EQ(*to_nfc("Đã ban hành"), "Đã ban hành");
  // ư + hook above → ử
  EXPECT_EQ(*to_nfc("u\xCC\x9B\xCC\x89"), "\xE1\xBB\xAD");
}

TEST(Text, RejectsInvalidUtf8) {
  EXPECT_FALSE(is_valid_utf8("\xC3\x28"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));
  EXPECT_FALSE(to_nfc("abc\xFF"));
  EXPECT_EQ(to_nfc_lossy("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_TRUE(is_valid_utf8("Ủy ban nhân dân"));
}

TEST(Text, TrimAndFold) {
  EXPECT_EQ(trim("  \xC2\xA0x y\xE2\x80\xAF "), "x y");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(ascii_fold("UBND xã Đại Hải"), "ubnd xa dai hai");
  EXPECT_EQ(utf8_length("Đã"), 2u);
  EXPECT_EQ(ellipsize("Chuyển đổi số", 6), "Chuyển…");
}

// ---- NFC against the oracles: utf8proc and Unicode's own conformance test ----
#include <utf8proc.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace {

std::string utf8(const std::vector<int32_t>& cps) {
  std::string s;
  for (int32_t cp : cps) {
    utf8proc_uint8_t buf[4];
    s.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(utf8proc_encode_char(cp, buf)));
  }
  return s;
}

std::string oracle_nfc(const std::string& s) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::string r = n < 0 ? std::string("<error>") : std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  std::free(out);
  return r;
}

bool oracle_valid(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i), static_cast<utf8proc_ssize_t>(s.size() - i), &c);
    if (n <= 0) return false;
    i += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

TEST(Nfc, EveryCodePointAgreesWithUtf8proc) {
  int checked = 0;
  for (int32_t cp = 1; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s = utf8({cp});
    ASSERT_EQ(*to_nfc(s), oracle_nfc(s)) << std::hex << "U+" << cp;
    ++checked;
  }
  EXPECT_EQ(checked, 0x10FFFF - 0x800);
}

TEST(Nfc, LettersWithEveryMarkAgreeWithUtf8proc) {
  // Every Latin, Greek and Cyrillic letter and every Vietnamese precomposed letter, followed by
  // one or two of the combining marks U+0300–U+036F and U+1DC0–U+1DFF in both orders.
  std::vector<int32_t> bases, marks;
  for (int32_t c = 'A'; c <= 'z'; ++c) bases.push_back(c);
  for (int32_t c = 0xC0; c <= 0x24F; ++c) bases.push_back(c);
  for (int32_t c = 0x391; c <= 0x3C9; ++c) bases.push_back(c);
  for (int32_t c = 0x410; c <= 0x44F; ++c) bases.push_back(c);
  for (int32_t c = 0x1EA0; c <= 0x1EF9; ++c) bases.push_back(c);
  for (int32_t c = 0x300; c <= 0x36F; ++c) marks.push_back(c);
  for (int32_t c = 0x1DC0; c <= 0x1DFF; ++c) marks.push_back(c);
  size_t n = 0;
  for (int32_t b : bases)
    for (size_t i = 0; i < marks.size(); ++i) {
      std::string one = utf8({b, marks[i]});
      ASSERT_EQ(*to_nfc(one), oracle_nfc(one)) << std::hex << b << " " << marks[i];
      for (size_t k = i % 19; k < marks.size(); k += 19) {
        std::string two = utf8({b, marks[i], marks[k]});
        ASSERT_EQ(*to_nfc(two), oracle_nfc(two)) << std::hex << b << " " << marks[i] << " " << marks[k];
        ++n;
      }
    }
  EXPECT_GT(n, 40000u);
}

TEST(Nfc, RandomStringsAgreeWithUtf8proc) {
  // Strings mixing Vietnamese, marks, Hangul jamo and syllables, and code points with
  // decompositions or combining classes from the whole range.
  std::mt19937 rng(20261123);
  std::vector<std::pair<int32_t, int32_t>> ranges = {{0x41, 0x7A},     {0xC0, 0x1FF},   {0x300, 0x36F},  {0x1EA0, 0x1EF9},
                                                     {0x1100, 0x1112}, {0x1161, 0x1175}, {0x11A8, 0x11C2}, {0xAC00, 0xD7A3},
                                                     {0x0900, 0x097F}, {0x0F00, 0x0FFF}, {0x1D15E, 0x1D1C0}, {0x2000, 0x2FFF},
                                                     {0xF900, 0xFAFF}, {0x0590, 0x05FF}, {0x3099, 0x309C}, {0x1F00, 0x1FFF}};
  for (int round = 0; round < 200000; ++round) {
    std::vector<int32_t> cps;
    int len = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < len; ++i) {
      auto [lo, hi] = ranges[rng() % ranges.size()];
      int32_t cp = lo + static_cast<int32_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
      cps.push_back(cp);
    }
    std::string s = utf8(cps);
    ASSERT_EQ(*to_nfc(s), oracle_nfc(s)) << "round " << round;
  }
}

TEST(Nfc, LongRunsOfMixedMarksAgreeWithUtf8proc) {
  // Runs of up to 60 combining marks of many classes (1, 7, 9, 202, 216, 220, 230, 232, 240…), in
  // random order after a starter, so canonical ordering must sort long runs stably.
  std::mt19937 rng(57);
  std::vector<int32_t> marks = {0x0301, 0x0323, 0x0309, 0x0303, 0x0300, 0x0327, 0x031B, 0x0334, 0x093C, 0x094D,
                                0x0302, 0x0306, 0x0345, 0x035C, 0x0F71, 0x0F72, 0x05B0, 0x05C1, 0x1D165, 0x1D16D};
  std::vector<int32_t> starters = {'a', 'o', 'u', 0x0391, 0x1EA1, 0x1100, 0xAC00};
  for (int round = 0; round < 20000; ++round) {
    std::vector<int32_t> cps;
    for (int part = 0; part < 3; ++part) {
      cps.push_back(starters[rng() % starters.size()]);
      int len = static_cast<int>(rng() % 61);
      for (int i = 0; i < len; ++i) cps.push_back(marks[rng() % marks.size()]);
    }
    std::string s = utf8(cps);
    ASSERT_EQ(*to_nfc(s), oracle_nfc(s)) << "round " << round;
  }
}

TEST(Nfc, AMillionAlternatingMarksIsNormalisedNotHung) {
  // A hostile field: 'a' then a million marks alternating below (220) and above (230). Canonical
  // ordering puts the 220s first (stably); the first dot below composes with 'a' into 'ạ'; the
  // acute after them cannot compose (ạ + ◌́ has no primary composite).
  const size_t n = 500000;
  std::string s = "a";
  for (size_t i = 0; i < n; ++i) s += "\xCC\x81\xCC\xA3";  // U+0301 U+0323
  std::string want = "\xE1\xBA\xA1";                          // ạ
  for (size_t i = 1; i < n; ++i) want += "\xCC\xA3";
  for (size_t i = 0; i < n; ++i) want += "\xCC\x81";
  auto got = to_nfc(s);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(*got == want);
  EXPECT_TRUE(*to_nfc(*got) == want);
}

TEST(Nfc, UnicodeConformanceTest) {
  // NormalizationTest.txt (unpacked from Debian's unicode-data at build time): for every line,
  // c2 == NFC(c1) == NFC(c2) == NFC(c3) and c4 == NFC(c4) == NFC(c5).
  std::ifstream f(CDS_NORMALIZATION_TEST);
  ASSERT_TRUE(f.good()) << CDS_NORMALIZATION_TEST;
  std::string line;
  int lines = 0;
  while (std::getline(f, line)) {
    std::vector<std::string> col;
    std::stringstream ls(line);
    std::string field;
    while (std::getline(ls, field, ';')) {
      std::vector<int32_t> cps;
      std::stringstream fs(field);
      std::string hex;
      while (fs >> hex) cps.push_back(static_cast<int32_t>(std::strtol(hex.c_str(), nullptr, 16)));
      col.push_back(utf8(cps));
    }
    ASSERT_EQ(col.size(), 5u) << line;
    for (int k : {0, 1, 2}) ASSERT_EQ(*to_nfc(col[static_cast<size_t>(k)]), col[1]) << line;
    for (int k : {3, 4}) ASSERT_EQ(*to_nfc(col[static_cast<size_t>(k)]), col[3]) << line;
    ++lines;
  }
  EXPECT_GT(lines, 18000);
}

TEST(Nfc, Utf8ValidationAgreesWithUtf8proc) {
  std::mt19937 rng(7);
  const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x8F, 0x90};
  for (int round = 0; round < 300000; ++round) {
    std::string s;
    int len = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < len; ++i) s.push_back(static_cast<char>(interesting[rng() % sizeof interesting]));
    ASSERT_EQ(is_valid_utf8(s), oracle_valid(s)) << round;
  }
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));   // U+1F600
}
