#include "cds/rules/score.hpp"

#include <algorithm>
#include <set>

#include "cds/base/strbuf.hpp"
#include "cds/base/text.hpp"

// Explanation lines are built only when asked for (ScoreOptions::explain): formatting numbers is
// most of the cost of scoring.
#define CDS_LINE(...)                                   \
  do {                                                  \
    if (explaining()) lines.push_back(__VA_ARGS__);     \
  } while (0)

namespace cds {

const char* status_name(Status s) {
  switch (s) {
    case Status::Answered: return "answered";
    case Status::Unanswered: return "unanswered";
    case Status::Invalid: return "invalid";
    case Status::Pending: return "pending";
  }
  return "?";
}

const char* status_label(Status s, Lang l) {
  bool vi = l == Lang::Vi;
  switch (s) {
    case Status::Answered: return vi ? "Đã nhập" : "Answered";
    case Status::Unanswered: return vi ? "Chưa nhập" : "Unanswered";
    case Status::Invalid: return vi ? "Số liệu sai" : "Invalid";
    case Status::Pending: return vi ? "Chờ tổng hợp" : "Pending";
  }
  return "?";
}

std::string fmt_points(const Num& v, Lang lang, int decimals) { return format_number(v, lang, decimals, true); }

const CriterionScore* ScoreSheet::find(const std::string& id) const {
  for (const auto& c : criteria)
    if (c.id == id) return &c;
  return nullptr;
}

namespace {

const char* op_symbol(CompareOp op) {
  switch (op) {
    case CompareOp::Ge: return "≥";
    case CompareOp::Gt: return ">";
    case CompareOp::Eq: return "=";
    case CompareOp::Le: return "≤";
    case CompareOp::Lt: return "<";
  }
  return "?";
}

const char* op_negation(CompareOp op) {
  switch (op) {
    case CompareOp::Ge: return "<";
    case CompareOp::Gt: return "≤";
    case CompareOp::Eq: return "≠";
    case CompareOp::Le: return ">";
    case CompareOp::Lt: return "≥";
  }
  return "?";
}

bool compare(const Num& v, CompareOp op, const Num& t) {
  int c = v.compare(t);
  switch (op) {
    case CompareOp::Ge: return c >= 0;
    case CompareOp::Gt: return c > 0;
    case CompareOp::Eq: return c == 0;
    case CompareOp::Le: return c <= 0;
    case CompareOp::Lt: return c < 0;
  }
  return false;
}

struct Value {
  Num v;
  bool percent = true;
  std::string text;  // how it was obtained, e.g. "45/50 = 90 %"
};

class Evaluator {
 public:
  Evaluator(const Rubric& r, const Criterion& c, const Answers& a, const ScoreOptions& o)
      : r_(r), c_(c), a_(a), o_(o), lang_(o.lang) {}

  std::optional<Num> run(const Rule& rule);

  bool missing = false;
  bool invalid = false;
  bool pending = false;
  Messages msgs;
  std::vector<std::string> lines;
  std::vector<std::string> missing_labels;
  std::optional<Num> first_value;

 private:
  const char* T(const char* vi, const char* en) const { return lang_ == Lang::Vi ? vi : en; }
  std::string N(const Num& v, int decimals = 4) const { return format_number(v, lang_, decimals, true); }
  std::string P(const Num& v) const { return fmt_points(v, lang_, std::max(2, r_.decimals)); }
  std::string pct(const Num& fraction) const { return format_percent(fraction, lang_, 2); }
  std::string disp(const Value& v) const { return v.percent ? pct(v.v) : N(v.v); }
  // A value in the units people read (90 for 90 %), for "90/95 × 4".
  std::string bare(const Num& v, bool percent) const { return percent ? N(v * Num(100), 2) : N(v); }
  std::string q(const std::string& s) const { return lang_ == Lang::Vi ? "«" + s + "»" : "\"" + s + "\""; }

  bool explaining() const { return o_.explain; }
  void bad(const InputDef* in, const std::string& code, const std::string& vi, const std::string& en) {
    invalid = true;
    std::string who = in ? q(in->label) + ": " : std::string();
    std::string who_en = in ? "\"" + in->label + "\": " : std::string();
    msgs.push_back(error(code, who + vi, who_en + en, c_.id));
  }
  void absent(const std::string& label) {
    missing = true;
    if (std::find(missing_labels.begin(), missing_labels.end(), label) == missing_labels.end()) missing_labels.push_back(label);
  }

