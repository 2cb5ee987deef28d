// The office's table of figures from outside the units (bảng số liệu do cơ quan khác cung cấp).
//
// Some criteria are measured by the province, not by the unit: the share of applications filed
// online comes from the Cổng DVC, the resident-data figures from the Công an tỉnh (the rubric's
// `source`, docs/rubric-format.md). The office receives one table for all units from that agency and
// must correct every unit's figure at once. A figure table is that table as CSV (what Excel saves and
// what cds writes as a template) or as an Excel workbook (read into rows by cds_zip's
// read_xlsx_sheet, then here): one row per unit, one column per criterion input, each column named
// by a key in square brackets at the end of its header ("Tỷ lệ hồ sơ trực tuyến [3/ty_le]").
//
// Reading it re-scores each named criterion of each unit with the table's figures in place of the
// unit's and turns every score that differs from the one applied now into an appraisal change with a
// reason in words ("Số liệu Cổng DVC tỉnh: tỷ lệ 72 % (đơn vị khai 95 %)"); the caller signs one
// appraisal per unit (`cds appraise-table`, "Tổng hợp" in the app). Format: docs/appraisal-format.md,
// "Figures for all units from one table". Pure: no files, no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/base/num.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/model/workbook.hpp"
#include "cds/signing/appraisal.hpp"

namespace cds {

// Limits: the table of a province has some hundred rows; these leave room and bound the work.
inline constexpr size_t kFigureTableMaxBytes = 8u * 1024 * 1024;
inline constexpr size_t kFigureTableMaxRows = 20000;
inline constexpr size_t kFigureTableMaxColumns = 400;
inline constexpr size_t kFigureTableMaxCell = 4000;  // bytes

// One figure column: a criterion's input, or one half of a ratio ("3/ty_le.num", "3/ty_le.den").
struct FigureColumn {
  size_t column = 0;     // 0-based position in the file
  size_t criterion = 0;  // index into Rubric::criteria
  std::string input;     // the input's id
  std::string part;      // "" or, for a ratio, "num" / "den"
  std::string key;       // as written between the brackets
};

struct FigureRow {
  size_t line = 0;  // the row's number as Excel shows it (a line break inside a quoted cell stays in its row)
  std::string unit_code, unit_name;
  std::vector<std::string> cells;  // per FigureTable::columns, trimmed NFC text; "" = no figure for this unit
  std::string reason;              // the row's own note ([reason] column), if any
  std::string period;              // the period it is for ([period] column), if the table has one
};

struct FigureTable {
  char separator = ';';
  std::vector<FigureColumn> columns;
  std::vector<FigureRow> rows;
  std::vector<size_t> criteria;  // the criteria the table names, rubric order
  bool has_period = false;       // a [period] column: rows are matched by unit code and period
};

struct LoadedFigureTable {
  std::optional<FigureTable> table;  // absent when the file cannot be used at all
  Messages messages;                 // errors (per row/cell, or the whole file) and notes
};

// Reads a figure table for rubric `r`: UTF-8 (with or without a byte-order mark), cells separated
// by ';' (Vietnamese Excel), ',' or a tab (found from the header row), RFC 4180 quoting, CRLF or LF.
// Columns: [unit] (required: the unit code), [name], [reason], and one per criterion input; columns
// with no key, or [self:…] (the unit's own figure, written into templates for comparison), are
// skipped; [period] (optional) matches rows to a period when the intake holds several. Errors name
// the cell as Excel does ("D5"), in every language.
LoadedFigureTable load_figure_table(std::string_view csv, const Rubric& r);

// One row of a table already split into cells: what a worksheet holds (cds/zip/xlsx_read.hpp reads
// an .xlsx into these). `line` is the row's number where people see it (Excel's row number), used
// in messages; cells[i] is column i (A = 0), "" where empty.
struct TableRow {
  size_t line = 0;
  std::vector<std::string> cells;
};
// The same reading for rows of cells: the first non-blank row is the header, blank rows are
// skipped, cells are read in the Vietnamese dialect (decimal comma, as a ';' file: the Excel reader
// writes numbers that way), with the same limits (rows, columns, cell length) and messages.
LoadedFigureTable load_figure_table(std::vector<TableRow> rows, const Rubric& r);

// One unit's part of a template: its code and name, and the answers it submitted (to show what it
// declared beside each figure), if known.
struct FigureTemplateUnit {
  std::string code, name;
  const Answers* declared = nullptr;
  std::string period;  // written in a [period] column when two units share a code (several periods)
};

// An empty table to fill: the criteria given (none: every criterion with a `source`), one row per
// unit, in the report dialect (Vietnamese: ';' and decimal commas; BOM, CRLF, like every cds CSV).
std::string figure_table_template(const Rubric& r, const std::vector<size_t>& criteria, const std::vector<FigureTemplateUnit>& units,
                                  Lang lang);
// The same table as an Excel workbook (one sheet, frozen header row and unit columns): every cell is
// text (unit codes such as "001" and the [keys] stay as written; the declared figures read as in the
// CSV), the figure columns are left empty to fill. `created`: seconds since 1970 UTC, from the caller.
Workbook figure_table_template_workbook(const Rubric& r, const std::vector<size_t>& criteria, const std::vector<FigureTemplateUnit>& units,
                                        Lang lang, long long created = 0);

// Text typed for an input, as the form stores it: numbers written the Vietnamese way ("85,5",
// "1.234"), dates dd/mm/yyyy, yes/no as "có"/"không" (also "x", "1", "yes"…), a choice by its value
// or its label; nullopt with a reason when the text cannot be that input's value.
std::optional<Json> figure_value(std::string_view text, const InputDef& in, char separator, std::string* why_vi, std::string* why_en);

// What the table does to one unit: the submitted answers with the row's figures in place, each named
// criterion re-scored and compared with `current` (the score applied now, per criterion index: the
// last appraisal level's where there is one, else the self-assessed one).
struct FigureChange {
  size_t criterion = 0;
  Num before, after;
  std::string reason;  // in Vietnamese: the signed appraisal's reason
};
struct UnitFigures {
  std::vector<FigureChange> changes;  // where the score differs from `current`
  std::vector<size_t> unchanged;      // criteria with figures that give the score applied now
  Messages messages;                  // bad cells (the criterion is then left as it is)
};
// `note`: the office's general note added to every reason ("theo Công văn 123/STTTT ngày …").
UnitFigures apply_figures(const FigureTable& t, const FigureRow& row, const Rubric& r, const Answers& submitted,
                          const std::vector<Num>& current, std::string_view note);

// The changes as appraisal changes (for Appraisal::changes).
std::vector<AppraisalChange> appraisal_changes(const UnitFigures& f, const Rubric& r);

// Index of the row for a unit code — compared exactly (trimmed, NFC), as the office's intake tells
// units apart — and, when the table has a [period] column, the period; nullopt when none. A unit on
// two rows is an error reported by load_figure_table and such rows are never matched.
std::optional<size_t> figure_row_for(const FigureTable& t, std::string_view unit_code, std::string_view period = {});

}  // namespace cds
