// Home: storage status, saved drafts (resume, duplicate, export, delete), the rubrics to start a
// new self-assessment with, and opening files (a rubric, a draft).
#include <algorithm>
#include <optional>
#include <vector>
#include <string>

#include "app.hpp"
#include "cds/base/vnformat.hpp"
#include "requests.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

const char* level_label(const std::string& level) {
  if (level == "tinh") return T("Cấp tỉnh", "Province");
  if (level == "so") return T("Sở, ban, ngành", "Department");
  if (level == "huyen") return T("Cấp huyện", "District");
  if (level == "xa") return T("Cấp xã", "Commune");
  return "";
}

// Days since an ISO local time ("2026-11-23T08:15:00+07:00"), or -1.
long long days_since(const std::string& iso, const std::string& now) {
  auto a = cds::parse_instant(iso), b = cds::parse_instant(now);
  if (!a || !b) return -1;
  return (*b - *a) / 86400;
}

// Storage notices only when they matter, each with what to do next to it: storage refused (file://,
// private window), or drafts with changes that exist only in this browser for days when the browser
// may evict them. (Whether persistence was granted alone is not news on a first visit.)
void storage_notices(App& a) {
  const StorageStatus& storage = a.drafts().storage();
  if (storage.failed || !storage.last_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, c_error());
    const char* why = platform::is_file_url()
                          ? T("Trang đang mở từ tệp (bản một tệp) và trình duyệt này không cho lưu: bản nháp KHÔNG được lưu tự động. "
                              "Hãy dùng \"Xuất tệp\" để lưu bản nháp ra máy trước khi đóng trang, và \"Nhập bản nháp\" để làm tiếp.",
                              "The page is opened from a file and this browser does not allow storage: drafts are NOT saved automatically. "
                              "Use \"Export\" to save drafts before closing, and \"Import a draft\" to continue.")
                          : T("Không dùng được bộ nhớ của trình duyệt: bản nháp sẽ không được lưu tự động. Hãy xuất bản nháp ra tệp.",
                              "Browser storage is unavailable: drafts are not saved automatically. Export them to files.");
    text_wrapped(storage.last_error.empty() ? why : storage.last_error);
    ImGui::PopStyleColor();
  }
  if (platform::is_private_mode_suspected()) {
    text_colored_wrapped(c_warn(), T("Có vẻ đây là cửa sổ ẩn danh: bản nháp sẽ mất khi đóng cửa sổ. Hãy dùng cửa sổ thường, hoặc xuất bản nháp ra tệp.",
                                     "This looks like a private window: drafts disappear when it closes. Use a normal window or export drafts to files."));
  }
  // Drafts whose changes have lived only in this browser for 3 days or more, where the browser may
  // delete site data when the disk fills (no persistent storage) or the page is on plain HTTP.
  bool fragile = platform::storage_persistence() == "denied" || (!platform::is_secure_context() && !platform::is_file_url());
  if (!fragile || !storage.loaded) return;
  std::string now = platform::local_time_iso();
  std::vector<size_t> stale;
  for (size_t i = 0; i < a.drafts().all().size(); ++i) {
    const Draft& d = a.drafts().all()[i];
    if (d.changed_since_export() && days_since(d.created, now) >= 3) stale.push_back(i);
  }
  if (stale.empty()) return;
  text_colored_wrapped(c_warn(), std::to_string(stale.size()) +
                                     T(" bản nháp có thay đổi chỉ nằm trong trình duyệt này từ 3 ngày trở lên; trình duyệt có thể xóa chúng khi máy thiếu dung lượng. "
                                       "Hãy xuất ra tệp để giữ an toàn.",
                                       " draft(s) have changes kept only in this browser for 3 days or more; the browser may delete them when the disk fills. "
                                       "Export them to files to keep them safe."));
  if (button(T("Xuất các bản nháp đó ra tệp##export-stale", "Export those drafts##export-stale"), true))
    for (size_t i : stale) a.drafts().export_file(a.drafts().all()[i]);
}

// One saved draft with its buttons; returns which button was pressed.
enum class DraftAction { None, Resume, Duplicate, Export, Delete };

