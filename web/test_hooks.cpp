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

}  // namespace

void begin_frame() { g_current.clear(); }
void end_frame() { g_last.swap(g_current); }
const std::vector<Item>& last_items() { return g_last; }
void set_state_provider(std::function<std::string()> json) { g_state = std::move(json); }

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
                   {"checked", it.checked}});
  }
  testhooks::g_buf = arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return testhooks::g_buf.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* cds_state_json() {
  testhooks::g_buf = testhooks::g_state ? testhooks::g_state() : "{}";
  return testhooks::g_buf.c_str();
}

}  // extern "C"
