// The browser platform layer: html5.h events → ImGui, WebGL1 rendering, frame scheduling, HiDPI,
// and the C side of web/platform.js (text agent, clipboard, files, storage). See platform.hpp.
#include "platform.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <emscripten/html5_webgl.h>
#include <GLES2/gl2.h>

#include <cmath>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"
#include "test_hooks.hpp"

namespace platform {
namespace {
std::string g_text_mode = "text", g_sent_mode;  // the active field's keyboard; the one the agent has
}  // namespace
}  // namespace platform

// ---- Implemented in web/platform.js ----
extern "C" {
void cds_js_init(const char* config_json);
void cds_js_nav(int push, const char* screen);
void cds_js_session_set(const char* key, const char* value);
int cds_js_session_get(const char* key, char* buf, int len);
void cds_js_text_input(int active, float x, float y, float w, float h, const char* mode);
void cds_js_gesture_zones(const char* json);
void cds_js_open_file(const char* picker_json);
void cds_js_clipboard_write(const char* text);
void cds_js_save(const char* name, const char* mime, const char* data, int len, int share);
void cds_js_xlsx(int job, const char* json, const char* name);
void cds_js_dossier(int job, const char* plan, int share);
void cds_js_dossier_open(int job, const char* data, int len);
void cds_js_open_evidence(int job, const char* dossier, const char* sha, const char* name);
void cds_js_dossier_repack(int job, int token, const char* sub, int len, const char* name, int share);
void cds_js_open_office();
int cds_js_single_file();
void cds_js_mark(const char* name);
void cds_js_fetch(int req, const char* path);
int cds_js_can_share();
void cds_js_storage_put(int req, const char* key, const char* value, int len);
void cds_js_storage_get_all(int req, const char* prefix, const char* keys_only);
void cds_js_storage_delete(const char* key);
int cds_js_persistence();  // 0 pending, 1 granted, 2 denied, 3 unsupported
int cds_js_secure_context();
int cds_js_file_url();
void cds_js_download_offline();
int cds_js_stop_delivery();
void cds_js_drops_sliced(int on);
int cds_js_private_mode();
void cds_js_announce(const char* text);
void cds_js_print(const char* html);
void cds_js_fatal(const char* vi, const char* en);
double cds_js_now();
void cds_js_local_iso(char* buf, int len);
void cds_js_ready();
}

