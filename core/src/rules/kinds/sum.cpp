// `sum`: the sum of its parts (weighted parts are parts with their own points).
#include "kit.hpp"

namespace cds {
namespace {

class Sum final : public RuleKindDef {
 public:
  const char* name() const override { return "sum"; }

  void load(RuleLoader& in, Rule& rule) const override {
    const Json* parts = in.need("parts");
    if (parts && (!parts->is_array() || parts->empty())) {
      in.err(in.path() + ".parts", "rubric.parts", "\"parts\" phải là mảng không rỗng",
             "\"parts\" must be a non-empty array");
    } else if (parts) {
      for (size_t i = 0; i < parts->size(); ++i)
        rule.children.push_back(in.rule_at((*parts)[i], in.path() + ".parts[" + std::to_string(i) + "]"));
    }
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    for (size_t i = 0; i < rule.children.size(); ++i) l.sub_rule(rule.children[i], ".parts[" + std::to_string(i) + "]");
  }

  std::optional<Num> max(const Rule& rule, const Criterion& c) const override {
    Num sum = 0;
    for (const auto& ch : rule.children) {
      auto v = rule_max(ch, c);
      if (!v) return std::nullopt;
      sum += *v;
    }
    return sum;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    Num sum = 0;
    std::string terms;
    bool ok = true;
    for (const auto& ch : rule.children) {
      auto v = ev.run(ch);
      if (!v) {
        ok = false;
        continue;
      }
      sum += *v;
      if (ev.explaining()) terms += (terms.empty() ? "" : " + ") + ev.P(*v);
    }
    if (!ok) return std::nullopt;
    if (rule.children.size() > 1) CDS_LINE(ev, std::string(ev.T("Cộng: ", "Total: ")) + terms + " = " + ev.P(sum));
    return sum;
  }

  std::optional<std::string> advice(const RuleAdviser& /*a*/, const Rule& /*rule*/) const override {
    return std::nullopt;
  }

  RuleNeeds needs(const Rule& /*rule*/) const override { return {}; }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::Sum>() {
  static const Sum kind;
  return kind;
}

}  // namespace cds
