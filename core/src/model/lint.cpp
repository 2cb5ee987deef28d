// Meaning checks for a loaded rubric. See docs/rubric-format.md, "Lint".
#include <algorithm>
#include <set>

#include "cds/model/rubric.hpp"
#include "cds/base/vnformat.hpp"

namespace cds {
namespace {

std::string fmt(const Num& n) { return format_number(n, Lang::Vi, 4, false); }
std::string fmt_en(const Num& n) { return format_number(n, Lang::En, 4, false); }

bool numeric(InputType t) {
  return t == InputType::Count || t == InputType::Number || t == InputType::Percent;
}

// Upper bound of a value expression, nullopt = unbounded.
std::optional<Num> value_max(const ValueExpr& v, const Criterion& c) {
  switch (v.kind) {
    case ValueExpr::Kind::Input: {
      const InputDef* in = c.input(v.input);
      if (!in) return std::nullopt;
      if (in->type == InputType::Percent) {
        if (in->allow_over_100) return std::nullopt;
        return Num(1) * v.scale;
      }
      if (in->type == InputType::Ratio) {
        if (in->allow_over_1) return std::nullopt;
        return Num(1) * v.scale;
      }
      if (in->max) return *in->max * v.scale;
      return std::nullopt;
    }
    case ValueExpr::Kind::Ratio:
      if (v.allow_over_1) return std::nullopt;
      return Num(1) * v.scale;  // numerator ≤ denominator is checked when scoring
    case ValueExpr::Kind::Sum:
      return std::nullopt;
  }
  return std::nullopt;
}

struct Linter {
  const Rubric& r;
  Messages out;

  void err(const std::string& where, const std::string& code, const std::string& vi, const std::string& en) {
    out.push_back(error(code, vi, en, where));
  }
  void warn(const std::string& where, const std::string& code, const std::string& vi, const std::string& en) {
    out.push_back(warning(code, vi, en, where));
  }

  const InputDef* want_input(const Criterion& c, const std::string& id, std::initializer_list<InputType> types,
                             const std::string& where, std::set<std::string>& used) {
    if (id.empty()) return nullptr;
    used.insert(id);
    const InputDef* in = c.input(id);
    if (!in) {
      err(where, "lint.input_missing", "Quy tắc đọc đầu vào \"" + id + "\" nhưng tiêu chí không có đầu vào này",
          "The rule reads input \"" + id + "\" which the criterion does not have");
      return nullptr;
    }
    if (std::find(types.begin(), types.end(), in->type) == types.end()) {
      std::string allowed;
      for (auto t : types) allowed += std::string(allowed.empty() ? "" : ", ") + input_type_name(t);
      err(where, "lint.input_type",
          "Đầu vào \"" + id + "\" có kiểu " + input_type_name(in->type) + " nhưng quy tắc cần " + allowed,
          "Input \"" + id + "\" is " + input_type_name(in->type) + " but the rule needs " + allowed);
      return nullptr;
    }
    return in;
  }

  void check_name(const Criterion& c, const std::string& name, const std::string& where, std::set<std::string>& used) {
    if (name.rfind("gi:", 0) == 0) {
      const GeneralInfoField* g = r.general(name.substr(3));
      if (!g) {
        err(where, "lint.general_missing", "Không có trường thông tin chung \"" + name.substr(3) + "\"",
            "No general-information field \"" + name.substr(3) + "\"");
      } else if (!numeric(g->type)) {
        err(where, "lint.general_type", "Trường thông tin chung \"" + name.substr(3) + "\" không phải là số",
            "General-information field \"" + name.substr(3) + "\" is not numeric");
      }
      return;
    }
    want_input(c, name, {InputType::Count, InputType::Number, InputType::Percent}, where, used);
  }

  void check_value(const Criterion& c, const ValueExpr& v, const std::string& where, std::set<std::string>& used) {
    switch (v.kind) {
      case ValueExpr::Kind::Input:
        want_input(c, v.input, {InputType::Count, InputType::Number, InputType::Percent, InputType::Ratio}, where, used);
        break;
      case ValueExpr::Kind::Ratio:
        for (const auto& n : v.num) check_name(c, n, where, used);
        for (const auto& n : v.den) check_name(c, n, where, used);
        break;
      case ValueExpr::Kind::Sum:
        for (const auto& n : v.terms) check_name(c, n, where, used);
        break;
    }
    if (v.scale.sign() <= 0) err(where, "lint.scale", "\"scale\" phải lớn hơn 0", "\"scale\" must be above 0");
  }