DraftAction draft_card(const Draft& d, const RubricItem* e, size_t i) {
  const cds::Rubric* r = e ? e->rubric() : nullptr;
  DraftAction act = DraftAction::None;
  ImGui::PushID(d.id.c_str());
  ImGui::BeginGroup();
  std::string unit = d.answers.unit.name.empty() ? std::string(T("(chưa nhập tên đơn vị)", "(no unit name yet)")) : d.answers.unit.name;
  heading(unit);
  if (r)
    text_disabled_wrapped(r->title + (r->subtitle.empty() ? "" : " — " + r->subtitle));
  else if (e && e->waiting && e->fetch_failed)
    text_colored_wrapped(c_warn(), e->summary.title + T(" (chưa tải được bộ tiêu chí; bấm Tiếp tục để thử lại)",
                                                         " (the rubric could not be loaded; press Resume to try again)"));
  else if (e && e->waiting)
    text_disabled_wrapped(e->summary.title + T(" (đang tải bộ tiêu chí…)", " (loading the rubric…)"));
  else
    text_disabled_wrapped(d.answers.rubric_id + T(" (không có bộ tiêu chí)", " (rubric missing)"));
  // Without its rubric a draft has no scores yet (not zero): say so rather than "0 / 0".
  std::string line = (r ? std::string(T("Điểm: ", "Score: ")) + fmt_points(d.sheet.total, lang(), 2) + " / " + fmt_points(d.sheet.scale, lang(), 2) +
                              "  ·  " + T("Đã nhập ", "Answered ") + std::to_string(d.sheet.answered) + "/" + std::to_string(d.sheet.items)
                        : std::string(T("Điểm: chưa tính (cần bộ tiêu chí)", "Score: not computed (needs the rubric)"))) +
                     "  ·  " + T("Sửa lần cuối ", "Last change ") + display_time(d.updated);
  text_wrapped(line);
  if (d.changed_since_export()) {
    text_colored_wrapped(c_warn(), T("● Có thay đổi chưa xuất ra tệp", "● Changed since last export"));
  }
  std::string sfx = "##" + std::to_string(i);
  if (button((T("Tiếp tục", "Resume") + sfx + ":resume").c_str(), true)) act = DraftAction::Resume;
  ImGui::SameLine();
  if (button((T("Nhân bản", "Duplicate") + sfx + ":dup").c_str())) act = DraftAction::Duplicate;
  ImGui::SameLine();
  if (button((T("Xuất tệp", "Export") + sfx + ":export").c_str())) act = DraftAction::Export;
  if (!is_narrow()) ImGui::SameLine();
  if (button((T("Xóa", "Delete") + sfx + ":delete").c_str())) act = DraftAction::Delete;
  ImGui::EndGroup();
  ImGui::Separator();
  ImGui::PopID();
  return act;
}

// What the rubric is, in words a clerk recognises: the level first (three Sóc Trăng 2023 forms share
// one title), then the form's name — its subtitle when the title is only "Phụ lục …".
std::string rubric_name(const RubricSummary& r) {
  std::string name = r.title;
  if (name.rfind("Phụ lục", 0) == 0 && !r.subtitle.empty()) name = r.subtitle.substr(0, r.subtitle.find(" — "));
  const char* lvl = level_label(r.unit_level);
  return *lvl ? std::string(lvl) + ": " + name : name;
}

void rubric_card(const RubricItem& e, std::string& start) {
  ImGui::PushID(e.key.c_str());
  if (!e.rubric() && !e.waiting) {
    text_colored_wrapped(c_error(), e.file + ": " + T("không đọc được", "cannot be read"));
    ImGui::PopID();
    return;
  }
  const RubricSummary& r = e.summary;  // from the file, or from the catalogue until it is read
  ImGui::BeginGroup();
  heading(rubric_name(r));
  std::string meta = (r.subtitle.empty() || rubric_name(r).find(r.subtitle.substr(0, r.subtitle.find(" — "))) != std::string::npos ? "" : r.subtitle + " · ") +
                     std::to_string(r.criteria) + T(" tiêu chí", " criteria") + " · " + T("thang điểm ", "scale ") +
                     cds::format_number(r.scale, lang()) + " · " + T("phiên bản ", "version ") + r.version;
  if (!e.bundled) meta += std::string(" · ") + T("tệp đã mở: ", "opened file: ") + e.file;
  text_disabled_wrapped(meta);
  if (cds::has_errors(e.problems))
    text_colored_wrapped(c_error(), std::string(T("Lỗi kiểm tra bộ tiêu chí: ", "Rubric check problems: ")) + std::to_string(e.problems.size()));
  if (button((std::string(T("Chọn bộ tiêu chí này", "Use this rubric")) + "##start:" + e.key).c_str(), true)) start = e.key;
  ImGui::EndGroup();
  ImGui::Spacing();
  ImGui::PopID();
}

