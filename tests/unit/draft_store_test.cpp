// Crash-safe draft records: any damage to the slot being written leaves the previous state.
#include "cds/model/draft_store.hpp"

#include <gtest/gtest.h>

using namespace cds;

TEST(DraftStore, RoundTrip) {
  std::string e = encode_record(7, "{\"format\":\"cds-answers/1\",\"note\":\"Việt\"}");
  auto r = decode_record(e);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->seq, 7);
  EXPECT_EQ(r->payload, "{\"format\":\"cds-answers/1\",\"note\":\"Việt\"}");
}

TEST(DraftStore, EveryTruncationOrBitFlipIsRejected) {
  std::string payload = "{\"format\":\"cds-answers/1\",\"inputs\":{\"3\":{\"p\":62.5}}}";
  std::string e = encode_record(3, payload);
  for (size_t cut = 0; cut < e.size(); ++cut) EXPECT_FALSE(decode_record(e.substr(0, cut))) << cut;
  for (size_t i = 0; i < e.size(); ++i) {
    std::string bad = e;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    auto r = decode_record(bad);
    // Either rejected, or (flips inside JSON whitespace-insensitive syntax aside) the same payload.
    if (r) EXPECT_EQ(r->payload, payload) << i;
  }
}

TEST(DraftStore, LatestIntactRecordWins) {
  std::string a = encode_record(4, "{\"v\":4}");
  std::string b = encode_record(5, "{\"v\":5}");
  EXPECT_EQ(load_latest({a, b})->payload, "{\"v\":5}");
  EXPECT_EQ(load_latest({b.substr(0, b.size() / 2), a})->payload, "{\"v\":4}");  // torn write of seq 5
  EXPECT_EQ(load_latest({"", a})->payload, "{\"v\":4}");
  EXPECT_FALSE(load_latest({"", "garbage"}));
  EXPECT_FALSE(decode_record(encode_record(1, "")));  // an empty draft is never a valid record
  EXPECT_STREQ(slot_for(4), "a");
  EXPECT_STREQ(slot_for(5), "b");
}
