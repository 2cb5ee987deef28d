// web/i18n.hpp — every UI string in Vietnamese first, English second; T() picks by the setting.
#pragma once

#include "cds/base/vnformat.hpp"

namespace ui {

extern cds::Lang g_lang;
inline const char* T(const char* vi, const char* en) { return g_lang == cds::Lang::Vi ? vi : en; }
inline cds::Lang lang() { return g_lang; }

}  // namespace ui
