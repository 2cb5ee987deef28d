// web/requests.hpp — every kind of file request the app makes: a picker button, a folder, or files
// dropped on the page. This table is the one definition: its names and byte limits go to
// web/platform.js at start-up (platform::Hooks::file_requests), which refuses a file above the limit
// before reading it, so no name or limit is written down twice.
//
// Not provided: what happens to the files (App::files_opened and the screens decide).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/office/aggregate.hpp"
#include "cds/office/figure_table.hpp"
#include "cds/signing/dossier.hpp"
#include "platform.hpp"

namespace ui {

enum class Request {
  Rubric,          // "Mở tệp tiêu chí…"
  Answers,         // "Nhập bản nháp…"
  Key,             // "Nhập tệp khóa…"
  Verify,          // "Mở tệp bài nộp…" (Kiểm tra bài nộp)
  Evidence,        // "Chọn tệp…" for a criterion (the criterion id is the request's argument)
  Aggregate,       // "Thêm tệp bài nộp…" (Tổng hợp)
  AggregateFolder, // "Thêm cả thư mục…"
  AggregateTrust,  // "Danh sách tin cậy…"
  Drop,            // files dropped anywhere on the page
  DossierEvidence, // "Chọn lại các tệp này…" (Nộp bài): evidence files no longer on this device
  AggregateFigures, // "Bảng số liệu…" (Tổng hợp): figures from outside the units, one CSV table
  Parts,           // "Mở phiếu phân công…" / "Thêm tệp…" (Phần số liệu): packets, parts, a trust list
  Count
};

struct RequestDef {
  Request kind;
  const char* name;       // platform.js's name for it
  size_t max_bytes;       // larger files are not read (0: no limit)
  bool json_only;         // a picked folder gives its .json (and .zip dossier) files only
  size_t zip_bytes = 0;   // the limit for *.zip files (dossiers) when it differs
};

// The receiving office never reads a file no submission could be (cds::kMaxIntakeBytes) nor a .zip
// no dossier could be (DossierLimits::file_bytes); drops may be meant for it, so they share both.
inline constexpr RequestDef kRequests[] = {
    {Request::Rubric, "rubric", 0, false},
    {Request::Answers, "answers", 0, false},
    {Request::Key, "key", 0, false},
    {Request::Verify, "verify", cds::DossierLimits{}.file_bytes, false},  // a submission or a dossier
    {Request::Evidence, "evidence", cds::DossierLimits{}.entry_bytes, false},  // a dossier holds no larger file
    {Request::Aggregate, "aggregate", cds::kMaxIntakeBytes, false, cds::DossierLimits{}.file_bytes},
    {Request::AggregateFolder, "aggregate-dir", cds::kMaxIntakeBytes, true, cds::DossierLimits{}.file_bytes},
    {Request::AggregateTrust, "aggregate-trust", cds::kMaxIntakeBytes, false},
    {Request::Drop, "drop", cds::kMaxIntakeBytes, false, cds::DossierLimits{}.file_bytes},
    {Request::DossierEvidence, "dossier-evidence", cds::DossierLimits{}.entry_bytes, false},
    {Request::AggregateFigures, "aggregate-figures", cds::kFigureTableMaxBytes, false},
    {Request::Parts, "parts", cds::kMaxSignedFileBytes, false, cds::DossierLimits{}.file_bytes},  // .part.zip: a dossier's limit
};

constexpr bool requests_in_order() {
  for (size_t i = 0; i < std::size(kRequests); ++i)
    if (static_cast<size_t>(kRequests[i].kind) != i) return false;
  return std::size(kRequests) == static_cast<size_t>(Request::Count);
}
static_assert(requests_in_order(), "kRequests lists every Request once, in the enum's order");

inline const RequestDef& request_def(Request r) { return kRequests[static_cast<size_t>(r)]; }
std::optional<Request> request_named(std::string_view name);
bool is_aggregate_request(Request r);
// "16 MiB": the intake's limit as the messages say it.
std::string intake_limit_text();
// "16 MiB": the limit a request puts on a file of this name (.zip files: zip_bytes when set).
std::string limit_text(Request r, const std::string& file_name);

// What platform.js is told at start-up.
std::vector<platform::FileRequestKind> request_kinds_for_js();

// A picker for `r` (with `arg`, e.g. the criterion evidence files are for).
platform::FilePicker picker(Request r, std::string arg = {}, const char* accept = ".json,application/json", bool multiple = false,
                            bool folder = false);

}  // namespace ui