  // Number from a JSON value: numbers, or text written the Vietnamese way.
  // Figures above 10^15 (a million billion) are refused: no count, amount or percentage in these
  // forms comes near it, and exact arithmetic on them could overflow (docs/limits.md).
  std::optional<Num> in_range(Num v, const InputDef* in, const std::string& what) {
    static const Num kMax = Num(1000000000000000LL);
    if (v > kMax || v < -kMax) {
      bad(in, "input.too_large", what + " quá lớn (" + format_number(v, Lang::Vi, 2) + "; tối đa 1 triệu tỷ)",
          what + " is too large (" + format_number(v, Lang::En, 2) + "; at most 10^15)");
      return std::nullopt;
    }
    return v;
  }

  std::optional<Num> to_num(const Json& j, const InputDef* in, const std::string& what) {
    if (auto n = json_num(j)) return in_range(*n, in, what);
    if (j.is_number()) {  // beyond what an exact number holds (1e300, 2^63)
      bad(in, "input.too_large", what + " quá lớn, không tính được (" + j.dump() + ")", what + " is too large to compute (" + j.dump() + ")");
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

  bool check_count(const Num& v, const InputDef* in, const std::string& vi_what, const std::string& en_what) {
    if (v.is_negative()) {
      bad(in, "input.negative", vi_what + " không được âm (" + N(v) + ")", en_what + " must not be negative (" + N(v) + ")");
      return false;
    }
    if (!v.is_integer()) {
      bad(in, "input.not_integer", vi_what + " phải là số nguyên (" + N(v) + ")", en_what + " must be a whole number (" + N(v) + ")");
      return false;
    }
    return true;
  }

  // count / number / percent: the entered figure (percent as 0–100).
  std::optional<Num> read_number(const InputDef& in) {
    const Json* j = a_.value(c_.id, in.id);
    if (!j) {
      absent(in.label);
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

  std::optional<Num> general_num(const std::string& id) {
    const GeneralInfoField* g = r_.general(id);
    if (!g) {
      invalid = true;
      msgs.push_back(error("rubric.general_missing", "Bộ tiêu chí thiếu trường thông tin chung \"" + id + "\"",
                           "The rubric lacks general-information field \"" + id + "\"", c_.id));
      return std::nullopt;
    }
    auto it = a_.general_info.is_object() ? a_.general_info.find(id) : a_.general_info.end();
    if (!a_.general_info.is_object() || it == a_.general_info.end() || it->is_null()) {
      absent(std::string(T("Thông tin chung: ", "General information: ")) + g->label);
      return std::nullopt;
    }
    InputDef pseudo;
    pseudo.id = g->id;
    pseudo.label = g->label;
    pseudo.type = g->type;
    auto v = to_num(*it, &pseudo, T("Giá trị", "The value"));
    if (!v) return std::nullopt;
    if (v->is_negative()) {
      bad(&pseudo, "input.negative", "không được âm (" + N(*v) + ")", "must not be negative (" + N(*v) + ")");
      return std::nullopt;
    }
    if (g->type == InputType::Count && !v->is_integer()) {
      bad(&pseudo, "input.not_integer", "phải là số nguyên (" + N(*v) + ")", "must be a whole number (" + N(*v) + ")");
      return std::nullopt;
    }
    return v;
  }

  // A name in a value expression: an input id or "gi:<id>".
  std::optional<Num> named(const std::string& name) {
    if (name.rfind("gi:", 0) == 0) return general_num(name.substr(3));
    const InputDef* in = input_of(name);
    if (!in) return std::nullopt;
    auto v = read_number(*in);
    if (v && in->type == InputType::Percent) return *v / Num(100);
    return v;
  }

  std::optional<std::pair<Num, Num>> read_ratio(const InputDef& in) {
    const Json* j = a_.value(c_.id, in.id);
    std::optional<Num> num, den;
    if (j && !j->is_object()) {
      bad(&in, "ratio.type", "cần dạng {\"num\": tử số, \"den\": mẫu số}", "expected {\"num\": numerator, \"den\": denominator}");
      return std::nullopt;
    }
    const Json* jn = j ? field(*j, "num") : nullptr;
    const Json* jd = j ? field(*j, "den") : nullptr;
    std::string num_label = in.num_label.empty() ? T("Tử số", "Numerator") : in.num_label;
    std::string den_label = in.den_label.empty() ? T("Mẫu số", "Denominator") : in.den_label;
    if (!jn || jn->is_null()) {
      absent(in.label + " — " + num_label);
    } else {
      num = to_num(*jn, &in, T("Tử số", "The numerator"));
      if (num && !check_count_or_nonneg(*num, &in, "Tử số", "The numerator")) num.reset();
    }
    if (jd && !jd->is_null()) {
      den = to_num(*jd, &in, T("Mẫu số", "The denominator"));
      if (den && !check_count_or_nonneg(*den, &in, "Mẫu số", "The denominator")) den.reset();
    } else if (!in.den_from.empty()) {
      den = general_num(in.den_from);
    } else {
      absent(in.label + " — " + den_label);
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

  bool check_count_or_nonneg(const Num& v, const InputDef* in, const std::string& vi, const std::string& en) {
    if (v.is_negative()) {
      bad(in, "input.negative", vi + " không được âm (" + N(v) + ")", en + " must not be negative (" + N(v) + ")");
      return false;
    }
    return true;
  }

  std::optional<bool> read_bool(const InputDef& in) {
    const Json* j = a_.value(c_.id, in.id);
    if (!j) {
      absent(in.label);
      return std::nullopt;
    }
    if (!j->is_boolean()) {
      bad(&in, "input.type", "cần Có/Không (true/false), không phải " + std::string(json_type_vi(*j)),
          std::string("expected yes/no (true/false), not ") + json_type_en(*j));
      return std::nullopt;
    }
    return j->get<bool>();
  }

  const ChoiceOption* read_choice(const InputDef& in) {
    const Json* j = a_.value(c_.id, in.id);
    if (!j) {
      absent(in.label);
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

  std::optional<Date> read_date(const InputDef& in) {
    const Json* j = a_.value(c_.id, in.id);
    if (!j) {
      absent(in.label);
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

  const InputDef* input_of(const std::string& id) {
    const InputDef* in = c_.input(id);
    if (!in) {
      invalid = true;
      msgs.push_back(error("rubric.input_missing", "Bộ tiêu chí thiếu đầu vào \"" + id + "\"", "The rubric lacks input \"" + id + "\"", c_.id));
    }
    return in;
  }

  std::optional<Value> value(const ValueExpr& e, const std::string& label);
  std::string band_text(const Band& b, bool percent) const;

  const Rubric& r_;
  const Criterion& c_;
  const Answers& a_;
  const ScoreOptions& o_;
  Lang lang_;
};

std::string Evaluator::band_text(const Band& b, bool percent) const {
  if (!b.label.empty()) return b.label;
  auto v = [&](const Num& n) { return percent ? pct(n) : N(n); };
  std::string s;
  if (b.min) s += (b.min_inclusive ? T("từ ", "from ") : T("trên ", "above ")) + v(*b.min);
  if (b.max) {
    if (!s.empty()) s += T(" đến ", " to ");
    s += (b.max_inclusive ? (b.min ? "" : T("đến ", "up to ")) : T("dưới ", "below ")) + v(*b.max);
  } else if (b.min && b.min_inclusive) {
    s = v(*b.min) + T(" trở lên", " or more");
  }
  return s.empty() ? T("mọi giá trị", "any value") : s;
}

std::optional<Value> Evaluator::value(const ValueExpr& e, const std::string& label) {
  Value out;
  out.percent = e.percent;
  switch (e.kind) {
    case ValueExpr::Kind::Input: {
      const InputDef* in = input_of(e.input);
      if (!in) return std::nullopt;
      std::string lab = label.empty() ? in->label : label;
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
      if (den.is_zero()) {
        bad(nullptr, "ratio.den_zero", (label.empty() ? std::string(T("Tỷ lệ", "Ratio")) : label) + T(": mẫu số bằng 0, không tính được tỷ lệ", ""),
            "the denominator is 0; no ratio can be computed");
        return std::nullopt;
      }
      if (num > den && !e.allow_over_1) {
        bad(nullptr, "ratio.num_gt_den",
            (label.empty() ? std::string(T("Tỷ lệ", "Ratio")) : label) + ": tử số (" + N(num) + ") lớn hơn mẫu số (" + N(den) + ")",
            "the numerator (" + N(num) + ") is greater than the denominator (" + N(den) + ")");
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

std::optional<Num> Evaluator::run(const Rule& rule) {
  const std::string lab = rule.label;
  switch (rule.kind) {
    case RuleKind::Const:
      CDS_LINE((lab.empty() ? std::string(T("Điểm", "Points")) : lab) + ": " + P(rule.points));
      return rule.points;

    case RuleKind::YesNo: {
      const InputDef* in = input_of(rule.input);
      if (!in) return std::nullopt;
      auto b = read_bool(*in);
      if (!b) return std::nullopt;
      Num pts = *b ? rule.yes : rule.no;
      CDS_LINE((lab.empty() ? in->label : lab) + ": " + (*b ? T("Có", "Yes") : T("Không", "No")) + " → " + P(pts));
      return pts;
    }

    case RuleKind::Choice: {
      const InputDef* in = input_of(rule.input);
      if (!in) return std::nullopt;
      const ChoiceOption* o = read_choice(*in);
      if (!o) return std::nullopt;
      for (const auto& [k, v] : rule.choice_points) {
        if (k == o->value) {
          CDS_LINE(q(o->label) + " → " + P(v));
          return v;
        }
      }
      bad(in, "choice.no_points", "lựa chọn chưa có điểm trong bộ tiêu chí", "the option has no points in the rubric");
      return std::nullopt;
    }

    case RuleKind::Linear: {
      auto v = value(rule.value, lab);
      if (!v) return std::nullopt;
      CDS_LINE(v->text);
      if (rule.cap && v->v >= rule.target) {
        CDS_LINE(disp(*v) + " ≥ " + (v->percent ? pct(rule.target) : N(rule.target)) + " → " + P(rule.points));
        return rule.points;
      }
      Num res = v->v / rule.target * rule.points;
      if (rule.target == Num(1)) {
        CDS_LINE(disp(*v) + " × " + P(rule.points) + " = " + P(res));
      } else {
        CDS_LINE(bare(v->v, v->percent) + "/" + bare(rule.target, v->percent) + " × " + P(rule.points) + " = " + P(res));
      }
      return res;
    }

    case RuleKind::Threshold: {
      auto v = value(rule.value, lab);
      if (!v) return std::nullopt;
      CDS_LINE(v->text);
      std::string t = v->percent ? pct(rule.target) : N(rule.target);
      if (compare(v->v, rule.op, rule.target)) {
        CDS_LINE(disp(*v) + " " + op_symbol(rule.op) + " " + t + T(": đạt", ": met") + " → " + P(rule.points));
        return rule.points;
      }
      CDS_LINE(disp(*v) + " " + op_negation(rule.op) + " " + t + T(": không đạt", ": not met") + " → " + P(rule.else_points));
      return rule.else_points;
    }

    case RuleKind::Tiers: {
      auto v = value(rule.value, lab);
      if (!v) return std::nullopt;
      CDS_LINE(v->text);
      for (const auto& b : rule.bands) {
        if (!b.contains(v->v)) continue;
        std::string head = disp(*v) + T(" thuộc mức ", " is in the band ") + q(band_text(b, v->percent));
        if (!b.rule.empty()) {
          CDS_LINE(head + ":");
          return run(b.rule[0]);
        }
        CDS_LINE(head + " → " + P(*b.points));
        return *b.points;
      }
      if (rule.uncovered_zero) {
        CDS_LINE(disp(*v) + T(" không thuộc mức nào văn bản quy định (xem ghi chú) → 0",
                          " is in none of the printed bands (see the notes) → 0"));
        msgs.push_back(warning("tiers.uncovered",
                               "Giá trị " + disp(*v) + " không thuộc mức nào văn bản quy định; tính 0 điểm (xem ghi chú)",
                               "The value " + disp(*v) + " is in none of the printed bands; scored 0 (see the notes)", c_.id));
        return Num(0);
      }
      bad(nullptr, "tiers.outside", "giá trị " + disp(*v) + " nằm ngoài các mức của văn bản", "the value " + disp(*v) + " is outside the printed bands");
      return std::nullopt;
    }

    case RuleKind::MonthsLate: {
      if (!rule.done_input.empty()) {
        const InputDef* din = input_of(rule.done_input);
        if (!din) return std::nullopt;
        auto done = read_bool(*din);
        if (!done) return std::nullopt;
        if (!*done) {
          CDS_LINE(din->label + ": " + T("Không", "No") + " → 0");
          return Num(0);
        }
      }
      const InputDef* date_in = input_of(rule.date_input);
      if (!date_in) return std::nullopt;
      auto d = read_date(*date_in);
      std::optional<Date> deadline = rule.deadline_date;
      const InputDef* dl_in = nullptr;
      if (!rule.deadline_input.empty()) {
        dl_in = input_of(rule.deadline_input);
        if (!dl_in) return std::nullopt;
        deadline = read_date(*dl_in);
      }
      if (!d || !deadline) return std::nullopt;
      int n = rule.count_started ? started_months_between(*deadline, *d) : full_months_between(*deadline, *d);
      std::string head = !explaining() ? std::string() : date_in->label + ": " + format_date(*d) + "; " + (dl_in ? dl_in->label : std::string(T("hạn", "deadline"))) +
                         ": " + format_date(*deadline);
      if (n == 0) {
        CDS_LINE(head + (*deadline < *d ? T(" — trễ chưa đủ 1 tháng → ", " — late by less than a month → ")
                                    : T(" — đúng hạn → ", " — on time → ")) +
             P(rule.points));
        return rule.points;
      }
      int counted = (rule.max_months >= 0 && n > rule.max_months) ? rule.max_months : n;
      Num res = rule.points - rule.per_month * Num(counted);
      std::string late = std::string(T(" — trễ ", " — late ")) + std::to_string(n) + T(" tháng", " month(s)");
      if (counted != n) late += std::string(T(" (tính tối đa ", " (counted at most ")) + std::to_string(counted) + ")";
      CDS_LINE(head + late + " → " + P(rule.points) + " − " + std::to_string(counted) + " × " + P(rule.per_month) + " = " + P(res));
      return res;
    }

    case RuleKind::FrequencyDeduction: {
      const InputDef* in = input_of(rule.input);
      if (!in) return std::nullopt;
      const Json* j = a_.value(c_.id, in->id);
      if (!j) {
        absent(in->label);
        return std::nullopt;
      }
      if (!j->is_object()) {
        bad(in, "frequency.type", "cần số lần theo từng tần suất {\"monthly\": n, …}", "expected counts per frequency {\"monthly\": n, …}");
        return std::nullopt;
      }
      static const std::pair<const char*, std::pair<const char*, const char*>> kNames[] = {
          {"monthly", {"tháng", "monthly"}},
          {"quarterly", {"quý", "quarterly"}},
          {"semiannual", {"6 tháng", "half-yearly"}},
          {"annual", {"năm", "annual"}}};
      Num share = 0;
      std::string parts;
      for (const auto& [key, rate] : rule.rates) {
        const Json* cj = field(*j, key.c_str());
        Num count = 0;
        if (cj && !cj->is_null()) {
          auto v = to_num(*cj, in, T("Số lần", "The count"));
          if (!v) return std::nullopt;
          if (!check_count(*v, in, "Số lần", "A count")) return std::nullopt;
          count = *v;
        }
        if (count.is_zero()) continue;
        share += count * rate;
        std::string fname = key;
        for (const auto& [k, nm] : kNames)
          if (key == k) fname = lang_ == Lang::Vi ? nm.first : nm.second;
        parts += (parts.empty() ? "" : " + ") + (explaining() ? N(count) + " (" + fname + ") × " + pct(rate) : std::string("·"));
      }
      if (parts.empty()) {
        CDS_LINE(in->label + ": " + T("không có lần nào → ", "none → ") + P(rule.points));
        return rule.points;
      }
      Num res = rule.points - share * rule.points;
      CDS_LINE(in->label + ": " + parts + " = " + pct(share) + T(" số điểm", " of the points"));
      CDS_LINE(P(rule.points) + " − " + pct(share) + " × " + P(rule.points) + " = " + P(res));
      return res;
    }

    case RuleKind::RelativeToBest: {
      auto v = value(rule.value, lab);
      if (!v) return std::nullopt;
      CDS_LINE(v->text);
      std::optional<Num> best;
      auto ov = o_.best_override.find(c_.id);
      bool from_aggregate = false;
      if (ov != o_.best_override.end()) {
        best = ov->second;
        from_aggregate = true;
      } else {
        const InputDef* bin = c_.input(rule.best_input);
        if (bin && a_.value(c_.id, bin->id)) {
          auto b = read_number(*bin);
          if (!b) return std::nullopt;
          best = v->percent ? *b / Num(100) : *b;
        }
      }
      if (!best) {
        pending = true;
        CDS_LINE(T("Chờ giá trị cao nhất của các đơn vị: bên nhận sẽ tính khi tổng hợp",
               "Waiting for the best unit's value: the receiving office finalises it when aggregating"));
        return std::nullopt;
      }
      std::string bt = !explaining() ? std::string() : std::string(from_aggregate ? T("cao nhất (tổng hợp)", "best (aggregated)") : T("cao nhất", "best")) + " " +
                       (v->percent ? pct(*best) : N(*best));
      if (v->v >= *best) {
        CDS_LINE(disp(*v) + " ≥ " + bt + " → " + P(rule.points));
        return rule.points;
      }
      if (best->sign() <= 0) {
        CDS_LINE(bt + " → 0");
        return Num(0);
      }
      Num res = v->v / *best * rule.points;
      CDS_LINE(bare(v->v, v->percent) + "/" + bare(*best, v->percent) + " × " + P(rule.points) + " = " + P(res) + " (" + bt + ")");
      return res;
    }

    case RuleKind::Sum: {
      Num sum = 0;
      std::string terms;
      bool ok = true;
      for (const auto& ch : rule.children) {
        auto v = run(ch);
        if (!v) {
          ok = false;
          continue;
        }
        sum += *v;
        if (explaining()) terms += (terms.empty() ? "" : " + ") + P(*v);
      }
      if (!ok) return std::nullopt;
      if (rule.children.size() > 1) CDS_LINE(std::string(T("Cộng: ", "Total: ")) + terms + " = " + P(sum));
      return sum;
    }

    case RuleKind::If: {
      const InputDef* in = input_of(rule.input);
      if (!in || rule.children.size() != 2) return std::nullopt;
      bool take_then = false;
      if (in->type == InputType::YesNo) {
        auto b = read_bool(*in);
        if (!b) return std::nullopt;
        take_then = rule.cond_equals.is_boolean() && *b == rule.cond_equals.get<bool>();
        CDS_LINE(in->label + ": " + (*b ? T("Có", "Yes") : T("Không", "No")));
      } else {
        const ChoiceOption* o = read_choice(*in);
        if (!o) return std::nullopt;
        take_then = rule.cond_equals.is_string() && o->value == rule.cond_equals.get<std::string>();
        CDS_LINE(in->label + ": " + q(o->label));
      }
      return run(rule.children[take_then ? 0 : 1]);
    }

    case RuleKind::Cap: {
      if (rule.children.empty()) return std::nullopt;
      auto v = run(rule.children[0]);
      if (!v) return std::nullopt;
      if (*v > rule.bound) {
        CDS_LINE(P(*v) + T(" vượt mức trần ", " exceeds the ceiling ") + P(rule.bound) + " → " + P(rule.bound));
        return rule.bound;
      }
      return v;
    }

    case RuleKind::Floor: {
      if (rule.children.empty()) return std::nullopt;
      auto v = run(rule.children[0]);
      if (!v) return std::nullopt;
      if (*v < rule.bound) {
        CDS_LINE(P(*v) + T(" thấp hơn mức sàn ", " is below the floor ") + P(rule.bound) + " → " + P(rule.bound));
        return rule.bound;
      }
      return v;
    }

    case RuleKind::SelfScore: {
      const InputDef* in = input_of(rule.input);
      if (!in) return std::nullopt;
      auto v = read_number(*in);
      if (!v) return std::nullopt;
      if (*v > rule.points) {
        bad(in, "self_score.above", "điểm tự chấm " + P(*v) + " vượt mức tối đa " + P(rule.points),
            "the self-assessed score " + P(*v) + " is above the maximum " + P(rule.points));
        return std::nullopt;
      }
      CDS_LINE(std::string(T("Điểm đơn vị tự chấm", "Self-assessed score")) + ": " + P(*v));
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace

CriterionScore score_criterion(const Rubric& r, size_t index, const Answers& a, const ScoreOptions& opt) {
  const Criterion& c = r.criteria[index];
  CriterionScore out;
  out.index = index;
  out.id = c.id;
  out.code = c.code;
  out.max = c.max;
  Evaluator ev(r, c, a, opt);
  std::optional<Num> raw;
  try {
    raw = ev.run(c.rule);
  } catch (const NumOverflow&) {
    ev.invalid = true;
    ev.msgs.push_back(error("number.overflow", "Số liệu quá lớn, không tính được", "Figures too large to compute", c.id));
  } catch (const std::domain_error&) {
    ev.invalid = true;
    ev.msgs.push_back(error("number.division", "Phép chia cho 0", "Division by zero", c.id));
  }
  out.messages = std::move(ev.msgs);
  out.explanation = std::move(ev.lines);
  out.value = ev.first_value;
  bool vi = opt.lang == Lang::Vi;
  if (ev.invalid) {
    out.status = Status::Invalid;
  } else if (ev.missing) {
    out.status = Status::Unanswered;
  } else if (ev.pending || !raw) {
    out.status = ev.pending ? Status::Pending : Status::Invalid;
  } else {
    out.status = Status::Answered;
  }
  if (out.status != Status::Answered) {
    out.score = 0;
    out.raw = 0;
    std::string miss;  // "Số hồ sơ; Tổng số hồ sơ"
    for (const auto& m : ev.missing_labels) miss += (miss.empty() ? "" : "; ") + m;
    if (opt.explain) {
      if (out.status == Status::Unanswered) {
        out.explanation.push_back(std::string(vi ? "Chưa nhập: " : "Not entered: ") + miss + " → 0");
      } else if (out.status == Status::Invalid) {
        out.explanation.push_back(vi ? "Số liệu không hợp lệ (xem thông báo) → 0" : "Invalid figures (see the messages) → 0");
      } else {
        out.explanation.push_back(vi ? "Tạm tính 0 điểm cho đến khi tổng hợp" : "Counted as 0 until aggregation");
      }
    }
    if (out.status == Status::Unanswered) {
      out.messages.push_back(Message{Severity::Info, "input.missing", "Chưa nhập: " + miss, "Not entered: " + miss, c.id});
    }
    return out;
  }
  out.raw = *raw;
  Num lo = c.max.sign() < 0 ? c.max : Num(0);
  Num hi = c.max.sign() < 0 ? Num(0) : c.max;
  Num v = *raw;
  if (v < lo || v > hi) {
    out.clamped = true;
    Num clamped = v < lo ? lo : hi;
    if (opt.explain) {
      std::string range = fmt_points(lo, opt.lang, 2) + "; " + fmt_points(hi, opt.lang, 2);
      out.explanation.push_back(std::string(vi ? "Kết quả " : "Result ") + fmt_points(v, opt.lang, std::max(2, r.decimals)) +
                                (vi ? " nằm ngoài khoảng [" : " is outside [") + range + "] → " +
                                fmt_points(clamped, opt.lang, r.decimals));
    }
    v = clamped;
  }
  out.score = v.round(r.decimals, r.round_mode);
  return out;
}

ScoreSheet score(const Rubric& r, const Answers& a, const ScoreOptions& opt) {
  ScoreSheet s;
  s.rubric_id = r.id;
  s.rubric_version = r.version;
  s.scale = r.scale;
  s.messages = check_answers_fit(r, a);
  s.criteria.reserve(r.criteria.size());
  for (size_t i = 0; i < r.criteria.size(); ++i) {
    CriterionScore cs = score_criterion(r, i, a, opt);
    const Criterion& c = r.criteria[i];
    switch (c.category) {
      case Category::Regular: s.regular += cs.score; break;
      case Category::Bonus: s.bonus += cs.score; break;
      case Category::Penalty: s.penalty += cs.score; break;
    }
    ++s.items;
    if (cs.status == Status::Answered) ++s.answered;
    if (cs.status == Status::Invalid) ++s.problems;
    if (cs.status == Status::Pending) ++s.pending;
    s.criteria.push_back(std::move(cs));
  }
  s.total = s.regular + s.bonus + s.penalty;
  // Sections: sums over their subtree.
  struct Walk {
    const Rubric& r;
    ScoreSheet& s;
    void go(const Section& sec, int depth) {
      size_t at = s.sections.size();
      s.sections.push_back(SectionScore{sec.id, sec.code, sec.title, depth, Num(0), Num(0), sec.bonus_penalty, 0, 0});
      Num sum = 0;
      Num declared_sum = 0;
      int answered = 0;
      int items = 0;
      for (size_t i : sec.criteria) {
        const auto& cs = s.criteria[i];
        sum += cs.score;
        if (r.criteria[i].category == Category::Regular) declared_sum += r.criteria[i].max;
        ++items;
        if (cs.status == Status::Answered) ++answered;
      }
      for (const auto& sub : sec.sections) {
        size_t child = s.sections.size();
        go(sub, depth + 1);
        sum += s.sections[child].score;
        if (!s.sections[child].bonus_penalty) declared_sum += s.sections[child].max;
        answered += s.sections[child].answered;
        items += s.sections[child].items;
      }
      SectionScore& me = s.sections[at];
      me.score = sum;
      me.max = sec.max ? *sec.max : declared_sum;
      me.answered = answered;
      me.items = items;
    }
  };
  Walk w{r, s};
  for (const auto& sec : r.sections) w.go(sec, 0);
  return s;
}

namespace {

Json messages_json(const Messages& ms) {
  Json arr = Json::array();
  for (const auto& m : ms)
    arr.push_back({{"severity", m.severity == Severity::Error ? "error" : (m.severity == Severity::Warning ? "warning" : "info")},
                   {"code", m.code},
                   {"vi", m.vi},
                   {"en", m.en}});
  return arr;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l;
  return s;
}

}  // namespace

Json score_to_json(const ScoreSheet& s, const Rubric& r) {
  Json j = Json::object();
  j["rubric"] = s.rubric_id;
  j["version"] = s.rubric_version;
  j["total"] = num_to_json(s.total);
  j["max"] = num_to_json(s.scale);
  j["regular"] = num_to_json(s.regular);
  j["bonus"] = num_to_json(s.bonus);
  j["penalty"] = num_to_json(s.penalty);
  j["answered"] = s.answered;
  j["items"] = s.items;
  j["problems"] = s.problems;
  j["pending"] = s.pending;
  Json secs = Json::array();
  for (const auto& sec : s.sections)
    secs.push_back({{"id", sec.id},
                    {"code", sec.code},
                    {"title", sec.title},
                    {"score", num_to_json(sec.score)},
                    {"max", num_to_json(sec.max)},
                    {"answered", sec.answered},
                    {"items", sec.items}});
  j["sections"] = secs;
  Json crit = Json::array();
  for (const auto& c : s.criteria) {
    Json e = {{"id", c.id},
              {"code", c.code},
              {"score", num_to_json(c.score)},
              {"max", num_to_json(c.max)},
              {"status", status_name(c.status)},
              {"explanation", joined(c.explanation)},
              {"official_text", r.criteria[c.index].scoring_text},
              {"messages", messages_json(c.messages)}};
    if (c.value) e["value"] = num_to_json(c.value->round(6, RoundMode::HalfUp));
    if (c.clamped) e["clamped"] = true;
    crit.push_back(std::move(e));
  }
  j["criteria"] = crit;
  if (!s.messages.empty()) j["messages"] = messages_json(s.messages);
  return j;
}

std::string score_to_table(const ScoreSheet& s, const Rubric& r, Lang lang) {
  bool vi = lang == Lang::Vi;
  StrBuf o;
  auto pts = [&](const Num& n) { return fmt_points(n, lang, r.decimals); };
  o << r.title << "\n";
  if (!r.subtitle.empty()) o << r.subtitle << "\n";
  o << (vi ? "Bộ tiêu chí: " : "Rubric: ") << r.id << " (" << (vi ? "phiên bản " : "version ") << r.version << ")\n\n";
  o << (vi ? "TT       | Điểm      | Tối đa | Trạng thái   | Nội dung\n" : "No.      | Score     | Max    | Status       | Criterion\n");
  o << "---------+-----------+--------+--------------+----------------------------------------\n";
  auto pad = [](std::string str, size_t w) {
    size_t len = utf8_length(str);
    if (len < w) str.append(w - len, ' ');
    return str;
  };
  std::vector<std::pair<const Section*, int>> flat = r.flat_sections();
  size_t si = 0;
  for (const auto& [sec, depth] : flat) {
    const SectionScore& ss = s.sections[si++];
    o << pad(std::string(static_cast<size_t>(depth) * 2, ' ') + (sec->code.empty() ? sec->id : sec->code), 9) << "| "
      << pad(pts(ss.score), 10) << "| " << pad(ss.bonus_penalty ? "" : pts(ss.max), 7) << "| " << pad("", 13) << "| "
      << ellipsize(sec->title, 60) << "\n";
    for (size_t i : sec->criteria) {
      const CriterionScore& cs = s.criteria[i];
      const Criterion& c = r.criteria[i];
      o << pad(std::string(static_cast<size_t>(depth) * 2 + 2, ' ') + c.code, 9) << "| " << pad(pts(cs.score), 10) << "| "
        << pad(pts(c.max), 7) << "| " << pad(status_label(cs.status, lang), 13) << "| " << ellipsize(c.title, 60) << "\n";
      for (const auto& l : cs.explanation) o << "         |           |        |              |   " << l << "\n";
      for (const auto& m : cs.messages)
        if (m.severity != Severity::Info) o << "         |           |        |              |   ! " << (vi ? m.vi : m.en) << "\n";
    }
  }
  o << "\n" << (vi ? "Tổng điểm: " : "Total: ") << pts(s.total) << " / " << pts(s.scale);
  if (!s.bonus.is_zero() || !s.penalty.is_zero())
    o << (vi ? " (trong đó điểm thưởng " : " (bonus ") << pts(s.bonus) << (vi ? ", điểm trừ " : ", penalty ") << pts(s.penalty) << ")";
  o << "\n" << (vi ? "Đã nhập: " : "Answered: ") << s.answered << "/" << s.items;
  if (s.problems) o << (vi ? "; số liệu sai: " : "; invalid: ") << s.problems;
  if (s.pending) o << (vi ? "; chờ tổng hợp: " : "; pending: ") << s.pending;
  o << "\n";
  for (const auto& m : s.messages) o << "! " << (vi ? m.text_vi() : m.en) << "\n";
  return o.str();
}

}  // namespace cds
