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

#include "cds/model/workbook.hpp"
#include "screen.hpp"

namespace ui {

bool office_edition();

// The screen behind ScreenId::Aggregate: "Tổng hợp" in the office edition; in the unit edition a
// screen that opens the office edition (or says why it cannot, in the single-file build).
std::unique_ptr<Screen> make_aggregate_entry_screen();

// Writes `wb` as an .xlsx file and offers it for download as `name`; `done(ok, reason)` runs when
// finished (at once in the office edition, when the worker answers in the unit edition).
void save_workbook(const cds::Workbook& wb, const std::string& name, std::function<void(bool, const std::string&)> done);

}  // namespace ui
