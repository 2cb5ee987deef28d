// "Kiểm tra bài nộp": open any submission file and see the verdict in plain words, then the details
// (signatures, rubric, every score difference).
#include <optional>
#include <string>

#include "app.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "requests.hpp"
#include "widgets.hpp"

namespace ui {
namespace {

class VerifyScreen : public Screen {
 public:
  void draw(App& a) override;
  // Submission files (picked here, or dropped elsewhere): each is checked, the last one shown.
  void receive(App& a, Request, const std::string&, std::vector<platform::OpenedFile> files) override {
    for (const auto& f : files) {
      verified_ = Verified{f.name, cds::verify_submission(f.bytes, a.rubrics().catalogue().lookup())};
      a.go(ScreenId::Verify);
      platform::announce(verified_->v.verdict(lang()));
    }
  }
  void add_state(cds::Json& j) const override {
    if (!verified_) return;
    j["verified"] = {{"file", verified_->file}, {"ok", verified_->v.ok()}, {"verdict", verified_->v.verdict(lang())},
                     {"total", verified_->v.total.to_double()}};
  }

 private:
  void details(const cds::Verification& v);
  struct Verified {
    std::string file;
    cds::Verification v;
  };
  std::optional<Verified> verified_;
};

void VerifyScreen::draw(App& a) {
  if (button(T("← Trang chủ", "← Home"))) a.go(ScreenId::Home);
  ImGui::SameLine();
  open_button(T("Mở tệp bài nộp…", "Open a submission file…"), picker(Request::Verify));
  ImGui::BeginChild("##verify", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  if (!verified_) {
    text_wrapped(T("Chọn một tệp bài nộp (.json) để kiểm tra chữ ký, bộ tiêu chí và tính lại mọi điểm ngay trên máy.",
                   "Choose a submission file (.json) to check its signatures and rubric and recompute every score on this device."));
  } else {
    const cds::Verification& v = verified_->v;
    text_disabled_wrapped(verified_->file);
    ImGui::PushFont(fonts::large());
    ImGui::PushStyleColor(ImGuiCol_Text, v.ok() ? c_ok() : c_error());
    text_wrapped(v.ok() ? T("HỢP LỆ", "VALID") : T("KHÔNG HỢP LỆ", "INVALID"));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    text_wrapped(v.verdict(lang()));
    details(v);
  }
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

// Signatures, rubric, every score difference.
void VerifyScreen::details(const cds::Verification& v) {
  if (!v.parsed) return;
  ImGui::Separator();
  if (!v.created.empty()) text_wrapped(std::string(T("Ký lúc: ", "Signed at: ")) + v.created);
  for (const auto& s : v.signatures) {
    std::string line = (s.role == "head" ? std::string(T("Thủ trưởng", "Head")) : std::string(T("Người lập biểu", "Preparer"))) + " · " +
                       s.key_id + " · " + (s.valid ? T("chữ ký đúng", "valid signature") : T("CHỮ KÝ SAI", "INVALID SIGNATURE"));
    text_colored_wrapped(s.valid ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : c_error(), line);
  }
  text_wrapped(std::string(T("Bộ tiêu chí: ", "Rubric: ")) + v.rubric_id + " " + v.rubric_version + " — " +
               (!v.rubric_found ? T("không có trên máy này", "not on this device")
                                : (v.rubric_hash_ok ? T("khớp bản chính thức", "matches the official file") : T("KHÁC bản chính thức", "DIFFERS from the official file"))));
  if (!v.signed_hash.empty()) text_disabled_wrapped("SHA-256: " + v.signed_hash);
  if (!v.differences.empty()) {
    heading(T("Điểm ghi trong tệp khác điểm tính lại:", "Scores in the file that differ from the recomputation:"));
    for (const auto& d : v.differences) text_wrapped(d.where + ": " + d.claimed + " ≠ " + d.recomputed);
  }
}

}  // namespace

std::unique_ptr<Screen> make_verify_screen() { return std::make_unique<VerifyScreen>(); }

}  // namespace ui
