// web/platform.hpp — the browser behind one narrow interface (see ../shared/WEB-NOTES.md).
//
// A small Dear ImGui platform backend written on <emscripten/html5.h> (no GLFW, whose 3.1.6
// version breaks clipboard, touch, HiDPI and text input) plus the JavaScript side in
// web/platform.js: a hidden "text agent" <input> for IME/Telex/VNI and phones, clipboard that works
// on plain-HTTP intranets, files in and out, IndexedDB storage, Web Share, an aria-live region.
//
// Frames are rendered only when something changed: input events, resize, a pending ImGui input
// queue, or a timer someone asked for. An idle page renders nothing.
#pragma once

#include <functional>
#include <string>
#include <vector>

struct ImVec2;

namespace platform {

struct Hooks {
  std::function<void()> frame;                  // build the UI (between ImGui::NewFrame and Render)
  std::function<void(float dpr, float ui_scale)> rebuild_fonts;  // device pixel ratio or text size changed
  std::function<void()> page_hidden;            // visibilitychange → hidden / pagehide: save now
};

// Creates the WebGL context (WebGL1 is enough), ImGui's renderer and the event handlers.
// Returns false (after showing an HTML message) when WebGL is unavailable.
bool init(Hooks hooks);

// Asks for `n` more frames (input, state changes). Cheap; coalesced.
void request_frames(int n = 2);
// Asks for a frame after `ms` milliseconds (tooltips, autosave, timers).
void request_timer(double ms);
long long frames_rendered();
double last_frame_ms();  // CPU time of the last frame (UI + render submission)

float device_pixel_ratio();
void set_ui_scale(float s);  // user text size (A−/A+), 1 = 16 px
float ui_scale();

// Tells the text agent where the active text field is (or that none is) so the virtual keyboard
// and IME candidate window follow it. Fed by ImGui's SetPlatformImeDataFn.
void update_text_input(bool wants_text, float x, float y, float w, float h);
// Screen zones that must act synchronously inside the pointer handler (iOS keyboard focus, Safari
// file picker). `action` is "text" or "open:<request id>". Reset every frame.
void add_gesture_zone(float x, float y, float w, float h, const std::string& action);

// Clipboard (ImGui's SetClipboardText goes through this; reading is in platform.cpp).
void clipboard_set(const char* text);

// Files. Saving: a download (or Web Share on phones with `share` = true when supported).
void save_file(const std::string& name, const std::string& mime, const std::string& bytes, bool share = false);
bool can_share_files();
// Opening: the picker for a pending gesture zone "open:<id>" calls back with every chosen file.
struct OpenedFile {
  std::string name;
  std::string bytes;
  // Not read (bytes empty): 1 = larger than the request's limit (16 MiB for "aggregate*" and
  // "drop"), 2 = not a .json file in a picked folder ("aggregate-dir").
  int skipped = 0;
  double size = 0;  // bytes on disk (skipped files)
};
void on_files_opened(std::function<void(const std::string& request, std::vector<OpenedFile> files)> cb);
// Opens the file picker for `request` (keyboard activation; pointer clicks use the gesture zone
// action open_action(...) registered for the button, which opens it synchronously).
std::string open_action(const std::string& request, const std::string& accept, bool multiple, bool folder = false);
void open_files(const std::string& action);

// Storage (IndexedDB, one object store; each put is atomic). Callbacks run on a later frame.
void storage_put(const std::string& key, const std::string& value, std::function<void(bool ok, const std::string& error)> done);
void storage_get_all(const std::string& prefix, std::function<void(std::vector<std::pair<std::string, std::string>>)> done);
void storage_delete(const std::string& key);
// "granted" | "denied" | "unsupported" | "pending"; asks navigator.storage.persist() once.
std::string storage_persistence();
bool is_secure_context();
bool is_file_url();
// Downloads cds-offline.html from the page's server (says so in a banner when that fails).
void download_offline_build();
bool is_private_mode_suspected();

// Small things.
void announce(const std::string& text);  // aria-live mirror of status for screen readers
void print_html(const std::string& html);  // opens the HTML for the browser's print dialog
void fatal(const std::string& vi, const std::string& en);
double now_ms();
double perf_ms();  // high-resolution monotonic milliseconds (performance.now), for frame budgets
std::string local_time_iso();  // "2026-11-23T08:15:00+07:00" from the browser's clock
std::string browser_language();

}  // namespace platform
