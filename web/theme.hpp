// web/theme.hpp — the app's three colour themes as plain data, and the contrast rule they keep.
//
// Header-only and free of Dear ImGui so that a unit test (tests/unit/theme_test.cpp) computes the
// WCAG 2.1 contrast of every text colour against every background it is drawn on, natively and in
// WebAssembly: 4.5:1 for text (AA), 3:1 for the outline of a field or a control's mark. The app
// (App::apply_style, widgets.hpp) takes every colour it draws from here; a colour added without its
// pairs in `pairs()` is a colour nobody checked.
#pragma once

#include <cmath>
#include <vector>

namespace theme {

struct Rgb {
  float r = 0, g = 0, b = 0;
};
constexpr Rgb hex(unsigned v) {
  return Rgb{static_cast<float>((v >> 16) & 0xff) / 255.0f, static_cast<float>((v >> 8) & 0xff) / 255.0f,
             static_cast<float>(v & 0xff) / 255.0f};
}

enum class Id { Light, Dark, Contrast };

struct Palette {
  Rgb bg;             // the page
  Rgb alt_row;        // every other table row
  Rgb frame;          // inside a text field, radio or checkbox
  Rgb frame_hover;
  Rgb border;         // field and button outlines
  Rgb text;           // body text
  Rgb muted;          // labels, help lines, "not answered" (ImGuiCol_TextDisabled)
  Rgb error, warning, ok, link;  // state text on bg, alt_row and frame
  Rgb mark;           // radio dot, check mark, slider grab
  Rgb button, button_hover, button_active;  // ordinary buttons, `text` on them
  Rgb header, header_hover;                 // selected rows, tree headers, `text` on them
  Rgb primary, primary_hover, primary_text;  // the one main action of a screen
  Rgb danger, danger_text;                   // destructive / urgent action
  Rgb toast, toast_error, toast_text;
  Rgb scrollbar_grab;
};

inline const Palette& palette(Id id) {
  static const Palette light = [] {
    Palette p;
    p.bg = hex(0xF7F7F7);
    p.alt_row = hex(0xECEFF3);
    p.frame = hex(0xFFFFFF);
    p.frame_hover = hex(0xF0F4FA);
    p.border = hex(0x767676);
    p.text = hex(0x1A1A1A);
    p.muted = hex(0x555555);
    p.error = hex(0xB3261E);
    p.warning = hex(0x8A4600);
    p.ok = hex(0x1B6B30);
    p.link = hex(0x0B57D0);
    p.mark = hex(0x0B57D0);
    p.button = hex(0xDDE3EA);
    p.button_hover = hex(0xC9D3DF);
    p.button_active = hex(0xB7C4D4);
    p.header = hex(0xC8DAF8);
    p.header_hover = hex(0xB5CCF3);
    p.primary = hex(0x0B57D0);
    p.primary_hover = hex(0x0A4BB3);
    p.primary_text = hex(0xFFFFFF);
    p.danger = hex(0xB3261E);
    p.danger_text = hex(0xFFFFFF);
    p.toast = hex(0x1F2F55);
    p.toast_error = hex(0x8C1D18);
    p.toast_text = hex(0xFFFFFF);
    p.scrollbar_grab = hex(0x8A8A8A);
    return p;
  }();
  static const Palette dark = [] {
    Palette p;
    p.bg = hex(0x1E1F22);
    p.alt_row = hex(0x26282C);
    p.frame = hex(0x2B2D31);
    p.frame_hover = hex(0x34373C);
    p.border = hex(0x8C8F94);
    p.text = hex(0xECECEC);
    p.muted = hex(0xB4B7BC);
    p.error = hex(0xFF8A80);
    p.warning = hex(0xFFB74D);
    p.ok = hex(0x81C995);
    p.link = hex(0x8AB4F8);
    p.mark = hex(0x8AB4F8);
    p.button = hex(0x3A3E45);
    p.button_hover = hex(0x474C54);
    p.button_active = hex(0x555B64);
    p.header = hex(0x2F4A73);
    p.header_hover = hex(0x3A5886);
    p.primary = hex(0x8AB4F8);
    p.primary_hover = hex(0xA8C7FA);
    p.primary_text = hex(0x0B1A33);
    p.danger = hex(0xF2B8B5);
    p.danger_text = hex(0x601410);
    p.toast = hex(0xE3E6EB);
    p.toast_error = hex(0xF9DEDC);
    p.toast_text = hex(0x1A1A1A);
    p.scrollbar_grab = hex(0x6B6F76);
    return p;
  }();
  static const Palette contrast = [] {
    Palette p;
    p.bg = hex(0x000000);
    p.alt_row = hex(0x101010);
    p.frame = hex(0x000000);
    p.frame_hover = hex(0x1A1A1A);
    p.border = hex(0xFFFF00);
    p.text = hex(0xFFFFFF);
    p.muted = hex(0xE0E0E0);
    p.error = hex(0xFF9E9E);
    p.warning = hex(0xFFD54F);
    p.ok = hex(0x9CFF9C);
    p.link = hex(0x9FC5FF);
    p.mark = hex(0xFFFF00);
    p.button = hex(0x00338C);
    p.button_hover = hex(0x0044B8);
    p.button_active = hex(0x0055E0);
    p.header = hex(0x003F99);
    p.header_hover = hex(0x0050C0);
    p.primary = hex(0xFFFF00);
    p.primary_hover = hex(0xFFFF80);
    p.primary_text = hex(0x000000);
    p.danger = hex(0xFF9E9E);
    p.danger_text = hex(0x000000);
    p.toast = hex(0xFFFFFF);
    p.toast_error = hex(0xFFD0D0);
    p.toast_text = hex(0x000000);
    p.scrollbar_grab = hex(0xC0C0C0);
    return p;
  }();
  return id == Id::Dark ? dark : (id == Id::Contrast ? contrast : light);
}

// WCAG 2.1 relative luminance and contrast ratio.
inline double channel(float c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
inline double luminance(Rgb c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }
inline double contrast(Rgb a, Rgb b) {
  double la = luminance(a), lb = luminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

struct Pair {
  const char* what;
  Rgb fg, bg;
  double min;  // 4.5 for text, 3 for outlines and marks
};

// Every foreground the app draws on every background it draws it on.
inline std::vector<Pair> pairs(const Palette& p) {
  std::vector<Pair> v;
  for (auto [name, bg] : {std::pair<const char*, Rgb>{"bg", p.bg}, {"alt_row", p.alt_row}, {"frame", p.frame}, {"frame_hover", p.frame_hover}}) {
    (void)name;
    v.push_back({"text", p.text, bg, 4.5});
    v.push_back({"muted", p.muted, bg, 4.5});
    v.push_back({"error", p.error, bg, 4.5});
    v.push_back({"warning", p.warning, bg, 4.5});
    v.push_back({"ok", p.ok, bg, 4.5});
    v.push_back({"link", p.link, bg, 4.5});
  }
  for (Rgb bg : {p.button, p.button_hover, p.button_active, p.header, p.header_hover}) v.push_back({"text on button/header", p.text, bg, 4.5});
  v.push_back({"primary text", p.primary_text, p.primary, 4.5});
  v.push_back({"primary text (hover)", p.primary_text, p.primary_hover, 4.5});
  v.push_back({"danger text", p.danger_text, p.danger, 4.5});
  v.push_back({"toast text", p.toast_text, p.toast, 4.5});
  v.push_back({"toast error text", p.toast_text, p.toast_error, 4.5});
  v.push_back({"field outline", p.border, p.bg, 3.0});
  v.push_back({"mark on field", p.mark, p.frame, 3.0});
  v.push_back({"primary button on page", p.primary, p.bg, 3.0});
  v.push_back({"scrollbar", p.scrollbar_grab, p.bg, 3.0});
  return v;
}

}  // namespace theme
