// Meaning checks for a loaded rubric. See docs/rubric-format.md, "Lint". Each rule kind checks its
// own fields (core/src/rules/kinds/); this file checks criteria, sections and totals, and gives the
// kinds their RuleLinter.
#include <algorithm>
#include <set>

#include "../rules/kinds/kit.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/deadline.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/rule_kind.hpp"

namespace cds {
namespace {

std::string fmt(const Num& n) { return format_number(n, Lang::Vi, 4, false); }
std::string fmt_en(const Num& n) { return format_number(n, Lang::En, 4, false); }

bool numeric(InputType t) {
  return t == InputType::Count || t == InputType::Number || t == InputType::Percent;
}

}  // namespace

RuleLinter::RuleLinter(const Rubric& r, const Criterion& c, Messages& out, std::set<std::string>& used, std::string where)
    : r_(r), c_(c), out_(out), used_(used), where_(std::move(where)) {}

void RuleLinter::err(const std::string& code, const std::string& vi, const std::string& en) {
  out_.push_back(error(code, vi, en, where_));
}

void RuleLinter::check(const Rule& rule) { rule_kind(rule.kind).lint(*this, rule); }

void RuleLinter::sub_rule(const Rule& rule, const std::string& path_suffix) {
  RuleLinter sub(r_, c_, out_, used_, where_ + path_suffix);
  sub.literal_ = literal_;
  sub.check(rule);
}

const InputDef* RuleLinter::input(const std::string& id, std::initializer_list<InputType> types) {
  if (id.empty()) return nullptr;
  used_.insert(id);
  const InputDef* in = c_.input(id);
  if (!in) {
    err("lint.input_missing", "Quy tắc đọc đầu vào \"" + id + "\" nhưng tiêu chí không có đầu vào này",
        "The rule reads input \"" + id + "\" which the criterion does not have");
    return nullptr;
  }
  if (std::find(types.begin(), types.end(), in->type) == types.end()) {
    std::string allowed;
    for (auto t : types) allowed += std::string(allowed.empty() ? "" : ", ") + input_type_name(t);
    err("lint.input_type", "Đầu vào \"" + id + "\" có kiểu " + input_type_name(in->type) + " nhưng quy tắc cần " + allowed,
        "Input \"" + id + "\" is " + input_type_name(in->type) + " but the rule needs " + allowed);
    return nullptr;
  }
  return in;
}

void RuleLinter::name(const std::string& name) {
  if (name.rfind("gi:", 0) == 0) {
    const GeneralInfoField* g = r_.general(name.substr(3));
    if (!g) {
      err("lint.general_missing", "Không có trường thông tin chung \"" + name.substr(3) + "\"",
          "No general-information field \"" + name.substr(3) + "\"");
    } else if (!numeric(g->type)) {
      err("lint.general_type", "Trường thông tin chung \"" + name.substr(3) + "\" không phải là số",
          "General-information field \"" + name.substr(3) + "\" is not numeric");
    }
    return;
  }
  input(name, {InputType::Count, InputType::Number, InputType::Percent});
}

void RuleLinter::value(const ValueExpr& v) {
  switch (v.kind) {
    case ValueExpr::Kind::Input:
      input(v.input, {InputType::Count, InputType::Number, InputType::Percent, InputType::Ratio});
      break;
    case ValueExpr::Kind::Ratio:
      for (const auto& n : v.num) name(n);
      for (const auto& n : v.den) name(n);
      break;
    case ValueExpr::Kind::Sum:
      for (const auto& n : v.terms) name(n);
      break;
  }
  if (v.scale.sign() <= 0) err("lint.scale", "\"scale\" phải lớn hơn 0", "\"scale\" must be above 0");
}

std::optional<Num> RuleLinter::value_max(const ValueExpr& v) const {
  switch (v.kind) {
    case ValueExpr::Kind::Input: {
      const InputDef* in = c_.input(v.input);
      if (!in) return std::nullopt;
      if (in->type == InputType::Percent) {
        if (in->allow_over_100) return std::nullopt;
        return Num(1) * v.scale;
      }
      if (in->type == InputType::Ratio) {
        if (in->allow_over_1) return std::nullopt;
        return Num(1) * v.scale;
      }
      if (in->max) return *in->max * v.scale;
      return std::nullopt;
    }
    case ValueExpr::Kind::Ratio:
      if (v.allow_over_1) return std::nullopt;
      return Num(1) * v.scale;  // numerator ≤ denominator is checked when scoring
    case ValueExpr::Kind::Sum:
      return std::nullopt;
  }
  return std::nullopt;
}

namespace {

struct Linter {
  const Rubric& r;
  Messages out;