  // Domain upper bound for tiers coverage: nullopt = +infinity.
  void check_tiers(const Criterion& c, const Rule& rule, const std::string& where) {
    auto top = value_max(rule.value, c);
    std::vector<const Band*> bands;
    for (const auto& b : rule.bands) bands.push_back(&b);
    std::stable_sort(bands.begin(), bands.end(), [](const Band* a, const Band* b) {
      if (!a->min) return b->min.has_value();
      if (!b->min) return false;
      int cmp = a->min->compare(*b->min);
      if (cmp != 0) return cmp < 0;
      return a->min_inclusive && !b->min_inclusive;
    });
    // Covered prefix: [0, cov] (cov_incl) — starts empty at 0 exclusive.
    Num cov = 0;
    bool cov_incl = false;
    bool unbounded = false;
    std::vector<std::string> gaps;
    std::vector<std::string> overlaps;
    for (const Band* b : bands) {
      if (unbounded) {
        overlaps.push_back(b->min ? fmt(*b->min) : "-∞");
        continue;
      }
      if (b->max && (*b->max < Num(0) || (b->max->is_zero() && !b->max_inclusive))) continue;  // below domain
      Num lo = b->min ? *b->min : Num(0);
      bool lo_incl = b->min ? b->min_inclusive : true;
      if (lo < Num(0)) {
        lo = 0;
        lo_incl = true;
      }
      int cmp = lo.compare(cov);
      if (cmp > 0 || (cmp == 0 && !cov_incl && !lo_incl)) {
        gaps.push_back(std::string(cov_incl ? "(" : "[") + fmt(cov) + "; " + fmt(lo) + (lo_incl ? ")" : "]"));
      } else if (cmp < 0 || (cmp == 0 && cov_incl && lo_incl && !(cov.is_zero() && !cov_incl))) {
        overlaps.push_back(fmt(lo));
      }
      if (!b->max) {
        unbounded = true;
        continue;
      }
      int c2 = b->max->compare(cov);
      if (c2 > 0 || (c2 == 0 && b->max_inclusive)) {
        cov = *b->max;
        cov_incl = b->max_inclusive;
      }
    }
    if (!unbounded) {
      if (!top) {
        gaps.push_back(std::string(cov_incl ? "(" : "[") + fmt(cov) + "; +∞)");
      } else {
        int cmp = top->compare(cov);
        if (cmp > 0 || (cmp == 0 && !cov_incl)) gaps.push_back(std::string(cov_incl ? "(" : "[") + fmt(cov) + "; " + fmt(*top) + "]");
      }
    }
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& e : v) s += (s.empty() ? "" : ", ") + e;
      return s;
    };
    if (!gaps.empty()) {
      if (rule.uncovered_zero && c.has_ambiguity_note()) {
        // Documented gap in the printed rule: fine.
      } else if (rule.uncovered_zero) {
        err(where, "lint.tiers_gap_note", "Các mức có khoảng trống " + join(gaps) + " nhưng tiêu chí không có ghi chú ambiguity giải thích",
            "Tiers leave gaps " + join(gaps) + " but the criterion has no ambiguity note explaining them");
      } else {
        err(where, "lint.tiers_gap", "Các mức để trống khoảng " + join(gaps) + " (thêm mức, hoặc \"uncovered\": \"zero\" kèm ghi chú)",
            "Tiers leave gaps " + join(gaps) + " (add a band, or \"uncovered\": \"zero\" with a note)");
      }
    }
    if (!overlaps.empty() && !c.has_ambiguity_note())
      err(where, "lint.tiers_overlap", "Các mức chồng lên nhau tại " + join(overlaps) + " (mức đầu tiên được dùng; cần ghi chú ambiguity)",
          "Tiers overlap at " + join(overlaps) + " (the first band applies; an ambiguity note is required)");
  }

