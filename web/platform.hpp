// web/platform.hpp — the browser behind one narrow interface.
//
// A small Dear ImGui platform backend written on <emscripten/html5.h>, plus the JavaScript side in
// web/platform.js: all JavaScript interop of the app is in these two files. Not GLFW: the GLFW
// that Emscripten 3.1.6 ships has empty clipboard stubs, turns touches into double clicks without
// moving the pointer, ignores devicePixelRatio, takes text only from keypress.charCode (IME and
// Android keyboards lose text) and swallows Backspace and Tab page-wide. The shape follows Tracy's
// web profiler (wolfpld/tracy, profiler/src/BackendEmscripten.cpp). What the JavaScript side does
// instead:
//  * a hidden "text agent" <input> focused while ImGui wants text, so Telex/VNI, Windows'
//    Vietnamese IME, Gboard and paste produce the intended characters (imgui #4910, #5133, #2403);
//  * actions browsers allow only inside the pointer handler itself — the iOS keyboard (egui #4569)
//    and Safari's file picker — run there, from "gesture zones" the last frame registered;
//  * a clipboard that also works on plain-HTTP intranets, where navigator.clipboard is undefined
//    (execCommand fallback; imgui #7851);
//  * files in (picker, folder, drag and drop) and out (download, Web Share), IndexedDB storage,
//    an aria-live region for screen readers (imgui #4122).
//
// Frames are rendered only when something changed: input events, resize, a pending ImGui input
// queue, or a timer someone asked for. An idle page renders nothing (imgui #2268).
//
// Not provided: anything about the app's screens; the app tells platform.js its file request kinds
// (names, byte limits) at init, so no app constant is written down in JavaScript.
#pragma once

#include <functional>
#include <string>
#include <vector>

struct ImVec2;

