// `self_score`: the unit's own score, checked to lie in [0, points], for printed rules that give
// only a ceiling or no formula (a note must say why).
#include "kit.hpp"

namespace cds {
namespace {

struct SelfScoreFields : RuleParams {
  std::string input;
  Num points;
};

class SelfScore final : public RuleKindDef {
 public:
  const char* name() const override { return "self_score"; }

  void load(RuleLoader& in, Rule& rule) const override {
    auto& f = make_fields<SelfScoreFields>(rule);
    in.text("input", &f.input, true);
    in.number("points", &f.points, true);
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    l.input(fields<SelfScoreFields>(rule).input, {InputType::Number});
    if (!l.criterion().has_ambiguity_note())
      l.err("lint.self_score_note", "Tiêu chí tự chấm (self_score) cần ghi chú ambiguity giải thích vì sao",
            "A self_score criterion needs an ambiguity note saying why");
  }

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    return fields<SelfScoreFields>(rule).points;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<SelfScoreFields>(rule);
    const InputDef* in = ev.input_of(f.input);
    if (!in) return std::nullopt;
    auto v = ev.read_number(*in);
    if (!v) return std::nullopt;
    if (*v > f.points) {
      ev.bad(in, "self_score.above", "điểm tự chấm " + ev.P(*v) + " vượt mức tối đa " + ev.P(f.points),
             "the self-assessed score " + ev.P(*v) + " is above the maximum " + ev.P(f.points));
      return std::nullopt;
    }
    CDS_LINE(ev, std::string(ev.T("Điểm đơn vị tự chấm", "Self-assessed score")) + ": " + ev.P(*v));
    return v;
  }

  std::optional<std::string> advice(const RuleAdviser& /*a*/, const Rule& /*rule*/) const override {
    return std::nullopt;
  }

  void reads(const Rule& rule, std::vector<const std::string*>& out) const override {
    out.push_back(&fields<SelfScoreFields>(rule).input);
  }

  RuleNeeds needs(const Rule& rule) const override {
    const auto& f = fields<SelfScoreFields>(rule);
    RuleNeeds n;
    n.inputs = {f.input};
    n.own_score = f.input;
    n.ceiling = f.points;
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::SelfScore>() {
  static const SelfScore kind;
  return kind;
}

}  // namespace cds
