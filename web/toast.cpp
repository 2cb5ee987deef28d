#include "toast.hpp"

#include <algorithm>

#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform.hpp"
#include "test_hooks.hpp"
#include "widgets.hpp"

namespace ui {

void Toasts::show(const std::string& text, bool error) {
  text_ = text;
  error_ = error;
  shown_at_ = platform::now_ms();
  until_ = shown_at_ + (error ? 9000 : 4000);
  platform::announce(text);
  platform::cancel_timer(timer_);  // the last one's end is no longer wanted
  timer_ = platform::request_timer(error ? 9100 : 4100);
}

void Toasts::gone() {
  until_ = 0;
  platform::cancel_timer(timer_);  // no frame later just to take away what is already gone
  timer_ = 0;
}

bool Toasts::visible() const { return !text_.empty() && platform::now_ms() <= until_; }

void Toasts::withdraw(const std::string& text) {
  if (text_ == text && visible()) {
    gone();
    platform::request_frames(2);
  }
}

void Toasts::draw() {
  if (text_.empty() || platform::now_ms() > until_) return;
  // Gone after its time, or at the next tap/click/key: a toast never waits to be closed.
  ImGuiIO& io = ImGui::GetIO();
  if (platform::now_ms() > shown_at_ + 600 && (ImGui::IsMouseClicked(0) || io.InputQueueCharacters.Size > 0)) {
    gone();
    return;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  float width = std::min(vp->Size.x - 24, 640.0f);
  // At the bottom, unless the field being typed into is in the lower half (the phone keyboard
  // pushes it there): then at the top, so the toast never hides what the user is typing.
  const ImGuiPlatformImeData& ime = GImGui->PlatformImeData;
  bool top = ime.WantVisible && ime.InputPos.y > vp->Pos.y + vp->Size.y * 0.5f;
  float y = top ? vp->Pos.y + 8 : vp->Pos.y + vp->Size.y - 16;
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + (vp->Size.x - width) / 2, y), ImGuiCond_Always, ImVec2(0, top ? 0.0f : 1.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  const theme::Palette& p = pal();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, col(error_ ? p.toast_error : p.toast, 0.97f));
  ImGui::PushStyleColor(ImGuiCol_Text, col(p.toast_text));
  // NoInputs: taps go through to what lies under it (a sign button, a passphrase field).
  ImGui::Begin("##toast", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs);
  text_wrapped(text_);
  ImGui::End();
  testhooks::capture_resume();
  ImGui::PopStyleColor(2);
}

}  // namespace ui
