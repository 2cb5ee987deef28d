// cds/model/workbook.hpp — a spreadsheet workbook as plain data, and the unit's self-assessment as one.
//
// The model says what an Excel workbook (.xlsx) holds and nothing about how it is written: sheets with
// column widths, frozen header rows, print setup, and typed cells — text (always a string: a value
// starting with "=" stays text, never becomes a formula), a real number with a display format
// (decimals, percent, thousands grouping: Excel shows the decimal comma itself on a Vietnamese-region
// PC), or a blank that only carries a style (borders of the appraiser's empty column). Styles are
// interned in the workbook (Workbook::style) and cells refer to them by index.
//
// Large tables (a national roll-up's criteria, one row per unit and criterion) are not held in
// memory: a sheet may end with `stream_rows` rows produced on demand by `stream(i, row)`, in order,
// so a writer can emit them one at a time.
//
// Writing the bytes is the job of the separate cds_xlsx library (core/xlsx, cds/xlsx/render.hpp),
// the one adapter that needs a scratch file; cds_core itself stays pure (no files, no clock: the
// document's creation time comes from the caller).
//
// Builders: self_assessment_workbook() here, aggregate_workbook() in cds/office/aggregate_workbook.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/base/num.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {

struct Rubric;
struct Answers;
struct ScoreSheet;

// Limits of the .xlsx format (Excel's, enforced by the model so that a writer never fails on them).
inline constexpr size_t kXlsxMaxRows = 1048576;
inline constexpr size_t kXlsxMaxCols = 16384;
inline constexpr size_t kXlsxMaxTextBytes = 32767;  // a cell's text, cut at a letter boundary with "…"
inline constexpr size_t kXlsxMaxSheetName = 31;     // letters

struct NumberFormat {
  int decimals = 0;        // digits after the decimal separator (0 … 10)
  bool percent = false;    // the value is a fraction shown as a percentage (0.25 → 25 %)
  bool thousands = false;  // group thousands (1.234 in Vietnamese, 1,234 in English)
  // The format code written into the file: "0.00", "#,##0", "0.0%". Excel code syntax is
  // locale-independent; each PC shows its own separators.
  std::string code() const;
  bool operator==(const NumberFormat& o) const { return decimals == o.decimals && percent == o.percent && thousands == o.thousands; }
};

enum class Align : uint8_t { General, Left, Center, Right };
enum class Fill : uint8_t { None, Header, Section, Total };

struct CellStyle {
  bool bold = false;
  bool italic = false;
  bool wrap = false;    // wrap long text inside the column width
  bool border = false;  // thin border on all four sides
  Fill fill = Fill::None;
  Align align = Align::General;
  bool top = true;        // vertical alignment at the top (tables), else bottom (Excel's default)
  int font_size = 0;      // points; 0 = the workbook default (11)
  NumberFormat number;    // applies to number cells
  bool operator==(const CellStyle& o) const {
    return bold == o.bold && italic == o.italic && wrap == o.wrap && border == o.border && fill == o.fill && align == o.align &&
           top == o.top && font_size == o.font_size && number == o.number;
  }
};

// The styles both report workbooks build their tables from: a table cell (thin border, top-aligned)
// and the header row over it (bold, wrapped, shaded, centred).
inline CellStyle table_cell(CellStyle base) {
  base.border = true;
  base.top = true;
  return base;
}
inline CellStyle table_header(CellStyle cell) {
  cell.bold = true;
  cell.wrap = true;
  cell.fill = Fill::Header;
  cell.align = Align::Center;
  return cell;
}

enum class CellKind : uint8_t { Blank, Text, Number };

struct Cell {
  CellKind kind = CellKind::Blank;
  uint16_t style = 0;  // index into Workbook::styles (0: the default style)
  double number = 0;   // CellKind::Number
  std::string text;    // CellKind::Text (valid UTF-8, at most kXlsxMaxTextBytes)
};

// Cell makers. Text is cut to kXlsxMaxTextBytes at a letter boundary (ending in "…") and invalid
// UTF-8 is replaced (U+FFFD), so any text fits the format; it is never read as a formula.
Cell text_cell(std::string_view text, uint16_t style = 0);
Cell number_cell(double value, uint16_t style);
// A Num rounded to `decimals` as the rubric rounds (the value equals what the reports print).
Cell num_cell(const Num& value, int decimals, RoundMode mode, uint16_t style);
Cell blank_cell(uint16_t style);

using Row = std::vector<Cell>;

struct ColumnSpec {
  double width = 10;  // in Excel's character units (the width of "0" in the default font)
};

struct PrintSetup {
  bool landscape = false;
  bool fit_to_width = false;  // scale to one page wide (as many pages tall as needed)
  int repeat_first = -1;      // rows repeated at the top of every printed page (-1: none)
  int repeat_last = -1;
};