void rubrics_list(App& a, bool first_visit) {
  ImGui::PushFont(fonts::bold());
  text_wrapped(T("Bắt đầu tự đánh giá mới", "Start a new self-assessment"));  // wraps on a phone at the largest text (English)
  ImGui::PopFont();
  if (first_visit) {
    // How to start, in three steps.
    text_wrapped(T("1. Chọn bộ tiêu chí của đơn vị bên dưới (theo tỉnh, năm và cấp).", "1. Choose your unit's rubric below (by province, year and level)."));
    text_wrapped(T("2. Nhập thông tin đơn vị và số liệu từng tiêu chí: điểm được tính ngay trên máy, kèm giải thích.",
                   "2. Enter the unit's details and each criterion's figures: scores are computed on this device, with explanations."));
    text_wrapped(T("3. Tạo khóa ký (một lần), ký và gửi tệp bài nộp cho cơ quan tiếp nhận qua thư điện tử hoặc cổng thông tin.",
                   "3. Create a signing key (once), sign, and send the submission file to the receiving office by email or portal."));
    ImGui::Spacing();
  }
  // Grouped by issuer and year, newest year first, in the order the list holds them within a group.
  std::vector<const RubricItem*> items;
  for (const auto& e : a.rubrics().items()) items.push_back(&e);
  auto known = [](const RubricItem* e) { return e->rubric() || e->waiting; };
  auto key = [&](const RubricItem* e) {
    return known(e) ? std::make_pair(-e->summary.year, e->summary.authority) : std::make_pair(0, std::string("~"));
  };
  std::stable_sort(items.begin(), items.end(), [&](const RubricItem* x, const RubricItem* y) { return key(x) < key(y); });
  std::string start, group;
  for (const RubricItem* e : items) {
    std::string g = known(e) ? e->summary.authority + " — " + std::to_string(e->summary.year) : std::string(T("Tệp không đọc được", "Unreadable files"));
    if (g != group) {
      group = g;
      ImGui::Spacing();
      ImGui::Separator();
      ImGui::PushFont(fonts::bold());
      text_colored_wrapped(c_link(), g);
      ImGui::PopFont();
    }
    rubric_card(*e, start);
  }
  if (!start.empty()) a.new_draft(start);
}

void toolbar(App& a) {
  // After SameLine() a button that does not fit takes a new row (button()): two to a row on a
  // phone, fewer with larger text.
  open_button(T("Mở tệp tiêu chí…", "Open a rubric file…"), picker(Request::Rubric));
  ImGui::SameLine();
  open_button(T("Nhập bản nháp…", "Import a draft…"), picker(Request::Answers));
  if (!is_narrow()) ImGui::SameLine();
  if (button(T("Khóa ký…##keys", "Signing keys…##keys"))) a.go(ScreenId::Keys, Visit::back_to(ScreenId::Home));
  ImGui::SameLine();
  if (button(T("Kiểm tra bài nộp…##verify", "Verify a submission…##verify"))) a.go(ScreenId::Verify);
  same_line_if_fits(button_width(T("Phiếu phân công…", "Work packets…")));
  if (button(T("Phiếu phân công…##parts", "Work packets…##parts"))) a.go(ScreenId::Parts);  // web/screen_parts.cpp
  same_line_if_fits(button_width(T("Tổng hợp bài nộp…", "Aggregate submissions…")));
  if (button(T("Tổng hợp bài nộp…##aggregate", "Aggregate submissions…##aggregate"))) a.go(ScreenId::Aggregate);
  item_tooltip(T("Dành cho cơ quan tiếp nhận: kiểm tra hàng loạt bài nộp của các đơn vị, xếp hạng, thẩm định và xuất báo cáo.",
                 "For the receiving office: check many units' submissions at once, rank, appraise and export the reports."));
  if (!platform::is_single_file()) {
    same_line_if_fits(button_width(T("Tải bản một tệp", "Single-file build")));
    if (button(T("Tải bản một tệp##offline-file", "Single-file build##offline-file"))) platform::download_offline_build();
    item_tooltip(T("Tải cds-offline.html: cả ứng dụng trong một tệp, mở bằng trình duyệt không cần mạng, không cần máy chủ "
                   "(gửi qua thư điện tử hoặc chép vào USB).",
                   "Download cds-offline.html: the whole app in one file that opens in a browser with no network or server "
                   "(send it by email or copy it to a USB stick)."));
  }
}

