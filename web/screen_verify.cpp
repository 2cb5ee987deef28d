// "Kiểm tra bài nộp": open any submission file and see the verdict in plain words, then the details
// (signatures, rubric, every score difference).
#include <string>

#include "app.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {

void draw_verify_screen(App& a) {
  if (button(T("← Trang chủ", "← Home"))) a.screen = Screen::Home;
  ImGui::SameLine();
  open_button(T("Mở tệp bài nộp…", "Open a submission file…"), picker(Request::Verify));
  ImGui::BeginChild("##verify", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  if (!a.verified) {
    text_wrapped(T("Chọn một tệp bài nộp (.json) để kiểm tra chữ ký, bộ tiêu chí và tính lại mọi điểm ngay trên máy.",
                   "Choose a submission file (.json) to check its signatures and rubric and recompute every score on this device."));
  } else {
    const cds::Verification& v = a.verified->v;
    text_disabled_wrapped(a.verified->file);
    ImGui::PushFont(fonts::large());
    ImGui::PushStyleColor(ImGuiCol_Text, v.ok() ? ImVec4(0.1f, 0.55f, 0.2f, 1) : ImVec4(0.8f, 0.1f, 0.1f, 1));
    text_wrapped(v.ok() ? T("HỢP LỆ", "VALID") : T("KHÔNG HỢP LỆ", "INVALID"));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    text_wrapped(v.verdict(lang()));
    if (v.parsed) {
      ImGui::Separator();
      if (!v.created.empty()) text_wrapped(std::string(T("Ký lúc: ", "Signed at: ")) + v.created);
      for (const auto& s : v.signatures) {
        std::string line = (s.role == "head" ? std::string(T("Thủ trưởng", "Head")) : std::string(T("Người lập biểu", "Preparer"))) + " · " +
                           s.key_id + " · " + (s.valid ? T("chữ ký đúng", "valid signature") : T("CHỮ KÝ SAI", "INVALID SIGNATURE"));
        ImGui::PushStyleColor(ImGuiCol_Text, s.valid ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : ImVec4(0.8f, 0.1f, 0.1f, 1));
        text_wrapped(line);
        ImGui::PopStyleColor();
      }
      text_wrapped(std::string(T("Bộ tiêu chí: ", "Rubric: ")) + v.rubric_id + " " + v.rubric_version + " — " +
                   (!v.rubric_found ? T("không có trên máy này", "not on this device")
                                    : (v.rubric_hash_ok ? T("khớp bản chính thức", "matches the official file") : T("KHÁC bản chính thức", "DIFFERS from the official file"))));
      if (!v.signed_hash.empty()) text_disabled_wrapped("SHA-256: " + v.signed_hash);
      if (!v.differences.empty()) {
        ImGui::PushFont(fonts::bold());
        text_wrapped(T("Điểm ghi trong tệp khác điểm tính lại:", "Scores in the file that differ from the recomputation:"));
        ImGui::PopFont();
        for (const auto& d : v.differences) text_wrapped(d.where + ": " + d.claimed + " ≠ " + d.recomputed);
      }
    }
  }
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

}  // namespace ui
