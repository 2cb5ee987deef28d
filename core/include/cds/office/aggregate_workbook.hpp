// cds/office/aggregate_workbook.hpp — the receiving office's reports as one workbook (report.xlsx):
//   Tóm tắt / Summary      the counts and the one-paragraph summary
//   Xếp hạng … / Ranking … one sheet per rubric: rank, ties, unit, self | appraised | final totals,
//                          scale, final pillar subtotals, the counted file
//   Chưa nộp / Missing     units of the trust list without a valid submission (when any)
//   Tiêu chí / Criteria    one row per unit and criterion: self | appraised | final (with a chain of
//                          two or more appraisal levels: self | level 1 | … | level n | final and
//                          each level's reason), status, reason, figures from, evidence named
//   Tiếp nhận / Intake     one row per file: its classification and reasons
// Totals and scores are real numbers with the rubric's decimals; every sheet has its header frozen.
// The criteria and intake sheets are streamed (Sheet::stream): they read `res` while the workbook
// is written, so `res` must outlive the workbook. A table longer than a sheet can hold (1,048,576
// rows) continues on "Tiêu chí (2)" and so on.
#pragma once

#include "cds/model/workbook.hpp"
#include "cds/office/aggregate.hpp"

namespace cds {

// Where the line that replaces a criteria sheet over the limit sends the reader: the app's
// (its tong-hop-tieu-chi.csv, or `cds aggregate`) or the CLI's (criteria.csv beside it, or
// `--xlsx-criteria-rows all`).
enum class XlsxCriteriaHint { App, Cli };
// The criteria rows report.xlsx holds at most unless told otherwise, in the app (memory in the
// browser: web/screen_aggregate.cpp's kAppCriteriaRows) and in `cds aggregate` (time: the sheet is
// most of the workbook's cells and libxlsxwriter writes one zip stream on one thread; the full
// table is always in criteria.csv — docs/aggregate-report.md, docs/performance.md).
inline constexpr size_t kXlsxCriteriaRows = 200000;

// `info.generated` (the caller's local time text) and `info.title` go into the summary sheet;
// `created` (seconds since 1970 UTC, the caller's clock) into the document properties.
// `max_criteria_rows`: above this many unit × criterion rows the criteria sheet holds only a line
// saying so (and where to find them: criteria.csv, as `hint` says), as does the summary. In the
// browser libxlsxwriter's temporary files live in memory: about 200 bytes of wasm memory per
// criteria cell, 1 GB for a million rows (docs/aggregate-report.md); natively the sheet is most
// of the time of a large report. Both pass kXlsxCriteriaRows by default.
Workbook aggregate_workbook(const AggregateResult& res, Lang lang, const AggregateReportInfo& info = {}, long long created = 0,
                            size_t max_rows_per_sheet = kXlsxMaxRows, size_t max_criteria_rows = static_cast<size_t>(-1),
                            XlsxCriteriaHint hint = XlsxCriteriaHint::App);

}  // namespace cds