namespace platform {
namespace {

const char* kCanvas = "#canvas";

Hooks g_hooks;
EMSCRIPTEN_WEBGL_CONTEXT_HANDLE g_gl = 0;
bool g_context_lost = false;
bool g_raf_pending = false;
int g_frames_wanted = 0;
long long g_frames = 0;
double g_last_frame_ms = 0;
double g_last_time = 0;
float g_page_color[3] = {0.97f, 0.97f, 0.97f};  // until the app's style says
float g_dpr = 1;
float g_ui_scale = 1;
bool g_fonts_dirty = true;
bool g_device_ready = false;
bool g_ready_sent = false;
// Frames whose draw data equals the last drawn frame's are not drawn (see same_as_drawn).
std::string g_drawn, g_next;  // the bytes compared (std::string: no new template code in the wasm)
bool g_must_draw = true;
long long g_frames_drawn = 0;
std::string g_clipboard;
std::string g_zones_json;
nlohmann::json g_picker_zones = nlohmann::json::array();
FileRequest g_files_request;
std::vector<OpenedFile> g_files;
bool g_files_receiving = false;  // between cds_files_begin and cds_files_end (files arrive in slices)
size_t g_files_total = 0;        // files the request hands over (as cds_files_begin announced them)
size_t g_files_handed = 0;       // of which handed to the app already (FileRequestKind::slices)
bool g_files_slices = false;     // the request is handed over slice by slice
bool g_files_stopped = false;    // stop_receiving(): nothing more of it comes but its (empty) end

int g_next_req = 1;
std::map<int, std::function<void(bool, const std::string&)>> g_put_cbs;
std::map<int, std::function<void(std::vector<std::pair<std::string, std::string>>)>> g_get_cbs;
std::map<int, std::vector<std::pair<std::string, std::string>>> g_get_acc;

// The callback waiting for JavaScript's answer `id`, taken out of its table (empty when none):
// every answer from platform.js comes back through one of these tables, once.
template <class Fn>
Fn take_callback(std::map<int, Fn>& table, int id) {
  auto it = table.find(id);
  if (it == table.end()) return {};
  Fn cb = std::move(it->second);
  table.erase(it);
  return cb;
}

void schedule();
void send_gesture_zones();

EM_BOOL on_raf(double, void*);

void append_bytes(std::string& v, const void* p, size_t n) { v.append(static_cast<const char*>(p), n); }

// Whether this frame would paint exactly what the canvas shows: the same framebuffer size, page
// colour and draw data (every list's commands, indices and vertices) as the last frame drawn, and
// nothing since that makes the canvas's content stale (a new context, a rebuilt font texture,
// the page shown again: g_must_draw). ImGui asks for frames after every event — a click's press,
// its release and two more to settle, every mouse move — and most of them draw the same pixels;
// not drawing them spares the GPU (with software GL, as on PCs whose GPU Chrome blocklists, the
// larger part of a frame's cost). A frame not drawn leaves the canvas showing the last one, as
// when no frame is asked for at all.
bool same_as_drawn(const ImDrawData* d, int fb_w, int fb_h) {
  static_assert(sizeof(ImDrawVert) == 20, "ImDrawVert without padding");
  static_assert(sizeof(ImDrawCmd) == sizeof(ImVec4) + sizeof(ImTextureID) + 3 * sizeof(unsigned int) +
                                         sizeof(ImDrawCallback) + sizeof(void*),
                "ImDrawCmd without padding");
  g_next.clear();
  const int size[2] = {fb_w, fb_h};
  append_bytes(g_next, size, sizeof size);
  append_bytes(g_next, g_page_color, sizeof g_page_color);
  const float view[6] = {d->DisplayPos.x, d->DisplayPos.y, d->DisplaySize.x, d->DisplaySize.y,
                         d->FramebufferScale.x, d->FramebufferScale.y};
  append_bytes(g_next, view, sizeof view);
  for (int i = 0; i < d->CmdListsCount; ++i) {
    const ImDrawList* l = d->CmdLists[i];
    const int n[3] = {l->CmdBuffer.Size, l->IdxBuffer.Size, l->VtxBuffer.Size};
    append_bytes(g_next, n, sizeof n);
    append_bytes(g_next, l->CmdBuffer.Data, sizeof(ImDrawCmd) * static_cast<size_t>(n[0]));
    append_bytes(g_next, l->IdxBuffer.Data, sizeof(ImDrawIdx) * static_cast<size_t>(n[1]));
    append_bytes(g_next, l->VtxBuffer.Data, sizeof(ImDrawVert) * static_cast<size_t>(n[2]));
  }
  const bool same = !g_must_draw && g_next == g_drawn;
  if (!same) g_drawn.swap(g_next);
  return same;
}

void render_frame() {
  if (g_context_lost || !g_gl) return;
  ImGuiIO& io = ImGui::GetIO();
  // Size and pixel ratio: the canvas fills the page (CSS); its backing store is CSS × dpr.
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
  float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (dpr <= 0) dpr = 1;
  if (dpr != g_dpr) {
    g_dpr = dpr;
    g_fonts_dirty = true;
  }
  int fb_w = static_cast<int>(std::lround(css_w * g_dpr));
  int fb_h = static_cast<int>(std::lround(css_h * g_dpr));
  int cur_w = 0, cur_h = 0;
  emscripten_get_canvas_element_size(kCanvas, &cur_w, &cur_h);
  if (cur_w != fb_w || cur_h != fb_h) emscripten_set_canvas_element_size(kCanvas, fb_w, fb_h);
  if (g_fonts_dirty) {
    g_fonts_dirty = false;
    if (g_hooks.rebuild_fonts) g_hooks.rebuild_fonts(g_dpr, g_ui_scale);
    if (g_device_ready) {  // otherwise NewFrame creates the device objects, font texture included
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    g_must_draw = true;  // same vertices may now sample other glyphs
  }
  io.DisplaySize = ImVec2(static_cast<float>(css_w), static_cast<float>(css_h));
  io.DisplayFramebufferScale = ImVec2(g_dpr, g_dpr);
  double now = emscripten_get_now();
  io.DeltaTime = g_last_time > 0 ? static_cast<float>(std::fmax((now - g_last_time) / 1000.0, 1e-4)) : 1.0f / 60.0f;
  g_last_time = now;

  double t0 = emscripten_get_now();
  testhooks::begin_frame();
  set_text_mode("text");  // the active field sets its own while drawn
  ImGui_ImplOpenGL3_NewFrame();
  g_device_ready = true;
  ImGui::NewFrame();
  testhooks::set_frame_text("");
  g_picker_zones = nlohmann::json::array();
  if (g_hooks.frame) g_hooks.frame();
  ImGui::Render();
  testhooks::end_frame();

  if (!same_as_drawn(ImGui::GetDrawData(), fb_w, fb_h)) {
    emscripten_webgl_make_context_current(g_gl);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(g_page_color[0], g_page_color[1], g_page_color[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g_must_draw = false;
    ++g_frames_drawn;
  }
  ++g_frames;
  g_last_frame_ms = emscripten_get_now() - t0;

  send_gesture_zones();
  if (!g_ready_sent) {
    g_ready_sent = true;
    cds_js_ready();
  }
}

nlohmann::json zone(float x, float y, float w, float h, const char* action) {
  auto r = [](float v) { return std::round(static_cast<double>(v) * 10.0) / 10.0; };
  return {{"x", r(x)}, {"y", r(y)}, {"w", r(w)}, {"h", r(h)}, {"a", action}};
}

nlohmann::json picker_json(const FilePicker& p) {
  return {{"kind", p.request.kind}, {"arg", p.request.arg}, {"accept", p.accept}, {"multiple", p.multiple}, {"folder", p.folder}};
}

// Gesture zones for synchronous actions in the pointer handlers: focus for every visible text field
// (iOS), and the file pickers the frame registered (Safari). Sent only when they changed.
void send_gesture_zones() {
  nlohmann::json zones = nlohmann::json::array();
  for (const auto& it : testhooks::last_items())
    if (it.text_input && it.visible) zones.push_back(zone(it.x, it.y, it.w, it.h, "text"));
  for (auto& z : g_picker_zones) zones.push_back(std::move(z));
  std::string text = zones.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text == g_zones_json) return;
  g_zones_json = std::move(text);
  cds_js_gesture_zones(g_zones_json.c_str());
}

EM_BOOL on_raf(double, void*) {
  g_raf_pending = false;
  if (g_frames_wanted > 0) --g_frames_wanted;
  render_frame();
  ImGuiContext* ctx = ImGui::GetCurrentContext();
  bool queue_busy = ctx && ctx->InputEventsQueue.Size > 0;
  if (g_frames_wanted > 0 || queue_busy) schedule();
  return EM_FALSE;
}

void schedule() {
  if (g_raf_pending) return;
  g_raf_pending = true;
  emscripten_request_animation_frame(on_raf, nullptr);
}

void on_timer(void*) { request_frames(1); }

// ---- Input ----

void set_mods(bool ctrl, bool shift, bool alt, bool meta) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
  io.AddKeyEvent(ImGuiMod_Shift, shift);
  io.AddKeyEvent(ImGuiMod_Alt, alt);
  io.AddKeyEvent(ImGuiMod_Super, meta);
}

int imgui_button(unsigned short dom_button) {
  switch (dom_button) {
    case 0: return 0;
    case 1: return 2;
    case 2: return 1;
    default: return dom_button < 5 ? dom_button : -1;
  }
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  io.AddMousePosEvent(static_cast<float>(e->clientX), static_cast<float>(e->clientY));
  set_mods(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  int b = imgui_button(e->button);
  if (type == EMSCRIPTEN_EVENT_MOUSEDOWN && b >= 0) io.AddMouseButtonEvent(b, true);
  if (type == EMSCRIPTEN_EVENT_MOUSEUP && b >= 0) io.AddMouseButtonEvent(b, false);
  request_frames(type == EMSCRIPTEN_EVENT_MOUSEMOVE ? 1 : 3);
  // Let mouse moves bubble (text selection elsewhere is impossible anyway); stop the default of
  // presses on the canvas only (no focus theft from the text agent, no context menu drag).
  return type == EMSCRIPTEN_EVENT_MOUSEDOWN ? EM_TRUE : EM_FALSE;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  ImGuiIO& io = ImGui::GetIO();
  double scale = e->deltaMode == DOM_DELTA_PIXEL ? 1.0 / 100.0 : (e->deltaMode == DOM_DELTA_LINE ? 1.0 / 3.0 : 1.0);
  io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
  io.AddMouseWheelEvent(static_cast<float>(-e->deltaX * scale), static_cast<float>(-e->deltaY * scale));
  request_frames(3);
  return EM_TRUE;
}

long g_touch_id = -1;

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < e->numTouches; ++i) {
    const EmscriptenTouchPoint& t = e->touches[i];
    if (!t.isChanged) continue;
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
      if (g_touch_id != -1) continue;  // one finger drives the pointer
      g_touch_id = t.identifier;
    } else if (t.identifier != g_touch_id) {
      continue;
    }
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(static_cast<float>(t.clientX), static_cast<float>(t.clientY));
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) io.AddMouseButtonEvent(0, true);
    if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
      io.AddMouseButtonEvent(0, false);
      // Move the pointer away afterwards so nothing stays "hovered" under a lifted finger.
      io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
      io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
      g_touch_id = -1;
    }
  }
  request_frames(3);
  return EM_TRUE;  // no emulated mouse events, no browser scrolling/zooming of the canvas
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
  request_frames(2);
  return EM_FALSE;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
  ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
  request_frames(2);
  return EM_FALSE;
}

