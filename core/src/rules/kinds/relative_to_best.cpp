// `relative_to_best`: value / best × points (the points at or above the best unit's value). Without
// a best value the criterion is pending: the receiving office finalises it across all submissions
// (ScoreOptions::best_override).
#include "kit.hpp"

namespace cds {
namespace {

struct RelativeToBestFields : RuleParams {
  std::string best_input;
  Num points;
};

class RelativeToBest final : public RuleKindDef {
 public:
  const char* name() const override { return "relative_to_best"; }

  void load(RuleLoader& in, Rule& rule) const override {
    rule.value = in.value();
    auto& f = make_fields<RelativeToBestFields>(rule);
    in.text("best", &f.best_input, true);
    in.number("points", &f.points, true);
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    l.value(rule.value);
    const InputDef* in = l.input(fields<RelativeToBestFields>(rule).best_input, {InputType::Number});
    if (in && !in->best)
      l.err("lint.best", "Đầu vào \"" + in->id + "\" cần \"best\": true",
            "Input \"" + in->id + "\" needs \"best\": true");
  }

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    return fields<RelativeToBestFields>(rule).points;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<RelativeToBestFields>(rule);
    auto v = ev.value(rule.value, rule.label);
    if (!v) return std::nullopt;
    CDS_LINE(ev, v->text);
    std::optional<Num> best;
    const Criterion& c = ev.criterion();
    auto ov = ev.options().best_override.find(c.id);
    bool from_aggregate = false;
    if (ov != ev.options().best_override.end()) {
      best = ov->second;
      from_aggregate = true;
    } else {
      const InputDef* bin = ev.find_input(f.best_input);
      if (bin && ev.answer(*bin)) {
        auto b = ev.read_number(*bin);
        if (!b) return std::nullopt;
        best = v->percent ? *b / Num(100) : *b;
      }
    }
    if (!best) {
      ev.pending = true;
      CDS_LINE(ev, ev.T("Chờ giá trị cao nhất của các đơn vị: bên nhận sẽ tính khi tổng hợp",
                        "Waiting for the best unit's value: the receiving office finalises it when aggregating"));
      return std::nullopt;
    }
    std::string bt = !ev.explaining() ? std::string()
                                      : std::string(from_aggregate ? ev.T("cao nhất (tổng hợp)", "best (aggregated)")
                                                                   : ev.T("cao nhất", "best")) +
                                            " " + (v->percent ? ev.pct(*best) : ev.N(*best));
    if (v->v >= *best) {
      CDS_LINE(ev, ev.disp(*v) + " ≥ " + bt + " → " + ev.P(f.points));
      return f.points;
    }
    if (best->sign() <= 0) {
      CDS_LINE(ev, bt + " → 0");
      return Num(0);
    }
    Num res = v->v / *best * f.points;
    CDS_LINE(ev, ev.bare(v->v, v->percent) + "/" + ev.bare(*best, v->percent) + " × " + ev.P(f.points) + " = " +
                     ev.P(res) + " (" + bt + ")");
    return res;
  }

  std::optional<std::string> advice(const RuleAdviser& a, const Rule& /*rule*/) const override {
    return std::string(T(a.lang, "Đạt tỷ lệ của đơn vị cao nhất", "Reach the best unit's ratio")) + a.plus();
  }

  void reads(const Rule& rule, std::vector<const std::string*>& out) const override {
    read_value_names(rule.value, out);
    out.push_back(&fields<RelativeToBestFields>(rule).best_input);
  }

  RuleNeeds needs(const Rule& rule) const override {
    const auto& f = fields<RelativeToBestFields>(rule);
    RuleNeeds n;
    n.read(rule.value);
    if (!f.best_input.empty()) n.inputs.push_back(f.best_input);
    n.curve = RuleNeeds::Curve::RelativeToBest;
    n.best = f.best_input;
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::RelativeToBest>() {
  static const RelativeToBest kind;
  return kind;
}

}  // namespace cds
