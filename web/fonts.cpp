#include "fonts.hpp"

#include "imgui.h"

namespace fonts {
namespace {

std::string g_regular, g_bold, g_symbols, g_symbols2;
ImFont* g_fonts[3] = {nullptr, nullptr, nullptr};

// Keep in step with tools/make-font (UNICODES).
const ImWchar kGlyphRanges[] = {
    0x0020, 0x007E, 0x00A0, 0x00FF, 0x0102, 0x0103, 0x0110, 0x0111, 0x0128, 0x0129, 0x0168, 0x0169,
    0x01A0, 0x01A1, 0x01AF, 0x01B0, 0x0300, 0x0303, 0x0309, 0x0309, 0x0323, 0x0323, 0x1EA0, 0x1EF9,
    0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2022, 0x2026, 0x2026, 0x20AB, 0x20AB, 0};
// From Noto Sans Math (tools/make-font SYMBOLS): arrows − ≈ ≠ ≤ ≥, merged into each font.
const ImWchar kSymbolRanges[] = {0x2190, 0x2193, 0x2212, 0x2212, 0x2248, 0x2248, 0x2260, 0x2260, 0x2264, 0x2265, 0};
// From Noto Sans Symbols 2 (tools/make-font SYMBOLS2): ▶ ▼ ● ⚠ ✓ ✕ (the small U+25B8/U+25BE triangles drew as dots).
const ImWchar kSymbol2Ranges[] = {0x25B6, 0x25B6, 0x25BC, 0x25BC, 0x25CF, 0x25CF, 0x26A0, 0x26A0, 0x2713, 0x2713, 0x2715, 0x2715, 0};

ImFont* add(const std::string& data, float px) {
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes live in g_regular/g_bold
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  ImFont* f = atlas->AddFontFromMemoryTTF(const_cast<char*>(data.data()), static_cast<int>(data.size()), px, &cfg, kGlyphRanges);
  if (!g_symbols.empty()) {
    ImFontConfig merge = cfg;
    merge.MergeMode = true;
    atlas->AddFontFromMemoryTTF(const_cast<char*>(g_symbols.data()), static_cast<int>(g_symbols.size()), px, &merge, kSymbolRanges);
  }
  if (!g_symbols2.empty()) {
    ImFontConfig merge = cfg;
    merge.MergeMode = true;
    atlas->AddFontFromMemoryTTF(const_cast<char*>(g_symbols2.data()), static_cast<int>(g_symbols2.size()), px, &merge, kSymbol2Ranges);
  }
  return f;
}

}  // namespace

void set_data(const std::string& regular, const std::string& bold, const std::string& symbols, const std::string& symbols2) {
  g_regular = regular;
  g_bold = bold;
  g_symbols = symbols;
  g_symbols2 = symbols2;
}

bool have_data() { return !g_regular.empty(); }

void rebuild(float dpr, float ui_scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const float base = 16.0f * ui_scale;
  // boot.js starts the app only with its fonts (no built-in fallback: web/CMakeLists.txt drops
  // ImGui's default font from the build).
  g_fonts[0] = add(g_regular, base * dpr);
  g_fonts[1] = add(g_bold.empty() ? g_regular : g_bold, base * dpr);
  g_fonts[2] = add(g_bold.empty() ? g_regular : g_bold, base * 1.35f * dpr);
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f / dpr;  // glyphs rasterised at device pixels, laid out in CSS pixels
  io.FontDefault = g_fonts[0];
}

ImFont* regular() { return g_fonts[0]; }
ImFont* bold() { return g_fonts[1]; }
ImFont* large() { return g_fonts[2]; }

}  // namespace fonts
