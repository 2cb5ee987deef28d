// `yesno`: `yes` points for a yes, `no` (default 0) for a no.
#include "kit.hpp"

namespace cds {
namespace {

struct YesNoFields : RuleParams {
  std::string input;
  Num yes, no;
};

class YesNo final : public RuleKindDef {
 public:
  const char* name() const override { return "yesno"; }

  void load(RuleLoader& in, Rule& rule) const override {
    auto& f = make_fields<YesNoFields>(rule);
    in.text("input", &f.input, true);
    in.number("yes", &f.yes, true);
    in.number("no", &f.no, false);
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    l.input(fields<YesNoFields>(rule).input, {InputType::YesNo});
  }

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    const auto& f = fields<YesNoFields>(rule);
    return cds::max(f.yes, f.no);
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<YesNoFields>(rule);
    const InputDef* in = ev.input_of(f.input);
    if (!in) return std::nullopt;
    auto b = ev.read_bool(*in);
    if (!b) return std::nullopt;
    Num pts = *b ? f.yes : f.no;
    CDS_LINE(ev, (rule.label.empty() ? in->label : rule.label) + ": " + (*b ? ev.T("Có", "Yes") : ev.T("Không", "No")) +
                     " → " + ev.P(pts));
    return pts;
  }

  std::optional<std::string> advice(const RuleAdviser& a, const Rule& rule) const override {
    const InputDef* in = a.c.input(fields<YesNoFields>(rule).input);
    if (!in) return std::nullopt;
    return in->label + ": " + T(a.lang, "«Có»", "\"Yes\"") + a.plus();
  }

  void reads(const Rule& rule, std::vector<const std::string*>& out) const override {
    out.push_back(&fields<YesNoFields>(rule).input);
  }

  RuleNeeds needs(const Rule& rule) const override {
    RuleNeeds n;
    n.inputs = {fields<YesNoFields>(rule).input};
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::YesNo>() {
  static const YesNo kind;
  return kind;
}

}  // namespace cds
