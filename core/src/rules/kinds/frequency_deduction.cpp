// `frequency_deduction`: points − Σ count × rate × points, counts per reporting frequency.
#include <algorithm>

#include "kit.hpp"

namespace cds {
namespace {

struct FrequencyDeductionFields : RuleParams {
  std::string input;
  Num points;
  std::vector<std::pair<std::string, Num>> rates;  // frequency key → share of the points, in file order
};

class FrequencyDeduction final : public RuleKindDef {
 public:
  const char* name() const override { return "frequency_deduction"; }

  void load(RuleLoader& in, Rule& rule) const override {
    auto& f = make_fields<FrequencyDeductionFields>(rule);
    in.text("input", &f.input, true);
    in.number("points", &f.points, true);
    const Json* rates = in.need("rates");
    if (rates && rates->is_object()) {
      for (auto it = rates->begin(); it != rates->end(); ++it) {
        auto n = json_num(it.value());
        if (!n) {
          in.err(in.path() + ".rates." + it.key(), "rubric.type", "Tỷ lệ trừ phải là số", "Rates must be numbers");
          continue;
        }
        f.rates.emplace_back(it.key(), *n);
      }
    } else if (rates) {
      in.err(in.path() + ".rates", "rubric.type", "\"rates\" phải là đối tượng", "\"rates\" must be an object");
    }
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    const auto& f = fields<FrequencyDeductionFields>(rule);
    const InputDef* in = l.input(f.input, {InputType::FrequencyCounts});
    if (!in) return;
    for (const auto& [k, v] : f.rates) {
      if (std::find(in->frequencies.begin(), in->frequencies.end(), k) == in->frequencies.end())
        l.err("lint.rates", "Tần suất \"" + k + "\" không có trong đầu vào",
              "Frequency \"" + k + "\" is not in the input");
      if (v.sign() < 0) l.err("lint.rates", "Tỷ lệ trừ không được âm", "Rates must not be negative");
    }
  }

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    return fields<FrequencyDeductionFields>(rule).points;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<FrequencyDeductionFields>(rule);
    const InputDef* in = ev.input_of(f.input);
    if (!in) return std::nullopt;
    const Json* j = ev.answer(*in);
    if (!j) {
      ev.absent(*in);
      return std::nullopt;
    }
    if (!j->is_object()) {
      ev.bad(in, "frequency.type", "cần số lần theo từng tần suất {\"monthly\": n, …}",
             "expected counts per frequency {\"monthly\": n, …}");
      return std::nullopt;
    }
    static const std::pair<const char*, std::pair<const char*, const char*>> kNames[] = {
        {"monthly", {"tháng", "monthly"}},
        {"quarterly", {"quý", "quarterly"}},
        {"semiannual", {"6 tháng", "half-yearly"}},
        {"annual", {"năm", "annual"}}};
    Num share = 0;
    std::string parts;
    for (const auto& [key, rate] : f.rates) {
      const Json* cj = field(*j, key.c_str());
      Num count = 0;
      if (cj && !cj->is_null()) {
        auto v = ev.to_num(*cj, in, ev.T("Số lần", "The count"));
        if (!v) return std::nullopt;
        if (!ev.check_count(*v, in, "Số lần", "A count")) return std::nullopt;
        count = *v;
      }
      if (count.is_zero()) continue;
      share += count * rate;
      std::string fname = key;
      for (const auto& [k, nm] : kNames)
        if (key == k) fname = ev.vi() ? nm.first : nm.second;
      parts += (parts.empty() ? "" : " + ") +
               (ev.explaining() ? ev.N(count) + " (" + fname + ") × " + ev.pct(rate) : std::string("·"));
    }
    if (parts.empty()) {
      CDS_LINE(ev, in->label + ": " + ev.T("không có lần nào → ", "none → ") + ev.P(f.points));
      return f.points;
    }
    Num res = f.points - share * f.points;
    CDS_LINE(ev, in->label + ": " + parts + " = " + ev.pct(share) + ev.T(" số điểm", " of the points"));
    CDS_LINE(ev, ev.P(f.points) + " − " + ev.pct(share) + " × " + ev.P(f.points) + " = " + ev.P(res));
    return res;
  }

  std::optional<std::string> advice(const RuleAdviser& a, const Rule& /*rule*/) const override {
    return std::string(T(a.lang, "Nhập liệu đầy đủ, đúng quy chế", "Report fully and on time")) + a.plus();
  }

  void reads(const Rule& rule, std::vector<const std::string*>& out) const override {
    out.push_back(&fields<FrequencyDeductionFields>(rule).input);
  }

  RuleNeeds needs(const Rule& rule) const override {
    RuleNeeds n;
    n.inputs = {fields<FrequencyDeductionFields>(rule).input};
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::FrequencyDeduction>() {
  static const FrequencyDeduction kind;
  return kind;
}

}  // namespace cds
