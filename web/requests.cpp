#include "requests.hpp"

namespace ui {

std::optional<Request> request_named(std::string_view name) {
  for (const auto& r : kRequests)
    if (name == r.name) return r.kind;
  return std::nullopt;
}

bool is_aggregate_request(Request r) {
  return r == Request::Aggregate || r == Request::AggregateFolder || r == Request::AggregateTrust || r == Request::AggregateFigures;
}

std::string intake_limit_text() { return std::to_string(cds::kMaxIntakeBytes / (1024 * 1024)) + " MiB"; }
std::string limit_text(Request r, const std::string& file_name) {
  const RequestDef& d = request_def(r);
  bool zip = file_name.size() >= 4 && (file_name.compare(file_name.size() - 4, 4, ".zip") == 0 || file_name.compare(file_name.size() - 4, 4, ".ZIP") == 0);
  return std::to_string((zip && d.zip_bytes ? d.zip_bytes : d.max_bytes) / (1024 * 1024)) + " MiB";
}

std::vector<platform::FileRequestKind> request_kinds_for_js() {
  std::vector<platform::FileRequestKind> out;
  for (const auto& r : kRequests)
    out.push_back({r.name, static_cast<double>(r.max_bytes), static_cast<double>(r.zip_bytes), r.json_only,
                   r.kind == Request::Aggregate || r.kind == Request::AggregateFolder});
  return out;
}

platform::FilePicker picker(Request r, std::string arg, const char* accept, bool multiple, bool folder) {
  return {{request_def(r).name, std::move(arg)}, accept, multiple, folder};
}

}  // namespace ui