  void err(const std::string& where, const std::string& code, const std::string& vi, const std::string& en) {
    out.push_back(error(code, vi, en, where));
  }
  void warn(const std::string& where, const std::string& code, const std::string& vi, const std::string& en) {
    out.push_back(warning(code, vi, en, where));
  }

  // A ratio the unit can push over 100 % where more is better must say what that means: more done
  // than required (allow_over_1: scored as achieved) or a part of a whole (part_of_whole: > 100 %
  // is a data error). Otherwise a unit that did more than asked would be refused as invalid.
  void check_ratio_direction(const Criterion& c) {
    RuleNeeds n = rule_kind(c.rule.kind).needs(c.rule);
    if (n.curve == RuleNeeds::Curve::None || n.curve == RuleNeeds::Curve::RelativeToBest || !n.value) return;
    if (n.value->kind != ValueExpr::Kind::Input) return;
    const InputDef* in = c.input(n.value->input);
    if (!in || in->type != InputType::Ratio || in->allow_over_1 || in->part_of_whole) return;
    warn(c.path, "lint.ratio_over_1",
         "Tỷ lệ \"" + in->id + "\" không cho phép vượt 100 %: nếu đơn vị có thể làm nhiều hơn yêu cầu, đặt \"allow_over_1\"; nếu tử số là một phần của mẫu số, đặt \"part_of_whole\"",
         "Ratio \"" + in->id + "\" refuses more than 100 %: if a unit can do more than required, set \"allow_over_1\"; if the numerator is part of the denominator, set \"part_of_whole\"");
  }

  void check_literal(const Criterion& c, std::set<std::string>& used) {
    if (!c.literal) return;
    if (c.literal->rule) {
      RuleLinter lit(r, c, out, used, c.path + ".literal.rule");
      lit.set_literal();
      lit.check(*c.literal->rule);
    }
  }

  // "source" quotes the document: the agency named as the document names it, inside words that
  // are the document's own (its evidence or scoring text), so the mark never says more than it.
  void check_source(const Criterion& c) {
    if (!c.source) return;
    const FigureSource& s = *c.source;
    std::string p = c.path + ".source";
    if (s.agency.empty() || s.text.empty()) {
      err(p, "lint.source", "\"source\" cần \"agency\" (ai cung cấp số liệu) và \"text\" (lời văn bản)",
          "\"source\" needs \"agency\" (who supplies the figures) and \"text\" (the document's words)");
      return;
    }
    if (s.text.find(s.agency) == std::string::npos)
      err(p, "lint.source_agency", "\"agency\" \"" + s.agency + "\" không có nguyên văn trong \"text\"",
          "\"agency\" \"" + s.agency + "\" is not found verbatim in \"text\"");
    if (c.evidence.find(s.text) == std::string::npos && c.scoring_text.find(s.text) == std::string::npos)
      warn(p, "lint.source_unquoted", "\"source.text\" không có nguyên văn trong \"evidence\" hay \"scoring_text\" của tiêu chí",
           "\"source.text\" is not found verbatim in the criterion's \"evidence\" or \"scoring_text\"");
  }

