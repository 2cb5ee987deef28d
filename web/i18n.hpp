// web/i18n.hpp — every UI string in Vietnamese first, English second; T() picks by the setting.
// Core's messages answer in a language themselves: m.text(lang()), or m.line(lang()) with where
// they apply (cds/base/message.hpp).
#pragma once

#include <string>

#include "cds/base/message.hpp"
#include "cds/base/vnformat.hpp"

namespace ui {

cds::Lang lang();
void set_lang(cds::Lang l);
inline const char* T(const char* vi, const char* en) { return cds::T(lang(), vi, en); }

// "23/11/2026 08:15" from an ISO time ("2026-11-23T08:15:00+07:00"); the text itself when it is not
// one.
std::string display_time(const std::string& iso);
// Why a module of the app could not be loaded, from platform.js's "offline" / "HTTP 404" / "network"
// (what follows "load:"), in words: "máy đang không có mạng", "máy chủ trả lời lỗi 404", …
std::string load_failure_reason(const std::string& what);
// "23/11/2026 08:15" now, from the browser's clock.
std::string display_now();
// "20261123-0815" now, for file names.
std::string file_stamp_now();
// The browser's UTC offset, for core's display of signed times ("dd/mm/yyyy HH:mm" local).
cds::DisplayClock display_clock();
// Seconds since 1970 UTC now, from the browser's clock (for files that record when they were made).
long long epoch_now();

}  // namespace ui
