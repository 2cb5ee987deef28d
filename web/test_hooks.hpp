// web/test_hooks.hpp — what browser tests (and the platform layer) learn about the last frame.
//
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
  bool visible = false;
  bool text_input = false;
  bool checked = false;
  int flags = 0;
};

void begin_frame();
void end_frame();
const std::vector<Item>& last_items();
void set_state_provider(std::function<std::string()> json);

}  // namespace testhooks