  void check_criterion(const Criterion& c) {
    check_source(c);
    std::set<std::string> used;
    RuleLinter(r, c, out, used, c.path + ".rule").check(c.rule);
    check_literal(c, used);
    check_ratio_direction(c);
    for (const auto& in : c.inputs) {
      if (in.type == InputType::Ratio && !in.den_from.empty()) {
        const GeneralInfoField* g = r.general(in.den_from);
        if (!g)
          err(c.path, "lint.general_missing", "\"den_from\" trỏ tới trường không có: \"" + in.den_from + "\"",
              "\"den_from\" names a missing field \"" + in.den_from + "\"");
        else if (!numeric(g->type))
          err(c.path, "lint.general_type", "\"den_from\" trỏ tới trường không phải số", "\"den_from\" names a non-numeric field");
      }
      if (in.type == InputType::Choice) {
        for (const auto& o : in.options)
          if (!o.printed && c.notes.empty())
            err(c.path, "lint.unprinted_option", "Lựa chọn \"" + o.label + "\" không có trong văn bản; cần ghi chú giải thích",
                "Option \"" + o.label + "\" is not printed in the document; a note must explain it");
      }
      if (!used.count(in.id))
        warn(c.path, "lint.unused_input", "Đầu vào \"" + in.id + "\" không được quy tắc nào dùng",
             "Input \"" + in.id + "\" is not read by any rule");
    }
    if (c.category == Category::Penalty && c.max.sign() >= 0)
      err(c.path, "lint.penalty", "Điểm trừ phải có điểm tối đa âm", "A penalty needs a negative max");
    if (c.category != Category::Penalty && c.max.sign() <= 0)
      err(c.path, "lint.max", "Điểm tối đa phải lớn hơn 0", "Max must be above 0");
    if (c.category == Category::Penalty) return;  // reaches its (negative) max by design
    auto reach = rule_max(c.rule, c);
    if (!reach) {
      if (!c.has_ambiguity_note())
        err(c.path, "lint.unbounded", "Quy tắc có thể cho điểm vượt điểm tối đa " + fmt(c.max) + " (sẽ bị giới hạn); cần ghi chú ambiguity",
            "The rule can exceed the max " + fmt_en(c.max) + " (it is clamped); an ambiguity note is required");
    } else if (*reach != c.max && !c.has_ambiguity_note()) {
      err(c.path, "lint.reach",
          "Điểm cao nhất quy tắc đạt được là " + fmt(*reach) + ", khác điểm tối đa " + fmt(c.max) + " (cần ghi chú ambiguity)",
          "The rule reaches at most " + fmt_en(*reach) + ", not the max " + fmt_en(c.max) + " (an ambiguity note is required)");
    }
  }

  // Sum of the regular criteria under a section (recursively).
  Num section_sum(const Section& s) {
    Num sum = 0;
    for (size_t i : s.criteria)
      if (r.criteria[i].category == Category::Regular) sum += r.criteria[i].max;
    for (const auto& sub : s.sections) sum += section_sum(sub);
    return sum;
  }

  void check_section(const Section& s) {
    Num sum = section_sum(s);
    if (s.max && *s.max != sum)
      err(s.path, "lint.section_sum",
          "Mục " + s.id + ": tổng điểm các tiêu chí là " + fmt(sum) + ", khác điểm của mục là " + fmt(*s.max),
          "Section " + s.id + ": criteria sum to " + fmt_en(sum) + ", not the section's " + fmt_en(*s.max));
    for (size_t i : s.criteria) {
      const Criterion& c = r.criteria[i];
      if (s.bonus_penalty && c.category == Category::Regular)
        err(c.path, "lint.category", "Mục điểm thưởng/trừ chỉ chứa tiêu chí bonus/penalty", "A bonus/penalty section holds only bonus/penalty criteria");
      if (!s.bonus_penalty && c.category != Category::Regular)
        warn(c.path, "lint.category", "Điểm thưởng/trừ nằm ngoài mục bonus_penalty", "Bonus/penalty outside a bonus_penalty section");
    }
    for (const auto& sub : s.sections) check_section(sub);
  }

  // Bonus and penalty points: the rubric says whether the total is capped, and which of them
  // exclude each other (an empty "exclusive" list says none do).
  void check_totals() {
    bool bonus = false, penalty = false;
    for (const auto& c : r.criteria) {
      bonus = bonus || c.category == Category::Bonus;
      penalty = penalty || c.category == Category::Penalty;
    }
    if ((bonus || penalty) && !r.total)
      err("$", "lint.total_rule", "Bộ tiêu chí có điểm thưởng/điểm trừ: cần \"total\" nói tổng điểm có bị giới hạn ở thang điểm hay không",
          "The rubric has bonus/penalty points: \"total\" must say whether the total is capped at the scale");
    if (bonus && penalty && !r.exclusive_declared)
      warn("$", "lint.exclusive_undeclared", "Có cả điểm thưởng và điểm trừ: khai báo \"exclusive\" (các mục loại trừ nhau, hoặc [] nếu không có)",
           "Both bonus and penalty points: declare \"exclusive\" (the items that exclude each other, or [] if none do)");
    for (const auto& g : r.exclusive)
      for (const auto& id : g.criteria)
        if (!r.criterion(id))
          err(g.path, "lint.exclusive_missing", "Nhóm loại trừ nêu tiêu chí không có: \"" + id + "\"", "An exclusive group names a missing criterion \"" + id + "\"");
  }

