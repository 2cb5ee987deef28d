// The unit's side of an appraisal (issue #20, "Appraisal round trip"): an appraisal file opened
// through "Kiểm tra bài nộp" (or dropped anywhere) is shown here — per changed criterion the unit's
// own score, each level's score with its reason, and the final score; who signed each level and
// whether the signatures hold; whether it names one of this unit's own submissions (by signed hash,
// from the drafts' history); a printable page with the appraisal columns. Drawn inside the verify
// screen (two lines of hook there), so it adds no screen of its own.
#include <optional>
#include <string>

#include "app.hpp"
#include "screen_appraisal_view.hpp"
#include "cds/base/text.hpp"
#include "cds/signing/appraisal_view.hpp"
#include "cds/xlsx/render.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

struct Shown {
  std::string file;
  cds::AppraisalVerification v;
  const cds::Rubric* rubric = nullptr;
  std::optional<std::vector<cds::Num>> self;  // from the draft whose submission it names
  std::string match;                          // the sentence about that
};
std::optional<Shown> g_shown;

// The draft whose submission history holds the appraised submission; its scores are the unit's
// own when the answers have not changed since that submission.
void match_draft(App& a, Shown& s) {
  const std::string& want = s.v.appraisal->submission_sha256;
  for (const Draft& d : a.drafts().all())
    for (const auto& rec : d.submissions)
      if (rec.sha256 == want) {
        bool same = d.submitted_hash == d.answers_hash() && &rec == &d.submissions.back();
        s.match = std::string(T("Khớp bài nộp của đơn vị: ", "Matches this unit's submission: ")) + rec.file +
                  (same ? "" : T(" (bài làm đã sửa sau khi nộp: không hiện điểm tự chấm)", " (answers changed since: self scores not shown)"));
        if (same && d.sheet.criteria.size() == s.rubric->criteria.size()) {
          std::vector<cds::Num> v;
          for (const auto& c : d.sheet.criteria) v.push_back(c.score);
          s.self = std::move(v);
        }
        return;
      }
  s.match = T("Không khớp bài nộp nào đã ký trên máy này (chỉ hiện các tiêu chí được điều chỉnh).",
              "Matches no submission signed on this device (only the changed criteria are shown).");
}

}  // namespace

bool appraisal_view_receive(App& a, const platform::OpenedFile& f) {
  g_shown.reset();
  if (cds::detect_format(f.bytes).kind != cds::FileKind::Appraisal) return false;
  Shown s;
  s.file = f.name;
  s.v = cds::verify_appraisal(f.bytes);
  if (s.v.appraisal) {
    if (auto ref = a.rubrics().catalogue().lookup()(s.v.appraisal->rubric_id, s.v.appraisal->rubric_version)) s.rubric = ref->rubric;
    if (s.rubric) match_draft(a, s);
  }
  platform::announce(s.v.verdict(lang()));
  g_shown = std::move(s);
  return true;
}

void appraisal_view_state(cds::Json& j) {
  if (!g_shown) return;
  const Shown& s = *g_shown;
  cds::Json levels = cds::Json::array();
  for (const auto& line : s.v.level_lines(lang(), display_clock())) levels.push_back(line);
  cds::Json rows = cds::Json::array();
  if (s.rubric) {
    cds::AppraisalView v = cds::appraisal_view(s.v, *s.rubric, s.self ? &*s.self : nullptr);
    for (const auto& r : v.rows)
      if (r.changed) {
        cds::Json lv = cds::Json::array();
        for (const auto& x : r.levels) lv.push_back(x ? x->to_double() : -1);
        rows.push_back({{"criterion", s.rubric->criteria[r.criterion].id}, {"self", r.self ? r.self->to_double() : -1}, {"levels", lv},
                        {"final", r.final_score ? r.final_score->to_double() : -1}, {"reasons", r.reasons}});
      }
    if (v.total_final) j["appraisal"]["total_final"] = v.total_final->round(s.rubric->decimals, s.rubric->round_mode).to_double();
  }
  j["appraisal"]["file"] = s.file;
  j["appraisal"]["ok"] = s.v.ok();
  j["appraisal"]["verdict"] = s.v.verdict(lang());
  j["appraisal"]["levels"] = levels;
  j["appraisal"]["rows"] = rows;
  j["appraisal"]["match"] = s.match;
}