  void check_rule(const Criterion& c, const Rule& rule, const std::string& where, std::set<std::string>& used) {
    switch (rule.kind) {
      case RuleKind::Const:
        break;
      case RuleKind::YesNo:
        want_input(c, rule.input, {InputType::YesNo}, where, used);
        break;
      case RuleKind::Choice: {
        const InputDef* in = want_input(c, rule.input, {InputType::Choice}, where, used);
        if (!in) break;
        for (const auto& o : in->options) {
          bool has = std::any_of(rule.choice_points.begin(), rule.choice_points.end(),
                                 [&](const auto& p) { return p.first == o.value; });
          if (!has)
            err(where, "lint.choice_points", "Lựa chọn \"" + o.value + "\" chưa có điểm trong quy tắc",
                "Option \"" + o.value + "\" has no points in the rule");
        }
        for (const auto& p : rule.choice_points) {
          bool has = std::any_of(in->options.begin(), in->options.end(), [&](const auto& o) { return o.value == p.first; });
          if (!has)
            err(where, "lint.choice_points", "Quy tắc cho điểm lựa chọn \"" + p.first + "\" không có trong danh sách",
                "The rule scores option \"" + p.first + "\" which is not in the options");
        }
        break;
      }
      case RuleKind::Linear:
      case RuleKind::Threshold:
        check_value(c, rule.value, where, used);
        break;
      case RuleKind::Tiers:
        check_value(c, rule.value, where, used);
        check_tiers(c, rule, where);
        for (size_t i = 0; i < rule.bands.size(); ++i)
          for (const auto& sub : rule.bands[i].rule) check_rule(c, sub, where + ".bands[" + std::to_string(i) + "].rule", used);
        break;
      case RuleKind::MonthsLate:
        want_input(c, rule.date_input, {InputType::Date}, where, used);
        if (!rule.deadline_input.empty()) want_input(c, rule.deadline_input, {InputType::Date}, where, used);
        if (!rule.done_input.empty()) want_input(c, rule.done_input, {InputType::YesNo}, where, used);
        break;
      case RuleKind::FrequencyDeduction: {
        const InputDef* in = want_input(c, rule.input, {InputType::FrequencyCounts}, where, used);
        if (!in) break;
        for (const auto& [k, v] : rule.rates) {
          if (std::find(in->frequencies.begin(), in->frequencies.end(), k) == in->frequencies.end())
            err(where, "lint.rates", "Tần suất \"" + k + "\" không có trong đầu vào", "Frequency \"" + k + "\" is not in the input");
          if (v.sign() < 0) err(where, "lint.rates", "Tỷ lệ trừ không được âm", "Rates must not be negative");
        }
        break;
      }
      case RuleKind::RelativeToBest: {
        check_value(c, rule.value, where, used);
        const InputDef* in = want_input(c, rule.best_input, {InputType::Number}, where, used);
        if (in && !in->best)
          err(where, "lint.best", "Đầu vào \"" + in->id + "\" cần \"best\": true", "Input \"" + in->id + "\" needs \"best\": true");
        break;
      }
      case RuleKind::Sum:
        for (size_t i = 0; i < rule.children.size(); ++i)
          check_rule(c, rule.children[i], where + ".parts[" + std::to_string(i) + "]", used);
        break;
      case RuleKind::If: {
        const InputDef* in = want_input(c, rule.input, {InputType::YesNo, InputType::Choice}, where, used);
        if (in && in->type == InputType::YesNo && !rule.cond_equals.is_boolean())
          err(where, "lint.cond", "Điều kiện trên đầu vào có/không cần \"equals\": true/false", "A yes/no condition needs \"equals\": true/false");
        if (in && in->type == InputType::Choice) {
          bool ok = rule.cond_equals.is_string() &&
                    std::any_of(in->options.begin(), in->options.end(),
                                [&](const auto& o) { return o.value == rule.cond_equals.get<std::string>(); });
          if (!ok) err(where, "lint.cond", "Giá trị \"equals\" không phải là một lựa chọn", "\"equals\" is not one of the options");
        }
        if (rule.children.size() == 2) {
          check_rule(c, rule.children[0], where + ".then", used);
          check_rule(c, rule.children[1], where + ".else", used);
        }
        break;
      }
      case RuleKind::Cap:
      case RuleKind::Floor:
        if (!rule.children.empty()) check_rule(c, rule.children[0], where + ".rule", used);
        break;
      case RuleKind::SelfScore: {
        want_input(c, rule.input, {InputType::Number}, where, used);
        if (!c.has_ambiguity_note())
          err(where, "lint.self_score_note", "Tiêu chí tự chấm (self_score) cần ghi chú ambiguity giải thích vì sao",
              "A self_score criterion needs an ambiguity note saying why");
        break;
      }
    }
  }

