#include "test_hooks.hpp"

#include <emscripten.h>

#include <cstdarg>
#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"

namespace testhooks {
namespace {

std::vector<Item> g_current;
std::vector<Item> g_last;
std::function<std::string()> g_state;
std::string g_buf;
bool g_capture = false;
std::string g_text;

}  // namespace

void begin_frame() { g_current.clear(); }
void end_frame() { g_last.swap(g_current); }
const std::vector<Item>& last_items() { return g_last; }
void set_state_provider(std::function<std::string()> json) { g_state = std::move(json); }
bool capturing_text() { return g_capture; }
void set_frame_text(const char* text) { g_text = text ? text : ""; }
void add_frame_text(const char* text) {
  if (text) g_text += text;
  g_text += "\n";
}
void capture_resume() {
  if (g_capture && !GImGui->LogEnabled) ImGui::LogToClipboard(0);  // 0: opens no tree node
}
void capture_flush() {
  if (g_capture && GImGui->LogEnabled) ImGui::LogFinish();
}

}  // namespace testhooks

// ---- Dear ImGui test-engine hooks ----

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData*) {
  ImGuiWindow* w = ctx->CurrentWindow;
  if (!w || id == 0) return;
  ImRect clip = w->ClipRect;
  ImRect vis = bb;
  vis.ClipWithFull(clip);
  testhooks::Item it;
  it.id = id;
  it.window = w->Name;
  it.x = vis.Min.x;
  it.y = vis.Min.y;
  it.w = vis.GetWidth();
  it.h = vis.GetHeight();
  it.right = bb.Max.x;  // unclipped: a widget cut by its window's edge shows here
  it.full_h = bb.GetHeight();
  it.visible = it.w > 1 && it.h > 1 && !w->Hidden && !w->SkipItems;
  testhooks::g_current.push_back(std::move(it));
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  for (auto it = testhooks::g_current.rbegin(); it != testhooks::g_current.rend(); ++it) {
    if (it->id != id) continue;
    std::string raw = label ? label : "";
    it->raw_label = raw;
    auto hash = raw.find("##");
    it->label = hash == std::string::npos ? raw : raw.substr(0, hash);
    it->flags = flags;
    it->text_input = (flags & ImGuiItemStatusFlags_Inputable) != 0;
    it->checked = (flags & ImGuiItemStatusFlags_Checked) != 0;
    return;
  }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

// ---- Exports for window.cds (web/platform.js) ----
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* cds_items_json() {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& it : testhooks::g_last) {
    if (it.raw_label.empty()) continue;
    arr.push_back({{"id", it.id},
                   {"label", it.label},
                   {"raw", it.raw_label},
                   {"window", it.window},
                   {"x", it.x},
                   {"y", it.y},
                   {"w", it.w},
                   {"h", it.h},
                   {"visible", it.visible},
                   {"text", it.text_input},
                   {"checked", it.checked},
                   {"right", it.right},
                   {"fullH", it.full_h}});
  }
  testhooks::g_buf = arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return testhooks::g_buf.c_str();
}

// Windows of the last frame and whether their content runs past their right edge without a
// horizontal scrollbar (text or widgets cut off): what the layout tests check at phone and PC sizes.
EMSCRIPTEN_KEEPALIVE const char* cds_layout_json() {
  ImGuiContext& g = *GImGui;
  nlohmann::json arr = nlohmann::json::array();
  for (ImGuiWindow* w : g.Windows) {
    if (!w->WasActive || w->Hidden) continue;
    float content_right = w->DC.CursorMaxPos.x;
    float visible_right = w->InnerClipRect.Max.x;
    arr.push_back({{"name", w->Name},
                   {"x", w->Pos.x},
                   {"y", w->Pos.y},
                   {"w", w->Size.x},
                   {"h", w->Size.y},
                   {"contentRight", content_right},
                   {"visibleRight", visible_right},
                   {"scrollX", w->ScrollbarX},
                   {"overflow", !w->ScrollbarX && content_right > visible_right + 1.0f},
                   {"child", (w->Flags & ImGuiWindowFlags_ChildWindow) != 0},
                   {"childId", w->ChildId},
                   {"popup", (w->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Tooltip)) != 0}});
  }
  testhooks::g_buf = arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return testhooks::g_buf.c_str();
}

EMSCRIPTEN_KEEPALIVE void cds_capture_text(int on) { testhooks::g_capture = on != 0; }
EMSCRIPTEN_KEEPALIVE const char* cds_frame_text() { return testhooks::g_text.c_str(); }

EMSCRIPTEN_KEEPALIVE const char* cds_state_json() {
  testhooks::g_buf = testhooks::g_state ? testhooks::g_state() : "{}";
  return testhooks::g_buf.c_str();
}

}  // extern "C"
