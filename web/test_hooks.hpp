// web/test_hooks.hpp — what browser tests (and the platform layer) learn about the last frame.
//
// window.cds.layout() lists the windows with whether their content runs past their right edge.
// window.cds.items() lists the interactive widgets of the last frame ({id, label, x, y, w, h} in
// CSS pixels) so a test can click a widget by its label; window.cds.state() returns the app state
// the tests need as a plain object; window.cds.frames() counts rendered frames. Recorded through
// Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE): cheap, no secrets, in every build.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace testhooks {

struct Item {
  unsigned id = 0;
  std::string label;  // without "##…" suffix
  std::string raw_label;
  std::string window;
  float x = 0, y = 0, w = 0, h = 0;  // visible part, CSS pixels
  float right = 0, full_h = 0;       // the whole widget's right edge and height (unclipped)
  bool visible = false;
  bool text_input = false;
  bool checked = false;
  int flags = 0;
};

void begin_frame();
void end_frame();
const std::vector<Item>& last_items();
void set_state_provider(std::function<std::string()> json);
// window.cds.captureText(true): from the next frame on, the text the main window draws is kept
// (ImGui's log, delivered through the clipboard hook when a top-level window ends) and
// window.cds.text() returns the last frame's; off by default (no cost). App::frame calls
// capture_resume() after Begin of the main window and after each popup or toast (their End stops
// ImGui's log), capture_flush() before its End.
bool capturing_text();
void set_frame_text(const char* text);
void add_frame_text(const char* text);
void capture_resume();
void capture_flush();

}  // namespace testhooks