  void check_criterion(const Criterion& c) {
    std::set<std::string> used;
    check_rule(c, c.rule, c.path + ".rule", used);
    for (const auto& in : c.inputs) {
      if (in.type == InputType::Ratio && !in.den_from.empty()) {
        const GeneralInfoField* g = r.general(in.den_from);
        if (!g)
          err(c.path, "lint.general_missing", "\"den_from\" trỏ tới trường không có: \"" + in.den_from + "\"",
              "\"den_from\" names a missing field \"" + in.den_from + "\"");
        else if (!numeric(g->type))
          err(c.path, "lint.general_type", "\"den_from\" trỏ tới trường không phải số", "\"den_from\" names a non-numeric field");
      }
      if (in.type == InputType::Choice) {
        for (const auto& o : in.options)
          if (!o.printed && c.notes.empty())
            err(c.path, "lint.unprinted_option", "Lựa chọn \"" + o.label + "\" không có trong văn bản; cần ghi chú giải thích",
                "Option \"" + o.label + "\" is not printed in the document; a note must explain it");
      }
      if (!used.count(in.id))
        warn(c.path, "lint.unused_input", "Đầu vào \"" + in.id + "\" không được quy tắc nào dùng",
             "Input \"" + in.id + "\" is not read by any rule");
    }
    if (c.category == Category::Penalty && c.max.sign() >= 0)
      err(c.path, "lint.penalty", "Điểm trừ phải có điểm tối đa âm", "A penalty needs a negative max");
    if (c.category != Category::Penalty && c.max.sign() <= 0)
      err(c.path, "lint.max", "Điểm tối đa phải lớn hơn 0", "Max must be above 0");
    if (c.category == Category::Penalty) return;  // reaches its (negative) max by design
    auto reach = rule_max(c.rule, c);
    if (!reach) {
      if (!c.has_ambiguity_note())
        err(c.path, "lint.unbounded", "Quy tắc có thể cho điểm vượt điểm tối đa " + fmt(c.max) + " (sẽ bị giới hạn); cần ghi chú ambiguity",
            "The rule can exceed the max " + fmt_en(c.max) + " (it is clamped); an ambiguity note is required");
    } else if (*reach != c.max && !c.has_ambiguity_note()) {
      err(c.path, "lint.reach",
          "Điểm cao nhất quy tắc đạt được là " + fmt(*reach) + ", khác điểm tối đa " + fmt(c.max) + " (cần ghi chú ambiguity)",
          "The rule reaches at most " + fmt_en(*reach) + ", not the max " + fmt_en(c.max) + " (an ambiguity note is required)");
    }
  }

  // Sum of the regular criteria under a section (recursively).
  Num section_sum(const Section& s) {
    Num sum = 0;
    for (size_t i : s.criteria)
      if (r.criteria[i].category == Category::Regular) sum += r.criteria[i].max;
    for (const auto& sub : s.sections) sum += section_sum(sub);
    return sum;
  }

  void check_section(const Section& s) {
    Num sum = section_sum(s);
    if (s.max && *s.max != sum)
      err(s.path, "lint.section_sum",
          "Mục " + s.id + ": tổng điểm các tiêu chí là " + fmt(sum) + ", khác điểm của mục là " + fmt(*s.max),
          "Section " + s.id + ": criteria sum to " + fmt_en(sum) + ", not the section's " + fmt_en(*s.max));
    for (size_t i : s.criteria) {
      const Criterion& c = r.criteria[i];
      if (s.bonus_penalty && c.category == Category::Regular)
        err(c.path, "lint.category", "Mục điểm thưởng/trừ chỉ chứa tiêu chí bonus/penalty", "A bonus/penalty section holds only bonus/penalty criteria");
      if (!s.bonus_penalty && c.category != Category::Regular)
        warn(c.path, "lint.category", "Điểm thưởng/trừ nằm ngoài mục bonus_penalty", "Bonus/penalty outside a bonus_penalty section");
    }
    for (const auto& sub : s.sections) check_section(sub);
  }

