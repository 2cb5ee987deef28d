// `choice`: the points of the option chosen.
#include <algorithm>

#include "kit.hpp"

namespace cds {
namespace {

struct ChoiceFields : RuleParams {
  std::string input;
  std::vector<std::pair<std::string, Num>> points;  // option value → points, in file order
};

class Choice final : public RuleKindDef {
 public:
  const char* name() const override { return "choice"; }

  void load(RuleLoader& in, Rule& rule) const override {
    auto& f = make_fields<ChoiceFields>(rule);
    in.text("input", &f.input, true);
    const Json* pts = in.need("points");
    if (pts && !pts->is_object()) {
      in.err(in.path() + ".points", "rubric.type", "\"points\" của choice là đối tượng {giá trị: điểm}",
             "choice \"points\" is an object {value: points}");
    } else if (pts) {
      for (auto it = pts->begin(); it != pts->end(); ++it) {
        auto n = json_num(it.value());
        if (!n) {
          in.err(in.path() + ".points." + it.key(), "rubric.type", "Điểm phải là số", "Points must be a number");
          continue;
        }
        f.points.emplace_back(it.key(), *n);
      }
    }
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    const auto& f = fields<ChoiceFields>(rule);
    const InputDef* in = l.input(f.input, {InputType::Choice});
    if (!in) return;
    for (const auto& o : in->options) {
      bool has = std::any_of(f.points.begin(), f.points.end(), [&](const auto& p) { return p.first == o.value; });
      if (!has)
        l.err("lint.choice_points", "Lựa chọn \"" + o.value + "\" chưa có điểm trong quy tắc",
              "Option \"" + o.value + "\" has no points in the rule");
    }
    for (const auto& p : f.points) {
      bool has = std::any_of(in->options.begin(), in->options.end(), [&](const auto& o) { return o.value == p.first; });
      if (!has)
        l.err("lint.choice_points", "Quy tắc cho điểm lựa chọn \"" + p.first + "\" không có trong danh sách",
              "The rule scores option \"" + p.first + "\" which is not in the options");
    }
  }

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    std::optional<Num> best;
    for (const auto& [k, v] : fields<ChoiceFields>(rule).points) best = best ? cds::max(*best, v) : v;
    return best ? *best : Num(0);
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<ChoiceFields>(rule);
    const InputDef* in = ev.input_of(f.input);
    if (!in) return std::nullopt;
    const ChoiceOption* o = ev.read_choice(*in);
    if (!o) return std::nullopt;
    for (const auto& [k, v] : f.points) {
      if (k == o->value) {
        CDS_LINE(ev, ev.q(o->label) + " → " + ev.P(v));
        return v;
      }
    }
    ev.bad(in, "choice.no_points", "lựa chọn chưa có điểm trong bộ tiêu chí", "the option has no points in the rubric");
    return std::nullopt;
  }

  std::optional<std::string> advice(const RuleAdviser& a, const Rule& rule) const override {
    const auto& f = fields<ChoiceFields>(rule);
    const InputDef* in = a.c.input(f.input);
    if (!in) return std::nullopt;
    const ChoiceOption* best = nullptr;
    Num bp = -1;
    for (const auto& [k, v] : f.points)
      for (const auto& o : in->options)
        if (o.value == k && v > bp) {
          bp = v;
          best = &o;
        }
    if (!best) return std::nullopt;
    return "«" + best->label + "»" + a.plus();
  }

  void reads(const Rule& rule, std::vector<const std::string*>& out) const override {
    out.push_back(&fields<ChoiceFields>(rule).input);
  }

  RuleNeeds needs(const Rule& rule) const override {
    RuleNeeds n;
    n.inputs = {fields<ChoiceFields>(rule).input};
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::Choice>() {
  static const Choice kind;
  return kind;
}

}  // namespace cds