  // The deadline must be an instant cds can place (docs/rubric-format.md): otherwise the app would
  // show no countdown and the office could not tell late files.
  void check_period_deadline() {
    if (!r.deadline_at.empty() && !parse_deadline(r.deadline_at))
      err("$.deadline.at", "lint.deadline",
          "Hạn nộp \"" + r.deadline_at + "\" không đọc được: viết YYYY-MM-DDTHH:MM (giờ Việt Nam), có thể kèm múi giờ, hoặc YYYY-MM-DD (hết ngày)",
          "The deadline \"" + r.deadline_at + "\" cannot be read: write YYYY-MM-DDTHH:MM (Vietnam time), optionally with an offset, or YYYY-MM-DD (the whole day)");
    if (r.period_from && r.period_to && *r.period_to < *r.period_from)
      err("$.period", "lint.period", "Kỳ đánh giá kết thúc trước khi bắt đầu", "The period ends before it starts");
  }

  // A rubric that declares agencies splits its work among them (docs/rubric-format.md, "Agencies"):
  // every criterion has a lead, every id named is declared; a row without a lead is the
  // coordinating office's own.
  void check_assignments() {
    auto check_ids = [&](const Assignment& a, const std::string& where) {
      for (size_t i = 0; i < a.agencies.size(); ++i)
        if (!r.agency(a.agencies[i]))
          err(where + ".assignment.agencies[" + std::to_string(i) + "]", "lint.assignment_agency",
              "Cơ quan \"" + a.agencies[i] + "\" chưa khai báo trong \"agencies\"", "Agency \"" + a.agencies[i] + "\" is not declared in \"agencies\"");
    };
    std::set<std::string> leading;
    for (const auto& c : r.criteria) {
      if (r.agencies.empty()) {
        if (!c.assignment.agencies.empty())
          err(c.path + ".assignment.agencies", "lint.assignment_agency", "Bộ tiêu chí không khai báo \"agencies\"", "The rubric declares no \"agencies\"");
        continue;
      }
      if (c.assignment.agencies.empty())
        err(c.path + ".assignment", "lint.assignment_lead", "Tiêu chí chưa có cơ quan chủ trì (\"assignment.agencies\")",
            "The criterion has no lead agency (\"assignment.agencies\")");
      check_ids(c.assignment, c.path);
      leading.insert(c.assignment.agencies.begin(), c.assignment.agencies.end());
    }
    for (size_t i = 0; i < r.general_info.size(); ++i) {
      const auto& g = r.general_info[i];
      std::string where = "$.general_info[" + std::to_string(i) + "]";
      if (r.agencies.empty()) {
        if (!g.assignment.agencies.empty())
          err(where + ".assignment.agencies", "lint.assignment_agency", "Bộ tiêu chí không khai báo \"agencies\"", "The rubric declares no \"agencies\"");
        continue;
      }
      check_ids(g.assignment, where);
      leading.insert(g.assignment.agencies.begin(), g.assignment.agencies.end());
      if (g.assignment.agencies.empty() && !g.assignment.lead.empty())
        warn(where + ".assignment", "lint.assignment_unresolved", "Dòng có cơ quan chủ trì nhưng chưa gắn mã (\"agencies\")",
             "The row names a lead but no agency id (\"agencies\")");
    }
    for (size_t i = 0; i < r.agencies.size(); ++i)
      if (!leading.count(r.agencies[i].id))
        warn("$.agencies[" + std::to_string(i) + "]", "lint.agency_unused", "Cơ quan không chủ trì mục nào", "The agency leads nothing");
  }

  void run() {
    check_period_deadline();
    check_assignments();
    for (const auto& c : r.criteria) check_criterion(c);
    check_totals();
    Num total = 0;
    for (const auto& s : r.sections) {
      check_section(s);
      total += section_sum(s);
    }
    if (total != r.scale)
      err("$.sections", "lint.scale_sum", "Tổng điểm các tiêu chí là " + fmt(total) + ", khác thang điểm " + fmt(r.scale),
          "Criteria sum to " + fmt_en(total) + ", not the scale " + fmt_en(r.scale));
  }
};

}  // namespace

std::optional<Num> rule_max(const Rule& rule, const Criterion& c) { return rule_kind(rule.kind).max(rule, c); }

Messages lint(const Rubric& r) {
  Linter l{r, {}};
  l.run();
  return std::move(l.out);
}

}  // namespace cds
