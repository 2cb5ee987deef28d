// Reading and checking a unit's figures for the rule kinds (RuleEvaluator, kinds/kit.hpp): numbers
// written the Vietnamese way, counts, percentages, ratios, dates, choices and value expressions, each
// problem recorded with the input's label.
#include <algorithm>
#include <functional>

#include "cds/base/text.hpp"
#include "kinds/kit.hpp"

namespace cds {

RuleEvaluator::RuleEvaluator(const Rubric& r, const Criterion& c, const Answers& a, const ScoreOptions& o, const Json* criterion_answers)
    : r_(r), c_(c), a_(a), o_(o), lang_(o.lang), answers_(criterion_answers) {}

std::optional<Num> RuleEvaluator::run(const Rule& rule) { return rule_kind(rule.kind).score(*this, rule); }

// As Answers::value(criterion, input), with the criterion's object found once per criterion.
const Json* RuleEvaluator::answer(const InputDef& in) const {
  if (!answers_) return nullptr;
  if (input_slots_) {
    std::less<const InputDef*> before;
    const InputDef* first = c_.inputs.data();
    if (!before(&in, first) && before(&in, first + c_.inputs.size())) return input_slots_[&in - first];
  }
  auto v = answers_->find(in.id);
  if (v == answers_->end() || v->is_null()) return nullptr;
  return &*v;
}

void RuleEvaluator::bad(const InputDef* in, const std::string& code, const std::string& vi, const std::string& en) {
  invalid = true;
  std::string who = in ? q(in->label) + ": " : std::string();
  std::string who_en = in ? "\"" + in->label + "\": " : std::string();
  msgs.push_back(error(code, who + vi, who_en + en, c_.id));
  if (in) msgs.back().input = in->id;
}
void RuleEvaluator::bad_input(const std::string& input, const std::string& code, const std::string& vi, const std::string& en) {
  invalid = true;
  msgs.push_back(error(code, vi, en, c_.id));
  msgs.back().input = input;
}
void RuleEvaluator::absent(const std::string& input, const std::string& label_vi, const std::string& label_en) {
  missing = true;
  const std::string& en = label_en.empty() ? label_vi : label_en;
  const std::string& label = vi() ? label_vi : en;
  if (std::find(missing_labels.begin(), missing_labels.end(), label) == missing_labels.end()) missing_labels.push_back(label);
  for (const auto& m : missing_inputs)
    if (m.input == input && m.vi == label_vi) return;
  missing_inputs.push_back({input, label_vi, en});
}

// Number from a JSON value: numbers, or text written the Vietnamese way.
// Figures above 10^15 (a million billion) are refused: no count, amount or percentage in these
// forms comes near it, and exact arithmetic on them could overflow (docs/limits.md).
std::optional<Num> RuleEvaluator::in_range(Num v, const InputDef* in, const char* what) {
  constexpr long long kLimit = 1000000000000000LL;
  if (v.is_integer() && v.num() <= kLimit && v.num() >= -kLimit) return v;  // the common case, without comparing fractions
  static const Num kMax = Num(kLimit);
  if (v > kMax || v < -kMax) {
    bad(in, "input.too_large", what + std::string(" quá lớn (") + format_number(v, Lang::Vi, 2) + "; tối đa 1 triệu tỷ)",
        what + std::string(" is too large (") + format_number(v, Lang::En, 2) + "; at most 10^15)");
    return std::nullopt;
  }
  return v;
}

std::optional<Num> RuleEvaluator::to_num(const Json& j, const InputDef* in, const char* what) {
  if (auto n = json_num(j)) return in_range(*n, in, what);
  if (j.is_number()) {  // beyond what an exact number holds (1e300, 2^63)
    bad(in, "input.too_large", what + std::string(" quá lớn, không tính được (") + j.dump() + ")", what + std::string(" is too large to compute (") + j.dump() + ")");
    return std::nullopt;
  }
  if (j.is_string()) {
    ParseError e;
    if (auto p = parse_vn_number(j.get<std::string>(), &e)) {
      if (p->percent && in && in->type != InputType::Percent) {
        bad(in, "input.percent_sign", "không dùng dấu % ở ô này", "no % sign in this field");
        return std::nullopt;
      }
      return in_range(p->value, in, what);
    }
    bad(in, e.code, e.vi + " (\"" + ellipsize(j.get<std::string>(), 30) + "\")", e.en);
    return std::nullopt;
  }
  bad(in, "input.type", "cần một số, không phải " + std::string(json_type_vi(j)), std::string("a number is needed, not ") + json_type_en(j));
  return std::nullopt;
}

bool RuleEvaluator::check_count(const Num& v, const InputDef* in, const char* vi_what, const char* en_what) {
  if (v.is_negative()) {
    bad(in, "input.negative", vi_what + std::string(" không được âm (") + N(v) + ")", en_what + std::string(" must not be negative (") + N(v) + ")");
    return false;
  }
  if (!v.is_integer()) {
    bad(in, "input.not_integer", vi_what + std::string(" phải là số nguyên (") + N(v) + ")", en_what + std::string(" must be a whole number (") + N(v) + ")");
    return false;
  }
  return true;
}

// count / number / percent: the entered figure (percent as 0–100).
std::optional<Num> RuleEvaluator::read_number(const InputDef& in) {
  const Json* j = answer(in);
  if (!j) {
    absent(in);
    return std::nullopt;
  }
  auto v = to_num(*j, &in, T("Giá trị", "The value"));
  if (!v) return std::nullopt;
  switch (in.type) {
    case InputType::Count:
      if (!check_count(*v, &in, "Số lượng", "A count")) return std::nullopt;
      break;
    case InputType::Percent:
      if (v->is_negative()) {
        bad(&in, "percent.negative", "tỷ lệ không được âm (" + N(*v) + " %)", "a percentage must not be negative");
        return std::nullopt;
      }
      if (*v > Num(100) && !in.allow_over_100) {
        bad(&in, "percent.over_100", "tỷ lệ không thể vượt 100 % (" + N(*v) + " %)", "a percentage cannot exceed 100% (" + N(*v) + "%)");
        return std::nullopt;
      }
      break;
    default: {
      Num lo = in.min ? *in.min : Num(0);
      if (*v < lo) {
        bad(&in, "input.below_min", "giá trị " + N(*v) + " nhỏ hơn mức tối thiểu " + N(lo), "value " + N(*v) + " is below the minimum " + N(lo));
        return std::nullopt;
      }
      break;
    }
  }
  if (in.max && *v > *in.max && in.type != InputType::Percent) {
    bad(&in, "input.above_max", "giá trị " + N(*v) + " vượt mức tối đa " + N(*in.max), "value " + N(*v) + " is above the maximum " + N(*in.max));
    return std::nullopt;
  }
  return v;
}

// The general-information field `id` (g: Rubric::general(id)). `as_input` is the field as messages
// name it (a plan holds one per field); made here without a plan.
std::optional<Num> RuleEvaluator::general_num(std::string_view id, const GeneralInfoField* g, const InputDef* as_input) {
  if (!g) {
    invalid = true;
    msgs.push_back(error("rubric.general_missing", "Bộ tiêu chí thiếu trường thông tin chung \"" + std::string(id) + "\"",
                         "The rubric lacks general-information field \"" + std::string(id) + "\"", c_.id));
    return std::nullopt;
  }
  const Json* found = nullptr;
  if (general_slots_) {
    found = general_slots_[g - r_.general_info.data()];
  } else if (a_.general_info.is_object()) {
    auto it = a_.general_info.find(id);
    if (it != a_.general_info.end() && !it->is_null()) found = &*it;
  }
  if (!found) {
    absent("gi:" + g->id, "Thông tin chung: " + g->label, "General information: " + g->label);
    return std::nullopt;
  }
  std::optional<InputDef> pseudo;
  if (!as_input) {
    pseudo.emplace();
    pseudo->id = "gi:" + g->id;  // Message::input for a general-information field
    pseudo->label = g->label;
    pseudo->type = g->type;
    as_input = &*pseudo;
  }
  auto v = to_num(*found, as_input, T("Giá trị", "The value"));
  if (!v) return std::nullopt;
  if (v->is_negative()) {
    bad(as_input, "input.negative", "không được âm (" + N(*v) + ")", "must not be negative (" + N(*v) + ")");
    return std::nullopt;
  }
  if (g->type == InputType::Count && !v->is_integer()) {
    bad(as_input, "input.not_integer", "phải là số nguyên (" + N(*v) + ")", "must be a whole number (" + N(*v) + ")");
    return std::nullopt;
  }
  return v;
}

// A general-information field named in the rubric (`id` held in it: a value's "gi:<id>", a ratio's
// den_from), through the plan when there is one.
std::optional<Num> RuleEvaluator::general_named(const std::string& held, std::string_view id) {
  if (const auto* n = plan_ ? plan_->find(held) : nullptr) {
    if (n->general < 0) return general_num(id, nullptr, nullptr);
    auto g = static_cast<size_t>(n->general);
    return general_num(id, &r_.general_info[g], &plan_->general_inputs[g]);
  }
  return general_num(id, r_.general(id), nullptr);
}

// A name in a value expression: an input id or "gi:<id>".
std::optional<Num> RuleEvaluator::named(const std::string& name) {
  const auto* n = plan_ ? plan_->find(name) : nullptr;
  if (n ? n->gi : name.rfind("gi:", 0) == 0) return general_named(name, std::string_view(name).substr(3));
  const InputDef* in = n ? (n->input >= 0 ? &c_.inputs[static_cast<size_t>(n->input)] : nullptr) : c_.input(name);
  if (!in) {
    lacks_input(name);
    return std::nullopt;
  }
  auto v = read_number(*in);
  if (v && in->type == InputType::Percent) return *v / Num(100);
  return v;
}

std::optional<std::pair<Num, Num>> RuleEvaluator::read_ratio(const InputDef& in) {
  const Json* j = answer(in);
  std::optional<Num> num, den;
  if (j && !j->is_object()) {
    bad(&in, "ratio.type", "cần dạng {\"num\": tử số, \"den\": mẫu số}", "expected {\"num\": numerator, \"den\": denominator}");
    return std::nullopt;
  }
  // Its two parts, found in one walk of its members (in byte order: "den" before "num").
  const Json* jn = nullptr;
  const Json* jd = nullptr;
  if (j)
    for (const auto& [key, part] : j->get_ref<const Json::object_t&>()) {
      std::string_view k = key;
      if (k == "den") {
        jd = &part;
      } else if (k == "num") {
        jn = &part;
        break;
      } else if (k > "num") {
        break;
      }
    }
  // The part's label, "Tổng số hồ sơ — Mẫu số", built only when the part is missing.
  auto part = [&](const std::string& label, const char* vi, const char* en) {
    return std::make_pair(in.label + " — " + (label.empty() ? vi : label), in.label + " — " + (label.empty() ? en : label));
  };
  if (!jn || jn->is_null()) {
    auto num_part = part(in.num_label, "Tử số", "Numerator");
    absent(in.id, num_part.first, num_part.second);
  } else {
    num = to_num(*jn, &in, T("Tử số", "The numerator"));
    if (num && !check_count_or_nonneg(*num, &in, "Tử số", "The numerator")) num.reset();
  }
  if (jd && !jd->is_null()) {
    den = to_num(*jd, &in, T("Mẫu số", "The denominator"));
    if (den && !check_count_or_nonneg(*den, &in, "Mẫu số", "The denominator")) den.reset();
  } else if (!in.den_from.empty()) {
    den = general_named(in.den_from, in.den_from);
  } else {
    auto den_part = part(in.den_label, "Mẫu số", "Denominator");
    absent(in.id, den_part.first, den_part.second);
  }
  if (!num || !den) return std::nullopt;
  if (den->is_zero()) {
    bad(&in, "ratio.den_zero", "mẫu số bằng 0, không tính được tỷ lệ", "the denominator is 0; no ratio can be computed");
    return std::nullopt;
  }
  if (*num > *den && !in.allow_over_1) {
    bad(&in, "ratio.num_gt_den", "tử số (" + N(*num) + ") lớn hơn mẫu số (" + N(*den) + ")",
        "the numerator (" + N(*num) + ") is greater than the denominator (" + N(*den) + ")");
    return std::nullopt;
  }
  return std::make_pair(*num, *den);
}

bool RuleEvaluator::check_count_or_nonneg(const Num& v, const InputDef* in, const char* vi, const char* en) {
  if (v.is_negative()) {
    bad(in, "input.negative", vi + std::string(" không được âm (") + N(v) + ")", en + std::string(" must not be negative (") + N(v) + ")");
    return false;
  }
  return true;
}

std::optional<bool> RuleEvaluator::read_bool(const InputDef& in) {
  const Json* j = answer(in);
  if (!j) {
    absent(in);
    return std::nullopt;
  }
  if (!j->is_boolean()) {
    bad(&in, "input.type", "cần Có/Không (true/false), không phải " + std::string(json_type_vi(*j)),
        std::string("expected yes/no (true/false), not ") + json_type_en(*j));
    return std::nullopt;
  }
  return j->get<bool>();
}

const ChoiceOption* RuleEvaluator::read_choice(const InputDef& in) {
  const Json* j = answer(in);
  if (!j) {
    absent(in);
    return nullptr;
  }
  if (!j->is_string()) {
    bad(&in, "input.type", "cần một lựa chọn, không phải " + std::string(json_type_vi(*j)), std::string("expected an option, not ") + json_type_en(*j));
    return nullptr;
  }
  for (const auto& o : in.options)
    if (o.value == j->get_ref<const std::string&>()) return &o;
  bad(&in, "choice.unknown", "không có lựa chọn \"" + ellipsize(j->get<std::string>(), 40) + "\"",
      "no option \"" + ellipsize(j->get<std::string>(), 40) + "\"");
  return nullptr;
}

std::optional<Date> RuleEvaluator::read_date(const InputDef& in) {
  const Json* j = answer(in);
  if (!j) {
    absent(in);
    return std::nullopt;
  }
  if (!j->is_string()) {
    bad(&in, "date.type", "cần một ngày (dd/mm/yyyy)", "expected a date (dd/mm/yyyy)");
    return std::nullopt;
  }
  ParseError e;
  auto d = parse_vn_date(j->get<std::string>(), &e);
  if (!d) {
    bad(&in, e.code, e.vi + " (\"" + ellipsize(j->get<std::string>(), 20) + "\")", e.en);
    return std::nullopt;
  }
  if (in.min_date && *d < *in.min_date) {
    bad(&in, "date.before_min", "ngày " + format_date(*d) + " sớm hơn " + format_date(*in.min_date),
        "date " + format_date(*d) + " is before " + format_date(*in.min_date));
    return std::nullopt;
  }
  if (in.max_date && *in.max_date < *d) {
    bad(&in, "date.after_max", "ngày " + format_date(*d) + " muộn hơn " + format_date(*in.max_date),
        "date " + format_date(*d) + " is after " + format_date(*in.max_date));
    return std::nullopt;
  }
  return d;
}

const InputDef* RuleEvaluator::find_input(const std::string& id) const {
  if (const auto* n = plan_ ? plan_->find(id) : nullptr) return n->input >= 0 ? &c_.inputs[static_cast<size_t>(n->input)] : nullptr;
  return c_.input(id);
}

void RuleEvaluator::lacks_input(const std::string& id) {
  invalid = true;
  msgs.push_back(error("rubric.input_missing", "Bộ tiêu chí thiếu đầu vào \"" + id + "\"", "The rubric lacks input \"" + id + "\"", c_.id));
}

const InputDef* RuleEvaluator::input_of(const std::string& id) {
  const InputDef* in = find_input(id);
  if (!in) lacks_input(id);
  return in;
}


std::optional<RuleEvaluator::Value> RuleEvaluator::value(const ValueExpr& e, const std::string& label) {
  Value out;
  out.percent = e.percent;
  switch (e.kind) {
    case ValueExpr::Kind::Input: {
      const InputDef* in = input_of(e.input);
      if (!in) return std::nullopt;
      const std::string& lab = label.empty() ? in->label : label;
      if (in->type == InputType::Ratio) {
        auto rr = read_ratio(*in);
        if (!rr) return std::nullopt;
        out.v = rr->first / rr->second * e.scale;
        if (explaining()) out.text = lab + ": " + N(rr->first) + "/" + N(rr->second) + " = " + disp(out);
      } else {
        auto v = read_number(*in);
        if (!v) return std::nullopt;
        if (in->type == InputType::Percent) {
          out.v = *v / Num(100) * e.scale;
        } else {
          out.v = *v * e.scale;
          if (e.percent && in->type != InputType::Percent) out.percent = false;
        }
        if (explaining()) out.text = lab + ": " + disp(out);
      }
      break;
    }
    case ValueExpr::Kind::Ratio: {
      Num num = 0;
      Num den = 0;
      std::string nt, dt;
      bool ok = true;
      for (const auto& n : e.num) {
        auto v = named(n);
        if (!v) {
          ok = false;
          continue;
        }
        num += *v;
        if (explaining()) nt += (nt.empty() ? "" : " + ") + N(*v);
      }
      for (const auto& n : e.den) {
        auto v = named(n);
        if (!v) {
          ok = false;
          continue;
        }
        den += *v;
        if (explaining()) dt += (dt.empty() ? "" : " + ") + N(*v);
      }
      if (!ok) return std::nullopt;
      // The input to mark: the denominator's when it is one input, else the numerator's.
      auto one = [](const std::vector<std::string>& names) { return names.size() == 1 && names[0].rfind("gi:", 0) != 0 ? names[0] : std::string(); };
      auto lab = [&](const char* dflt) { return label.empty() ? std::string(dflt) : label; };  // only for a problem
      if (den.is_zero()) {
        std::string lab_vi = lab("Tỷ lệ"), lab_en = lab("Ratio");
        bad_input(one(e.den), "ratio.den_zero", lab_vi + ": mẫu số bằng 0, không tính được tỷ lệ", lab_en + ": the denominator is 0; no ratio can be computed");
        return std::nullopt;
      }
      if (num > den && !e.allow_over_1) {
        std::string lab_vi = lab("Tỷ lệ"), lab_en = lab("Ratio");
        std::string which = one(e.num).empty() ? one(e.den) : one(e.num);
        bad_input(which, "ratio.num_gt_den", lab_vi + ": tử số (" + format_number(num, Lang::Vi, 4) + ") lớn hơn mẫu số (" + format_number(den, Lang::Vi, 4) + ")",
                  lab_en + ": the numerator (" + format_number(num, Lang::En, 4) + ") is greater than the denominator (" + format_number(den, Lang::En, 4) + ")");
        return std::nullopt;
      }
      out.v = num / den * e.scale;
      if (explaining()) {
        auto wrap = [](const std::string& s, size_t terms) { return terms > 1 ? "(" + s + ")" : s; };
        std::string scale_txt = e.scale == Num(1) ? "" : " × " + N(e.scale);
        out.text = (label.empty() ? std::string(T("Tỷ lệ", "Ratio")) : label) + ": " + wrap(nt, e.num.size()) + "/" +
                   wrap(dt, e.den.size()) + scale_txt + " = " + disp(out);
      }
      break;
    }
    case ValueExpr::Kind::Sum: {
      Num sum = 0;
      std::string t;
      bool ok = true;
      for (const auto& n : e.terms) {
        auto v = named(n);
        if (!v) {
          ok = false;
          continue;
        }
        sum += *v;
        if (explaining()) t += (t.empty() ? "" : " + ") + N(*v);
      }
      if (!ok) return std::nullopt;
      out.v = sum * e.scale;
      if (explaining()) out.text = (label.empty() ? std::string(T("Tổng", "Sum")) : label) + ": " + t + " = " + disp(out);
      break;
    }
  }
  if (!first_value) first_value = out.v;
  return out;
}

}  // namespace cds
