// `tiers`: the points of the first band containing the value; a band may hold a rule instead of
// points. With `uncovered: "zero"` a value in no band scores 0 with a warning.
#include <algorithm>

#include "kit.hpp"

namespace cds {
namespace {

struct Band {
  std::optional<Num> min;
  std::optional<Num> max;
  bool min_inclusive = true;
  bool max_inclusive = false;
  std::optional<Num> points;
  std::vector<Rule> rule;  // zero or one: a rule evaluated instead of fixed points
  std::string label;

  bool contains(const Num& v) const {
    if (min) {
      int c = v.compare(*min);
      if (c < 0 || (c == 0 && !min_inclusive)) return false;
    }
    if (max) {
      int c = v.compare(*max);
      if (c > 0 || (c == 0 && !max_inclusive)) return false;
    }
    return true;
  }
};

struct TiersFields : RuleParams {
  std::vector<Band> bands;
  bool uncovered_zero = false;
};

std::string fmt(const Num& n) {
  return format_number(n, Lang::Vi, 4, false);
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& e : v) s += (s.empty() ? "" : ", ") + e;
  return s;
}

// Where the bands leave the values [0, top] uncovered or covered twice (top: nullopt = +∞).
struct Coverage {
  std::vector<std::string> gaps;
  std::vector<std::string> overlaps;
};

Coverage coverage(const std::vector<Band>& all, const std::optional<Num>& top) {
  std::vector<const Band*> bands;
  bands.reserve(all.size());
  for (const auto& b : all) bands.push_back(&b);
  std::stable_sort(bands.begin(), bands.end(), [](const Band* a, const Band* b) {
    if (!a->min) return b->min.has_value();
    if (!b->min) return false;
    int cmp = a->min->compare(*b->min);
    if (cmp != 0) return cmp < 0;
    return a->min_inclusive && !b->min_inclusive;
  });
  Coverage out;
  // Covered prefix: [0, cov] (cov_incl) — starts empty at 0 exclusive.
  Num cov = 0;
  bool cov_incl = false;
  bool unbounded = false;
  for (const Band* b : bands) {
    if (unbounded) {
      out.overlaps.push_back(b->min ? fmt(*b->min) : "-∞");
      continue;
    }
    if (b->max && (*b->max < Num(0) || (b->max->is_zero() && !b->max_inclusive))) continue;  // below domain
    Num lo = b->min ? *b->min : Num(0);
    bool lo_incl = b->min ? b->min_inclusive : true;
    if (lo < Num(0)) {
      lo = 0;
      lo_incl = true;
    }
    int cmp = lo.compare(cov);
    if (cmp > 0 || (cmp == 0 && !cov_incl && !lo_incl)) {
      out.gaps.push_back(std::string(cov_incl ? "(" : "[") + fmt(cov) + "; " + fmt(lo) + (lo_incl ? ")" : "]"));
    } else if (cmp < 0 || (cmp == 0 && cov_incl && lo_incl && !(cov.is_zero() && !cov_incl))) {
      out.overlaps.push_back(fmt(lo));
    }
    if (!b->max) {
      unbounded = true;
      continue;
    }
    int c2 = b->max->compare(cov);
    if (c2 > 0 || (c2 == 0 && b->max_inclusive)) {
      cov = *b->max;
      cov_incl = b->max_inclusive;
    }
  }
  if (!unbounded) {
    if (!top) {
      out.gaps.push_back(std::string(cov_incl ? "(" : "[") + fmt(cov) + "; +∞)");
    } else {
      int cmp = top->compare(cov);
      if (cmp > 0 || (cmp == 0 && !cov_incl))
        out.gaps.push_back(std::string(cov_incl ? "(" : "[") + fmt(cov) + "; " + fmt(*top) + "]");
    }
  }
  return out;
}

// "từ 90 % đến dưới 95 %", unless the band has a label.
std::string band_text(const RuleEvaluator& ev, const Band& b, bool percent) {
  if (!b.label.empty()) return b.label;
  auto v = [&](const Num& n) { return percent ? ev.pct(n) : ev.N(n); };
  std::string s;
  if (b.min) s += (b.min_inclusive ? ev.T("từ ", "from ") : ev.T("trên ", "above ")) + v(*b.min);
  if (b.max) {
    if (!s.empty()) s += ev.T(" đến ", " to ");
    s += (b.max_inclusive ? (b.min ? "" : ev.T("đến ", "up to ")) : ev.T("dưới ", "below ")) + v(*b.max);
  } else if (b.min && b.min_inclusive) {
    s = v(*b.min) + ev.T(" trở lên", " or more");
  }
  return s.empty() ? ev.T("mọi giá trị", "any value") : s;
}

class Tiers final : public RuleKindDef {
 public:
  const char* name() const override { return "tiers"; }