struct Sheet {
  std::string name;  // unique in the workbook (Workbook::add_sheet makes it so)
  std::vector<ColumnSpec> columns;
  int freeze_rows = 0;  // rows kept in view when scrolling (the title rows and the header row)
  int freeze_cols = 0;
  PrintSetup print;
  std::vector<Row> rows;  // held rows, first
  // Then `stream_rows` more rows, produced in order by stream(i, out) for i = 0 … stream_rows-1
  // (`out` arrives cleared). The function must stay valid as long as the workbook is used.
  size_t stream_rows = 0;
  std::function<void(size_t, Row&)> stream;
  // About how many bytes of text the streamed rows hold: the producer's estimate (0: little), so
  // that a writer can choose a way of writing whose memory does not grow with the text.
  size_t stream_text_bytes = 0;

  size_t row_count() const { return rows.size() + stream_rows; }
  // Row i, held or streamed (tests, writers).
  void row(size_t i, Row& out) const;
};

struct DocProperties {
  std::string title, subject, author, company, comments;
  // Creation time, seconds since 1970-01-01 UTC, from the caller (docProps/core.xml). 0 writes
  // 1980-01-01T00:00:00Z, never the clock.
  long long created = 0;
};

struct Workbook {
  std::vector<Sheet> sheets;
  std::vector<CellStyle> styles{CellStyle{}};  // [0] the default
  DocProperties props;

  // The index of this style, added when new.
  uint16_t style(const CellStyle& s);
  // A new sheet named `name` made valid and unique: at most 31 letters, none of []:*?/\, no leading
  // or trailing apostrophe, not equal (ignoring ASCII case) to an existing name ("Tiêu chí (2)").
  Sheet& add_sheet(std::string_view name);
  size_t cell_count() const;  // held and streamed cells ≈ rows × widest row (what a writer plans for)
  size_t text_bytes() const;  // the held cells' text, and the streamed rows' as estimated (Sheet::stream_text_bytes)
};

// A sheet name as add_sheet() would make it, given the names already taken.
std::string safe_sheet_name(std::string_view name, const std::vector<std::string>& taken);

// ---- A workbook as JSON, to hand it to a separate writer (the web app's Excel worker) ----
//
// {"props": {title, subject, author, company, comments, created},
//  "styles": [[bold, italic, wrap, border, fill, align, top, font_size, decimals, percent, thousands], …],
//  "sheets": [{"name", "columns": [width, …], "freeze": [rows, cols],
//              "print": [landscape, fit_to_width, repeat_first, repeat_last],
//              "rows": [[cell, …], …]}]}
// A cell is [style] (blank), [style, "text"] or [style, number]; streamed rows are written out as
// held rows. Numbers are written with 17 significant digits, so they read back bit for bit.
// workbook_from_json accepts only that shape (types, style indexes in range, Excel's limits) and
// says what is wrong otherwise; it never throws.
std::string workbook_to_json(const Workbook& wb);
std::optional<Workbook> workbook_from_json(std::string_view json, std::string* error = nullptr);

// workbook_to_json a piece at a time, so a page can make a large workbook's text over many frames
// and stay responsive (the office's report of thousands of units): step() appends the next part of
// the same bytes, about `cells` cells' worth, and says whether the text is complete. The workbook
// (and whatever its streamed rows read) must stay unchanged and alive until then.
class WorkbookJsonWriter {
 public:
  explicit WorkbookJsonWriter(const Workbook& wb);
  bool step(std::string& out, size_t cells);
  size_t rows_done() const { return done_; }  // for a progress bar: rows written of
  size_t rows_total() const { return total_; }  // every sheet's held and streamed rows

 private:
  const Workbook& wb_;
  int stage_ = 0;  // 0 props, 1 a sheet's head, 2 its rows, 3 styles, 4 done
  size_t sheet_ = 0, row_ = 0, done_ = 0, total_ = 0;
  Row buf_;
};

// ---- The unit's self-assessment, in the official column layout ----
//
// One sheet: title rows (unit, the form's title, rubric, period, total and scale), then the header
//   TT | Mã | Nội dung tiêu chí | Điểm tối đa | Cách tính điểm | Số liệu | Minh chứng | Điểm tự đánh giá
//   | Điểm thẩm định | Ghi chú
// frozen below it, a bold row per section with its subtotal, one row per criterion (the rubric's
// scoring text, the figures entered, the evidence, the self score as a number with the rubric's
// decimals, the appraisal column blank for the appraiser), the total row, and places to sign.
struct SelfAssessmentWorkbookInfo {
  long long created = 0;  // seconds since 1970 UTC (caller's clock)
  std::string printed_at; // local time text shown under the table ("23/11/2026 08:15"); empty: none
  std::string app_version;
};
// Header row index (0-based) of the self-assessment sheet, and its columns (for tests and callers).
enum SelfAssessmentColumn { kSaTT, kSaId, kSaTitle, kSaMax, kSaScoring, kSaFigures, kSaEvidence, kSaSelf, kSaAppraised, kSaNote, kSaSource, kSaColumns };
Workbook self_assessment_workbook(const Rubric& r, const Answers& a, const ScoreSheet& s, Lang lang,
                                  const SelfAssessmentWorkbookInfo& info = {});

}  // namespace cds