bool appraisal_view_draw(App& a) {
  if (!g_shown) return false;
  const Shown& s = *g_shown;
  text_disabled_wrapped(std::string(T("Tệp: ", "File: ")) + s.file);
  ImGui::PushFont(fonts::large());
  ImGui::PushStyleColor(ImGuiCol_Text, s.v.ok() ? c_ok() : c_error());
  text_wrapped(s.v.verdict(lang()));
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::Separator();
  for (const auto& line : s.v.level_lines(lang(), display_clock())) text_wrapped("• " + line);
  if (!s.rubric) {
    text_wrapped(T("Không có bộ tiêu chí của bài nộp này trên máy.", "This submission's rubric is not on this device."));
    return true;
  }
  text_wrapped(s.match);
  const cds::Rubric& r = *s.rubric;
  cds::AppraisalView v = cds::appraisal_view(s.v, r, s.self ? &*s.self : nullptr);
  auto pts = [&](const std::optional<cds::Num>& n) { return n ? cds::fmt_points(n->round(r.decimals, r.round_mode), lang(), r.decimals) : std::string("—"); };
  if (v.total_final) {
    std::string t = std::string(T("Tổng: tự chấm ", "Total: self ")) + pts(v.total_self);
    for (size_t k = 0; k < v.levels.size(); ++k) t += std::string(T(" → cấp ", " → level ")) + std::to_string(k + 1) + " " + pts(v.level_totals[k]);
    ImGui::PushFont(fonts::large());
    text_wrapped(t + T(" → kết quả ", " → final ") + pts(v.total_final));
    ImGui::PopFont();
  }
  ImGui::Spacing();
  for (const auto& row : v.rows) {
    if (!row.changed) continue;
    const cds::Criterion& c = r.criteria[row.criterion];
    ImGui::Separator();
    text_wrapped(c.code + ". " + c.title);
    std::string line = std::string(T("Tự chấm ", "Self ")) + pts(row.self);
    for (size_t k = 0; k < row.levels.size(); ++k) line += std::string(T(" · cấp ", " · level ")) + std::to_string(k + 1) + " " + pts(row.levels[k]);
    text_wrapped(line + T(" · kết quả ", " · final ") + pts(row.final_score));
    for (size_t k = 0; k < row.reasons.size(); ++k)
      if (!row.reasons[k].empty()) text_disabled_wrapped(std::string(T("Cấp ", "Level ")) + std::to_string(k + 1) + ": " + row.reasons[k]);
  }
  ImGui::Spacing();
  if (button(T("Tải bản in (HTML)##appraisal:html", "Download printable (HTML)##appraisal:html")))
    platform::save_file("thamdinh_" + cds::file_name_part(s.v.appraisal->unit_code) + ".html", "text/html",
                        cds::appraisal_html(s.v, r, s.self ? &*s.self : nullptr, lang(), display_clock(), s.match));
  same_line_if_fits(button_width(T("Tải Excel (.xlsx)##appraisal:xlsx", "Download Excel (.xlsx)##appraisal:xlsx")));
  if (button(T("Tải Excel (.xlsx)##appraisal:xlsx", "Download Excel (.xlsx)##appraisal:xlsx"))) {
    std::string err;
    auto bytes = cds::render_xlsx(cds::appraisal_workbook(s.v, r, s.self ? &*s.self : nullptr, lang(), display_clock(), s.match, epoch_now()), "/tmp", &err);
    if (bytes)
      platform::save_file("thamdinh_" + cds::file_name_part(s.v.appraisal->unit_code) + ".xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", *bytes);
    else
      a.toast(std::string(T("Không tạo được tệp Excel: ", "Cannot make the Excel file: ")) + err, true);
  }
  return true;
}

}  // namespace ui
