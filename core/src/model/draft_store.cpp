#include "cds/model/draft_store.hpp"

#include "cds/base/crypto.hpp"
#include "cds/base/json_io.hpp"

namespace cds {

std::string encode_record(long long seq, std::string_view payload) {
  Json j = Json::object();
  j["cds-record"] = 1;
  j["seq"] = seq;
  j["sha256"] = sha256_hex(payload);
  j["payload"] = std::string(payload);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<Record> decode_record(std::string_view bytes) {
  // Parsed as stored (no NFC normalisation: the checksum covers the exact payload bytes), through the
  // same reader as every file (duplicate members refused), and accepted only in the exact layout
  // encode_record writes: one record has one spelling, so what decodes re-encodes to itself.
  if (bytes.empty() || bytes.size() > 64u * 1024 * 1024 || bytes.front() != '{') return std::nullopt;
  JsonLimits lim;
  lim.max_bytes = 64u * 1024 * 1024;
  lim.max_depth = 2;
  lim.nfc = false;
  auto parsed = parse_json(bytes, lim);
  if (!parsed.doc || !parsed.messages.empty() || !parsed.doc->is_object() || parsed.doc->size() != 4) return std::nullopt;
  const Json& j = *parsed.doc;
  const Json* ver = field(j, "cds-record");
  const Json* seq = field(j, "seq");
  const Json* sum = field(j, "sha256");
  const Json* payload = field(j, "payload");
  if (!ver || !ver->is_number_integer() || ver->get<int>() != 1) return std::nullopt;
  if (!seq || !seq->is_number_integer() || !sum || !sum->is_string() || !payload || !payload->is_string()) return std::nullopt;
  const std::string& p = payload->get_ref<const std::string&>();
  if (p.empty() || sha256_hex(p) != sum->get<std::string>()) return std::nullopt;
  Record r{seq->get<long long>(), p};
  if (encode_record(r.seq, r.payload) != bytes) return std::nullopt;
  return r;
}

std::optional<Record> load_latest(const std::vector<std::string>& candidates) {
  std::optional<Record> best;
  for (const auto& c : candidates) {
    auto r = decode_record(c);
    if (r && (!best || r->seq > best->seq)) best = std::move(r);
  }
  return best;
}

}  // namespace cds