class HomeScreen : public Screen {
 public:
  void draw(App& a) override {
    ImGui::BeginChild("##home", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
    storage_notices(a);
    toolbar(a);
    ImGui::Spacing();
    drafts_list(a);
    ImGui::Spacing();
    rubrics_list(a, a.drafts().storage().loaded && a.drafts().all().empty());
    ImGui::Dummy(ImVec2(1, 70));  // room to scroll the last row above a message
    drag_to_scroll();
    ImGui::EndChild();
  }

 private:
  void drafts_list(App& a);
  void confirm_delete_popup(App& a);
  std::optional<size_t> confirm_delete_;  // the draft the "delete?" question is about
};

void HomeScreen::drafts_list(App& a) {
  ImGui::PushFont(fonts::bold());
  ImGui::TextUnformatted(T("Bản nháp đã lưu", "Saved drafts"));
  ImGui::PopFont();
  DraftStore& drafts = a.drafts();
  if (!drafts.storage().loaded) {
    text_disabled_wrapped(T("Đang đọc bộ nhớ…", "Reading storage…"));
    return;
  }
  if (drafts.all().empty()) {
    text_disabled_wrapped(T("Chưa có bản nháp nào. Chọn một bộ tiêu chí bên dưới để bắt đầu.", "No drafts yet. Pick a rubric below to start."));
    return;
  }
  DraftAction act = DraftAction::None;
  size_t which = 0;
  for (size_t i = 0; i < drafts.all().size(); ++i) {
    const Draft& d = drafts.all()[i];
    DraftAction x = draft_card(d, a.rubrics().find(d.rubric_key), i);
    if (x != DraftAction::None) act = x, which = i;
  }
  switch (act) {
    case DraftAction::None: break;
    case DraftAction::Resume: a.open_draft(which); break;
    case DraftAction::Duplicate: drafts.duplicate(which); break;
    case DraftAction::Export: drafts.export_file(drafts.all()[which]); break;
    case DraftAction::Delete:
      confirm_delete_ = which;
      ImGui::OpenPopup("##confirm-delete");
      break;
  }
  confirm_delete_popup(a);
}

void HomeScreen::confirm_delete_popup(App& a) {
  if (!ImGui::BeginPopupModal("##confirm-delete", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const auto& all = a.drafts().all();
  if (confirm_delete_ && *confirm_delete_ < all.size()) {
    const Draft& d = all[*confirm_delete_];
    ImGui::PushTextWrapPos(wrap_at(24));
    ImGui::TextUnformatted(T("Xóa bản nháp này? Không thể hoàn tác.", "Delete this draft? This cannot be undone."));
    ImGui::TextUnformatted(d.answers.unit.name.c_str());
    if (d.changed_since_export())
      text_colored_wrapped(c_error(), T("Bản nháp có thay đổi chưa xuất ra tệp.", "The draft has changes that were never exported."));
    ImGui::PopTextWrapPos();
  }
  if (button(T("Xóa bản nháp", "Delete draft"), true)) {
    if (confirm_delete_) a.drafts().remove(*confirm_delete_);
    confirm_delete_.reset();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (button(T("Hủy", "Cancel")) || ImGui::IsKeyPressed(ImGuiKey_Escape)) {
    confirm_delete_.reset();
    ImGui::CloseCurrentPopup();
  }
  end_popup();
}

}  // namespace

std::unique_ptr<Screen> make_home_screen() { return std::make_unique<HomeScreen>(); }

}  // namespace ui