  void load(RuleLoader& in, Rule& rule) const override {
    rule.value = in.value();
    auto& f = make_fields<TiersFields>(rule);
    std::string unc = "error";
    in.text("uncovered", &unc, false);
    if (unc == "zero") {
      f.uncovered_zero = true;
    } else if (unc != "error") {
      in.err(in.path() + ".uncovered", "rubric.uncovered", "\"uncovered\" là \"error\" hoặc \"zero\"",
             "\"uncovered\" is \"error\" or \"zero\"");
    }
    const Json* bands = in.need("bands");
    if (bands && (!bands->is_array() || bands->empty())) {
      in.err(in.path() + ".bands", "rubric.bands", "\"bands\" phải là mảng không rỗng",
             "\"bands\" must be a non-empty array");
    } else if (bands) {
      for (size_t i = 0; i < bands->size(); ++i)
        if (auto band = load_band(in.at((*bands)[i], in.path() + ".bands[" + std::to_string(i) + "]")))
          f.bands.push_back(std::move(*band));
    }
  }

  void lint(RuleLinter& l, const Rule& rule) const override {
    const auto& f = fields<TiersFields>(rule);
    const Criterion& c = l.criterion();
    l.value(rule.value);
    std::optional<Num> top = l.value_max(rule.value);
    Coverage cov = coverage(f.bands, top);
    if (!cov.gaps.empty() && !l.literal()) {
      // The applied reading covers every value the input allows: a boundary belongs to the tier the
      // wording leaves it in, values beyond the top printed band take its points (docs/rubric-format.md,
      // "Two readings"). The printed gap belongs in the criterion's literal reading.
      l.err("lint.tiers_gap",
            "Các mức để trống khoảng " + join(cov.gaps) +
                ": cách đọc được áp dụng phải xếp mọi giá trị vào một mức (ranh giới theo chữ \"dưới\"/\"từ\"); ghi cách đọc theo chữ vào \"literal\"",
            "Tiers leave " + join(cov.gaps) +
                " uncovered: the applied reading puts every value in a tier (boundaries as the wording leaves them); keep the printed one in \"literal\"");
    }
    if (!cov.overlaps.empty() && !c.has_ambiguity_note())
      l.err("lint.tiers_overlap",
            "Các mức chồng lên nhau tại " + join(cov.overlaps) + " (mức đầu tiên được dùng; cần ghi chú ambiguity)",
            "Tiers overlap at " + join(cov.overlaps) + " (the first band applies; an ambiguity note is required)");
    if (!l.literal())
      for (const auto& b : f.bands)
        if (b.min && b.max && *b.min == *b.max && b.min_inclusive && b.max_inclusive && (!top || *b.max < *top))
          l.err("lint.tiers_point",
                "Mức chỉ gồm một giá trị (" + fmt(*b.min) + "): nếu văn bản muốn nói \"từ … trở lên\", hãy để mức mở lên trên; ghi cách đọc theo chữ vào \"literal\"",
                "A band of one value (" + fmt(*b.min) + "): where the document means \"at least\", leave it open above; keep the printed one in \"literal\"");
    for (size_t i = 0; i < f.bands.size(); ++i)
      for (const auto& sub : f.bands[i].rule) l.sub_rule(sub, ".bands[" + std::to_string(i) + "].rule");
  }

  std::optional<Num> max(const Rule& rule, const Criterion& c) const override {
    std::optional<Num> best = Num(0);
    for (const auto& b : fields<TiersFields>(rule).bands) {
      std::optional<Num> v = b.points;
      if (!b.rule.empty()) {
        const Rule& sub = b.rule[0];
        v = rule_max(sub, c);
        // A sub-rule on the same value is bounded by the band it lives in, e.g. "ratio × max below 20 %".
        if (!v && b.max && sub.value.kind == rule.value.kind && sub.value.input == rule.value.input &&
            sub.value.num == rule.value.num)
          v = rule_kind(sub.kind).max_for_value(sub, c, *b.max);
      }
      best = (best && v) ? std::optional<Num>(cds::max(*best, *v)) : std::nullopt;
    }
    return best;
  }

