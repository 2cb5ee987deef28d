// `if`: `then` when a yes/no or choice input equals `cond.equals`, else `else`.
#include <algorithm>

#include "kit.hpp"

namespace cds {
namespace {

struct IfFields : RuleParams {
  std::string input;
  Json equals;  // true/false for a yes/no input, an option value for a choice
};

class If final : public RuleKindDef {
 public:
  const char* name() const override { return "if"; }

  void load(RuleLoader& in, Rule& rule) const override {
    auto& f = make_fields<IfFields>(rule);
    const Json* cond = in.need("cond");
    if (cond && cond->is_object()) {
      RuleLoader c = in.at(*cond, in.path() + ".cond");
      c.text("input", &f.input, true);
      const Json* eq = field(*cond, "equals");
      if (!eq || !(eq->is_boolean() || eq->is_string())) {
        in.err(in.path() + ".cond.equals", "rubric.cond", "\"equals\" phải là true/false hoặc giá trị lựa chọn",
               "\"equals\" must be true/false or an option value");
      } else {
        f.equals = *eq;
      }
    } else if (cond) {
      in.err(in.path() + ".cond", "rubric.type", "\"cond\" phải là đối tượng {input, equals}",
             "\"cond\" must be {input, equals}");
    }
    Rule then = in.rule("then");
    Rule otherwise = in.rule("else");
    rule.children.push_back(std::move(then));
    rule.children.push_back(std::move(otherwise));
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    const auto& f = fields<IfFields>(rule);
    const InputDef* in = l.input(f.input, {InputType::YesNo, InputType::Choice});
    if (in && in->type == InputType::YesNo && !f.equals.is_boolean())
      l.err("lint.cond", "Điều kiện trên đầu vào có/không cần \"equals\": true/false",
            "A yes/no condition needs \"equals\": true/false");
    if (in && in->type == InputType::Choice) {
      bool ok = f.equals.is_string() && std::any_of(in->options.begin(), in->options.end(), [&](const auto& o) {
                  return o.value == f.equals.get<std::string>();
                });
      if (!ok)
        l.err("lint.cond", "Giá trị \"equals\" không phải là một lựa chọn", "\"equals\" is not one of the options");
    }
    if (rule.children.size() == 2) {
      l.sub_rule(rule.children[0], ".then");
      l.sub_rule(rule.children[1], ".else");
    }
  }

  std::optional<Num> max(const Rule& rule, const Criterion& c) const override {
    if (rule.children.size() != 2) return Num(0);
    auto a = rule_max(rule.children[0], c);
    auto b = rule_max(rule.children[1], c);
    if (!a || !b) return std::nullopt;
    return cds::max(*a, *b);
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<IfFields>(rule);
    const InputDef* in = ev.input_of(f.input);
    if (!in || rule.children.size() != 2) return std::nullopt;
    bool take_then = false;
    if (in->type == InputType::YesNo) {
      auto b = ev.read_bool(*in);
      if (!b) return std::nullopt;
      take_then = f.equals.is_boolean() && *b == f.equals.get<bool>();
      CDS_LINE(ev, in->label + ": " + (*b ? ev.T("Có", "Yes") : ev.T("Không", "No")));
    } else {
      const ChoiceOption* o = ev.read_choice(*in);
      if (!o) return std::nullopt;
      take_then = f.equals.is_string() && o->value == f.equals.get<std::string>();
      CDS_LINE(ev, in->label + ": " + ev.q(o->label));
    }
    return ev.run(rule.children[take_then ? 0 : 1]);
  }

  std::optional<std::string> advice(const RuleAdviser& /*a*/, const Rule& /*rule*/) const override {
    return std::nullopt;
  }

  void reads(const Rule& rule, std::vector<const std::string*>& out) const override {
    out.push_back(&fields<IfFields>(rule).input);
  }

  RuleNeeds needs(const Rule& rule) const override {
    RuleNeeds n;
    n.inputs = {fields<IfFields>(rule).input};
    return n;
  }

  // With the condition answered, only the branch it selects.
  std::vector<const Rule*> sub_rules(const Rule& rule, const Json* answers) const override {
    const auto& f = fields<IfFields>(rule);
    if (answers && rule.children.size() == 2) {
      auto it = answers->find(f.input);
      if (it != answers->end() && !it->is_null()) return {&rule.children[*it == f.equals ? 0 : 1]};
    }
    return RuleKindDef::sub_rules(rule, answers);
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::If>() {
  static const If kind;
  return kind;
}

}  // namespace cds
