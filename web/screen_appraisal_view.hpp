// The unit's view of an appraisal file, drawn inside "Kiểm tra bài nộp": screen_appraisal_view.cpp in
// the office edition; in the unit edition (web/edition/unit.cpp) a note that hands the file over to
// the office edition, which opens it at start (storage key kPendingOpenKey).
#pragma once

#include "cds/base/json_io.hpp"
#include "platform.hpp"

namespace ui {
class App;
inline constexpr const char* kPendingOpenKey = "pending-open";
// Shows `f` when it is an appraisal file (true); otherwise forgets any shown appraisal (false).
bool appraisal_view_receive(App& a, const platform::OpenedFile& f);
// Draws the shown appraisal (false when none).
bool appraisal_view_draw(App& a);
void appraisal_view_state(cds::Json& j);
}  // namespace ui
