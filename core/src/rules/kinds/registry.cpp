// The registry: every rule kind, made from CDS_RULE_KINDS (model/rubric.hpp), in RuleKind order.
#include "kit.hpp"

namespace cds {

const std::vector<const RuleKindDef*>& rule_kinds() {
  static const std::vector<const RuleKindDef*> kAll = {
#define CDS_RULE_KIND_DEF(k) &rule_kind_def<RuleKind::k>(),
      CDS_RULE_KINDS(CDS_RULE_KIND_DEF)
#undef CDS_RULE_KIND_DEF
  };
  return kAll;
}

const RuleKindDef& rule_kind(RuleKind k) {
  return *rule_kinds().at(static_cast<size_t>(k));
}

std::optional<RuleKind> find_rule_kind(std::string_view name) {
  const auto& all = rule_kinds();
  for (size_t i = 0; i < all.size(); ++i)
    if (name == all[i]->name()) return static_cast<RuleKind>(i);
  return std::nullopt;
}

std::vector<const Rule*> RuleKindDef::sub_rules(const Rule& rule, const Json* /*answers*/) const {
  std::vector<const Rule*> out;
  for (const auto& c : rule.children) out.push_back(&c);
  return out;
}

std::optional<Num> RuleKindDef::max_for_value(const Rule& /*rule*/, const Criterion& /*c*/,
                                              const Num& /*value_max*/) const {
  return std::nullopt;
}

void RuleKindDef::reads(const Rule& rule, std::vector<const std::string*>& out) const { read_value_names(rule.value, out); }

void read_value_names(const ValueExpr& v, std::vector<const std::string*>& out) {
  if (!v.input.empty()) out.push_back(&v.input);
  for (const auto* names : {&v.num, &v.den, &v.terms})
    for (const auto& n : *names) out.push_back(&n);
}

void RuleNeeds::read(const ValueExpr& v) {
  auto add = [&](const std::string& n) {
    if (n.rfind("gi:", 0) == 0) {
      general.push_back(n.substr(3));
    } else if (!n.empty()) {
      inputs.push_back(n);
    }
  };
  add(v.input);
  for (const auto* names : {&v.num, &v.den, &v.terms})
    for (const auto& n : *names) add(n);
  value = &v;
}

}  // namespace cds
