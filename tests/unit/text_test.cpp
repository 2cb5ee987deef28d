#include "cds/text.hpp"

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
