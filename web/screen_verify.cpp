// "Kiểm tra bài nộp": open any submission file and see the verdict in plain words, then the details
// (signatures, rubric, every score difference).
#include <optional>
#include <string>

#include "app.hpp"
#include "screen_appraisal_view.hpp"
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
      if (appraisal_view_receive(a, f)) { verified_.reset(); a.go(ScreenId::Verify); continue; }  // an appraisal: screen_appraisal_view.cpp
      verified_ = Verified{f.name, cds::verify_submission(f.bytes, a.rubrics().catalogue().lookup())};
      a.go(ScreenId::Verify);
      platform::announce(verified_->v.verdict(lang()));
    }
  }
  void add_state(cds::Json& j) const override {
    appraisal_view_state(j);
    if (!verified_) return;
    j["verified"] = {{"file", verified_->file}, {"ok", verified_->v.ok()}, {"verdict", verified_->v.verdict(lang())},
                     {"plain", verified_->v.plain(lang(), display_clock())}, {"technical", verified_->v.technical(lang())},
                     {"total", verified_->v.total.to_double()}};
  }

 private:
  void details(const cds::Verification& v);
  struct Verified {
    std::string file;
    cds::Verification v;
  };
  std::optional<Verified> verified_;
  bool technical_ = false;  // "Chi tiết kỹ thuật" unfolded
};

void VerifyScreen::draw(App& a) {
  if (button(T("← Trang chủ", "← Home"))) a.go(ScreenId::Home);
  ImGui::SameLine();
  open_button(T("Mở tệp bài nộp…", "Open a submission file…"), picker(Request::Verify));
  ImGui::BeginChild("##verify", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  if (appraisal_view_draw(a)) {
  } else if (!verified_) {
    text_wrapped(T("Chọn một tệp bài nộp (.json) để kiểm tra chữ ký, bộ tiêu chí và tính lại mọi điểm ngay trên máy.",
                   "Choose a submission file (.json) to check its signatures and rubric and recompute every score on this device."));
  } else {
    const cds::Verification& v = verified_->v;
    text_disabled_wrapped(std::string(T("Tệp: ", "File: ")) + verified_->file);
    ImGui::PushFont(fonts::large());
    ImGui::PushStyleColor(ImGuiCol_Text, v.ok() ? c_ok() : c_error());
    text_wrapped(v.headline(lang()));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    details(v);
  }
  ImGui::Dummy(ImVec2(1, 60));
  drag_to_scroll();
  ImGui::EndChild();
}

// The account in plain sentences (who signed, when in local time, what differs, by criterion and
// with decimal commas), then the machine detail — codes, JSON paths, hashes, ISO times — folded
// under "Chi tiết kỹ thuật" for whoever supports the clerk.
void VerifyScreen::details(const cds::Verification& v) {
  ImGui::Separator();
  for (const auto& line : v.plain(lang(), display_clock())) text_wrapped("• " + line);
  ImGui::Spacing();
  if (button((std::string(technical_ ? "▼ " : "▶ ") + T("Chi tiết kỹ thuật##tech", "Technical details##tech")).c_str())) technical_ = !technical_;
  if (technical_)
    for (const auto& line : v.technical(lang())) text_disabled_wrapped(line);
}

}  // namespace

std::unique_ptr<Screen> make_verify_screen() { return std::make_unique<VerifyScreen>(); }

}  // namespace ui
