// cds/zip/xlsx_read.hpp — the first worksheet of an Excel workbook (.xlsx) as rows of cell text, for
// figure tables (cds/office/figure_table.hpp: load_figure_table(rows, rubric)).
//
// The ZIP is read by read_zip (cds/zip/zip.hpp) with its limits (a ZIP bomb is refused before and
// while inflating); the XML parts by expat (Debian's libexpat natively; the same expat 2.5.0 built
// from its Debian source for wasm by tools/build-xlsx-wasm). No XML of an .xlsx ever has a DTD, so a
// part with a <!DOCTYPE> (entity expansion such as "billion laughs", external entities) is refused
// before any entity is declared; expat's own amplification limit stays on behind that.
//
// What a cell becomes (the figure-table dialect: Vietnamese decimal comma, no grouping):
//   shared strings (rich-text runs joined, phonetic runs left out), inline strings, formula strings
//   and error values ("#DIV/0!") as their text; booleans "Có" / "Không"; numbers and cached formula
//   results with up to 15 significant digits as Excel shows them, "85,5", "1234"; a number whose
//   format is a percentage (built-in 9 and 10, or a code with % outside quotes) as value × 100 with
//   " %": "85,5 %"; a date format (built-in 14–17 and 22, or a code with d, m or y outside quotes
//   and not a time of day) as dd/mm/yyyy in the workbook's date system (1900, or 1904 with
//   date1904); the time-of-day built-ins 18–21 (h:mm…) are numbers like any other.
// Cells are placed by their reference (r="C5"), so skipped cells leave empty columns; rows are
// numbered as in Excel, and only rows holding a value are returned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/office/figure_table.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/zip/zip.hpp"

namespace cds::zip {

struct XlsxLimits {
  uint64_t file_bytes = kFigureTableMaxBytes;      // the .xlsx file itself
  size_t rows = kFigureTableMaxRows + 1;           // rows holding a value (the header included)
  size_t columns = kFigureTableMaxColumns;         // a value right of this column is refused
  uint64_t text_bytes = kFigureTableMaxBytes;      // the text of every cell together (as its CSV would hold)
  uint64_t cells = kFigureTableMaxBytes / 2;       // cells held, empty ones between values included
  size_t shared_strings = 1000000;                 // entries of the shared-string table
  size_t cell_bytes = 4 * 32767;                   // one cell's or string's text (Excel: 32,767 letters)
  // The ZIP: few parts, each far below a dossier's sizes; the inflated XML of a full table is a few
  // MB (one row of 400 cells is about 20 KB of XML).
  DossierLimits zip = {kFigureTableMaxBytes, 1000, 48ull << 20, 96ull << 20, 200, 1ull << 20, 240};
};

struct XlsxSheet {
  std::string name;            // the sheet's tab name
  std::vector<TableRow> rows;  // rows holding a value, in order; line = Excel's row number
};

struct XlsxReadResult {
  std::optional<XlsxSheet> sheet;  // absent when the file cannot be used; `problems` say why
  Messages problems;
};

// The first worksheet (in the workbook's tab order, per xl/workbook.xml and its relationships).
XlsxReadResult read_xlsx_sheet(std::string_view bytes, const XlsxLimits& limits = {});

// An OLE compound file ("D0 CF 11 E0"): an Excel 97–2003 .xls, or an .xlsx encrypted with a password
// (Excel wraps those in one). read_xlsx_sheet says which.
inline bool looks_like_ole(std::string_view b) {
  static const unsigned char sig[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  if (b.size() < 8) return false;
  for (size_t i = 0; i < 8; ++i)
    if (static_cast<unsigned char>(b[i]) != sig[i]) return false;
  return true;
}
// A file to hand to read_xlsx_sheet rather than to the CSV reader.
inline bool looks_like_workbook(std::string_view b) { return looks_like_zip(b) || looks_like_ole(b); }

}  // namespace cds::zip
