// cds/model/report.hpp — report writers: the unit's self-assessment as printable A4 HTML (the official
// table layout: TT | Nội dung | Điểm tối đa | Số liệu | Điểm tự đánh giá | Minh chứng, section
// subtotals, total, places for signature and stamp) and as CSV that opens in Excel with
// Vietnamese intact (UTF-8 with BOM). The receiving office's reports (aggregate.hpp) reuse the
// helpers here.
//
// Not provided: PDF (the browser's print dialog makes it), file access.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"

namespace cds {

std::string html_escape(std::string_view s);
// One input's stored value for people: "85,5 %", "12/3/2025", a choice's label, "Có"/"Không",
// a ratio as "num/den"; "" for null.
std::string input_value_text(const Json& v, const InputDef& in, Lang lang);
// One CSV cell (RFC 4180 quoting). Text that Excel would run as a formula (=, +, -, @ first) is
// prefixed with an apostrophe; numbers should be written with csv_number().
std::string csv_text(std::string_view s);
// out += csv_text(s) without a temporary: most cells need no mark and no quoting and are copied as
// they are (the large reports write millions of them).
void append_csv_text(std::string& out, std::string_view s);
// CSV as Excel reads it in each language: Vietnamese Windows lists with ';' and writes decimals with
// ',' ("12,5"), English with ',' and '.'. Every CSV cds writes is UTF-8 with a BOM and CRLF lines.
inline char csv_separator(Lang l) { return l == Lang::Vi ? ';' : ','; }
std::string csv_number(Lang l, const Num& n, int decimals);
// out += csv_number(l, n, decimals), a whole number (most scores) written without temporaries.
void append_csv_number(std::string& out, Lang l, const Num& n, int decimals);
std::string csv_row(Lang l, const std::vector<std::string>& cells);  // cells already escaped; ends with CRLF
inline constexpr const char* kUtf8Bom = "\xEF\xBB\xBF";

// The figures a unit entered for a criterion, in words ("Tử số/mẫu số: 45/50; Có; 05/03/2025").
std::string describe_inputs(const Criterion& c, const Answers& a, Lang lang);
// Evidence references and files of a criterion, one per line.
std::vector<std::string> describe_evidence(const Answers& a, const std::string& criterion_id, Lang lang);

struct ReportInfo {
  // When it was printed: an RFC 3339 instant from the caller, shown as "23/11/2026 08:15" at
  // `clock`'s offset, or text already written for people, shown as is.
  std::string printed_at;
  std::string app_version;
  DisplayClock clock;
};

std::string self_assessment_html(const Rubric& r, const Answers& a, const ScoreSheet& s, Lang lang, const ReportInfo& info);
std::string self_assessment_csv(const Rubric& r, const Answers& a, const ScoreSheet& s, Lang lang);

}  // namespace cds