EM_BOOL on_visibility(int, const EmscriptenVisibilityChangeEvent* e, void*) {
  if (e->hidden && g_hooks.page_hidden) g_hooks.page_hidden();
  if (!e->hidden) {
    g_must_draw = true;  // a browser may drop a hidden page's canvas content
    request_frames(2);
  }
  return EM_FALSE;
}

bool create_context();
void register_canvas_handlers();

EM_BOOL on_context_lost(int, const void*, void*) {
  g_context_lost = true;
  return EM_TRUE;  // preventDefault: we want it restored
}

EM_BOOL on_context_restored(int, const void*, void*) {
  ImGui_ImplOpenGL3_Shutdown();
  // Destroying the old handle re-enables extensions on the new one, but Emscripten also removes
  // every html5 handler on the canvas with it (mouse, wheel, touch, these two): register them again.
  if (g_gl) emscripten_webgl_destroy_context(g_gl);
  g_gl = 0;
  register_canvas_handlers();
  if (!create_context()) return EM_TRUE;
  g_context_lost = false;
  g_device_ready = false;
  ImGui_ImplOpenGL3_Init("#version 100");
  g_fonts_dirty = true;
  g_must_draw = true;
  request_frames(3);
  return EM_TRUE;
}

// The handlers whose target is the canvas itself (see on_context_restored).
void register_canvas_handlers() {
  emscripten_set_mousedown_callback(kCanvas, nullptr, EM_TRUE, on_mouse);
  emscripten_set_wheel_callback(kCanvas, nullptr, EM_TRUE, on_wheel);
  emscripten_set_touchstart_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_touchmove_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_touchend_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_touchcancel_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_webglcontextlost_callback(kCanvas, nullptr, EM_FALSE,
                                           reinterpret_cast<em_webgl_context_callback>(on_context_lost));
  emscripten_set_webglcontextrestored_callback(kCanvas, nullptr, EM_FALSE,
                                               reinterpret_cast<em_webgl_context_callback>(on_context_restored));
}

