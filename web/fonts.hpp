// web/fonts.hpp — the bundled Noto Sans subset (Latin + Vietnamese), rasterised at the device
// pixel ratio so text is crisp on HiDPI screens and after browser zoom.
#pragma once

#include <string>

struct ImFont;

namespace fonts {

void set_data(const std::string& regular, const std::string& bold, const std::string& symbols, const std::string& symbols2);
bool have_data();
// Rebuilds the atlas for `dpr` × `ui_scale`; sizes stay in CSS pixels via FontGlobalScale.
void rebuild(float dpr, float ui_scale);
ImFont* regular();
ImFont* bold();
ImFont* large();  // headings

}  // namespace fonts