  void run() {
    for (const auto& c : r.criteria) check_criterion(c);
    Num total = 0;
    for (const auto& s : r.sections) {
      check_section(s);
      total += section_sum(s);
    }
    if (total != r.scale)
      err("$.sections", "lint.scale_sum", "Tổng điểm các tiêu chí là " + fmt(total) + ", khác thang điểm " + fmt(r.scale),
          "Criteria sum to " + fmt_en(total) + ", not the scale " + fmt_en(r.scale));
  }
};

}  // namespace

std::optional<Num> rule_max(const Rule& rule, const Criterion& c) {
  auto mx = [](std::optional<Num> a, std::optional<Num> b) -> std::optional<Num> {
    if (!a || !b) return std::nullopt;
    return max(*a, *b);
  };
  switch (rule.kind) {
    case RuleKind::Const:
      return rule.points;
    case RuleKind::YesNo:
      return max(rule.yes, rule.no);
    case RuleKind::Choice: {
      std::optional<Num> best;
      for (const auto& [k, v] : rule.choice_points) best = best ? max(*best, v) : v;
      return best ? *best : Num(0);
    }
    case RuleKind::Linear: {
      if (rule.cap) return rule.points;
      std::optional<Num> vmax;
      if (rule.value.kind == ValueExpr::Kind::Input) {
        const InputDef* in = c.input(rule.value.input);
        if (in && ((in->type == InputType::Percent && !in->allow_over_100) || (in->type == InputType::Ratio && !in->allow_over_1)))
          vmax = rule.value.scale;
        else if (in && in->max)
          vmax = *in->max * rule.value.scale;
      } else if (rule.value.kind == ValueExpr::Kind::Ratio && !rule.value.allow_over_1) {
        vmax = rule.value.scale;
      }
      if (!vmax) return std::nullopt;
      return *vmax / rule.target * rule.points;
    }
    case RuleKind::Threshold:
      return max(rule.points, rule.else_points);
    case RuleKind::Tiers: {
      std::optional<Num> best = Num(0);
      for (const auto& b : rule.bands) {
        std::optional<Num> v = b.points;
        if (!b.rule.empty()) {
          v = rule_max(b.rule[0], c);
          // A sub-rule on the same value is bounded by the band it lives in, e.g. "ratio × max below 20 %".
          if (!v && b.max && b.rule[0].kind == RuleKind::Linear && b.rule[0].value.kind == rule.value.kind &&
              b.rule[0].value.input == rule.value.input && b.rule[0].value.num == rule.value.num)
            v = *b.max / b.rule[0].target * b.rule[0].points;
        }
        best = mx(best, v);
      }
      return best;
    }
    case RuleKind::MonthsLate:
    case RuleKind::FrequencyDeduction:
    case RuleKind::RelativeToBest:
    case RuleKind::SelfScore:
      return rule.points;
    case RuleKind::Sum: {
      Num sum = 0;
      for (const auto& ch : rule.children) {
        auto v = rule_max(ch, c);
        if (!v) return std::nullopt;
        sum += *v;
      }
      return sum;
    }
    case RuleKind::If:
      if (rule.children.size() != 2) return Num(0);
      return mx(rule_max(rule.children[0], c), rule_max(rule.children[1], c));
    case RuleKind::Cap: {
      auto v = rule.children.empty() ? std::optional<Num>(Num(0)) : rule_max(rule.children[0], c);
      return v ? min(*v, rule.bound) : rule.bound;
    }
    case RuleKind::Floor: {
      auto v = rule.children.empty() ? std::optional<Num>(Num(0)) : rule_max(rule.children[0], c);
      if (!v) return std::nullopt;
      return max(*v, rule.bound);
    }
  }
  return std::nullopt;
}

Messages lint(const Rubric& r) {
  Linter l{r, {}};
  l.run();
  return std::move(l.out);
}

}  // namespace cds
