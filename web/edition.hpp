// web/edition.hpp — the two builds of the web app, from the same sources.
//
//  * The unit edition (cds.js / cds.wasm): everything a unit needs — choose a rubric, fill it in,
//    print, export, sign, verify a file. It is what a first visit downloads.
//  * The office edition (cds-office.js / cds-office.wasm, opened as index.html?office): the unit
//    edition plus "Tổng hợp" (intake, appraisal, reports) with its own Excel writer.
// Only edition/unit.cpp or edition/office.cpp is linked into each; nothing else differs. Excel in
// the unit edition is rendered by a separate module (cds-xlsx.js / .wasm) in a Web Worker, fetched
// the first time someone asks for an .xlsx file (precached for offline use after the first visit;
// the single file cds-offline.html leaves it out to stay small, and says so).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/model/workbook.hpp"
#include "cds/rules/score.hpp"
#include "screen.hpp"

namespace ui {

bool office_edition();

// The screen behind ScreenId::Aggregate: "Tổng hợp" in the office edition; in the unit edition a
// screen that opens the office edition (or says why it cannot, in the single-file build).
std::unique_ptr<Screen> make_aggregate_entry_screen();

// Office edition: opens the file the unit edition handed over (its storage record: {name, bytes})
// once every rubric is read. The unit edition never has one.
void open_handed_over(App& a, const std::string& record);

// Office edition: writes `wb` as an .xlsx file and offers it for download as `name`; `done(ok,
// reason)` runs when finished.
void save_workbook(const cds::Workbook& wb, const std::string& name, std::function<void(bool, const std::string&)> done);

// A unit's self-assessment as an .xlsx file (cds::self_assessment_workbook), offered as `name`.
// The unit edition hands the rubric file's text and the answers to the cds-xlsx worker, which
// scores them again and builds the workbook there (so the workbook model stays out of the first
// download); the office edition builds it here. `done(ok, reason)` runs when finished.
void save_self_assessment_xlsx(const cds::Rubric& r, const std::string& rubric_text, const cds::Answers& a, const cds::ScoreSheet& s, cds::Lang lang,
                               const cds::SelfAssessmentWorkbookInfo& info, const std::string& name,
                               std::function<void(bool, const std::string&)> done);

}  // namespace ui
