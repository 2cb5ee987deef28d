#include "cds/model/info_sheet.hpp"

#include <algorithm>

#include "cds/base/json_io.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {
namespace {

// The general-information fields a rule divides by ("gi:<id>" in the denominator of its value),
// through its sub-rules (the value is a field of every rule node, so no kind needs asking).
void collect(const Rule& rule, std::vector<std::string>& out) {
  if (rule.value.kind == ValueExpr::Kind::Ratio)
    for (const auto& d : rule.value.den)
      if (d.rfind("gi:", 0) == 0) out.push_back(d.substr(3));
  for (const Rule& sub : rule.children) collect(sub, out);
}

}  // namespace

const char* not_entered_text(Lang lang) { return T(lang, "Chưa nhập", "Not entered"); }

std::string source_mark(const FigureSource& s, Lang lang) {
  return std::string(T(lang, "Nguồn số liệu: ", "Figures from: ")) + s.agency;
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

std::vector<std::vector<std::string>> general_info_users(const Rubric& r) {
  std::vector<std::vector<std::string>> users(r.general_info.size());
  for (const Criterion& c : r.criteria) {
    std::vector<std::string> names;
    for (const auto& in : c.inputs)
      if (!in.den_from.empty()) names.push_back(in.den_from);
    collect(c.rule, names);
    for (size_t i = 0; i < r.general_info.size(); ++i)
      if (std::find(names.begin(), names.end(), r.general_info[i].id) != names.end()) users[i].push_back(c.id);
  }
  return users;
}

// The two tests of information_sheet() below, for the office's report.json, which needs no value
// formatted (written apart so that the unit edition, which never calls them, keeps its size;
// InfoSheet.AppliesAndEnteredAreTheSheetsTests holds them to the sheet).
bool info_field_applies(const Rubric& r, const std::string& unit_type, const GeneralInfoField& f) {
  if (f.applies_to.empty() || std::find(f.applies_to.begin(), f.applies_to.end(), unit_type) != f.applies_to.end()) return true;
  return std::none_of(r.unit_types.begin(), r.unit_types.end(), [&](const auto& t) { return t.first == unit_type; });
}

bool info_value_entered(const Json* v) { return v && !v->is_null() && !(v->is_string() && v->get_ref<const std::string&>().empty()); }

std::vector<InfoRow> information_sheet(const Rubric& r, const Answers& a, Lang lang) {
  if (r.general_info.empty()) return {};
  return information_sheet(r, a.unit.type, a.general_info, lang, general_info_users(r));
}

std::vector<InfoRow> information_sheet(const Rubric& r, const std::string& type, const Json& general_info, Lang lang,
                                       const std::vector<std::vector<std::string>>& users) {
  std::vector<InfoRow> rows;
  if (r.general_info.empty()) return rows;
  bool known_type = std::any_of(r.unit_types.begin(), r.unit_types.end(), [&](const auto& t) { return t.first == type; });
  int last = 0;  // STT: the paper's number where the rubric gives one, else one more than the row before
  for (size_t i = 0; i < r.general_info.size(); ++i) {
    const GeneralInfoField& f = r.general_info[i];
    const int number = f.number ? f.number : last + 1;
    last = number;
    if (known_type && !f.applies_to.empty() && std::find(f.applies_to.begin(), f.applies_to.end(), type) == f.applies_to.end())
      continue;
    InfoRow row;
    row.number = number;
    row.field = &f;
    row.used_by = users[i];
    const Json* v = general_info.is_object() ? field(general_info, f.id.c_str()) : nullptr;
    if (v && !v->is_null() && !(v->is_string() && v->get<std::string>().empty())) {
      row.entered = true;
      if (v->is_boolean()) {
        row.value = v->get<bool>() ? T(lang, "Có", "Yes") : T(lang, "Không", "No");
      } else if (auto n = json_num(*v)) {
        row.num = *n;
        row.value = format_number(*n, lang, 4);
        if (f.type == InputType::Percent) row.value += lang == Lang::Vi ? " %" : "%";
      } else if (v->is_string()) {
        row.value = v->get<std::string>();
        if (f.type == InputType::Date)
          if (auto d = parse_vn_date(row.value)) row.value = format_date(*d);
      } else {
        row.value = v->dump();
      }
    } else {
      row.value = not_entered_text(lang);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string information_sheet_text(const Rubric& r, const std::vector<InfoRow>& rows, Lang lang) {
  std::string o;
  if (!rows.empty()) {
    o += T(lang, "THÔNG TIN CHUNG\n", "GENERAL INFORMATION\n");
    for (const auto& row : rows) {
      o += std::to_string(row.number) + ". " + row.field->label + ": " + row.value;
      if (row.entered && !row.field->unit.empty()) o += " " + row.field->unit;
      if (!row.used_by.empty()) o += std::string(T(lang, " — mẫu số của tiêu chí ", " — denominator of ")) + join_ids(row.used_by);
      o += "\n";
    }
  }
  bool head = false;
  for (const Criterion& c : r.criteria) {
    if (!c.source) continue;
    if (!head) o += std::string(o.empty() ? "" : "\n") + T(lang, "SỐ LIỆU TỪ NGOÀI ĐƠN VỊ\n", "FIGURES FROM OUTSIDE THE UNIT\n");
    head = true;
    o += c.id + ": " + source_mark(*c.source, lang) + " (\"" + c.source->text + "\")\n";
  }
  return o;
}

Json information_sheet_json(const std::vector<InfoRow>& rows, const Answers& a) {
  Json out = Json::array();
  for (const auto& row : rows) {
    const Json* v = a.general_info.is_object() ? field(a.general_info, row.field->id.c_str()) : nullptr;
    Json ids = Json::array();
    for (const auto& id : row.used_by) ids.push_back(id);
    out.push_back(Json{{"number", row.number},
                       {"id", row.field->id},
                       {"label", row.field->label},
                       {"unit", row.field->unit},
                       {"value", row.entered && v ? *v : Json()},
                       {"text", row.value},
                       {"denominator_of", std::move(ids)}});
  }
  return out;
}

Json figure_sources_json(const Rubric& r) {
  Json out = Json::array();
  for (const Criterion& c : r.criteria)
    if (c.source) out.push_back(Json{{"criterion", c.id}, {"agency", c.source->agency}, {"text", c.source->text}});
  return out;
}

}  // namespace cds
