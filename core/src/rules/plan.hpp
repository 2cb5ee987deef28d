// core/src/rules/plan.hpp — what a ScoringPlan resolves once per rubric (internal to core).
//
// Scoring reads names everywhere: the input ids and "gi:<id>" names of each rule (RuleKindDef::
// reads), the general-information fields behind them, the sections' maxima. A plan resolves them
// when it is made, so that scoring an answer set compares no names. Every entry is what the lookup
// it replaces would give (Criterion::input, Rubric::general, the sums finish() made), so a plan
// changes no result; the property test ScoringPlan.* compares the two paths.
#pragma once

#include <string>
#include <vector>

#include "cds/rules/score.hpp"

namespace cds {

struct ScoringPlan::Resolved {
  // A name a rule of the criterion reads, known by the address of the string that holds it in the
  // rubric (rules do not change after loading, and a plan lives no longer than its rubric).
  struct Name {
    const std::string* name = nullptr;
    int input = -1;    // Criterion::input(*name) as an index into the criterion's inputs; -1: nullptr
    int general = -1;  // "gi:<id>": Rubric::general(id) as an index into general_info; -1: not found or not such a name
    bool gi = false;   // *name starts with "gi:"
  };
  std::vector<Name> names;        // criterion i's in [name_base[i], name_base[i + 1])
  std::vector<size_t> name_base;  // criteria + 1 entries
  // Each general-information field as the messages about it name it (id "gi:<id>", its label and type).
  std::vector<InputDef> general_inputs;
  // Each section's maximum, in the order of ScoreSheet::sections: the declared one, or the sum of its
  // regular criteria's and its sections' (not bonus/penalty) maxima.
  std::vector<Num> section_max;
  // Sections and totals summed as integers in units of 10^-decimals (a rounded score is a whole
  // number of them): 10^decimals, or 0 when the rubric's decimals do not allow it.
  long long unit = 0;
};

// One criterion's part of a plan, handed to its RuleEvaluator.
struct CriterionPlan {
  const ScoringPlan::Resolved::Name* names = nullptr;
  const ScoringPlan::Resolved::Name* names_end = nullptr;
  const InputDef* general_inputs = nullptr;
  const ScoringPlan::Resolved::Name* find(const std::string& name) const {
    for (const auto* n = names; n != names_end; ++n)
      if (n->name == &name) return n;
    return nullptr;
  }
};

}  // namespace cds
