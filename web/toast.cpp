#include "toast.hpp"

#include <algorithm>

#include "i18n.hpp"
#include "imgui.h"
#include "platform.hpp"
#include "widgets.hpp"

namespace ui {

void Toasts::show(const std::string& text, bool error) {
  text_ = text;
  error_ = error;
  until_ = platform::now_ms() + (error ? 9000 : 4000);
  platform::announce(text);
  platform::request_timer(error ? 9100 : 4100);
}

void Toasts::draw() {
  if (text_.empty() || platform::now_ms() > until_) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  float width = std::min(vp->Size.x - 24, 640.0f);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + (vp->Size.x - width) / 2, vp->Pos.y + vp->Size.y - 16), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, error_ ? ImVec4(0.60f, 0.05f, 0.05f, 0.96f) : ImVec4(0.12f, 0.22f, 0.45f, 0.96f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::Begin("##toast", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_AlwaysAutoResize);
  text_wrapped(text_);
  if (small_button(T("Đóng##toast", "Close##toast"))) text_.clear();
  ImGui::End();
  ImGui::PopStyleColor(2);
}

}  // namespace ui
