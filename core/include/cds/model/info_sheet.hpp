// cds/model/info_sheet.hpp — the information sheet ("thông tin chung", "Thông tin cung cấp phục vụ
// đánh giá"): the rubric's general-information fields with the values a unit entered, as every
// printout and export shows them (the unit's HTML, CSV and workbook, `cds score`, the office's
// reports). One home, so they all say the same.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cds/base/num.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"

namespace cds {

struct InfoRow {
  int number = 0;  // STT: the paper sheet's row number (GeneralInfoField::number), else one more than the row before
  const GeneralInfoField* field = nullptr;
  bool entered = false;     // a value is present (not absent, null or empty text)
  std::string value;        // for people: "1.234,5", "05/03/2025", "Có", the text; "Chưa nhập" when not entered
  std::optional<Num> num;   // the number, for count/number/percent fields (percent as written: 62.5)
  std::vector<std::string> used_by;  // ids of the criteria that divide by it (den_from, "gi:" in a denominator)
};

// The two tests information_sheet() makes of each field: whether it is on the sheet of a unit of
// this type (every field when the type is empty or unknown to the rubric), and whether a stored
// value counts as entered (present, not null, not empty text).
bool info_field_applies(const Rubric& r, const std::string& unit_type, const GeneralInfoField& f);
bool info_value_entered(const Json* v);

// The rows that apply to the unit's type (answers.unit.type; all rows when the type is empty or
// unknown to the rubric), in the rubric's order. Empty when the rubric has no general information.
std::vector<InfoRow> information_sheet(const Rubric& r, const Answers& a, Lang lang);
// The same from a unit type and its general-information values, with `users` =
// general_info_users(r) made once by the caller (a report over thousands of units).
std::vector<InfoRow> information_sheet(const Rubric& r, const std::string& unit_type, const Json& general_info, Lang lang,
                                       const std::vector<std::vector<std::string>>& users);

// For each general_info field (by index), the ids of the criteria that take it as a denominator
// (`den_from`, or "gi:<id>" in a value's `den`), in document order.
std::vector<std::vector<std::string>> general_info_users(const Rubric& r);

// "VI.3.1, VI.5.2.3" — used_by as one line; "" when none.
std::string join_ids(const std::vector<std::string>& ids);

// What a field without a value shows: "Chưa nhập" / "Not entered" (never 0).
const char* not_entered_text(Lang lang);

// The mark for a criterion whose figures come from outside the unit: "Nguồn số liệu: Công an tỉnh".
std::string source_mark(const FigureSource& s, Lang lang);

// For `cds score`: the sheet as text ("THÔNG TIN CHUNG" and one line per row), followed by the
// criteria whose figures come from outside the unit; "" when the rubric has neither.
std::string information_sheet_text(const Rubric& r, const std::vector<InfoRow>& rows, Lang lang);
// As JSON: [{"number", "id", "label", "unit", "value" (as entered, null when not), "text",
// "denominator_of": [criterion ids]}].
Json information_sheet_json(const std::vector<InfoRow>& rows, const Answers& a);
// [{"criterion", "agency", "text"}] for the criteria with a `source`.
Json figure_sources_json(const Rubric& r);

}  // namespace cds
