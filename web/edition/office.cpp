// The office edition (web/edition.hpp): "Tổng hợp" and Excel written in this module.
#include "cds/xlsx/render.hpp"
#include "edition.hpp"

namespace ui {

std::unique_ptr<Screen> make_aggregate_screen();  // screen_aggregate.cpp

bool office_edition() { return true; }

std::unique_ptr<Screen> make_aggregate_entry_screen() { return make_aggregate_screen(); }

void save_workbook(const cds::Workbook& wb, const std::string& name, std::function<void(bool, const std::string&)> done) {
  // cds_xlsx renders through MEMFS /tmp.
  std::string err;
  auto bytes = cds::render_xlsx(wb, "/tmp", &err);
  if (bytes) platform::save_file(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", *bytes);
  done(bytes.has_value(), err);
}

void save_self_assessment_xlsx(const cds::Rubric& r, const std::string&, const cds::Answers& a, const cds::ScoreSheet& s, cds::Lang lang,
                               const cds::SelfAssessmentWorkbookInfo& info, const std::string& name,
                               std::function<void(bool, const std::string&)> done) {
  save_workbook(cds::self_assessment_workbook(r, a, s, lang, info), name, std::move(done));
}

}  // namespace ui
