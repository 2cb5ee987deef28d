// Unit and period: who assesses (name, code, type), the reporting period, the preparer, and the
// general information entered once and reused by every criterion that needs it.
#include <algorithm>
#include <string>

#include "app.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "widgets.hpp"

namespace ui {
namespace {

// The general information entered once and reused by every criterion that needs it.
bool general_info(Draft& d, const cds::Rubric& r, float w) {
  if (r.general_info.empty()) return false;
  bool changed = false;
  ImGui::Spacing();
  heading(T("Thông tin chung", "General information"));
  text_disabled_wrapped(T("Nhập một lần; các tiêu chí dùng làm mẫu số sẽ tự lấy các số này.",
                          "Entered once; criteria that use these figures as denominators take them from here."));
  if (!d.answers.general_info.is_object()) d.answers.general_info = cds::Json::object();
  for (const auto& g : r.general_info) {
    bool applies = g.applies_to.empty() || d.answers.unit.type.empty() ||
                   std::find(g.applies_to.begin(), g.applies_to.end(), d.answers.unit.type) != g.applies_to.end();
    if (!applies) continue;
    cds::Json& slot = d.answers.general_info[g.id];
    changed |= general_field("gi:" + g.id, g, slot, w);
    if (!g.assignment.lead.empty()) text_disabled_wrapped(std::string(T("Cơ quan cung cấp: ", "Provided by: ")) + g.assignment.lead);
  }
  return changed;
}

class UnitScreen : public DraftScreen {
 public:
  void draw(App& a, Draft& d) override;
};

void UnitScreen::draw(App& a, Draft& d) {
  const cds::Rubric& r = *a.drafts().rubric_of(d);
  if (button(T("← Trang chủ", "← Home"))) a.go(ScreenId::Home);
  ImGui::SameLine();
  if (button((std::string(T("Nhập số liệu →", "Enter figures →")) + "##unit:enter-form").c_str(), true)) a.go(ScreenId::Form);
  ImGui::BeginChild("##unit", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  heading(T("Đơn vị và kỳ đánh giá", "Unit and period"));
  text_disabled_wrapped(r.title + (r.subtitle.empty() ? "" : " — " + r.subtitle));
  float w = std::min(ImGui::GetContentRegionAvail().x, 560.0f);
  bool changed = false;
  auto field = [&](const char* label, const char* id, std::string& value, const char* hint = nullptr) {
    text_disabled_wrapped(label);
    changed |= text_field(id, value, w, 1, hint);
  };
  field(T("Tên đơn vị", "Unit name"), "##unit:name", d.answers.unit.name, T("Ví dụ: UBND xã Đại Hải", "e.g. UBND xã Đại Hải"));
  field(T("Mã đơn vị (dùng trong tên tệp, danh sách tin cậy)", "Unit code (file names, trust list)"), "##unit:code",
        d.answers.unit.code);
  if (!r.unit_types.empty()) {
    text_disabled_wrapped(T("Loại đơn vị", "Unit type"));
    for (const auto& [id, label] : r.unit_types) {
      if (ImGui::RadioButton((label + "##unit:type:" + id).c_str(), d.answers.unit.type == id)) {
        d.answers.unit.type = id;
        changed = true;
      }
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  field(T("Kỳ đánh giá", "Reporting period"), "##unit:period", d.answers.period,
        r.period_text.empty() ? std::to_string(r.year).c_str() : r.period_text.c_str());
  if (!r.deadline_text.empty()) text_disabled_wrapped(std::string(T("Hạn nộp: ", "Deadline: ")) + r.deadline_text);
  field(T("Người lập biểu", "Prepared by"), "##unit:preparer", d.answers.preparer.name);
  field(T("Chức vụ", "Title"), "##unit:preparer_title", d.answers.preparer.title);
  field(T("Điện thoại", "Phone"), "##unit:phone", d.answers.preparer.phone);
  field(T("Thư điện tử", "Email"), "##unit:email", d.answers.preparer.email);

  changed |= general_info(d, r, w);
  ImGui::Spacing();
  if (button((std::string(T("Nhập số liệu các tiêu chí →", "Enter the criteria figures →")) + "##unit:enter-form-bottom").c_str(), true))
    a.go(ScreenId::Form);
  ImGui::Dummy(ImVec2(1, 70));  // room to scroll the last row above a message
  drag_to_scroll();
  ImGui::EndChild();
  if (changed) a.drafts().changed(d);
}

}  // namespace

std::unique_ptr<Screen> make_unit_screen() { return std::make_unique<UnitScreen>(); }

}  // namespace ui
