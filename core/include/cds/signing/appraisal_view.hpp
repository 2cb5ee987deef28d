// cds/signing/appraisal_view.hpp — the unit's side of an appraisal: what came back.
//
// A unit opens the office's appraisal file (one level, or a chain district → department with the
// earlier levels inside it) and sees, per criterion, its own score, the score after each level with
// that level's reason, and the final score (the last level, times its sampled check). The unit's
// own scores come from the caller (the draft whose submission the appraisal names); without them
// only the changed criteria are known.
//
// Not provided: finding the unit's submission (the app matches its drafts' history by signed hash).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cds/base/num.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/model/rubric.hpp"
#include "cds/model/workbook.hpp"
#include "cds/signing/appraisal.hpp"

namespace cds {

struct AppraisalViewRow {
  size_t criterion = 0;                     // index into Rubric::criteria
  std::optional<Num> self;                  // the unit's own score, when known
  std::vector<std::optional<Num>> levels;   // after each level (unknown when unchanged so far and self unknown)
  std::vector<std::string> reasons;         // each level's reason where it changed the score ("" otherwise)
  std::optional<Num> final_score;           // the last level's score × the sampled-check proportion
  bool changed = false;                     // some level changed it
};

struct AppraisalView {
  std::vector<const AppraisalVerification*> levels;  // level 1 first; the last is final
  std::vector<AppraisalViewRow> rows;                // every criterion, rubric order
  std::optional<Num> proportion;                     // the latest sampled check in the chain
  std::optional<Num> total_self, total_final;        // when self scores are known
  std::vector<std::optional<Num>> level_totals;
  bool complete = true;                              // the chain starts at level 1 (no earlier level missing from the file)
};

// `self`: the unit's criterion scores in rubric order (nullptr when unknown).
AppraisalView appraisal_view(const AppraisalVerification& av, const Rubric& r, const std::vector<Num>* self);

// A printable A4 page: the unit, the submission, each level (who, when, signature), then the table
// TT | Nội dung | Tối đa | Tự chấm | Thẩm định cấp 1 … | Kết quả | Lý do. `match` is one line saying
// whether the appraisal names one of the unit's own submissions (empty: not said).
std::string appraisal_html(const AppraisalVerification& av, const Rubric& r, const std::vector<Num>* self, Lang l, const DisplayClock& clock,
                           const std::string& match);

// The same as a workbook (one sheet "Thẩm định"): the title lines, then TT | Nội dung | Tối đa | Tự
// chấm | Thẩm định cấp 1 … | Kết quả | Lý do with scores as numbers (the rubric's decimals), every
// criterion when the unit's own scores are known (changed rows shaded), else the changed ones; the
// total row. `created`: the workbook's creation time (seconds since 1970, from the caller).
Workbook appraisal_workbook(const AppraisalVerification& av, const Rubric& r, const std::vector<Num>* self, Lang l, const DisplayClock& clock,
                            const std::string& match, long long created);

}  // namespace cds
