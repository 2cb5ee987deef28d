#include "cds/draft_store.hpp"

#include "cds/crypto.hpp"
#include "cds/json_io.hpp"

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
  // Parsed as stored (no NFC normalisation: the checksum covers the exact payload bytes).
  if (bytes.empty() || bytes.size() > 64u * 1024 * 1024 || bytes.front() != '{') return std::nullopt;
  Json j = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  const Json* ver = field(j, "cds-record");
  const Json* seq = field(j, "seq");
  const Json* sum = field(j, "sha256");
  const Json* payload = field(j, "payload");
  if (!ver || !ver->is_number_integer() || ver->get<int>() != 1) return std::nullopt;
  if (!seq || !seq->is_number_integer() || !sum || !sum->is_string() || !payload || !payload->is_string()) return std::nullopt;
  const std::string& p = payload->get_ref<const std::string&>();
  if (p.empty() || sha256_hex(p) != sum->get<std::string>()) return std::nullopt;
  return Record{seq->get<long long>(), p};
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
