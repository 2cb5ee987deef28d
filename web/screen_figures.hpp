// web/screen_figures.hpp — "Bảng số liệu" in "Tổng hợp": figures that come from outside the units
// (Cổng DVC, Công an tỉnh, Sở TTTT) for every unit of the intake from one table, CSV or Excel (.xlsx,
// read by cds_zip's read_xlsx_sheet). Core reads the table and re-scores
// (cds/office/figure_table.hpp); this panel offers the template (CSV or Excel), fills each
// unit's appraisal draft with the changes and their reasons, and signs them all with one key
// (each unit's file saved and added to the intake). The aggregate screen owns it.
#pragma once

#include <string>
#include <vector>

#include "aggregate_state.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/base/json_io.hpp"
#include "platform.hpp"

namespace ui {

class App;

class FiguresPanel {
 public:
  bool shown() const { return shown_; }
  void toggle() { shown_ = !shown_; }
  // A table picked or dropped: read against the intake's rubrics. The plan is recomputed whenever
  // the intake changes and again just before signing; the units' appraisal drafts are not touched.
  void receive(App& a, AggregateState& st, platform::OpenedFile f);
  void draw(App& a, AggregateState& st);
  // window.cds.state().aggregate.figures (tests)
  cds::Json to_json() const;

 private:
  struct UnitLine {
    size_t unit = 0;  // into res.units of the generation the plan was made for
    std::string unit_code, unit_name, period;
    std::vector<std::string> changes;             // "5: 5,7 → 4,32"
    std::vector<cds::AppraisalChange> signed_changes;  // what is signed
  };
  void compute(App& a, AggregateState& st, bool announce);
  void sign_all(App& a, AggregateState& st);
  void save_signed(App& a, const std::string& created);
  void template_button(App& a, AggregateState& st);

  bool shown_ = false;
  bool scroll_ = false;
  std::string file;                      // the table's name ("" = none read yet)
  std::string bytes_;                    // the table's bytes, kept to plan again
  long planned_generation_ = -1;         // the intake's generation the plan was made for
  std::string sheet;                     // the worksheet read, for an Excel table
  std::string rubric_title;
  std::vector<std::string> errors;       // the table's errors (nothing filled)
  std::vector<std::string> warnings;     // rows matching no unit, and the like
  std::vector<UnitLine> units;           // the units whose scores the table changes
  size_t unchanged = 0;
  std::vector<platform::OpenedFile> signed_files;  // after "Ký tất cả": name and bytes, to save again
  std::string key_id, pass, sign_error;
  int busy = 0;
};

}  // namespace ui
