// `months_late`: points − per_month × the months a date is past its deadline (at most max_months);
// 0 when the optional `done` input says it was not done.
#include "kit.hpp"

namespace cds {
namespace {

struct MonthsLateFields : RuleParams {
  std::string date_input, deadline_input, done_input;
  std::optional<Date> deadline_date;
  Num points;
  Num per_month = 1;
  int max_months = -1;  // -1: no limit
  bool count_started = false;
};

class MonthsLate final : public RuleKindDef {
 public:
  const char* name() const override { return "months_late"; }

  void load(RuleLoader& in, Rule& rule) const override {
    auto& f = make_fields<MonthsLateFields>(rule);
    const std::string& p = in.path();
    in.text("date", &f.date_input, true);
    in.text("deadline", &f.deadline_input, false);
    std::string dd;
    if (in.text("deadline_date", &dd, false) && !dd.empty()) {
      f.deadline_date = parse_iso_date(dd);
      if (!f.deadline_date)
        in.err(p + ".deadline_date", "rubric.date", "Ngày không hợp lệ (YYYY-MM-DD)", "Invalid date (YYYY-MM-DD)");
    }
    if (f.deadline_input.empty() && !f.deadline_date)
      in.err(p, "rubric.deadline", "months_late cần \"deadline\" (đầu vào) hoặc \"deadline_date\"",
             "months_late needs \"deadline\" (an input) or \"deadline_date\"");
    in.text("done", &f.done_input, false);
    in.number("points", &f.points, true);
    in.number("per_month", &f.per_month, false);
    Num mm = -1;
    in.number("max_months", &mm, false);
    if (!mm.is_integer() || mm < Num(-1) || mm > Num(1200)) {
      in.err(p + ".max_months", "rubric.max_months", "\"max_months\" phải là số nguyên không âm",
             "\"max_months\" must be a non-negative integer");
    } else {
      f.max_months = static_cast<int>(mm.num());
    }
    std::string count = "full";
    in.text("count", &count, false);
    if (count == "started") {
      f.count_started = true;
    } else if (count != "full") {
      in.err(p + ".count", "rubric.count", "\"count\" là \"full\" hoặc \"started\"",
             "\"count\" is \"full\" or \"started\"");
    }
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    const auto& f = fields<MonthsLateFields>(rule);
    l.input(f.date_input, {InputType::Date});
    if (!f.deadline_input.empty()) l.input(f.deadline_input, {InputType::Date});
    if (!f.done_input.empty()) l.input(f.done_input, {InputType::YesNo});
  }

  std::optional<Num> max(const Rule& rule, const Criterion& /*c*/) const override {
    return fields<MonthsLateFields>(rule).points;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<MonthsLateFields>(rule);
    if (!f.done_input.empty()) {
      const InputDef* din = ev.input_of(f.done_input);
      if (!din) return std::nullopt;
      auto done = ev.read_bool(*din);
      if (!done) return std::nullopt;
      if (!*done) {
        CDS_LINE(ev, din->label + ": " + ev.T("Không", "No") + " → 0");
        return Num(0);
      }
    }
    const InputDef* date_in = ev.input_of(f.date_input);
    if (!date_in) return std::nullopt;
    auto d = ev.read_date(*date_in);
    std::optional<Date> deadline = f.deadline_date;
    const InputDef* dl_in = nullptr;
    if (!f.deadline_input.empty()) {
      dl_in = ev.input_of(f.deadline_input);
      if (!dl_in) return std::nullopt;
      deadline = ev.read_date(*dl_in);
    }
    if (!d || !deadline) return std::nullopt;
    int n = f.count_started ? started_months_between(*deadline, *d) : full_months_between(*deadline, *d);
    std::string head = !ev.explaining() ? std::string()
                                        : date_in->label + ": " + format_date(*d) + "; " +
                                              (dl_in ? dl_in->label : std::string(ev.T("hạn", "deadline"))) + ": " +
                                              format_date(*deadline);
    if (n == 0) {
      CDS_LINE(ev, head +
                       (*deadline < *d ? ev.T(" — trễ chưa đủ 1 tháng → ", " — late by less than a month → ")
                                       : ev.T(" — đúng hạn → ", " — on time → ")) +
                       ev.P(f.points));
      return f.points;
    }
    int counted = (f.max_months >= 0 && n > f.max_months) ? f.max_months : n;
    Num res = f.points - f.per_month * Num(counted);
    std::string late = std::string(ev.T(" — trễ ", " — late ")) + std::to_string(n) + ev.T(" tháng", " month(s)");
    if (counted != n) late += std::string(ev.T(" (tính tối đa ", " (counted at most ")) + std::to_string(counted) + ")";
    CDS_LINE(ev, head + late + " → " + ev.P(f.points) + " − " + std::to_string(counted) + " × " + ev.P(f.per_month) +
                     " = " + ev.P(res));
    return res;
  }

  std::optional<std::string> advice(const RuleAdviser& a, const Rule& /*rule*/) const override {
    return std::string(T(a.lang, "Ban hành, báo cáo đúng hạn", "Issue and report on time")) + a.plus();
  }

  void reads(const Rule& rule, std::vector<const std::string*>& out) const override {
    const auto& f = fields<MonthsLateFields>(rule);
    for (const auto* id : {&f.date_input, &f.deadline_input, &f.done_input}) out.push_back(id);
  }

  RuleNeeds needs(const Rule& rule) const override {
    const auto& f = fields<MonthsLateFields>(rule);
    RuleNeeds n;
    for (const auto* id : {&f.date_input, &f.deadline_input, &f.done_input})
      if (!id->empty()) n.inputs.push_back(*id);
    n.deadline = RuleNeeds::Deadline{f.date_input, f.deadline_input, f.done_input, f.deadline_date};
    return n;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::MonthsLate>() {
  static const MonthsLate kind;
  return kind;
}

}  // namespace cds
