// The office edition (web/edition.hpp): "Tổng hợp" and Excel written in this module.
#include "cds/xlsx/render.hpp"
#include "edition.hpp"
#include "app.hpp"
#include "cds/base/json_io.hpp"
#include "cds/model/file_kind.hpp"

namespace ui {

std::unique_ptr<Screen> make_aggregate_screen();  // screen_aggregate.cpp

bool office_edition() { return true; }

// An appraisal goes to the verification screen; a work packet to its own (screen_parts.cpp).
// Either may name any rubric: every bundled one is read first, as for a file opened.
void open_handed_over(App& a, const std::string& record) {
  auto j = cds::parse_json(record);
  if (!j.doc || !j.doc->is_object()) return;
  std::string name = cds::str_or(*j.doc, "name"), bytes = cds::str_or(*j.doc, "bytes");
  a.with_rubrics({}, [&a, name, bytes] {
    cds::FileKind k = cds::detect_format(bytes).kind;
    bool packet = k == cds::FileKind::Packet || k == cds::FileKind::Part;
    a.open_file(packet ? Request::Drop : Request::Verify, name, bytes);
  });
}

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
