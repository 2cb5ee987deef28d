#include "cds/model/rubric.hpp"

#include <algorithm>
#include <set>

#include "../rules/kinds/kit.hpp"
#include "cds/base/text.hpp"

namespace cds {

namespace {

// Every input type with its name in rubric files: the one list the name lookup and the loader use.
constexpr std::pair<InputType, const char*> kInputTypes[] = {
    {InputType::Count, "count"},   {InputType::Number, "number"}, {InputType::Percent, "percent"},
    {InputType::Ratio, "ratio"},   {InputType::YesNo, "yesno"},   {InputType::Choice, "choice"},
    {InputType::Date, "date"},     {InputType::FrequencyCounts, "frequency_counts"}, {InputType::Text, "text"},
};

std::optional<InputType> find_input_type(std::string_view name) {
  for (const auto& [t, n] : kInputTypes)
    if (name == n) return t;
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& literal_classes() {
  static const std::vector<std::string> k = {"boundary_gap",     "above_top_band", "point_not_floor", "achieve_over_100",
                                             "discrete_not_count", "unit_mismatch", "conditions_as_self_score", "cross_unit",
                                             "exclusive_bonus_penalty", "other"};
  return k;
}

std::string literal_class_label(std::string_view k, Lang l) {
  if (k == "boundary_gap") return T(l, "ranh giới giữa hai mức bị hở", "a gap between two tiers");
  if (k == "above_top_band") return T(l, "giá trị vượt mức cao nhất được in", "values beyond the top printed tier");
  if (k == "point_not_floor") return T(l, "một điểm thay cho mức tối thiểu", "a point where a floor was meant");
  if (k == "achieve_over_100") return T(l, "vượt yêu cầu bị coi là sai số liệu", "doing more than required refused");
  if (k == "discrete_not_count") return T(l, "chọn đạt/không đạt thay vì tính theo tỷ lệ", "a yes/no where the document counts");
  if (k == "unit_mismatch") return T(l, "công thức áp sai đơn vị", "a formula applied in the wrong unit");
  if (k == "conditions_as_self_score") return T(l, "điều kiện in sẵn chỉ được tự chấm", "printed conditions left to a self-score");
  if (k == "cross_unit") return T(l, "so sánh với đơn vị khác", "relative to other units");
  if (k == "exclusive_bonus_penalty") return T(l, "điểm thưởng và điểm trừ loại trừ nhau", "a bonus and a penalty that exclude each other");
  return T(l, "khác", "other");
}

std::vector<DraftingNote> drafting_notes(const Rubric& r) {
  std::vector<DraftingNote> out;
  for (const auto& c : r.criteria) {
    if (c.literal) out.push_back({c.id, c.code, c.title, c.literal->klass, c.literal->text, c.literal->why});
    for (const auto& n : c.notes)
      if (n.kind == "ambiguity") out.push_back({c.id, c.code, c.title, "ambiguity", c.scoring_text, n.text});
  }
  for (const auto& g : r.exclusive) {
    std::string list;
    for (const auto& id : g.criteria) list += (list.empty() ? "" : ", ") + id;
    out.push_back({"", "", list, "exclusive", "", g.text});
  }
  if (r.total) out.push_back({"", "", "", "total", "", r.total->text});
  for (const auto& n : r.notes)
    if (n.kind == "ambiguity") out.push_back({"", "", "", "ambiguity", "", n.text});
  return out;
}

const char* input_type_name(InputType t) {
  for (const auto& [k, n] : kInputTypes)
    if (k == t) return n;
  return "?";
}

const char* rule_kind_name(RuleKind k) { return rule_kind(k).name(); }

const InputDef* Criterion::input(std::string_view want) const {
  for (const auto& in : inputs)
    if (in.id == want) return &in;
  return nullptr;
}

bool Criterion::has_ambiguity_note() const {
  for (const auto& n : notes)
    if (n.kind == "ambiguity") return true;
  return false;
}

const Criterion* Rubric::criterion(std::string_view want) const {
  auto it = index_.find(want);
  return it == index_.end() ? nullptr : &criteria[it->second];
}

const GeneralInfoField* Rubric::general(std::string_view want) const {
  for (const auto& g : general_info)
    if (g.id == want) return &g;
  return nullptr;
}

const Agency* Rubric::agency(std::string_view want) const {
  for (const auto& a : agencies)
    if (a.id == want) return &a;
  return nullptr;
}

std::vector<std::pair<const Section*, int>> Rubric::flat_sections() const {
  std::vector<std::pair<const Section*, int>> out;
  std::vector<std::pair<const Section*, int>> stack;
  for (auto it = sections.rbegin(); it != sections.rend(); ++it) stack.emplace_back(&*it, 0);
  while (!stack.empty()) {
    auto [s, d] = stack.back();
    stack.pop_back();
    out.emplace_back(s, d);
    for (auto it = s->sections.rbegin(); it != s->sections.rend(); ++it) stack.emplace_back(&*it, d + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loader

// Reads fields of rubric JSON objects; every problem goes to `msgs` with its JSON path.
class RubricReader {
 public:
  Messages msgs;

  void err(const std::string& where, const std::string& code, const std::string& vi, const std::string& en) {
    msgs.push_back(error(code, vi, en, where));
  }

  const Json* need(const Json& obj, const char* key, const std::string& path) {
    const Json* f = field(obj, key);
    if (!f || f->is_null()) {
      err(path, "rubric.missing", std::string("Thiếu trường \"") + key + "\"", std::string("Missing field \"") + key + "\"");
      return nullptr;
    }
    return f;
  }

  bool text(const Json& obj, const char* key, const std::string& path, std::string* out, bool required) {
    const Json* f = required ? need(obj, key, path) : field(obj, key);
    if (!f || f->is_null()) return !required;
    if (!f->is_string()) {
      err(path + "." + key, "rubric.type", std::string("\"") + key + "\" phải là chuỗi, không phải " + json_type_vi(*f),
          std::string("\"") + key + "\" must be a string, not " + json_type_en(*f));
      return false;
    }
    *out = f->get<std::string>();
    return true;
  }

  bool number(const Json& obj, const char* key, const std::string& path, Num* out, bool required) {
    const Json* f = required ? need(obj, key, path) : field(obj, key);
    if (!f || f->is_null()) return !required;
    auto n = json_num(*f);
    if (!n) {
      err(path + "." + key, "rubric.type", std::string("\"") + key + "\" phải là số, không phải " + json_type_vi(*f),
          std::string("\"") + key + "\" must be a number, not " + json_type_en(*f));
      return false;
    }
    *out = *n;
    return true;
  }

  bool boolean(const Json& obj, const char* key, const std::string& path, bool* out) {
    const Json* f = field(obj, key);
    if (!f || f->is_null()) return true;
    if (!f->is_boolean()) {
      err(path + "." + key, "rubric.type", std::string("\"") + key + "\" phải là true/false",
          std::string("\"") + key + "\" must be true/false");
      return false;
    }
    *out = f->get<bool>();
    return true;
  }

  ValueExpr value_expr(const Json& j, const std::string& p) {
    ValueExpr v;
    if (!j.is_object()) {
      err(p, "rubric.type", "\"value\" phải là đối tượng", "\"value\" must be an object");
      return v;
    }
    auto names = [&](const char* key, std::vector<std::string>* out) {
      const Json* f = field(j, key);
      if (!f || !f->is_array() || f->empty()) {
        err(p + "." + key, "rubric.value", std::string("\"") + key + "\" phải là mảng tên đầu vào không rỗng",
            std::string("\"") + key + "\" must be a non-empty array of input names");
        return;
      }
      for (const auto& e : *f) {
        if (e.is_string()) {
          out->push_back(e.get<std::string>());
        } else {
          err(p + "." + key, "rubric.type", "Tên đầu vào phải là chuỗi", "Input names must be strings");
        }
      }
    };
    if (field(j, "input")) {
      v.kind = ValueExpr::Kind::Input;
      text(j, "input", p, &v.input, true);
    } else if (field(j, "num")) {
      v.kind = ValueExpr::Kind::Ratio;
      names("num", &v.num);
      names("den", &v.den);
    } else if (field(j, "sum")) {
      v.kind = ValueExpr::Kind::Sum;
      names("sum", &v.terms);
      v.percent = false;
    } else {
      err(p, "rubric.value", "\"value\" cần \"input\", \"num\"/\"den\" hoặc \"sum\"", "\"value\" needs \"input\", \"num\"/\"den\" or \"sum\"");
    }
    number(j, "scale", p, &v.scale, false);
    boolean(j, "allow_over_1", p, &v.allow_over_1);
    std::string display;
    if (text(j, "display", p, &display, false) && !display.empty()) {
      if (display == "percent") {
        v.percent = true;
      } else if (display == "number") {
        v.percent = false;
      } else {
        err(p + ".display", "rubric.value", "\"display\" là \"percent\" hoặc \"number\"", "\"display\" is \"percent\" or \"number\"");
      }
    }
    return v;
  }

  // One rule object: its kind and label, then the kind reads its own fields.
  Rule rule(const Json& j, const std::string& p, int depth) {
    Rule r;
    if (depth > 8) {
      err(p, "rubric.depth", "Quy tắc lồng nhau quá 8 cấp", "Rules nest more than 8 levels");
      return r;
    }
    if (!j.is_object()) {
      err(p, "rubric.type", "Quy tắc phải là đối tượng", "A rule must be an object");
      return r;
    }
    std::string kind;
    if (!text(j, "kind", p, &kind, true)) return r;
    text(j, "label", p, &r.label, false);
    std::optional<RuleKind> k = find_rule_kind(kind);
    if (!k) {
      err(p + ".kind", "rubric.rule_kind", "Loại quy tắc không hợp lệ: \"" + kind + "\"", "Unknown rule kind \"" + kind + "\"");
      return r;
    }
    r.kind = *k;
    RuleLoader in(*this, j, p, depth);
    rule_kind(*k).load(in, r);
    return r;
  }
};

RuleLoader::RuleLoader(RubricReader& reader, const Json& obj, std::string path, int depth)
    : reader_(reader), obj_(obj), path_(std::move(path)), depth_(depth) {}

void RuleLoader::err(const std::string& where, const std::string& code, const std::string& vi, const std::string& en) {
  reader_.err(where, code, vi, en);
}
const Json* RuleLoader::need(const char* key) { return reader_.need(obj_, key, path_); }
bool RuleLoader::text(const char* key, std::string* out, bool required) { return reader_.text(obj_, key, path_, out, required); }
bool RuleLoader::number(const char* key, Num* out, bool required) { return reader_.number(obj_, key, path_, out, required); }
bool RuleLoader::boolean(const char* key, bool* out) { return reader_.boolean(obj_, key, path_, out); }

ValueExpr RuleLoader::value() {
  const Json* v = need("value");
  return v ? reader_.value_expr(*v, path_ + ".value") : ValueExpr{};
}

Rule RuleLoader::rule(const char* key) {
  const Json* f = need(key);
  return f ? rule_at(*f, path_ + "." + key) : Rule{};
}

Rule RuleLoader::rule_at(const Json& j, const std::string& path) { return reader_.rule(j, path, depth_ + 1); }

RuleLoader RuleLoader::at(const Json& obj, std::string path) const { return RuleLoader(reader_, obj, std::move(path), depth_); }

// The whole file: identity, general information, sections and criteria.
struct RubricLoader : RubricReader {
  Rubric r;
  std::set<std::string> section_ids;

  static bool valid_id(const std::string& s, bool dotted) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                (dotted && ((c >= 'A' && c <= 'Z') || c == '.'));
      if (!ok) return false;
    }
    return true;
  }

  std::vector<Note> notes(const Json& obj, const std::string& path) {
    std::vector<Note> out;
    const Json* f = field(obj, "notes");
    if (!f || f->is_null()) return out;
    if (!f->is_array()) {
      err(path + ".notes", "rubric.type", "\"notes\" phải là mảng", "\"notes\" must be an array");
      return out;
    }
    for (size_t i = 0; i < f->size(); ++i) {
      const Json& n = (*f)[i];
      std::string p = path + ".notes[" + std::to_string(i) + "]";
      Note note;
      if (n.is_string()) {
        note.kind = "info";
        note.text = n.get<std::string>();
      } else if (n.is_object()) {
        text(n, "kind", p, &note.kind, true);
        text(n, "text", p, &note.text, true);
        if (!note.kind.empty() && note.kind != "ambiguity" && note.kind != "info" && note.kind != "source")
          err(p + ".kind", "rubric.note_kind", "Loại ghi chú phải là ambiguity, info hoặc source",
              "Note kind must be ambiguity, info or source");
      } else {
        err(p, "rubric.type", "Ghi chú phải là chuỗi hoặc đối tượng {kind, text}", "A note must be a string or {kind, text}");
        continue;
      }
      out.push_back(std::move(note));
    }
    return out;
  }

  // "literal": {"class", "text", "why", "rule"?} — the printed reading cds does not apply.
  std::optional<Literal> literal(const Json& obj, const std::string& path) {
    const Json* f = field(obj, "literal");
    if (!f || f->is_null()) return std::nullopt;
    std::string p = path + ".literal";
    if (!f->is_object()) {
      err(p, "rubric.type", "\"literal\" phải là đối tượng {class, text, why, rule}", "\"literal\" must be an object {class, text, why, rule}");
      return std::nullopt;
    }
    Literal l;
    text(*f, "class", p, &l.klass, true);
    text(*f, "text", p, &l.text, true);
    text(*f, "why", p, &l.why, true);
    const auto& ks = literal_classes();
    if (!l.klass.empty() && std::find(ks.begin(), ks.end(), l.klass) == ks.end())
      err(p + ".class", "rubric.literal_class", "Loại vấn đề soạn thảo không có: \"" + l.klass + "\"", "Unknown drafting-problem class \"" + l.klass + "\"");
    if (const Json* rj = field(*f, "rule"); rj && !rj->is_null()) l.rule = rule(*rj, p + ".rule", 0);
    return l;
  }

  // "exclusive": [{"criteria": [ids…], "kind": "at_most_one" | "exactly_one", "text"}].
  void exclusive(const Json& doc, const std::string& path) {
    const Json* f = field(doc, "exclusive");
    if (!f || f->is_null()) return;
    r.exclusive_declared = true;
    if (!f->is_array()) {
      err(path + ".exclusive", "rubric.type", "\"exclusive\" phải là mảng", "\"exclusive\" must be an array");
      return;
    }
    for (size_t i = 0; i < f->size(); ++i) {
      const Json& g = (*f)[i];
      std::string p = path + ".exclusive[" + std::to_string(i) + "]";
      ExclusiveGroup x;
      x.path = p;
      const Json* ids = g.is_object() ? field(g, "criteria") : nullptr;
      if (!ids || !ids->is_array() || ids->size() < 2) {
        err(p, "rubric.exclusive", "Nhóm loại trừ cần \"criteria\": ít nhất hai mã tiêu chí", "An exclusive group needs \"criteria\": at least two criterion ids");
        continue;
      }
      for (const auto& id : *ids)
        if (id.is_string()) x.criteria.push_back(id.get<std::string>());
      std::string kind = "at_most_one";
      text(g, "kind", p, &kind, false);
      if (kind != "at_most_one" && kind != "exactly_one")
        err(p + ".kind", "rubric.exclusive", "\"kind\" là at_most_one hoặc exactly_one", "\"kind\" is at_most_one or exactly_one");
      x.exactly_one = kind == "exactly_one";
      text(g, "text", p, &x.text, true);
      r.exclusive.push_back(std::move(x));
    }
  }

  // "total": {"cap": number | null, "text"}.
  void total(const Json& doc, const std::string& path) {
    const Json* f = field(doc, "total");
    if (!f || f->is_null()) return;
    std::string p = path + ".total";
    if (!f->is_object()) {
      err(p, "rubric.type", "\"total\" phải là đối tượng {cap, text}", "\"total\" must be an object {cap, text}");
      return;
    }
    TotalRule t;
    if (const Json* c = field(*f, "cap"); c && !c->is_null()) {
      Num cap;
      if (number(*f, "cap", p, &cap, false)) t.cap = cap;
    }
    text(*f, "text", p, &t.text, true);
    r.total = std::move(t);
  }

  Assignment assignment(const Json& obj, const std::string& path) {
    Assignment a;
    const Json* f = field(obj, "assignment");
    if (!f || f->is_null()) return a;
    if (!f->is_object()) {
      err(path + ".assignment", "rubric.type", "\"assignment\" phải là đối tượng", "\"assignment\" must be an object");
      return a;
    }
    std::string p = path + ".assignment";
    text(*f, "lead", p, &a.lead, false);
    text(*f, "coordinating", p, &a.coordinating, false);
    text(*f, "action", p, &a.action, false);
    text(*f, "timing", p, &a.timing, false);
    if (const Json* ag = field(*f, "agencies"); ag && !ag->is_null()) {
      if (!ag->is_array()) {
        err(p + ".agencies", "rubric.type", "\"agencies\" phải là mảng mã cơ quan", "\"agencies\" must be an array of agency ids");
      } else {
        for (size_t i = 0; i < ag->size(); ++i) {
          const Json& v = (*ag)[i];
          std::string id = v.is_string() ? v.get<std::string>() : std::string();
          if (id.empty() || std::find(a.agencies.begin(), a.agencies.end(), id) != a.agencies.end()) {
            err(p + ".agencies[" + std::to_string(i) + "]", "rubric.agency_duplicate", "Mã cơ quan rỗng hoặc lặp lại", "An agency id empty or repeated");
          } else {
            a.agencies.push_back(id);
          }
        }
      }
    }
    return a;
  }

  // "source": {"agency", "text"}: who supplies the criterion's figures, in the document's words.
  std::optional<FigureSource> figure_source(const Json& obj, const std::string& path) {
    const Json* f = field(obj, "source");
    if (!f || f->is_null()) return std::nullopt;
    std::string p = path + ".source";
    if (!f->is_object()) {
      err(p, "rubric.type", "\"source\" phải là đối tượng {agency, text}", "\"source\" must be an object {agency, text}");
      return std::nullopt;
    }
    FigureSource s;
    text(*f, "agency", p, &s.agency, true);
    text(*f, "text", p, &s.text, true);
    return s;
  }

  std::optional<InputType> input_type(const std::string& s) {
    return find_input_type(s);
  }

  InputDef input_def(const Json& j, const std::string& p) {
    InputDef in;
    if (!j.is_object()) {
      err(p, "rubric.type", "Mỗi đầu vào phải là một đối tượng", "Each input must be an object");
      return in;
    }
    text(j, "id", p, &in.id, true);
    if (!in.id.empty() && !valid_id(in.id, false))
      err(p + ".id", "rubric.input_id", "Mã đầu vào chỉ gồm chữ thường không dấu, số, '_' (\"" + in.id + "\")",
          "Input ids use lower-case ASCII letters, digits and '_' (\"" + in.id + "\")");
    std::string type;
    text(j, "type", p, &type, true);
    if (!type.empty()) {
      auto t = input_type(type);
      if (!t || *t == InputType::Text) {
        err(p + ".type", "rubric.input_type", "Kiểu đầu vào không hợp lệ: \"" + type + "\"", "Unknown input type \"" + type + "\"");
      } else {
        in.type = *t;
      }
    }
    text(j, "label", p, &in.label, true);
    text(j, "help", p, &in.help, false);
    text(j, "unit", p, &in.unit, false);
    Num v;
    if (field(j, "min") && !field(j, "min")->is_null()) {
      if (in.type == InputType::Date) {
        std::string s;
        if (text(j, "min", p, &s, false)) in.min_date = parse_iso_date(s);
      } else if (number(j, "min", p, &v, false)) {
        in.min = v;
      }
    }
    if (field(j, "max") && !field(j, "max")->is_null()) {
      if (in.type == InputType::Date) {
        std::string s;
        if (text(j, "max", p, &s, false)) in.max_date = parse_iso_date(s);
      } else if (number(j, "max", p, &v, false)) {
        in.max = v;
      }
    }
    boolean(j, "allow_over_100", p, &in.allow_over_100);
    boolean(j, "allow_over_1", p, &in.allow_over_1);
    boolean(j, "best", p, &in.best);
    boolean(j, "part_of_whole", p, &in.part_of_whole);
    text(j, "num_label", p, &in.num_label, false);
    text(j, "den_label", p, &in.den_label, false);
    text(j, "den_from", p, &in.den_from, false);
    if (in.type == InputType::Choice) {
      const Json* opts = need(j, "options", p);
      if (opts && (!opts->is_array() || opts->empty())) {
        err(p + ".options", "rubric.options", "\"options\" phải là mảng không rỗng", "\"options\" must be a non-empty array");
      } else if (opts) {
        std::set<std::string> seen;
        for (size_t i = 0; i < opts->size(); ++i) {
          const Json& o = (*opts)[i];
          std::string op = p + ".options[" + std::to_string(i) + "]";
          ChoiceOption co;
          if (!o.is_object()) {
            err(op, "rubric.type", "Mỗi lựa chọn phải là đối tượng {value, label}", "Each option must be {value, label}");
            continue;
          }
          text(o, "value", op, &co.value, true);
          text(o, "label", op, &co.label, true);
          boolean(o, "printed", op, &co.printed);
          if (!seen.insert(co.value).second)
            err(op + ".value", "rubric.duplicate", "Giá trị lựa chọn trùng: \"" + co.value + "\"", "Duplicate option value \"" + co.value + "\"");
          in.options.push_back(std::move(co));
        }
      }
    }
    if (in.type == InputType::FrequencyCounts) {
      const Json* fr = field(j, "frequencies");
      if (fr && fr->is_array()) {
        for (const auto& f : *fr)
          if (f.is_string()) in.frequencies.push_back(f.get<std::string>());
      } else {
        in.frequencies = {"monthly", "quarterly", "semiannual", "annual"};
      }
    }
    return in;
  }

  void criterion(const Json& j, const std::string& p, Section& sec) {
    Criterion c;
    c.path = p;
    if (!j.is_object()) {
      err(p, "rubric.type", "Tiêu chí phải là đối tượng", "A criterion must be an object");
      return;
    }
    text(j, "id", p, &c.id, true);
    if (!c.id.empty() && !valid_id(c.id, true))
      err(p + ".id", "rubric.criterion_id", "Mã tiêu chí không hợp lệ: \"" + c.id + "\"", "Invalid criterion id \"" + c.id + "\"");
    text(j, "code", p, &c.code, true);
    text(j, "title", p, &c.title, true);
    number(j, "max", p, &c.max, true);
    std::string cat = "regular";
    text(j, "category", p, &cat, false);
    if (cat == "bonus") {
      c.category = Category::Bonus;
    } else if (cat == "penalty") {
      c.category = Category::Penalty;
    } else if (cat != "regular") {
      err(p + ".category", "rubric.category", "\"category\" là regular, bonus hoặc penalty", "\"category\" is regular, bonus or penalty");
    }
    text(j, "unit", p, &c.unit, false);
    const Json* ins = need(j, "inputs", p);
    if (ins && !ins->is_array()) {
      err(p + ".inputs", "rubric.type", "\"inputs\" phải là mảng", "\"inputs\" must be an array");
    } else if (ins) {
      std::set<std::string> seen;
      for (size_t i = 0; i < ins->size(); ++i) {
        InputDef in = input_def((*ins)[i], p + ".inputs[" + std::to_string(i) + "]");
        if (!in.id.empty() && !seen.insert(in.id).second)
          err(p + ".inputs[" + std::to_string(i) + "].id", "rubric.duplicate", "Mã đầu vào trùng: \"" + in.id + "\"",
              "Duplicate input id \"" + in.id + "\"");
        c.inputs.push_back(std::move(in));
      }
    }
    const Json* rj = need(j, "rule", p);
    if (rj) c.rule = rule(*rj, p + ".rule", 0);
    text(j, "scoring_text", p, &c.scoring_text, true);
    text(j, "evidence", p, &c.evidence, false);
    c.notes = notes(j, p);
    c.literal = literal(j, p);
    c.assignment = assignment(j, p);
    c.source = figure_source(j, p);
    if (!c.id.empty()) {
      if (r.index_.count(c.id)) {
        err(p + ".id", "rubric.duplicate", "Mã tiêu chí trùng: \"" + c.id + "\"", "Duplicate criterion id \"" + c.id + "\"");
      } else {
        r.index_[c.id] = r.criteria.size();
      }
    }
    sec.criteria.push_back(r.criteria.size());
    r.criteria.push_back(std::move(c));
  }

  Section section(const Json& j, const std::string& p, int depth) {
    Section s;
    s.path = p;
    if (depth > 6) {
      err(p, "rubric.depth", "Mục lồng nhau quá 6 cấp", "Sections nest more than 6 levels");
      return s;
    }
    if (!j.is_object()) {
      err(p, "rubric.type", "Mục phải là đối tượng", "A section must be an object");
      return s;
    }
    text(j, "id", p, &s.id, true);
    if (!s.id.empty() && !section_ids.insert(s.id).second)
      err(p + ".id", "rubric.duplicate", "Mã mục trùng: \"" + s.id + "\"", "Duplicate section id \"" + s.id + "\"");
    text(j, "code", p, &s.code, false);
    text(j, "title", p, &s.title, true);
    Num m;
    if (field(j, "max") && !field(j, "max")->is_null() && number(j, "max", p, &m, false)) s.max = m;
    std::string cat;
    text(j, "category", p, &cat, false);
    s.bonus_penalty = cat == "bonus_penalty";
    if (!cat.empty() && cat != "bonus_penalty" && cat != "regular")
      err(p + ".category", "rubric.category", "\"category\" của mục là regular hoặc bonus_penalty",
          "section \"category\" is regular or bonus_penalty");
    const Json* cs = field(j, "criteria");
    if (cs && !cs->is_null()) {
      if (!cs->is_array()) {
        err(p + ".criteria", "rubric.type", "\"criteria\" phải là mảng", "\"criteria\" must be an array");
      } else {
        for (size_t i = 0; i < cs->size(); ++i) criterion((*cs)[i], p + ".criteria[" + std::to_string(i) + "]", s);
      }
    }
    const Json* ss = field(j, "sections");
    if (ss && !ss->is_null()) {
      if (!ss->is_array()) {
        err(p + ".sections", "rubric.type", "\"sections\" phải là mảng", "\"sections\" must be an array");
      } else {
        for (size_t i = 0; i < ss->size(); ++i)
          s.sections.push_back(section((*ss)[i], p + ".sections[" + std::to_string(i) + "]", depth + 1));
      }
    }
    if ((!cs || cs->empty()) && (!ss || ss->empty()))
      err(p, "rubric.empty_section", "Mục \"" + s.id + "\" không có tiêu chí nào", "Section \"" + s.id + "\" has no criteria");
    return s;
  }

  void load(const Json& doc) {
    const std::string p = "$";
    if (!doc.is_object()) {
      err(p, "rubric.type", "Tệp tiêu chí phải là một đối tượng JSON", "A rubric file must be a JSON object");
      return;
    }
    std::string format;
    text(doc, "format", p, &format, true);
    if (!format.empty() && format != kRubricFormat) {
      err(p + ".format", "rubric.format",
          "Định dạng \"" + format + "\" không được hỗ trợ (cần \"" + kRubricFormat + "\"); có thể tệp dành cho phiên bản mới hơn",
          "Format \"" + format + "\" is not supported (expected \"" + kRubricFormat + "\"); the file may be for a newer version");
      return;
    }
    if (format.empty()) return;
    identity(doc, p);
    if (const Json* rd = field(doc, "rounding"); rd && !rd->is_null()) rounding(*rd, p + ".rounding");
    general_info(doc, p);
    const Json* secs = need(doc, "sections", p);
    if (secs && (!secs->is_array() || secs->empty())) {
      err(p + ".sections", "rubric.type", "\"sections\" phải là mảng không rỗng", "\"sections\" must be a non-empty array");
    } else if (secs) {
      for (size_t i = 0; i < secs->size(); ++i)
        r.sections.push_back(section((*secs)[i], p + ".sections[" + std::to_string(i) + "]", 0));
    }
    r.notes = notes(doc, p);
    agencies(doc, p);
    exclusive(doc, p);
    total(doc, p);
  }

  // "agencies": [{"id", "name", "aliases"}]: who may lead criteria and rows (docs/rubric-format.md).
  void agencies(const Json& doc, const std::string& p) {
    const Json* f = field(doc, "agencies");
    if (!f || f->is_null()) return;
    if (!f->is_array()) {
      err(p + ".agencies", "rubric.type", "\"agencies\" phải là mảng", "\"agencies\" must be an array");
      return;
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < f->size(); ++i) {
      const Json& a = (*f)[i];
      std::string ap = p + ".agencies[" + std::to_string(i) + "]";
      if (!a.is_object()) {
        err(ap, "rubric.type", "Mỗi cơ quan phải là một đối tượng", "Each agency must be an object");
        continue;
      }
      Agency ag;
      text(a, "id", ap, &ag.id, true);
      text(a, "name", ap, &ag.name, true);
      if (ag.id.empty()) continue;
      if (!valid_agency_id(ag.id))
        err(ap + ".id", "rubric.agency_id", "Mã cơ quan chỉ gồm chữ, số, '-', '_' không dấu (≤ 32)", "Agency ids use ASCII letters, digits, '-', '_' (≤ 32)");
      if (!ids.insert(ag.id).second)
        err(ap + ".id", "rubric.agency_duplicate", "Mã cơ quan lặp lại", "Agency id repeated");
      if (const Json* al = field(a, "aliases"); al && al->is_array()) {
        for (const auto& v : *al)
          if (v.is_string()) ag.aliases.push_back(v.get<std::string>());
      }
      r.agencies.push_back(std::move(ag));
    }
  }

  static bool valid_agency_id(const std::string& s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
  }

  // Id, titles, document, year, scale, unit level and types, period, deadline.
  void identity(const Json& doc, const std::string& p) {
    text(doc, "id", p, &r.id, true);
    if (!r.id.empty() && !valid_id(r.id, false))
      err(p + ".id", "rubric.id", "Mã bộ tiêu chí chỉ gồm chữ thường không dấu, số và '-'", "Rubric ids use lower-case ASCII, digits and '-'");
    text(doc, "version", p, &r.version, true);
    text(doc, "title", p, &r.title, true);
    text(doc, "subtitle", p, &r.subtitle, false);
    text(doc, "authority", p, &r.authority, true);
    if (const Json* d = field(doc, "document"); d && d->is_object()) {
      text(*d, "number", p + ".document", &r.doc_number, false);
      text(*d, "date", p + ".document", &r.doc_date, false);
      text(*d, "title", p + ".document", &r.doc_title, false);
      text(*d, "source", p + ".document", &r.doc_source, false);
    }
    Num year;
    if (number(doc, "year", p, &year, true)) r.year = static_cast<int>(year.num());
    number(doc, "scale", p, &r.scale, true);
    text(doc, "unit_level", p, &r.unit_level, true);
    if (const Json* ut = field(doc, "unit_types"); ut && ut->is_array()) {
      for (const auto& u : *ut)
        if (u.is_object()) r.unit_types.emplace_back(str_or(u, "id"), str_or(u, "label"));
    }
    if (const Json* per = field(doc, "period"); per && per->is_object()) {
      r.period_from = parse_iso_date(str_or(*per, "from"));
      r.period_to = parse_iso_date(str_or(*per, "to"));
      r.period_text = str_or(*per, "text");
    }
    if (const Json* dl = field(doc, "deadline"); dl && dl->is_object()) {
      r.deadline_at = str_or(*dl, "at");
      r.deadline_text = str_or(*dl, "text");
    }
  }

  void rounding(const Json& rd, const std::string& p) {
    if (!rd.is_object()) {
      err(p, "rubric.type", "\"rounding\" phải là đối tượng", "\"rounding\" must be an object");
      return;
    }
    Num dec = 2;
    number(rd, "decimals", p, &dec, false);
    if (!dec.is_integer() || dec < Num(0) || dec > Num(6)) {
      err(p + ".decimals", "rubric.rounding", "Số chữ số thập phân phải từ 0 đến 6", "Decimals must be 0 to 6");
    } else {
      r.decimals = static_cast<int>(dec.num());
    }
    std::string mode = "half_up";
    text(rd, "mode", p, &mode, false);
    if (mode == "half_up") {
      r.round_mode = RoundMode::HalfUp;
    } else if (mode == "half_even") {
      r.round_mode = RoundMode::HalfEven;
    } else if (mode == "truncate") {
      r.round_mode = RoundMode::Truncate;
    } else {
      err(p + ".mode", "rubric.rounding", "Cách làm tròn là half_up, half_even hoặc truncate",
          "Rounding mode is half_up, half_even or truncate");
    }
  }

  void general_info(const Json& doc, const std::string& p) {
    general_info_fields(doc, p);
    int last = 0;
    for (size_t i = 0; i < r.general_info.size(); ++i) {
      int n = r.general_info[i].number ? r.general_info[i].number : last + 1;
      if (n <= last)
        err(p + ".general_info[" + std::to_string(i) + "].number", "rubric.general_number",
            "STT của thông tin chung phải tăng dần, mỗi số một lần (" + std::to_string(n) + " sau " + std::to_string(last) + ")",
            "General-information row numbers must increase, each once (" + std::to_string(n) + " after " + std::to_string(last) + ")");
      last = n;
    }
  }

  void general_info_fields(const Json& doc, const std::string& p) {
    const Json* gi = field(doc, "general_info");
    if (gi && gi->is_array()) {
      std::set<std::string> seen;
      for (size_t i = 0; i < gi->size(); ++i)
        if (auto f = general_field((*gi)[i], p + ".general_info[" + std::to_string(i) + "]", seen)) r.general_info.push_back(std::move(*f));
    } else if (gi && !gi->is_null()) {
      err(p + ".general_info", "rubric.type", "\"general_info\" phải là mảng", "\"general_info\" must be an array");
    }
  }

  std::optional<GeneralInfoField> general_field(const Json& g, const std::string& gp, std::set<std::string>& seen) {
    GeneralInfoField f;
    if (!g.is_object()) {
      err(gp, "rubric.type", "Mỗi trường thông tin chung phải là đối tượng", "Each general-information field must be an object");
      return std::nullopt;
    }
    text(g, "id", gp, &f.id, true);
    if (!f.id.empty() && !valid_id(f.id, false))
      err(gp + ".id", "rubric.input_id", "Mã trường chỉ gồm chữ thường không dấu, số, '_'", "Field ids use lower-case ASCII, digits, '_'");
    if (!f.id.empty() && !seen.insert(f.id).second)
      err(gp + ".id", "rubric.duplicate", "Mã trường thông tin chung trùng: \"" + f.id + "\"", "Duplicate general-information id \"" + f.id + "\"");
    text(g, "label", gp, &f.label, true);
    std::string type = "count";
    text(g, "type", gp, &type, false);
    auto t = input_type(type);
    if (!t || *t == InputType::Ratio || *t == InputType::FrequencyCounts || *t == InputType::Choice) {
      err(gp + ".type", "rubric.input_type", "Kiểu không hợp lệ cho thông tin chung: \"" + type + "\"",
          "Invalid type for general information: \"" + type + "\"");
    } else {
      f.type = *t;
    }
    text(g, "unit", gp, &f.unit, false);
    text(g, "help", gp, &f.help, false);
    boolean(g, "required", gp, &f.required);
    if (const Json* at = field(g, "applies_to"); at && at->is_array())
      for (const auto& a : *at)
        if (a.is_string()) f.applies_to.push_back(a.get<std::string>());
    f.assignment = assignment(g, gp);
    // The paper's STT, where a form keeps only some rows of a longer sheet (Sóc Trăng 2022: the
    // xã form's rows are 1–4, 6, 9, 13–18 of the 18-row sheet).
    if (field(g, "number")) {
      Num n = 0;
      number(g, "number", gp, &n, false);
      if (!n.is_integer() || n < Num(1) || n > Num(10000))
        err(gp + ".number", "rubric.type", "\"number\" (STT trên giấy) phải là số nguyên từ 1", "\"number\" (the paper's row number) must be a whole number from 1");
      else
        f.number = static_cast<int>(n.num());
    }
    return f;
  }
};

LoadedRubric load_rubric_json(const Json& doc) {
  RubricLoader l;
  l.load(doc);
  LoadedRubric out;
  out.messages = std::move(l.msgs);
  if (!has_errors(out.messages)) out.rubric = std::move(l.r);
  return out;
}

LoadedRubric load_rubric(std::string_view bytes) {
  auto parsed = parse_json(bytes);
  if (!parsed.doc) return LoadedRubric{std::nullopt, std::move(parsed.messages)};
  auto out = load_rubric_json(*parsed.doc);
  out.messages.insert(out.messages.begin(), parsed.messages.begin(), parsed.messages.end());
  return out;
}

}  // namespace cds
