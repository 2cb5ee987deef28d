// `threshold`: all or nothing — `points` when the value compares to the target as `op` says, else `else`.
#include "kit.hpp"

namespace cds {
namespace {

enum class CompareOp { Ge, Gt, Eq, Le, Lt };

struct Op {
  CompareOp op;
  const char* text;      // in rubric files
  const char* symbol;    // in explanations
  const char* negation;  // in explanations, when not met
};
const Op kOps[] = {{CompareOp::Ge, ">=", "≥", "<"},
                   {CompareOp::Gt, ">", ">", "≤"},
                   {CompareOp::Eq, "==", "=", "≠"},
                   {CompareOp::Le, "<=", "≤", ">"},
                   {CompareOp::Lt, "<", "<", "≥"}};

const Op& op_of(CompareOp op) {
  return kOps[static_cast<int>(op)];
}

bool compare(const Num& v, CompareOp op, const Num& t) {
  int c = v.compare(t);
  switch (op) {
    case CompareOp::Ge:
      return c >= 0;
    case CompareOp::Gt:
      return c > 0;
    case CompareOp::Eq:
      return c == 0;
    case CompareOp::Le:
      return c <= 0;
    case CompareOp::Lt:
      return c < 0;
  }
  return false;
}

struct ThresholdFields : RuleParams {
  CompareOp op = CompareOp::Ge;
  Num target = 1;
  Num points;
  Num else_points;
};

class Threshold final : public RuleKindDef {
 public:
  const char* name() const override { return "threshold"; }

  void load(RuleLoader& in, Rule& rule) const override {
    rule.value = in.value();
    auto& f = make_fields<ThresholdFields>(rule);
    std::string op = ">=";
    in.text("op", &op, false);
    bool known = false;
    for (const Op& o : kOps) {
      if (op == o.text) {
        f.op = o.op;
        known = true;
      }
    }
    if (!known)
      in.err(in.path() + ".op", "rubric.op", "Phép so sánh không hợp lệ: \"" + op + "\"",
             "Unknown comparison \"" + op + "\"");
    in.number("target", &f.target, true);
    in.number("points", &f.points, true);
    in.number("else", &f.else_points, false);
  }

  void lint(RuleLinter& l, const Rule& rule) const override { l.value(rule.value); }

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    const auto& f = fields<ThresholdFields>(rule);
    return cds::max(f.points, f.else_points);
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<ThresholdFields>(rule);
    auto v = ev.value(rule.value, rule.label);
    if (!v) return std::nullopt;
    CDS_LINE(ev, v->text);
    std::string t = !ev.explaining() ? std::string() : v->percent ? ev.pct(f.target) : ev.N(f.target);
    if (compare(v->v, f.op, f.target)) {
      CDS_LINE(ev, ev.disp(*v) + " " + op_of(f.op).symbol + " " + t + ev.T(": đạt", ": met") + " → " + ev.P(f.points));
      return f.points;
    }
    CDS_LINE(ev, ev.disp(*v) + " " + op_of(f.op).negation + " " + t + ev.T(": không đạt", ": not met") + " → " +
                     ev.P(f.else_points));
    return f.else_points;
  }

  std::optional<std::string> advice(const RuleAdviser& a, const Rule& rule) const override {
    const auto& f = fields<ThresholdFields>(rule);
    bool pct = a.percent_of(rule.value);
    std::string op = f.op == CompareOp::Gt ? T(a.lang, "trên ", "above ") : "";
    return a.label_of(rule) + " " + a.now(pct) + op + a.show(f.target, pct) + a.plus();
  }

  RuleNeeds needs(const Rule& rule) const override {
    RuleNeeds n;
    n.read(rule.value);
    n.curve = RuleNeeds::Curve::StepAtTarget;
    n.target = fields<ThresholdFields>(rule).target;
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::Threshold>() {
  static const Threshold kind;
  return kind;
}

}  // namespace cds