bool create_context() {
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 1;  // WebGL1 is enough for ImGui's "#version 100" shaders
  attrs.minorVersion = 0;
  attrs.alpha = EM_FALSE;
  attrs.depth = EM_FALSE;
  attrs.stencil = EM_FALSE;
  attrs.antialias = EM_FALSE;
  attrs.premultipliedAlpha = EM_TRUE;
  attrs.preserveDrawingBuffer = EM_FALSE;
  attrs.powerPreference = EM_WEBGL_POWER_PREFERENCE_LOW_POWER;
  attrs.failIfMajorPerformanceCaveat = EM_FALSE;
  g_gl = emscripten_webgl_create_context(kCanvas, &attrs);
  if (g_gl <= 0) {
    g_gl = 0;
    return false;
  }
  emscripten_webgl_make_context_current(g_gl);
  return true;
}

// ImGui tells us where the active text field's cursor is (and whether one is active): the text
// agent follows it, so IME candidate windows and the phone keyboard appear at the right place.
void set_ime_data(ImGuiViewport*, ImGuiPlatformImeData* data) {
  update_text_input(data->WantVisible, data->InputPos.x, data->InputPos.y, 200.0f, data->InputLineHeight);
}

const char* get_clipboard(void*) { return g_clipboard.c_str(); }
void set_clipboard(void*, const char* text) {
  // Text-capture for tests goes through ImGui's log-to-clipboard (the only log ImGui flushes, not
  // clears, when a top-level window ends): kept for window.cds.text(), never put on the clipboard.
  if (testhooks::capturing_text() && GImGui->LogEnabled) {
    testhooks::add_frame_text(text);
    return;
  }
  clipboard_set(text);
}

struct KeyName {
  const char* code;
  ImGuiKey key;
};

// DOM KeyboardEvent.code → ImGuiKey (layout-independent physical keys).
const KeyName kKeys[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End}, {"Insert", ImGuiKey_Insert},
    {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace}, {"Space", ImGuiKey_Space},
    {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter}, {"Escape", ImGuiKey_Escape},
    {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl}, {"ShiftLeft", ImGuiKey_LeftShift},
    {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt}, {"AltRight", ImGuiKey_RightAlt},
    {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper}, {"F1", ImGuiKey_F1}, {"F2", ImGuiKey_F2},
    {"F3", ImGuiKey_F3}, {"F4", ImGuiKey_F4}, {"F5", ImGuiKey_F5}, {"F6", ImGuiKey_F6}, {"F10", ImGuiKey_F10},
    {"F12", ImGuiKey_F12}};

