// `cap` and `floor`: the inner rule's score, at most `max` / at least `min`. Mirror images, so one file.
#include "kit.hpp"

namespace cds {
namespace {

struct BoundFields : RuleParams {
  Num bound;  // cap: max, floor: min
};

class Bound final : public RuleKindDef {
 public:
  explicit Bound(bool ceiling) : ceiling_(ceiling) {}

  const char* name() const override { return ceiling_ ? "cap" : "floor"; }

  void load(RuleLoader& in, Rule& rule) const override {
    in.number(ceiling_ ? "max" : "min", &make_fields<BoundFields>(rule).bound, true);
    rule.children.push_back(in.rule("rule"));
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    if (!rule.children.empty()) l.sub_rule(rule.children[0], ".rule");
  }

  std::optional<Num> max(const Rule& rule, const Criterion& c) const override {
    const Num& bound = fields<BoundFields>(rule).bound;
    auto v = rule.children.empty() ? std::optional<Num>(Num(0)) : rule_max(rule.children[0], c);
    if (ceiling_) return v ? cds::min(*v, bound) : bound;
    if (!v) return std::nullopt;
    return cds::max(*v, bound);
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const Num& bound = fields<BoundFields>(rule).bound;
    if (rule.children.empty()) return std::nullopt;
    auto v = ev.run(rule.children[0]);
    if (!v) return std::nullopt;
    if (ceiling_ && *v > bound) {
      CDS_LINE(ev, ev.P(*v) + ev.T(" vượt mức trần ", " exceeds the ceiling ") + ev.P(bound) + " → " + ev.P(bound));
      return bound;
    }
    if (!ceiling_ && *v < bound) {
      CDS_LINE(ev, ev.P(*v) + ev.T(" thấp hơn mức sàn ", " is below the floor ") + ev.P(bound) + " → " + ev.P(bound));
      return bound;
    }
    return v;
  }

  std::optional<std::string> advice(const RuleAdviser& /*a*/, const Rule& /*rule*/) const override {
    return std::nullopt;
  }

  RuleNeeds needs(const Rule& /*rule*/) const override { return {}; }

 private:
  bool ceiling_;
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::Cap>() {
  static const Bound kind(true);
  return kind;
}

template <>
const RuleKindDef& rule_kind_def<RuleKind::Floor>() {
  static const Bound kind(false);
  return kind;
}

}  // namespace cds
