// cds/xlsx/render.hpp — writes a Workbook (cds/model/workbook.hpp) as .xlsx bytes with libxlsxwriter.
//
// This is the library cds_xlsx, kept apart from cds_core: libxlsxwriter 1.1.4 writes only to a file,
// so rendering needs a scratch folder (natively any temporary folder; in the web app MEMFS /tmp).
// The bytes are written to a uniquely named file there, read back and the file deleted, whatever
// happens. libxlsxwriter's own temporary files go to the same folder.
//
// Deterministic: the same workbook gives the same bytes, natively and in wasm. Zip entries carry
// libxlsxwriter's fixed date (1980-01-01) and docProps/core.xml the caller's `props.created`, never
// the clock. Large workbooks (over kConstantMemoryCells cells, or any streamed sheet longer than
// that, or over kConstantMemoryTextBytes of text, held or as the streamed sheets estimate it) use
// libxlsxwriter's constant-memory mode: each row is written out as soon as it is complete and
// strings go inline instead of into the shared-string table, so memory stays flat. Otherwise
// libxlsxwriter holds every cell and string until the end: about 1.5 × the text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "cds/model/workbook.hpp"

namespace cds {

inline constexpr size_t kConstantMemoryCells = 200000;
inline constexpr size_t kConstantMemoryTextBytes = size_t{16} << 20;

// nullopt (with `*error` set, when given) when the scratch file cannot be written or libxlsxwriter
// refuses the content.
std::optional<std::string> render_xlsx(const Workbook& wb, const std::string& scratch_dir, std::string* error = nullptr);

}  // namespace cds