ImGuiKey map_key(const char* code, const char* key) {
  for (const auto& k : kKeys)
    if (std::strcmp(code, k.code) == 0) return k.key;
  // Letters and digits: by the character produced (so shortcuts follow the user's layout).
  if (key && key[0] && !key[1]) {
    char c = key[0];
    if (c >= 'a' && c <= 'z') return static_cast<ImGuiKey>(ImGuiKey_A + (c - 'a'));
    if (c >= 'A' && c <= 'Z') return static_cast<ImGuiKey>(ImGuiKey_A + (c - 'A'));
    if (c >= '0' && c <= '9') return static_cast<ImGuiKey>(ImGuiKey_0 + (c - '0'));
  }
  if (std::strncmp(code, "Key", 3) == 0 && code[3] >= 'A' && code[3] <= 'Z' && !code[4])
    return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
  if (std::strncmp(code, "Digit", 5) == 0 && code[5] >= '0' && code[5] <= '9' && !code[6])
    return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
  return ImGuiKey_None;
}

// What platform.js needs from the app at start-up: the file request kinds and their limits.
std::string js_config(const Hooks& h) {
  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& k : h.file_requests)
    kinds[k.name] = {
        {"maxBytes", k.max_bytes}, {"zipBytes", k.zip_bytes}, {"jsonOnly", k.json_only}, {"slices", k.slices}};
  return nlohmann::json{{"requests", kinds}, {"drop", h.drop_request}}.dump();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

bool init(Hooks hooks) {
  g_hooks = std::move(hooks);
  cds_js_init(js_config(g_hooks).c_str());
  if (!create_context()) {
    fatal("Trình duyệt này không hỗ trợ WebGL (hoặc WebGL đang bị tắt), nên không thể hiển thị ứng dụng. "
          "Hãy dùng Chrome, Edge (bản 109 trở lên), Firefox (115 trở lên) hoặc Safari (15 trở lên), hoặc bật tăng tốc phần cứng.",
          "This browser does not support WebGL (or it is disabled). Use Chrome/Edge 109+, Firefox 115+ or Safari 15+, "
          "or turn on hardware acceleration.");
    return false;
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiContext& g = *ImGui::GetCurrentContext();
  g.TestEngineHookItems = true;  // feeds web/test_hooks.cpp
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.BackendPlatformName = "cds_html5";
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.ConfigInputTextCursorBlink = false;  // a blinking cursor would need frames forever
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  io.ClipboardUserData = nullptr;
  io.SetPlatformImeDataFn = set_ime_data;
  ImGui_ImplOpenGL3_Init("#version 100");

  register_canvas_handlers();
  emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, on_mouse);
  emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, on_mouse);
  emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
  emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_focus);
  emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_focus);
  emscripten_set_visibilitychange_callback(nullptr, EM_FALSE, on_visibility);
  request_frames(2);
  return true;
}

void set_page_color(float r, float g, float b) {
  g_page_color[0] = r;
  g_page_color[1] = g;
  g_page_color[2] = b;
  request_frames(1);
}

void request_frames(int n) {
  if (n > g_frames_wanted) g_frames_wanted = n;
  schedule();
}

long request_timer(double ms) { return emscripten_set_timeout(on_timer, ms, nullptr); }
void cancel_timer(long timer) {
  if (timer) emscripten_clear_timeout(timer);
}
long long frames_rendered() { return g_frames; }
long long frames_drawn() { return g_frames_drawn; }
double last_frame_ms() { return g_last_frame_ms; }
float device_pixel_ratio() { return g_dpr; }

void set_ui_scale(float s) {
  if (s == g_ui_scale) return;
  g_ui_scale = s;
  g_fonts_dirty = true;
  request_frames(2);
}
float ui_scale() { return g_ui_scale; }

void nav_push(const std::string& screen) { cds_js_nav(1, screen.c_str()); }
void nav_replace(const std::string& screen) { cds_js_nav(0, screen.c_str()); }
void session_set(const std::string& key, const std::string& value) { cds_js_session_set(key.c_str(), value.c_str()); }
std::string session_get(const std::string& key) {
  std::string buf(4096, '\0');
  int n = cds_js_session_get(key.c_str(), buf.data(), static_cast<int>(buf.size()));
  buf.resize(n > 0 ? std::min(static_cast<size_t>(n), buf.size() - 1) : 0);
  return buf;
}

