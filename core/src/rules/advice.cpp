// "Where to gain points": each kind words its own hint (core/src/rules/kinds/); this file orders the
// criteria and gives the kinds their RuleAdviser.
#include "cds/rules/advice.hpp"

#include <algorithm>

#include "kinds/kit.hpp"

namespace cds {

std::string RuleAdviser::plus() const { return ": +" + pts(cs.max - cs.score) + T(lang, " điểm", " points"); }

bool RuleAdviser::percent_of(const ValueExpr& v) const {
  if (v.kind == ValueExpr::Kind::Input) {
    const InputDef* in = c.input(v.input);
    return in && (in->type == InputType::Percent || in->type == InputType::Ratio) && v.percent;
  }
  return v.percent;
}

std::string RuleAdviser::label_of(const Rule& rule) const {
  if (!rule.label.empty()) return rule.label;
  if (rule.value.kind == ValueExpr::Kind::Input)
    if (const InputDef* in = c.input(rule.value.input)) return in->label;
  return T(lang, "Tỷ lệ", "Ratio");
}

std::string RuleAdviser::show(const Num& v, bool pct) const { return pct ? format_percent(v, lang) : format_number(v, lang, 2); }

std::string RuleAdviser::now(bool pct) const { return cs.value ? show(*cs.value, pct) + " → " : std::string(); }

namespace {

std::string hint(Lang lang, const Rubric& r, const Criterion& c, const CriterionScore& cs) {
  RuleAdviser a(lang, r, c, cs);
  if (auto h = rule_kind(c.rule.kind).advice(a, c.rule)) return *h;
  return std::string(T(lang, "Có thể thêm tới", "Up to")) + " " + a.pts(cs.max - cs.score) + T(lang, " điểm", " more points");
}

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
        a.hint = hint(lang, r, c, cs);
        break;
    }
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(), [](const Advice& x, const Advice& y) { return x.missing > y.missing; });
  return out;
}

}  // namespace cds
