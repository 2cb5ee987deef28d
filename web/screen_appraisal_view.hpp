// The unit's view of an appraisal file, drawn inside "Kiểm tra bài nộp" (screen_appraisal_view.cpp).
#pragma once

#include "cds/base/json_io.hpp"
#include "platform.hpp"

namespace ui {
class App;
// Shows `f` when it is an appraisal file (true); otherwise forgets any shown appraisal (false).
bool appraisal_view_receive(App& a, const platform::OpenedFile& f);
// Draws the shown appraisal (false when none).
bool appraisal_view_draw(App& a);
void appraisal_view_state(cds::Json& j);
}  // namespace ui