void set_text_mode(const char* mode) { g_text_mode = mode ? mode : "text"; }

void update_text_input(bool wants_text, float x, float y, float w, float h) {
  static bool last = false;
  static float lx = -1, ly = -1;
  const std::string& mode = g_text_mode;
  if (wants_text == last && mode == g_sent_mode && (!wants_text || (std::fabs(x - lx) < 0.5f && std::fabs(y - ly) < 0.5f))) return;
  last = wants_text;
  lx = x;
  ly = y;
  g_sent_mode = mode;
  cds_js_text_input(wants_text ? 1 : 0, x, y, w, h, mode.c_str());
}

void add_picker_zone(float x, float y, float w, float h, const FilePicker& picker) {
  nlohmann::json z = zone(x, y, w, h, "open");
  z["pick"] = picker_json(picker);
  g_picker_zones.push_back(std::move(z));
}

void open_picker(const FilePicker& picker) {
  cds_js_open_file(picker_json(picker).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

void clipboard_set(const char* text) {
  g_clipboard = text ? text : "";
  cds_js_clipboard_write(g_clipboard.c_str());
}

void save_file(const std::string& name, const std::string& mime, const std::string& bytes, bool share) {
  cds_js_save(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()), share ? 1 : 0);
}
bool can_share_files() { return cds_js_can_share() != 0; }

namespace {
std::map<int, std::function<void(bool, const std::string&)>> g_xlsx_cbs;
int g_next_xlsx = 1;
}  // namespace

void render_xlsx(const std::string& workbook_json, const std::string& name, std::function<void(bool, const std::string&)> done) {
  int job = g_next_xlsx++;
  g_xlsx_cbs[job] = std::move(done);
  cds_js_xlsx(job, workbook_json.c_str(), name.c_str());
}

void make_dossier(const std::string& plan_json, bool share, std::function<void(bool, const std::string&)> done) {
  int job = g_next_xlsx++;
  g_xlsx_cbs[job] = std::move(done);
  cds_js_dossier(job, plan_json.c_str(), share ? 1 : 0);
}

namespace {
std::map<int, std::function<void(bool, int, std::string, std::string)>> g_open_cbs;
}  // namespace

void open_dossier(const std::string& bytes, std::function<void(bool, int, std::string, std::string)> done) {
  int job = g_next_xlsx++;
  g_open_cbs[job] = std::move(done);
  cds_js_dossier_open(job, bytes.data(), static_cast<int>(bytes.size()));
}

void repack_dossier(int token, const std::string& submission, const std::string& name, bool share, std::function<void(bool, const std::string&)> done) {
  int job = g_next_xlsx++;
  g_xlsx_cbs[job] = std::move(done);
  cds_js_dossier_repack(job, token, submission.data(), static_cast<int>(submission.size()), name.c_str(), share ? 1 : 0);
}

void open_evidence(const std::string& dossier, const std::string& sha256, const std::string& name, std::function<void(bool, const std::string&)> done) {
  int job = g_next_xlsx++;
  g_xlsx_cbs[job] = std::move(done);
  cds_js_open_evidence(job, dossier.c_str(), sha256.c_str(), name.c_str());
}

void open_office_edition() { cds_js_open_office(); }

void mark(const char* name) { cds_js_mark(name); }

namespace {
std::map<int, std::function<void(bool, std::string)>> g_fetch_cbs;
int g_next_fetch = 1;
}  // namespace

void fetch_app_file(const std::string& path, std::function<void(bool, std::string)> done) {
  int req = g_next_fetch++;
  g_fetch_cbs[req] = std::move(done);
  cds_js_fetch(req, path.c_str());
}


void storage_put(const std::string& key, const std::string& value, std::function<void(bool, const std::string&)> done) {
  int req = g_next_req++;
  g_put_cbs[req] = std::move(done);
  cds_js_storage_put(req, key.c_str(), value.data(), static_cast<int>(value.size()));
}

void storage_get_all(const std::string& prefix, std::function<void(std::vector<std::pair<std::string, std::string>>)> done,
                     const std::string& keys_only) {
  int req = g_next_req++;
  g_get_cbs[req] = std::move(done);
  g_get_acc[req] = {};
  cds_js_storage_get_all(req, prefix.c_str(), keys_only.c_str());
}

void storage_delete(const std::string& key) { cds_js_storage_delete(key.c_str()); }

std::string storage_persistence() {
  switch (cds_js_persistence()) {
    case 1: return "granted";
    case 2: return "denied";
    case 3: return "unsupported";
    default: return "pending";
  }
}
bool is_secure_context() { return cds_js_secure_context() != 0; }
bool is_file_url() { return cds_js_file_url() != 0; }
bool is_single_file() { return cds_js_single_file() != 0; }
size_t files_arriving() {
  return g_files_receiving && !g_files_stopped ? g_files_handed + g_files.size() + 1 : 0;
}
size_t files_to_come() {
  return g_files_receiving && g_files_total > g_files_handed ? g_files_total - g_files_handed : 0;
}
bool files_stoppable() {
  return g_files_receiving && g_files_slices && !g_files_stopped;
}
size_t stop_receiving() {
  size_t n = static_cast<size_t>(std::max(cds_js_stop_delivery(), 0));  // requests waiting their turn
  if (!files_stoppable()) return n;
  n += files_to_come();  // platform.js reads and hands over nothing more of it
  g_files_stopped = true;
  g_files.clear();
  g_files_total = g_files_handed;
  return n;
}
void set_drops_sliced(bool on) {
  static int now = -1;
  if (now != static_cast<int>(on)) cds_js_drops_sliced(now = on);
}
void download_offline_build() { cds_js_download_offline(); }
bool is_private_mode_suspected() { return cds_js_private_mode() != 0; }

void announce(const std::string& text) { cds_js_announce(text.c_str()); }
void print_html(const std::string& html) { cds_js_print(html.c_str()); }
void fatal(const std::string& vi, const std::string& en) { cds_js_fatal(vi.c_str(), en.c_str()); }
double now_ms() { return cds_js_now(); }
double perf_ms() { return emscripten_get_now(); }

std::string local_time_iso() {
  char buf[64] = {0};
  cds_js_local_iso(buf, sizeof buf);
  return buf;
}

}  // namespace platform

