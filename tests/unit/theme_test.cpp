// The colour themes keep WCAG AA contrast: every text colour against every background it is drawn on
// (web/theme.hpp lists the pairs), in all three themes.
#include "../../web/theme.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace {

TEST(Theme, ContrastFormulaMatchesWcagReferenceValues) {
  // Black on white is 21:1; #777 on white is the classic 4.48:1 (just under AA); #767676 is 4.54:1.
  EXPECT_NEAR(theme::contrast(theme::hex(0x000000), theme::hex(0xFFFFFF)), 21.0, 1e-9);
  EXPECT_NEAR(theme::contrast(theme::hex(0x777777), theme::hex(0xFFFFFF)), 4.48, 0.01);
  EXPECT_NEAR(theme::contrast(theme::hex(0x767676), theme::hex(0xFFFFFF)), 4.54, 0.01);
  EXPECT_NEAR(theme::contrast(theme::hex(0xFFFFFF), theme::hex(0x767676)), 4.54, 0.01);  // symmetric
  // The colours the clerk could not read (#999 on #F0F0F0) would fail.
  EXPECT_LT(theme::contrast(theme::hex(0x999999), theme::hex(0xF0F0F0)), 4.5);
}

TEST(Theme, EveryTextAndControlMeetsAaInEveryTheme) {
  for (auto id : {theme::Id::Light, theme::Id::Dark, theme::Id::Contrast}) {
    const auto& p = theme::palette(id);
    auto all = theme::pairs(p);
    EXPECT_GE(all.size(), 30u);
    for (const auto& pr : all) {
      double c = theme::contrast(pr.fg, pr.bg);
      char buf[160];
      std::snprintf(buf, sizeof buf, "theme %d, %s: %.2f:1 (needs %.1f:1)", static_cast<int>(id), pr.what, c, pr.min);
      EXPECT_GE(c, pr.min) << buf;
    }
  }
}

TEST(Theme, ThemesAreDistinct) {
  // Dark and contrast are not copies of light (a theme button that changes nothing).
  EXPECT_GT(theme::contrast(theme::palette(theme::Id::Light).bg, theme::palette(theme::Id::Dark).bg), 5.0);
  EXPECT_GT(theme::contrast(theme::palette(theme::Id::Contrast).text, theme::palette(theme::Id::Contrast).bg), 15.0);
}

}  // namespace
