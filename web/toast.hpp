// web/toast.hpp — the short message shown at the bottom of the page for a few seconds ("toast"),
// mirrored into the page's aria-live region for screen readers. One at a time: a new one replaces
// the last. It goes away by itself (4 s, errors 9 s) or at the next tap or key, lets taps through,
// and moves to the top while the field being typed into is in the lower half of the screen.
#pragma once

#include <string>

namespace ui {

class Toasts {
 public:
  void show(const std::string& text, bool error = false);
  void draw();  // inside the main window, last
  bool visible() const;
  // Takes this message away now if it is still the one shown (a "loading…" once loaded).
  void withdraw(const std::string& text);
  const std::string& text() const { return text_; }  // the last one shown, even once gone (tests read it)

 private:
  void gone();  // taken away before its time
  std::string text_;
  bool error_ = false;
  double until_ = 0, shown_at_ = 0;
  long timer_ = 0;  // the frame that takes it away at its time
};

}  // namespace ui
