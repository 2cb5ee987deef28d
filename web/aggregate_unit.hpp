// web/aggregate_unit.hpp — a unit's page in "Tổng hợp" (screen_aggregate_unit.cpp), part of the
// aggregate screen, which owns it: totals, the pillar profile, the criteria with the appraised
// scores, and the appraisal form that signs a cds-appraisal file and adds it to the intake.
#pragma once

#include <map>
#include <optional>
#include <vector>
#include <set>
#include <string>

#include "aggregate_state.hpp"
#include "cds/rules/score.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/signing/submission.hpp"

namespace ui {

class App;
struct UnitColumns;

struct AppraisalNote {
  bool error = false;
  std::string text;
};
using AppraisalNotes = std::vector<AppraisalNote>;

// The appraisal as typed, read by core: the Appraisal, and what to show next to each field.
struct Built {
  cds::Appraisal a;
  std::map<std::string, AppraisalNotes> field;  // criterion id → notes
  AppraisalNotes sampled, general;
  bool errors = false;
  int changes = 0;
};

// The appraisal as typed (a unit's draft), read by core against the verified submission.
Built build_appraisal(const AppraisalDraft& d, const Appraiser& who, const cds::Verification& v, const cds::Rubric& r);
// A unit's draft; a new one starts from the appraisal already applied to the unit, if any.
AppraisalDraft& draft_for(AggregateState& st, const cds::UnitResult& u, const cds::Rubric& r);

// The unit a page is about.
struct OpenUnit {
  std::string rubric, version, unit;  // unit code ("" = no page open)
  bool empty() const { return unit.empty(); }
};

class UnitPage {
 public:
  void draw(App& a, AggregateState& st, const OpenUnit& open);
  // For window.cds.state(): the last unit drawn has its explanations, or why not.
  bool explained() const { return cache_.sheet.has_value(); }
  const std::string& error() const { return cache_.error; }

 private:
  void refresh_cache(const AggregateState& st, const cds::UnitResult& u, const cds::RubricGroup& g);
  void criteria_table(AppraisalDraft& d, const Built& b, const cds::UnitResult& u, const cds::RubricGroup& g);
  void criterion_line(const AppraisalDraft& d, const Built& b, const cds::Rubric& r, const cds::UnitResult& u, size_t ci, const UnitColumns& c,
                      const std::string& ekey, bool unsigned_edits);
  void criterion_buttons(const cds::Criterion& c, const std::string& ekey, bool has_error);
  void criterion_details(AppraisalDraft& d, const Built& b, const cds::Rubric& r, const cds::Criterion& c, const cds::UnitResult& u, size_t ci);
  void appraisal_panel(App& a, AggregateState& st, AppraisalDraft& d, const Built& b, const cds::Rubric& r, const OpenUnit& open);
  void sign_form(App& a, AggregateState& st, AppraisalDraft& d, const Built& b, const cds::Rubric& r, const OpenUnit& open, float w);
  void sign(App& a, AggregateState& st, AppraisalDraft& d, Built b);

  // The open unit's submission, verified again from its kept bytes and scored with explanations.
  struct Cache {
    std::string key;
    long generation = -1;
    cds::Lang lang = cds::Lang::Vi;
    std::optional<cds::Verification> v;
    std::optional<cds::ScoreSheet> sheet;
    std::string error;
    std::string dossier;  // the counted file's name when it came in a dossier (its evidence opens from it)
    std::optional<cds::EvidenceTally> tally;  // that dossier's evidence check (which files are missing or changed)
  } cache_;
  App* app_ = nullptr;  // during draw()
  // Signing the appraisal (for one unit: another unit starts it afresh).
  struct SignForm {
    std::string unit;  // the unit the form was filled for
    std::string key_id, pass, error;
    int busy = 0;
    bool scroll_to_sign = false;
  } sign_;
  std::set<std::string> expanded_;  // "unit key|criterion id"
  std::string scroll_to_;           // criterion id to bring into view
};

}  // namespace ui