// ---- Called from web/platform.js ----
extern "C" {

// A key from the page. Returns 1 when the browser's default action should be prevented.
EMSCRIPTEN_KEEPALIVE int cds_key(const char* code, const char* key, int down, int mods) {
  ImGuiIO& io = ImGui::GetIO();
  bool ctrl = mods & 1, shift = mods & 2, alt = mods & 4, meta = mods & 8;
  platform::set_mods(ctrl, shift, alt, meta);
  ImGuiKey k = platform::map_key(code, key);
  platform::request_frames(3);
  if (k == ImGuiKey_None) return 0;
  io.AddKeyEvent(k, down != 0);
  bool printable = key && key[0] && (static_cast<unsigned char>(key[0]) >= 0x80 || !key[1]) && !ctrl && !meta;
  if (k == ImGuiKey_Space && !ctrl && !meta) printable = true;
  // Let the browser produce copy/cut/paste events (and text input for printable keys).
  if ((ctrl || meta) && (k == ImGuiKey_C || k == ImGuiKey_V || k == ImGuiKey_X)) return 0;
  return printable ? 0 : 1;
}

EMSCRIPTEN_KEEPALIVE void cds_text(const char* utf8) {
  ImGui::GetIO().AddInputCharactersUTF8(utf8);
  platform::request_frames(3);
}

EMSCRIPTEN_KEEPALIVE void cds_backspaces(int n) {
  ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < n && i < 256; ++i) {
    io.AddKeyEvent(ImGuiKey_Backspace, true);
    io.AddKeyEvent(ImGuiKey_Backspace, false);
  }
  platform::request_frames(3);
}

// The browser's paste event: keep ImGui's clipboard in step; the Ctrl+V key that caused it reaches
// ImGui on the next frame and reads this text. A paste without a key (context menu, phone) is
// typed in directly.
EMSCRIPTEN_KEEPALIVE void cds_paste(const char* utf8, int from_key) {
  platform::g_clipboard = utf8 ? utf8 : "";
  if (!from_key) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
  }
  platform::request_frames(3);
}

EMSCRIPTEN_KEEPALIVE void cds_files_begin(const char* kind, const char* arg, int total, int slices) {
  platform::g_files_request = {kind ? kind : "", arg ? arg : ""};
  platform::g_files_request.sliced = slices != 0;
  platform::g_files.clear();
  platform::g_files_receiving = true;
  platform::g_files_total = static_cast<size_t>(std::max(total, 0));
  platform::g_files_handed = 0;
  platform::g_files_slices = slices != 0;
  platform::g_files_stopped = false;
  platform::request_frames(2);
}

// A file of len bytes: platform.js copies them into the space returned.
EMSCRIPTEN_KEEPALIVE char* cds_files_add_space(const char* name, int len) {
  platform::g_files.push_back({name ? name : "", std::string(static_cast<size_t>(std::max(len, 0)), '\0')});
  platform::request_frames(1);
  return platform::g_files.back().bytes.data();
}

