// `const`: a fixed number of points.
#include "kit.hpp"

namespace cds {
namespace {

struct ConstFields : RuleParams {
  Num points;
};

class Const final : public RuleKindDef {
 public:
  const char* name() const override { return "const"; }

  void load(RuleLoader& in, Rule& rule) const override {
    in.number("points", &make_fields<ConstFields>(rule).points, true);
  }

  void lint(RuleLinter& /*l*/, const Rule& /*rule*/) const override {}

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    return fields<ConstFields>(rule).points;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const Num& points = fields<ConstFields>(rule).points;
    CDS_LINE(ev, (rule.label.empty() ? std::string(ev.T("Điểm", "Points")) : rule.label) + ": " + ev.P(points));
    return points;
  }

  std::optional<std::string> advice(const RuleAdviser& /*a*/, const Rule& /*rule*/) const override {
    return std::nullopt;
  }

  RuleNeeds needs(const Rule& /*rule*/) const override { return {}; }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::Const>() {
  static const Const kind;
  return kind;
}

}  // namespace cds
