// "Ghi chú soạn thảo": every drafting decision of the current draft's rubric — what the document
// prints, what cds applies instead and why (core's drafting_notes(), the same list as
// `cds lint --notes`), so the clerk, the appraiser and the issuing office see each choice.
#include <string>

#include "app.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "widgets.hpp"

namespace ui {
namespace {

class NotesScreen : public DraftScreen {
 public:
  void draw(App& a, Draft& d) override {
    const cds::Rubric* r = a.drafts().rubric_of(d);
    if (button(T("← Bảng chấm điểm##notes:back", "← Scoring form##notes:back"))) a.go(ScreenId::Form);
    if (!r) return;
    heading(T("Ghi chú soạn thảo", "Drafting notes"));
    text_wrapped(T("Nơi văn bản có chỗ hở, chỗ chưa rõ hoặc đọc theo chữ sẽ cho điểm không hợp lý, cds chấm theo cách một người thẩm định "
                   "có kinh nghiệm sẽ chấm, và ghi cả cách đọc theo chữ bên cạnh. Danh sách này để đơn vị, người thẩm định và cơ quan ban hành "
                   "cùng thấy từng lựa chọn.",
                   "Where the document leaves a gap, is unclear, or read literally would score unreasonably, cds scores as an experienced "
                   "appraiser would and keeps the literal reading beside it. This list lets the unit, the appraiser and the issuing office see "
                   "each choice."));
    auto notes = cds::drafting_notes(*r);
    if (notes.empty()) text_disabled_wrapped(T("Bộ tiêu chí này không có ghi chú soạn thảo.", "This rubric has no drafting notes."));
    ImGui::BeginChild("##notes", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
    for (size_t i = 0; i < notes.size(); ++i) {
      const auto& n = notes[i];
      ImGui::PushID(static_cast<int>(i));
      ImGui::Separator();
      ImGui::PushFont(fonts::bold());
      text_wrapped(n.criterion.empty() ? std::string(T("Toàn bộ tiêu chí", "Whole rubric")) : n.code + ". " + n.title);
      ImGui::PopFont();
      std::string kind = n.klass == "ambiguity"   ? std::string(T("ghi chú về văn bản", "note on the document"))
                         : n.klass == "exclusive" ? std::string(T("các mục loại trừ nhau: ", "items that exclude each other: ")) + n.title
                         : n.klass == "total"     ? std::string(T("cách tính tổng điểm", "how the total is formed"))
                                                  : cds::literal_class_label(n.klass, lang());
      text_disabled_wrapped(kind);
      if (!n.printed.empty()) text_wrapped(std::string(T("Văn bản in: ", "As printed: ")) + n.printed);
      text_wrapped(std::string(T("cds áp dụng: ", "cds applies: ")) + n.decision);
      if (!n.criterion.empty() && small_button((std::string(T("Xem tiêu chí", "Show the criterion")) + "##notes:go:" + n.criterion).c_str()))
        a.go(ScreenId::Form, Visit::criterion_of(n.criterion, true));
      ImGui::PopID();
    }
    ImGui::EndChild();
  }
};

}  // namespace

std::unique_ptr<Screen> make_notes_screen() { return std::make_unique<NotesScreen>(); }

}  // namespace ui