// Files the page did not read: larger than the request's limit, or not .json in a picked folder.
EMSCRIPTEN_KEEPALIVE void cds_files_too_large(const char* name, double size) {
  platform::g_files.push_back({name ? name : "", "", platform::OpenedFile::Skipped::TooLarge, size});
}

EMSCRIPTEN_KEEPALIVE void cds_files_not_json(const char* name, double size) {
  platform::g_files.push_back({name ? name : "", "", platform::OpenedFile::Skipped::NotJson, size});
}

// A file chosen that could not be read (deleted, moved or no longer permitted since).
EMSCRIPTEN_KEEPALIVE void cds_files_unreadable(const char* name, double size) {
  platform::g_files.push_back({name ? name : "", "", platform::OpenedFile::Skipped::Unreadable, size});
}

// A slice of a request whose kind takes its files slice by slice (FileRequestKind::slices).
EMSCRIPTEN_KEEPALIVE void cds_files_slice() {
  if (platform::g_files.empty()) return;
  for (const auto& f : platform::g_files)
    platform::g_files_handed += f.skipped != platform::OpenedFile::Skipped::NotJson;
  platform::FileRequest r = platform::g_files_request;
  r.more = true;
  if (platform::g_hooks.files_opened) platform::g_hooks.files_opened(r, std::move(platform::g_files));
  platform::g_files.clear();
  platform::request_frames(2);
}

EMSCRIPTEN_KEEPALIVE void cds_files_end() {
  platform::g_files_receiving = false;
  if (platform::g_hooks.files_opened) platform::g_hooks.files_opened(platform::g_files_request, std::move(platform::g_files));
  platform::g_files.clear();
  platform::request_frames(3);
}

EMSCRIPTEN_KEEPALIVE void cds_storage_put_done(int req, int ok, const char* error) {
  auto cb = platform::take_callback(platform::g_put_cbs, req);
  if (!cb) return;
  cb(ok != 0, error ? error : "");
  platform::request_frames(2);
}

EMSCRIPTEN_KEEPALIVE void cds_storage_item(int req, const char* key, const char* value, int len) {
  platform::g_get_acc[req].emplace_back(key ? key : "", std::string(value, static_cast<size_t>(len)));
}

EMSCRIPTEN_KEEPALIVE void cds_storage_get_done(int req) {
  auto cb = platform::take_callback(platform::g_get_cbs, req);
  auto items = std::move(platform::g_get_acc[req]);
  platform::g_get_acc.erase(req);
  if (!cb) return;
  cb(std::move(items));
  platform::request_frames(2);
}

EMSCRIPTEN_KEEPALIVE void cds_wake() { platform::request_frames(2); }

EMSCRIPTEN_KEEPALIVE void cds_fetch_done(int req, int ok, const char* data, int len) {
  auto cb = platform::take_callback(platform::g_fetch_cbs, req);
  if (!cb) return;
  cb(ok != 0, std::string(data, static_cast<size_t>(len)));
  platform::request_frames(2);
}

EMSCRIPTEN_KEEPALIVE void cds_dossier_opened(int job, int ok, const char* bytes, int len, const char* text) {
  auto cb = platform::take_callback(platform::g_open_cbs, job);
  if (!cb) return;
  cb(ok != 0, job, std::string(bytes ? bytes : "", bytes ? static_cast<size_t>(len) : 0), text ? text : "");
  platform::request_frames(2);
}

EMSCRIPTEN_KEEPALIVE void cds_xlsx_done(int job, int ok, const char* error) {
  auto cb = platform::take_callback(platform::g_xlsx_cbs, job);
  if (!cb) return;
  cb(ok != 0, error ? error : "");
  platform::request_frames(2);
}

EMSCRIPTEN_KEEPALIVE void cds_nav_back(const char* screen) {
  if (platform::g_hooks.nav_back) platform::g_hooks.nav_back(screen ? screen : "");
  platform::request_frames(3);
}

EMSCRIPTEN_KEEPALIVE void cds_page_hidden() {
  if (platform::g_hooks.page_hidden) platform::g_hooks.page_hidden();
}

EMSCRIPTEN_KEEPALIVE double cds_frames() { return static_cast<double>(platform::g_frames); }

// The next frame is drawn even if it paints the same as the last one: for reading the canvas's
// pixels, which a WebGL canvas without a preserved buffer has only in the frame that drew them.
EMSCRIPTEN_KEEPALIVE void cds_draw_next() {
  platform::g_must_draw = true;
  platform::request_frames(1);
}

}  // extern "C"