namespace platform {

// Files arrive for a request: its kind (a name the app defined, e.g. "aggregate") and an argument
// the app attached when it asked (e.g. the criterion evidence files are for).
struct FileRequest {
  std::string kind;
  std::string arg;
  bool more = false;  // a slice of the files: more of this request follow (FileRequestKind::slices)
  bool sliced = false; // the request is handed over slice by slice (its kind's rule, or a drop: set_drops_sliced)
};

// One kind of file request as the JavaScript side applies it, before reading a byte.
struct FileRequestKind {
  std::string name;
  double max_bytes = 0;    // larger files are not read, only reported (0: no limit)
  double zip_bytes = 0;    // the same for files named *.zip (0: max_bytes)
  bool json_only = false;  // a picked folder contributes its .json (and .zip) files only
  // Handed over slice by slice as they are read (FileRequest::more), not all at the end: the app
  // works on the first files while the rest are still read.
  bool slices = false;
};

struct OpenedFile {
  enum class Skipped { No, TooLarge, NotJson, Unreadable };
  std::string name;
  std::string bytes;   // empty when skipped
  Skipped skipped = Skipped::No;
  double size = 0;     // bytes on disk (skipped files)
};

struct Hooks {
  std::function<void()> frame;                  // build the UI (between ImGui::NewFrame and Render)
  std::function<void(float dpr, float ui_scale)> rebuild_fonts;  // device pixel ratio or text size changed
  std::function<void()> page_hidden;            // visibilitychange → hidden / pagehide: save now
  std::function<void(const std::string&)> nav_back;  // the browser's Back/Forward reached an entry (its screen name)
  std::function<void(const FileRequest&, std::vector<OpenedFile>)> files_opened;  // picked or dropped
  std::vector<FileRequestKind> file_requests;   // handed to platform.js at init
  std::string drop_request;                     // the kind files dropped on the page arrive as
};

// Creates the WebGL context (WebGL1 is enough), ImGui's renderer and the event handlers.
// Returns false (after showing an HTML message) when WebGL is unavailable.
bool init(Hooks hooks);

// Asks for `n` more frames (input, state changes). Cheap; coalesced.
void request_frames(int n = 2);
// Asks for a frame after `ms` milliseconds (tooltips, autosave, timers); returns the timer, which
// cancel_timer() stops when that frame is no longer wanted.
long request_timer(double ms);
void cancel_timer(long timer);
long long frames_rendered();
long long frames_drawn();  // of those, the ones drawn (a frame painting what the canvas shows is not)
double last_frame_ms();  // CPU time of the last frame (UI + render submission)

// The colour each frame starts from: the page's. The app's root window draws no background of its
// own, so the page's pixels are filled once per frame, by the clear, not a second time by a
// full-screen quad (with software WebGL — SwiftShader, what Chrome falls back to on a blocklisted
// old GPU — that one layer was 23 of the 39 ms of CPU a 1366×768 frame cost; docs/performance.md).
void set_page_color(float r, float g, float b);

float device_pixel_ratio();
void set_ui_scale(float s);  // user text size (A−/A+), 1 = 16 px
float ui_scale();

// Tells the text agent where the active text field is (or that none is) so the virtual keyboard
// and IME candidate window follow it. Fed by ImGui's SetPlatformImeDataFn.
void update_text_input(bool wants_text, float x, float y, float w, float h);
// The browser's history: one entry per screen visited, so that Back (Android's back button, the
// browser's arrow) goes to the previous screen instead of leaving the app. `push` adds an entry,
// `replace` names the current one; Back/Forward come back through Hooks::nav_back.
void nav_push(const std::string& screen);
void nav_replace(const std::string& screen);
// This tab's session storage (survives a reload, not the tab): where the user was.
void session_set(const std::string& key, const std::string& value);
std::string session_get(const std::string& key);

// The keyboard the active field wants (the text agent's inputmode): "decimal" for numbers and
// dates (digits with "," and "."), "text" otherwise. Widgets call it while their field is active.
void set_text_mode(const char* mode);

// A file picker: what it asks for and how.
struct FilePicker {
  FileRequest request;
  std::string accept;  // the <input type=file> accept list ("" = anything)
  bool multiple = false;
  bool folder = false;  // pick a folder (every file under it)
};
// A screen zone where a pointer release opens `picker` synchronously inside the browser's pointer
// handler (Safari opens file pickers only there). Zones are reset every frame.
void add_picker_zone(float x, float y, float w, float h, const FilePicker& picker);
// Opens `picker` now (keyboard activation; a pointer click has already opened it through its zone).
void open_picker(const FilePicker& picker);

// Clipboard (ImGui's SetClipboardText goes through this; reading is in platform.cpp).
void clipboard_set(const char* text);

// Files. Saving: a download (or Web Share on phones with `share` = true when supported).
void save_file(const std::string& name, const std::string& mime, const std::string& bytes, bool share = false);
bool can_share_files();
// Excel in the unit edition: `workbook_json` (cds::workbook_to_json) rendered to .xlsx by the
// cds-xlsx module in a Web Worker (loaded on first use), then downloaded as `name`. `done(ok,
// reason)` runs on a later frame.
void render_xlsx(const std::string& workbook_json, const std::string& name, std::function<void(bool, const std::string&)> done);
// A dossier packed by the same worker from `plan_json` ({name, submission: the signed text,
// sha256: [the evidence files it names]}; their bytes are read from storage keys "ev:<sha256>"),
// then saved (or shared). `done(ok, reason)`: "missing:<sha>,…" (not stored on this device),
// "changed:<name>", "storage:<why>", "load:…", or the module's words.
void make_dossier(const std::string& plan_json, bool share, std::function<void(bool, const std::string&)> done);
// A dossier opened by the same worker: `done(ok, token, submission bytes, meta)` — meta is the
// evidence check as JSON ({named, present, missing, changed, extra, summary_vi, summary_en}), or
// when !ok the reason ("vi\ten", or "load:…"). The ZIP stays held under `token` (the last one
// opened) for repack_dossier.
void open_dossier(const std::string& bytes, std::function<void(bool ok, int token, std::string submission, std::string meta)> done);
// One evidence file (by SHA-256) out of the dossier delivered earlier under the name `dossier`
// (its File is kept by the page, not its bytes), saved as `name`. `done(ok, reason)`: "gone" (the
// dossier is no longer held: add it again), "missing", "load:…".
void open_evidence(const std::string& dossier, const std::string& sha256, const std::string& name, std::function<void(bool, const std::string&)> done);
// The held dossier packed again around `submission` (countersigned) and saved as `name`.
void repack_dossier(int token, const std::string& submission, const std::string& name, bool share, std::function<void(bool, const std::string&)> done);
// Files of a request still being read and handed over (they arrive in slices of 256 files or 16
// MiB): 0 when none is, else 1 + the number arrived so far.
size_t files_arriving();
// Files of the request being handed over that the app has not received yet (read or not; not
// counting those a folder skips by name).
size_t files_to_come();
// A request is being handed over slice by slice (FileRequestKind::slices): stop_receiving() stops it.
bool files_stoppable();
// The rest of the request being handed over slice by slice, and every such request waiting its
// turn, are not wanted: they are not read, and nothing more of them arrives but the current one's
// final, empty, hand-over (FileRequest::more false). Returns how many files will not be read.
size_t stop_receiving();
// Files dropped on the page are handed over slice by slice from now on (the office's intake is
// open: a drop of thousands is checked as it is read and "Dừng" stops it), or whole again.
void set_drops_sliced(bool on);
// Reads a file of the app's own (a path under the page, e.g. "rubrics/x.json"): the network, or the
// service worker's cache offline. `done(ok, bytes or reason)` runs on a later frame.
void fetch_app_file(const std::string& path, std::function<void(bool ok, std::string bytes_or_error)> done);
// Opens the office edition (index.html?office) in this tab, after saving drafts.
void open_office_edition();

// Storage (IndexedDB, one object store; each put is atomic). Callbacks run on a later frame.
void storage_put(const std::string& key, const std::string& value, std::function<void(bool ok, const std::string& error)> done);
// Records whose key starts with `keys_only` (when not empty) come with an empty value.
void storage_get_all(const std::string& prefix, std::function<void(std::vector<std::pair<std::string, std::string>>)> done,
                     const std::string& keys_only = "");
void storage_delete(const std::string& key);
// "granted" | "denied" | "unsupported" | "pending"; asks navigator.storage.persist() once.
std::string storage_persistence();
bool is_secure_context();
bool is_file_url();
// The page is the single file cds-offline.html (opened from file://, or served by mistake).
bool is_single_file();
// Downloads cds-offline.html from the page's server (says so in a banner when that fails).
void download_offline_build();
bool is_private_mode_suspected();

// Small things.
void announce(const std::string& text);  // aria-live mirror of status for screen readers
void print_html(const std::string& html);  // opens the HTML for the browser's print dialog
void fatal(const std::string& vi, const std::string& en);
double now_ms();
double perf_ms();  // high-resolution monotonic milliseconds (performance.now), for frame budgets
// Records performance.now() as window.cds.timing[name] (the start-up breakdown the perf test prints).
void mark(const char* name);
std::string local_time_iso();  // "2026-11-23T08:15:00+07:00" from the browser's clock

}  // namespace platform