  std::optional<Num> score(RuleEvaluator& ev, const Rule& rule) const override {
    const auto& f = fields<TiersFields>(rule);
    auto v = ev.value(rule.value, rule.label);
    if (!v) return std::nullopt;
    CDS_LINE(ev, v->text);
    for (const auto& b : f.bands) {
      if (!b.contains(v->v)) continue;
      std::string head = ev.explaining() ? ev.disp(*v) + ev.T(" thuộc mức ", " is in the band ") + ev.q(band_text(ev, b, v->percent)) : std::string();
      if (!b.rule.empty()) {
        CDS_LINE(ev, head + ":");
        return ev.run(b.rule[0]);
      }
      CDS_LINE(ev, head + " → " + ev.P(*b.points));
      return *b.points;
    }
    if (f.uncovered_zero) {
      CDS_LINE(ev, ev.disp(*v) + ev.T(" không thuộc mức nào văn bản quy định (xem ghi chú) → 0",
                                      " is in none of the printed bands (see the notes) → 0"));
      ev.msgs.push_back(
          warning("tiers.uncovered",
                  "Giá trị " + ev.disp(*v) + " không thuộc mức nào văn bản quy định; tính 0 điểm (xem ghi chú)",
                  "The value " + ev.disp(*v) + " is in none of the printed bands; scored 0 (see the notes)",
                  ev.criterion().id));
      if (rule.value.kind == ValueExpr::Kind::Input) ev.msgs.back().input = rule.value.input;
      return Num(0);
    }
    ev.bad_input(rule.value.kind == ValueExpr::Kind::Input ? rule.value.input : std::string(), "tiers.outside",
                 "Giá trị " + format_number(v->v * Num(v->percent ? 100 : 1), Lang::Vi, 4) + (v->percent ? " %" : "") + " nằm ngoài các mức của văn bản",
                 "The value " + format_number(v->v * Num(v->percent ? 100 : 1), Lang::En, 4) + (v->percent ? "%" : "") + " is outside the printed bands");
    return std::nullopt;
  }

  // The lowest value of the band worth the most.
  std::optional<std::string> advice(const RuleAdviser& a, const Rule& rule) const override {
    bool pct = a.percent_of(rule.value);
    const Band* best = nullptr;
    std::optional<Num> best_pts;
    for (const auto& b : fields<TiersFields>(rule).bands) {
      std::optional<Num> p = b.points;
      if (!b.rule.empty()) p = rule_max(b.rule[0], a.c);
      if (p && (!best_pts || *p > *best_pts)) {
        best_pts = p;
        best = &b;
      }
    }
    if (!best) return std::nullopt;
    std::string floor =
        !best->min ? a.show(Num(0), pct)
                   : (best->min_inclusive ? "" : std::string(T(a.lang, "trên ", "above "))) + a.show(*best->min, pct);
    return a.label_of(rule) + " " + a.now(pct) + floor + a.plus();
  }

  RuleNeeds needs(const Rule& rule) const override {
    RuleNeeds n;
    n.read(rule.value);
    n.curve = RuleNeeds::Curve::Bands;
    for (const auto& b : fields<TiersFields>(rule).bands) n.bands.emplace_back(b.min, b.max);
    return n;
  }

  std::vector<const Rule*> sub_rules(const Rule& rule, const Json* /*answers*/) const override {
    std::vector<const Rule*> out;
    for (const auto& b : fields<TiersFields>(rule).bands)
      for (const auto& sub : b.rule) out.push_back(&sub);
    return out;
  }

 private:
  static std::optional<Band> load_band(RuleLoader b) {
    if (!b.json().is_object()) {
      b.err(b.path(), "rubric.type", "Mỗi mức phải là đối tượng", "Each band must be an object");
      return std::nullopt;
    }
    Band band;
    Num v;
    const Json& j = b.json();
    if (field(j, "min") && !field(j, "min")->is_null() && b.number("min", &v, false)) band.min = v;
    if (field(j, "max") && !field(j, "max")->is_null() && b.number("max", &v, false)) band.max = v;
    b.boolean("min_inclusive", &band.min_inclusive);
    b.boolean("max_inclusive", &band.max_inclusive);
    b.text("label", &band.label, false);
    if (const Json* sub = field(j, "rule")) {
      band.rule.push_back(b.rule_at(*sub, b.path() + ".rule"));
    } else if (b.number("points", &v, true)) {
      band.points = v;
    }
    if (band.min && band.max && *band.max < *band.min)
      b.err(b.path(), "rubric.band", "Mức có cận trên nhỏ hơn cận dưới", "Band maximum is below its minimum");
    return band;
  }
};

}  // namespace

template <>
const RuleKindDef& rule_kind_def<RuleKind::Tiers>() {
  static const Tiers kind;
  return kind;
}

}  // namespace cds
