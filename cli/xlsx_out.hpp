// cli/xlsx_out.hpp — the CLI's side of Excel workbooks: the creation time it stamps, and writing a
// Workbook rendered by cds_xlsx (cds/xlsx/render.hpp) atomically with OutputFile.
#pragma once

#include <string>

#include "cds/model/workbook.hpp"

namespace cli {

// The workbook's creation time, seconds since 1970 UTC: SOURCE_DATE_EPOCH when set to a whole
// number (reproducible output, tests), else the clock.
long long xlsx_created();
// That time as local "dd/mm/yyyy HH:MM" (what the workbook shows as made at).
std::string local_time_text(long long t);
// Renders `wb` (scratch files in the system's temporary folder) and writes it to `path`
// atomically; prints a message and returns false on failure.
bool write_xlsx(const std::string& path, const cds::Workbook& wb);

}  // namespace cli
