#include "cds/rules/advice.hpp"

#include <algorithm>

namespace cds {
namespace {

struct Hint {
  Lang lang;
  const Rubric& r;
  const Criterion& c;
  const CriterionScore& cs;

  std::string pts(const Num& n) const { return fmt_points(n, lang, r.decimals); }
  std::string plus() const { return ": +" + pts(cs.max - cs.score) + T(lang, " điểm", " points"); }

  bool percent_of(const ValueExpr& v) const {
    if (v.kind == ValueExpr::Kind::Input) {
      const InputDef* in = c.input(v.input);
      return in && (in->type == InputType::Percent || in->type == InputType::Ratio) && v.percent;
    }
    return v.percent;
  }
  std::string label_of(const Rule& rule) const {
    if (!rule.label.empty()) return rule.label;
    if (rule.value.kind == ValueExpr::Kind::Input)
      if (const InputDef* in = c.input(rule.value.input)) return in->label;
    return T(lang, "Tỷ lệ", "Ratio");
  }
  std::string show(const Num& v, bool pct) const { return pct ? format_percent(v, lang) : format_number(v, lang, 2); }
  std::string now(bool pct) const { return cs.value ? show(*cs.value, pct) + " → " : std::string(); }

  std::string band_floor(const Band& b, bool pct) const {
    if (!b.min) return show(Num(0), pct);
    return (b.min_inclusive ? "" : std::string(T(lang, "trên ", "above "))) + show(*b.min, pct);
  }

  std::string of(const Rule& rule) const {
    switch (rule.kind) {
      case RuleKind::Linear: {
        bool pct = percent_of(rule.value);
        Num need = rule.cap ? rule.target : rule.target * c.max / rule.points;
        return label_of(rule) + " " + now(pct) + show(need, pct) + plus();
      }
      case RuleKind::Threshold: {
        bool pct = percent_of(rule.value);
        std::string op = rule.op == CompareOp::Gt ? T(lang, "trên ", "above ") : "";
        return label_of(rule) + " " + now(pct) + op + show(rule.target, pct) + plus();
      }
      case RuleKind::Tiers: {
        bool pct = percent_of(rule.value);
        const Band* best = nullptr;
        std::optional<Num> best_pts;
        for (const auto& b : rule.bands) {
          std::optional<Num> p = b.points;
          if (!b.rule.empty()) p = rule_max(b.rule[0], c);
          if (p && (!best_pts || *p > *best_pts)) {
            best_pts = p;
            best = &b;
          }
        }
        if (!best) break;
        return label_of(rule) + " " + now(pct) + band_floor(*best, pct) + plus();
      }
      case RuleKind::YesNo:
        if (const InputDef* in = c.input(rule.input)) return in->label + ": " + T(lang, "«Có»", "\"Yes\"") + plus();
        break;
      case RuleKind::Choice: {
        const InputDef* in = c.input(rule.input);
        if (!in) break;
        const ChoiceOption* best = nullptr;
        Num bp = -1;
        for (const auto& [k, v] : rule.choice_points)
          for (const auto& o : in->options)
            if (o.value == k && v > bp) {
              bp = v;
              best = &o;
            }
        if (best) return "«" + best->label + "»" + plus();
        break;
      }
      case RuleKind::MonthsLate:
        return std::string(T(lang, "Ban hành, báo cáo đúng hạn", "Issue and report on time")) + plus();
      case RuleKind::FrequencyDeduction:
        return std::string(T(lang, "Nhập liệu đầy đủ, đúng quy chế", "Report fully and on time")) + plus();
      case RuleKind::RelativeToBest:
        return std::string(T(lang, "Đạt tỷ lệ của đơn vị cao nhất", "Reach the best unit's ratio")) + plus();
      case RuleKind::If:
      case RuleKind::Cap:
      case RuleKind::Floor:
      case RuleKind::Sum:
      case RuleKind::Const:
      case RuleKind::SelfScore:
        break;
    }
    return std::string(T(lang, "Có thể thêm tới", "Up to")) + " " + pts(cs.max - cs.score) + T(lang, " điểm", " more points");
  }
};

}  // namespace

std::vector<Advice> where_to_gain(const Rubric& r, const ScoreSheet& s, Lang lang) {
  std::vector<Advice> out;
  for (const auto& cs : s.criteria) {
    const Criterion& c = r.criteria[cs.index];
    if (c.category == Category::Penalty) continue;
    if (!(cs.score < cs.max)) continue;
    Advice a;
    a.index = cs.index;
    a.id = cs.id;
    a.missing = cs.max - cs.score;
    a.status = cs.status;
    switch (cs.status) {
      case Status::Unanswered:
        a.hint = std::string(T(lang, "Chưa nhập số liệu: có thể được tới ", "Not entered yet: worth up to ")) +
                 fmt_points(cs.max, lang, r.decimals) + T(lang, " điểm", " points");
        break;
      case Status::Invalid:
        a.hint = T(lang, "Số liệu chưa hợp lệ: sửa để được chấm điểm", "Invalid figures: correct them to be scored");
        break;
      case Status::Pending:
        a.hint = T(lang, "Chờ số liệu của các đơn vị khác (bên nhận tổng hợp)", "Waiting for other units' data (aggregation)");
        break;
      case Status::Answered:
        a.hint = Hint{lang, r, c, cs}.of(c.rule);
        break;
    }
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(), [](const Advice& x, const Advice& y) { return x.missing > y.missing; });
  return out;
}

}  // namespace cds
