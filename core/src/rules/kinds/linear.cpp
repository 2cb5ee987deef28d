// `linear`: value / target × points; with `cap`, a value at or above the target gives the points.
#include "kit.hpp"

namespace cds {
namespace {

struct LinearFields : RuleParams {
  Num target = 1;
  Num points;
  bool cap = false;
};

class Linear final : public RuleKindDef {
 public:
  const char* name() const override { return "linear"; }

  void load(RuleLoader& in, Rule& rule) const override {
    rule.value = in.value();
    auto& f = make_fields<LinearFields>(rule);
    in.number("target", &f.target, false);
    in.number("points", &f.points, true);
    in.boolean("cap", &f.cap);
    if (f.target.sign() <= 0)
      in.err(in.path() + ".target", "rubric.target", "\"target\" phải lớn hơn 0", "\"target\" must be above 0");
  }

  void lint(RuleLinter& l, const Rule& rule) const override { l.value(rule.value); }

  std::optional<Num> max(const Rule& rule, const Criterion& c) const override {
    const auto& f = fields<LinearFields>(rule);
    if (f.cap) return f.points;
    std::optional<Num> vmax;
    if (rule.value.kind == ValueExpr::Kind::Input) {
      const InputDef* in = c.input(rule.value.input);
      if (in && ((in->type == InputType::Percent && !in->allow_over_100) ||
                 (in->type == InputType::Ratio && !in->allow_over_1)))
        vmax = rule.value.scale;
      else if (in && in->max)
        vmax = *in->max * rule.value.scale;
    } else if (rule.value.kind == ValueExpr::Kind::Ratio && !rule.value.allow_over_1) {
      vmax = rule.value.scale;
    }
    if (!vmax) return std::nullopt;
    return *vmax / f.target * f.points;
  }

  // Inside a tiers band that ends at `value_max` (e.g. "below 20 %: ratio × max").
  std::optional<Num> max_for_value(const Rule& rule, const Criterion& /*c*/, const Num& value_max) const override {
    const auto& f = fields<LinearFields>(rule);
    return value_max / f.target * f.points;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<LinearFields>(rule);
    auto v = ev.value(rule.value, rule.label);
    if (!v) return std::nullopt;
    CDS_LINE(ev, v->text);
    if (f.cap && v->v >= f.target) {
      CDS_LINE(ev, ev.disp(*v) + " ≥ " + (v->percent ? ev.pct(f.target) : ev.N(f.target)) + " → " + ev.P(f.points));
      return f.points;
    }
    Num res = v->v / f.target * f.points;
    if (f.target == Num(1)) {
      CDS_LINE(ev, ev.disp(*v) + " × " + ev.P(f.points) + " = " + ev.P(res));
    } else {
      CDS_LINE(ev, ev.bare(v->v, v->percent) + "/" + ev.bare(f.target, v->percent) + " × " + ev.P(f.points) + " = " +
                       ev.P(res));
    }
    return res;
  }

  std::optional<std::string> advice(const RuleAdviser& a, const Rule& rule) const override {
    const auto& f = fields<LinearFields>(rule);
    bool pct = a.percent_of(rule.value);
    if (!f.cap && f.points.is_zero()) return std::nullopt;  // no value reaches the maximum: the general hint
    Num need = f.cap ? f.target : f.target * a.c.max / f.points;
    return a.label_of(rule) + " " + a.now(pct) + a.show(need, pct) + a.plus();
  }

  RuleNeeds needs(const Rule& rule) const override {
    RuleNeeds n;
    n.read(rule.value);
    n.curve = RuleNeeds::Curve::UpToTarget;
    n.target = fields<LinearFields>(rule).target;
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::Linear>() {
  static const Linear kind;
  return kind;
}

}  // namespace cds
