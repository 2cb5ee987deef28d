// Scoring a rubric: each criterion's rule through its kind (core/src/rules/kinds/), clamped and
// rounded; sections and totals; the JSON and table forms.
#include "cds/rules/score.hpp"

#include <algorithm>
#include <set>

#include "cds/base/strbuf.hpp"
#include "cds/base/text.hpp"
#include "kinds/kit.hpp"
#include "plan.hpp"

namespace cds {

const char* status_name(Status s) {
  switch (s) {
    case Status::Answered: return "answered";
    case Status::Unanswered: return "unanswered";
    case Status::Invalid: return "invalid";
    case Status::Pending: return "pending";
  }
  return "?";
}

const char* status_label(Status s, Lang l) {
  bool vi = l == Lang::Vi;
  switch (s) {
    case Status::Answered: return vi ? "Đã nhập" : "Answered";
    case Status::Unanswered: return vi ? "Chưa nhập" : "Unanswered";
    case Status::Invalid: return vi ? "Số liệu sai" : "Invalid";
    case Status::Pending: return vi ? "Chờ tổng hợp" : "Pending";
  }
  return "?";
}

std::string fmt_points(const Num& v, Lang lang, int decimals) { return format_number(v, lang, decimals, true); }

const CriterionScore* ScoreSheet::find(const std::string& id) const {
  for (const auto& c : criteria)
    if (c.id == id) return &c;
  return nullptr;
}

namespace {

// One rule of a criterion (its applied rule, or its literal one) scored on the answers: status,
// clamp to [0, max], rounding, explanation.
// Where a criterion's values are: its object in a.inputs (nullptr when none) and, with a plan, every
// value found already (AnswerSlots).
struct Found {
  const Json* answers = nullptr;
  const Json* const* inputs = nullptr;
  const Json* const* general = nullptr;
  const CriterionPlan* plan = nullptr;
};

// Into `out`, made empty by the caller, which sets what identifies it (index, id, code, max).
void score_rule(const Rubric& r, size_t index, const Rule& rule, const Answers& a, const ScoreOptions& opt, const Found& found, CriterionScore& out) {
  const Criterion& c = r.criteria[index];
  RuleEvaluator ev(r, c, a, opt, found.answers);
  if (found.plan) ev.use_plan(found.inputs, found.general, *found.plan);
  std::optional<Num> raw;
  try {
    raw = ev.run(rule);
  } catch (const NumOverflow&) {
    ev.invalid = true;
    ev.msgs.push_back(error("number.overflow", "Số liệu quá lớn, không tính được", "Figures too large to compute", c.id));
  } catch (const std::domain_error&) {
    ev.invalid = true;
    ev.msgs.push_back(error("number.division", "Phép chia cho 0", "Division by zero", c.id));
  }
  out.messages = std::move(ev.msgs);
  out.explanation = std::move(ev.lines);
  out.value = ev.first_value;
  bool vi = opt.lang == Lang::Vi;
  if (ev.invalid) {
    out.status = Status::Invalid;
  } else if (ev.missing) {
    out.status = Status::Unanswered;
  } else if (ev.pending || !raw) {
    out.status = ev.pending ? Status::Pending : Status::Invalid;
  } else {
    out.status = Status::Answered;
  }
  if (out.status != Status::Answered) {
    out.score = 0;
    out.raw = 0;
    std::string miss;  // "Số hồ sơ; Tổng số hồ sơ"
    for (const auto& m : ev.missing_labels) miss += (miss.empty() ? "" : "; ") + m;
    if (opt.explain) {
      if (out.status == Status::Unanswered) {
        out.explanation.push_back(std::string(vi ? "Chưa nhập: " : "Not entered: ") + miss + " → 0");
      } else if (out.status == Status::Invalid) {
        out.explanation.push_back(vi ? "Số liệu không hợp lệ (xem thông báo) → 0" : "Invalid figures (see the messages) → 0");
      } else {
        out.explanation.push_back(vi ? "Tạm tính 0 điểm cho đến khi tổng hợp" : "Counted as 0 until aggregation");
      }
    }
    // One note per input not entered, naming it (and, in Message::input, its key), so that a
    // half-filled criterion says which fields are left; also beside an invalid figure. Info only:
    // status and score are decided above.
    if (out.status == Status::Unanswered || out.status == Status::Invalid)
      for (const auto& m : ev.missing_inputs) {
        out.messages.push_back(message(Severity::Info, "input.missing", "Chưa nhập: " + m.vi, "Not entered: " + m.en, c.id, m.input));
      }
    return;
  }
  out.raw = *raw;
  Num lo = c.max.sign() < 0 ? c.max : Num(0);
  Num hi = c.max.sign() < 0 ? Num(0) : c.max;
  Num v = *raw;
  if (v < lo || v > hi) {
    out.clamped = true;
    Num clamped = v < lo ? lo : hi;
    if (opt.explain) {
      std::string range = fmt_points(lo, opt.lang, 2) + "; " + fmt_points(hi, opt.lang, 2);
      out.explanation.push_back(std::string(vi ? "Kết quả " : "Result ") + fmt_points(v, opt.lang, std::max(2, r.decimals)) +
                                (vi ? " nằm ngoài khoảng [" : " is outside [") + range + "] → " +
                                fmt_points(clamped, opt.lang, r.decimals));
    }
    v = clamped;
  }
  out.score = v.round(r.decimals, r.round_mode);
}

// "Theo văn bản: 0 — cds áp dụng: 3, vì …"
void add_literal(const Rubric& r, size_t index, const Answers& a, const ScoreOptions& opt, const Found& answers, CriterionScore& out) {
  const Criterion& c = r.criteria[index];
  if (!c.literal || !c.literal->rule) return;
  ScoreOptions quiet = opt;
  quiet.explain = false;
  CriterionScore lit;  // only its status and score are kept
  score_rule(r, index, *c.literal->rule, a, quiet, answers, lit);
  out.literal = lit.status == Status::Answered ? lit.score : Num(0);
  out.literal_status = lit.status;
  if (!out.differs() || out.status != Status::Answered) return;
  std::string lv = fmt_points(*out.literal, Lang::Vi, r.decimals), le = fmt_points(*out.literal, Lang::En, r.decimals);
  std::string sv = fmt_points(out.score, Lang::Vi, r.decimals), se = fmt_points(out.score, Lang::En, r.decimals);
  // Each text built in one string (the reason is long): this message is on every such criterion.
  auto text = [&](std::initializer_list<std::string_view> parts) {
    std::string t;
    size_t n = 0;
    for (auto p : parts) n += p.size();
    t.reserve(n);
    for (auto p : parts) t.append(p);
    return t;
  };
  out.messages.push_back(message(Severity::Info, "reading.differs", text({"Theo văn bản: ", lv, " — cds áp dụng: ", sv, ", vì ", c.literal->why}),
                                 text({"As printed: ", le, " — cds applies: ", se, ", because ", c.literal->why}), c.id));
  if (opt.explain)
    out.explanation.push_back(opt.lang == Lang::Vi ? "Theo văn bản: " + lv + " — cds áp dụng: " + sv : "As printed: " + le + " — cds applies: " + se);
}

// Criteria of an exclusive group claimed together (or, for exactly_one, none claimed although all
// are answered) are refused: score 0, status invalid, and the reason.
void apply_exclusive(const Rubric& r, ScoreSheet& s) {
  for (const auto& g : r.exclusive) {
    std::vector<CriterionScore*> members;
    int claimed = 0, answered = 0;
    for (const auto& id : g.criteria) {
      const Criterion* c = r.criterion(id);
      if (!c) continue;
      CriterionScore& cs = s.criteria[static_cast<size_t>(c - r.criteria.data())];
      members.push_back(&cs);
      if (cs.status == Status::Answered) ++answered;
      if (cs.status == Status::Answered && !cs.score.is_zero()) ++claimed;
    }
    bool both = claimed > 1;
    bool none = g.exactly_one && claimed == 0 && answered == static_cast<int>(members.size()) && !members.empty();
    if (!both && !none) continue;
    std::string list;
    for (const auto* m : members) list += (list.empty() ? "" : ", ") + m->code;
    for (auto* m : members) {
      if (both && (m->status != Status::Answered || m->score.is_zero())) continue;
      m->status = Status::Invalid;
      m->score = 0;
      m->messages.push_back(both ? error("exclusive.both", "Chỉ một trong các tiêu chí " + list + " được tính: " + g.text,
                                         "Only one of criteria " + list + " may count: " + g.text, m->id)
                                 : error("exclusive.none", "Một trong các tiêu chí " + list + " phải được tính: " + g.text,
                                         "One of criteria " + list + " must count: " + g.text, m->id));
    }
  }
}

// One criterion, given where its values are.
void score_one(const Rubric& r, size_t index, const Answers& a, const ScoreOptions& opt, const Found& answers, CriterionScore& out) {
  const Criterion& c = r.criteria[index];
  out.index = index;
  out.id = c.id;
  out.code = c.code;
  out.max = c.max;
  score_rule(r, index, c.rule, a, opt, answers, out);
  add_literal(r, index, a, opt, answers, out);
}

CriterionScore score_criterion_at(const Rubric& r, size_t index, const Answers& a, const ScoreOptions& opt, const Found& answers) {
  CriterionScore out;
  score_one(r, index, a, opt, answers, out);
  return out;
}

// The criterion's object in the answers, nullptr when absent or not an object.
const Json* criterion_answers(const Answers& a, std::string_view id) {
  if (!a.inputs.is_object()) return nullptr;
  auto it = a.inputs.find(id);
  return it != a.inputs.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace

CriterionScore score_criterion(const Rubric& r, size_t index, const Answers& a, const ScoreOptions& opt) {
  return score_criterion_at(r, index, a, opt, Found{criterion_answers(a, r.criteria[index].id)});
}

namespace {

// Exclusive groups, sums, counts, the total and the sections of a sheet whose criteria are scored.
void finish(const Rubric& r, ScoreSheet& s);
// finish() after apply_exclusive: sums, counts, the total and the sections.
void sum_up(const Rubric& r, ScoreSheet& s);
// The same with a plan's section maxima and sums in whole units of 10^-decimals (false: not
// possible for these scores, nothing done).
bool sum_up_planned(const Rubric& r, const ScoringPlan::Resolved& rs, ScoreSheet& s);

}  // namespace

namespace {

// Every rule node of a rule tree (sub-rules of every branch).
void each_node(const Rule& rule, std::vector<const Rule*>& out) {
  out.push_back(&rule);
  for (const Rule* sub : rule_kind(rule.kind).sub_rules(rule, nullptr)) each_node(*sub, out);
}

int index_of(const void* p, const void* first, size_t size_of, size_t count) {
  if (!p) return -1;
  auto at = static_cast<size_t>(static_cast<const char*>(p) - static_cast<const char*>(first)) / size_of;
  return at < count ? static_cast<int>(at) : -1;
}

}  // namespace

ScoringPlan::ScoringPlan(const Rubric& r) : r_(&r), index_(r) {
  auto rs = std::make_shared<Resolved>();
  auto general_index = [&](std::string_view id) {
    return index_of(r.general(id), r.general_info.data(), sizeof(GeneralInfoField), r.general_info.size());
  };
  std::vector<const Rule*> nodes;
  std::vector<const std::string*> held;
  rs->name_base.reserve(r.criteria.size() + 1);
  for (const Criterion& c : r.criteria) {
    rs->name_base.push_back(rs->names.size());
    nodes.clear();
    held.clear();
    each_node(c.rule, nodes);
    if (c.literal && c.literal->rule) each_node(*c.literal->rule, nodes);
    for (const Rule* n : nodes) rule_kind(n->kind).reads(*n, held);
    size_t from = rs->names.size();
    auto known = [&](const std::string* p) {
      for (size_t k = from; k < rs->names.size(); ++k)
        if (rs->names[k].name == p) return true;
      return false;
    };
    for (const std::string* p : held) {
      if (p->empty() || known(p)) continue;
      Resolved::Name n;
      n.name = p;
      n.input = index_of(c.input(*p), c.inputs.data(), sizeof(InputDef), c.inputs.size());
      n.gi = p->rfind("gi:", 0) == 0;
      if (n.gi) n.general = general_index(std::string_view(*p).substr(3));
      rs->names.push_back(n);
    }
    // A ratio's denominator from general information (InputDef::den_from): a plain field id.
    for (const InputDef& in : c.inputs) {
      if (in.den_from.empty()) continue;
      Resolved::Name n;
      n.name = &in.den_from;
      n.general = general_index(in.den_from);
      rs->names.push_back(n);
    }
  }
  rs->name_base.push_back(rs->names.size());
  // Section maxima, in pre-order as finish() computes them (none when a sum would overflow: finish()
  // then computes them as before and throws where it threw).
  struct Maxima {
    const Rubric& r;
    std::vector<Num>& out;
    Num go(const Section& sec) {
      size_t at = out.size();
      out.emplace_back();
      Num declared_sum = 0;
      for (size_t i : sec.criteria)
        if (!sec.max && r.criteria[i].category == Category::Regular) declared_sum += r.criteria[i].max;
      for (const auto& sub : sec.sections) {
        Num m = go(sub);
        if (!sec.max && !sub.bonus_penalty) declared_sum += m;
      }
      out[at] = sec.max ? *sec.max : declared_sum;
      return out[at];
    }
  };
  try {
    Maxima m{r, rs->section_max};
    for (const auto& sec : r.sections) m.go(sec);
    if (r.decimals >= 0 && r.decimals <= 6 && r.criteria.size() < (1u << 20)) {
      rs->unit = 1;
      for (int k = 0; k < r.decimals; ++k) rs->unit *= 10;
    }
  } catch (const NumOverflow&) {
    rs->section_max.clear();
    rs->unit = 0;
  }
  rs->general_inputs.reserve(r.general_info.size());
  for (const GeneralInfoField& g : r.general_info) {
    InputDef as_input;
    as_input.id = "gi:" + g.id;  // Message::input for a general-information field
    as_input.label = g.label;
    as_input.type = g.type;
    rs->general_inputs.push_back(std::move(as_input));
  }
  resolved_ = std::move(rs);
}

ScoreSheet score(const ScoringPlan& plan, const Answers& a, const ScoreOptions& opt) {
  const Rubric& r = plan.rubric();
  ScoreSheet s;
  s.rubric_id = r.id;
  s.rubric_version = r.version;
  s.scale = r.scale;
  AnswerSlots slots;
  s.messages = check_answers_fit(plan.index(), r, a, &slots);
  const ScoringPlan::Resolved& rs = plan.resolved();
  s.criteria.reserve(r.criteria.size());
  for (size_t i = 0; i < r.criteria.size(); ++i) {
    CriterionPlan cp{rs.names.data() + rs.name_base[i], rs.names.data() + rs.name_base[i + 1], rs.general_inputs.data()};
    score_one(r, i, a, opt, Found{slots.criterion[i], slots.input.data() + plan.index().input_base[i], slots.general.data(), &cp}, s.criteria.emplace_back());
  }
  apply_exclusive(r, s);
  if (!sum_up_planned(r, rs, s)) sum_up(r, s);
  return s;
}

// The reference path (no plan): the answers looked up by id as each criterion is scored. Kept as it
// was; the plan's property test (ScoringPlan.*) compares the two on every bundled rubric.
ScoreSheet score(const Rubric& r, const Answers& a, const ScoreOptions& opt) {
  ScoreSheet s;
  s.rubric_id = r.id;
  s.rubric_version = r.version;
  s.scale = r.scale;
  s.messages = check_answers_fit(r, a);
  // Each criterion's answers, found in one walk: the rubric's index and the answers' criteria are
  // both in the byte order of the ids.
  std::vector<const Json*> answers(r.criteria.size(), nullptr);
  if (a.inputs.is_object()) {
    auto it = a.inputs.begin();
    for (const auto& [id, i] : r.criterion_index()) {
      while (it != a.inputs.end() && it.key() < id) ++it;
      if (it == a.inputs.end()) break;
      if (it.key() == id && it->is_object()) answers[i] = &*it;
    }
  }
  s.criteria.reserve(r.criteria.size());
  for (size_t i = 0; i < r.criteria.size(); ++i) s.criteria.push_back(score_criterion_at(r, i, a, opt, Found{answers[i]}));
  finish(r, s);
  return s;
}

namespace {

bool sum_up_planned(const Rubric& r, const ScoringPlan::Resolved& rs, ScoreSheet& s) {
  if (rs.unit == 0) return false;
  // Every score is rounded to the rubric's decimals (or 0): a whole number of units. Below 2^50 units
  // each, sums of fewer than 2^20 of them, and their Num forms, stay far from every overflow, so
  // each sum is the one Num addition gives, exactly and reduced alike.
  constexpr long long kMaxUnits = 1LL << 50;
  std::vector<long long> units(s.criteria.size());
  for (size_t i = 0; i < s.criteria.size(); ++i) {
    const Num& v = s.criteria[i].score;
    if (v.den() > rs.unit || rs.unit % static_cast<long long>(v.den()) != 0) return false;
    Num::i128 u = v.num() * (rs.unit / static_cast<long long>(v.den()));
    if (u >= kMaxUnits || u <= -kMaxUnits) return false;
    units[i] = static_cast<long long>(u);
  }
  auto num = [&](long long u) { return Num::fraction(u, rs.unit); };
  long long regular = 0, bonus = 0, penalty = 0;
  for (size_t i = 0; i < r.criteria.size(); ++i) {
    const CriterionScore& cs = s.criteria[i];
    switch (r.criteria[i].category) {
      case Category::Regular: regular += units[i]; break;
      case Category::Bonus: bonus += units[i]; break;
      case Category::Penalty: penalty += units[i]; break;
    }
    ++s.items;
    if (cs.status == Status::Answered) ++s.answered;
    if (cs.status == Status::Invalid) ++s.problems;
    if (cs.status == Status::Pending) ++s.pending;
  }
  s.regular = num(regular);
  s.bonus = num(bonus);
  s.penalty = num(penalty);
  s.total = num(regular + bonus + penalty);
  if (r.total && r.total->cap && s.total > *r.total->cap) {
    s.uncapped = s.total;
    s.total = *r.total->cap;
  }
  struct Walk {
    const ScoringPlan::Resolved& rs;
    const std::vector<long long>& units;
    ScoreSheet& s;
    long long go(const Section& sec, int depth) {
      size_t at = s.sections.size();
      s.sections.push_back(SectionScore{sec.id, sec.code, sec.title, depth, Num(0), rs.section_max[at], sec.bonus_penalty, 0, 0});
      long long sum = 0;
      int answered = 0;
      int items = 0;
      for (size_t i : sec.criteria) {
        sum += units[i];
        ++items;
        if (s.criteria[i].status == Status::Answered) ++answered;
      }
      for (const auto& sub : sec.sections) {
        size_t child = s.sections.size();
        sum += go(sub, depth + 1);
        answered += s.sections[child].answered;
        items += s.sections[child].items;
      }
      SectionScore& me = s.sections[at];
      me.score = Num::fraction(sum, rs.unit);
      me.answered = answered;
      me.items = items;
      return sum;
    }
  };
  s.sections.reserve(rs.section_max.size());
  Walk w{rs, units, s};
  for (const auto& sec : r.sections) w.go(sec, 0);
  return true;
}

void finish(const Rubric& r, ScoreSheet& s) {
  apply_exclusive(r, s);
  sum_up(r, s);
}

void sum_up(const Rubric& r, ScoreSheet& s) {
  for (size_t i = 0; i < r.criteria.size(); ++i) {
    const CriterionScore& cs = s.criteria[i];
    const Criterion& c = r.criteria[i];
    switch (c.category) {
      case Category::Regular: s.regular += cs.score; break;
      case Category::Bonus: s.bonus += cs.score; break;
      case Category::Penalty: s.penalty += cs.score; break;
    }
    ++s.items;
    if (cs.status == Status::Answered) ++s.answered;
    if (cs.status == Status::Invalid) ++s.problems;
    if (cs.status == Status::Pending) ++s.pending;
  }
  s.total = s.regular + s.bonus + s.penalty;
  if (r.total && r.total->cap && s.total > *r.total->cap) {
    s.uncapped = s.total;
    s.total = *r.total->cap;
  }
  // Sections: sums over their subtree.
  struct Walk {
    const Rubric& r;
    ScoreSheet& s;
    void go(const Section& sec, int depth) {
      size_t at = s.sections.size();
      s.sections.push_back(SectionScore{sec.id, sec.code, sec.title, depth, Num(0), Num(0), sec.bonus_penalty, 0, 0});
      Num sum = 0;
      Num declared_sum = 0;
      int answered = 0;
      int items = 0;
      for (size_t i : sec.criteria) {
        const auto& cs = s.criteria[i];
        sum += cs.score;
        if (!sec.max && r.criteria[i].category == Category::Regular) declared_sum += r.criteria[i].max;
        ++items;
        if (cs.status == Status::Answered) ++answered;
      }
      for (const auto& sub : sec.sections) {
        size_t child = s.sections.size();
        go(sub, depth + 1);
        sum += s.sections[child].score;
        if (!sec.max && !s.sections[child].bonus_penalty) declared_sum += s.sections[child].max;
        answered += s.sections[child].answered;
        items += s.sections[child].items;
      }
      SectionScore& me = s.sections[at];
      me.score = sum;
      me.max = sec.max ? *sec.max : declared_sum;
      me.answered = answered;
      me.items = items;
    }
  };
  struct Count {
    static size_t of(const std::vector<Section>& secs) {
      size_t n = secs.size();
      for (const auto& sec : secs) n += of(sec.sections);
      return n;
    }
  };
  s.sections.reserve(Count::of(r.sections));
  Walk w{r, s};
  for (const auto& sec : r.sections) w.go(sec, 0);
}

}  // namespace

namespace {

Json messages_json(const Messages& ms) {
  Json arr = Json::array();
  for (const auto& m : ms) {
    arr.push_back({{"severity", m.severity == Severity::Error ? "error" : (m.severity == Severity::Warning ? "warning" : "info")},
                   {"code", m.code},
                   {"vi", m.vi},
                   {"en", m.en}});
    if (!m.input.empty()) arr.back()["input"] = m.input;
  }
  return arr;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += (s.empty() ? "" : "\n") + l;
  return s;
}

}  // namespace

Json score_to_json(const ScoreSheet& s, const Rubric& r) {
  Json j = Json::object();
  j["rubric"] = s.rubric_id;
  j["version"] = s.rubric_version;
  j["total"] = num_to_json(s.total);
  if (s.uncapped) j["uncapped_total"] = num_to_json(*s.uncapped);
  j["max"] = num_to_json(s.scale);
  j["regular"] = num_to_json(s.regular);
  j["bonus"] = num_to_json(s.bonus);
  j["penalty"] = num_to_json(s.penalty);
  j["answered"] = s.answered;
  j["items"] = s.items;
  j["problems"] = s.problems;
  j["pending"] = s.pending;
  Json secs = Json::array();
  for (const auto& sec : s.sections)
    secs.push_back({{"id", sec.id},
                    {"code", sec.code},
                    {"title", sec.title},
                    {"score", num_to_json(sec.score)},
                    {"max", num_to_json(sec.max)},
                    {"answered", sec.answered},
                    {"items", sec.items}});
  j["sections"] = secs;
  Json crit = Json::array();
  for (const auto& c : s.criteria) {
    Json e = {{"id", c.id},
              {"code", c.code},
              {"score", num_to_json(c.score)},
              {"max", num_to_json(c.max)},
              {"status", status_name(c.status)},
              {"explanation", joined(c.explanation)},
              {"official_text", r.criteria[c.index].scoring_text},
              {"messages", messages_json(c.messages)}};
    if (c.value) e["value"] = num_to_json(c.value->round(6, RoundMode::HalfUp));
    if (c.clamped) e["clamped"] = true;
    if (c.literal) e["literal"] = num_to_json(*c.literal);  // the printed text read literally (docs/rubric-format.md, "Two readings")
    crit.push_back(std::move(e));
  }
  j["criteria"] = crit;
  if (!s.messages.empty()) j["messages"] = messages_json(s.messages);
  return j;
}

std::string score_to_table(const ScoreSheet& s, const Rubric& r, Lang lang) {
  bool vi = lang == Lang::Vi;
  StrBuf o;
  auto pts = [&](const Num& n) { return fmt_points(n, lang, r.decimals); };
  o << r.title << "\n";
  if (!r.subtitle.empty()) o << r.subtitle << "\n";
  o << (vi ? "Bộ tiêu chí: " : "Rubric: ") << r.id << " (" << (vi ? "phiên bản " : "version ") << r.version << ")\n\n";
  o << (vi ? "TT       | Điểm      | Tối đa | Trạng thái   | Nội dung\n" : "No.      | Score     | Max    | Status       | Criterion\n");
  o << "---------+-----------+--------+--------------+----------------------------------------\n";
  auto pad = [](std::string str, size_t w) {
    size_t len = utf8_length(str);
    if (len < w) str.append(w - len, ' ');
    return str;
  };
  std::vector<std::pair<const Section*, int>> flat = r.flat_sections();
  size_t si = 0;
  for (const auto& [sec, depth] : flat) {
    const SectionScore& ss = s.sections[si++];
    o << pad(std::string(static_cast<size_t>(depth) * 2, ' ') + (sec->code.empty() ? sec->id : sec->code), 9) << "| "
      << pad(pts(ss.score), 10) << "| " << pad(ss.bonus_penalty ? "" : pts(ss.max), 7) << "| " << pad("", 13) << "| "
      << ellipsize(sec->title, 60) << "\n";
    for (size_t i : sec->criteria) {
      const CriterionScore& cs = s.criteria[i];
      const Criterion& c = r.criteria[i];
      o << pad(std::string(static_cast<size_t>(depth) * 2 + 2, ' ') + c.code, 9) << "| " << pad(pts(cs.score), 10) << "| "
        << pad(pts(c.max), 7) << "| " << pad(status_label(cs.status, lang), 13) << "| " << ellipsize(c.title, 60) << "\n";
      for (const auto& l : cs.explanation) o << "         |           |        |              |   " << l << "\n";
      for (const auto& m : cs.messages)
        if (m.severity != Severity::Info) o << "         |           |        |              |   ! " << (vi ? m.vi : m.en) << "\n";
    }
  }
  o << "\n" << (vi ? "Tổng điểm: " : "Total: ") << pts(s.total) << " / " << pts(s.scale);
  if (!s.bonus.is_zero() || !s.penalty.is_zero())
    o << (vi ? " (trong đó điểm thưởng " : " (bonus ") << pts(s.bonus) << (vi ? ", điểm trừ " : ", penalty ") << pts(s.penalty) << ")";
  o << "\n" << (vi ? "Đã nhập: " : "Answered: ") << s.answered << "/" << s.items;
  if (s.problems) o << (vi ? "; số liệu sai: " : "; invalid: ") << s.problems;
  if (s.pending) o << (vi ? "; chờ tổng hợp: " : "; pending: ") << s.pending;
  o << "\n";
  for (const auto& m : s.messages) o << "! " << (vi ? m.text_vi() : m.en) << "\n";
  return o.str();
}

}  // namespace cds
