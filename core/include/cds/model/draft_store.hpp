// cds/model/draft_store.hpp — crash-safe records for drafts kept in browser storage.
//
// Each save writes a self-checking envelope ({"cds-record":1, "seq", "sha256", "payload"}) to one of
// two slots, alternating. A crash or power cut during a save can only damage the slot being
// written; load_latest() returns the newest envelope whose checksum holds, i.e. the last state or
// the one before it, never a corrupt or empty draft.
//
// Not provided: the storage itself (the web platform layer moves the bytes).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cds {

struct Record {
  long long seq = 0;
  std::string payload;
};

std::string encode_record(long long seq, std::string_view payload);
// nullopt when the bytes are not an intact envelope (truncated, altered, empty).
std::optional<Record> decode_record(std::string_view bytes);
// The newest intact record among the candidates (typically the two slots of one draft).
std::optional<Record> load_latest(const std::vector<std::string>& candidates);
// Which slot ("a" or "b") the next save of a record with this seq goes to.
inline const char* slot_for(long long seq) { return seq % 2 == 0 ? "a" : "b"; }

}  // namespace cds
