// web/toast.hpp — the short message shown at the bottom of the page for a few seconds ("toast"),
// mirrored into the page's aria-live region for screen readers. One at a time: a new one replaces
// the last.
#pragma once

#include <string>

namespace ui {

class Toasts {
 public:
  void show(const std::string& text, bool error = false);
  void draw();  // inside the main window, last
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  bool error_ = false;
  double until_ = 0;
};

}  // namespace ui
