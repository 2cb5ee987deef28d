#include "app.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform.hpp"

namespace ui {

cds::Lang g_lang = cds::Lang::Vi;

App& app() {
  static App a;
  return a;
}

void App::add_asset(const std::string& name, std::string bytes) { assets_[name] = std::move(bytes); }

void App::start() {
  fonts::set_data(assets_["fonts/NotoSans-Regular-vi.ttf"], assets_["fonts/NotoSans-Bold-vi.ttf"], assets_["fonts/NotoSansMath-symbols.ttf"]);
  for (auto& [name, bytes] : assets_) {
    if (name.rfind("rubrics/", 0) != 0 || name == "rubrics/index.json") continue;
    RubricEntry e;
    e.file = name.substr(8);
    auto loaded = cds::load_rubric(bytes);
    e.problems = loaded.messages;
    if (loaded.rubric) {
      auto more = cds::lint(*loaded.rubric);
      e.problems.insert(e.problems.end(), more.begin(), more.end());
    }
    e.rubric = std::move(loaded.rubric);
    e.bytes = bytes;
    rubrics.push_back(std::move(e));
  }
  std::sort(rubrics.begin(), rubrics.end(), [](const RubricEntry& a, const RubricEntry& b) { return a.file < b.file; });
  platform::set_title(T("cds — Chấm điểm chuyển đổi số", "cds — Digital transformation scoring"));
}

void App::apply_style() {
  ImGuiStyle fresh;
  switch (settings.theme) {
    case Theme::Light: ImGui::StyleColorsLight(&fresh); break;
    case Theme::Dark: ImGui::StyleColorsDark(&fresh); break;
    case Theme::Contrast:
      ImGui::StyleColorsDark(&fresh);
      fresh.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
      fresh.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
      fresh.Colors[ImGuiCol_Border] = ImVec4(1, 1, 0, 1);
      fresh.FrameBorderSize = 1;
      break;
  }
  fresh.WindowRounding = 0;
  fresh.FrameRounding = 4;
  fresh.ScrollbarSize = 16;
  fresh.TouchExtraPadding = ImVec2(2, 2);
  fresh.ScaleAllSizes(platform::ui_scale());
  ImGui::GetStyle() = fresh;
  style_dirty_ = false;
}

void App::frame() {
  if (style_dirty_) apply_style();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  draw_header();
  switch (screen) {
    case Screen::Home: draw_home(); break;
  }
  ImGui::End();
}

void App::draw_header() {
  ImGui::PushFont(fonts::large());
  ImGui::TextUnformatted(T("cds — Chấm điểm chuyển đổi số", "cds — Digital transformation scoring"));
  ImGui::PopFont();
  ImGui::SameLine(ImGui::GetContentRegionAvail().x - 220 * platform::ui_scale() + ImGui::GetCursorPosX());
  if (ImGui::SmallButton(g_lang == cds::Lang::Vi ? "English" : "Tiếng Việt")) {
    g_lang = g_lang == cds::Lang::Vi ? cds::Lang::En : cds::Lang::Vi;
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("A−")) platform::set_ui_scale(std::max(0.75f, platform::ui_scale() - 0.125f)), style_dirty_ = true;
  ImGui::SameLine();
  if (ImGui::SmallButton("A+")) platform::set_ui_scale(std::min(2.0f, platform::ui_scale() + 0.125f)), style_dirty_ = true;
  ImGui::TextDisabled("%s", T("Tự đánh giá, chấm điểm và nộp bài ngay trên máy, không cần mạng",
                              "Self-assess, score and submit on this device, no connection needed"));
  ImGui::Separator();
}

void App::draw_home() {
  ImGui::TextUnformatted(T("Bộ tiêu chí có sẵn", "Bundled rubrics"));
  if (ImGui::BeginTable("##rubrics", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable)) {
    ImGui::TableSetupColumn(T("Bộ tiêu chí", "Rubric"), ImGuiTableColumnFlags_WidthStretch, 4);
    ImGui::TableSetupColumn(T("Cơ quan ban hành", "Issued by"), ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableSetupColumn(T("Năm", "Year"), ImGuiTableColumnFlags_WidthFixed, 50);
    ImGui::TableSetupColumn(T("Tiêu chí", "Criteria"), ImGuiTableColumnFlags_WidthFixed, 70);
    ImGui::TableHeadersRow();
    for (const auto& e : rubrics) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (e.rubric) {
        ImGui::TextWrapped("%s", e.rubric->title.c_str());
        if (!e.rubric->subtitle.empty()) ImGui::TextDisabled("%s", e.rubric->subtitle.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", e.rubric->authority.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", e.rubric->year);
        ImGui::TableNextColumn();
        ImGui::Text("%zu", e.rubric->criteria.size());
      } else {
        ImGui::Text("%s: %s", e.file.c_str(), T("không đọc được", "cannot be read"));
      }
    }
    ImGui::EndTable();
  }
}

std::string App::state_json() const {
  nlohmann::json j;
  j["screen"] = "home";
  j["lang"] = g_lang == cds::Lang::Vi ? "vi" : "en";
  j["dpr"] = platform::device_pixel_ratio();
  j["frames"] = platform::frames_rendered();
  // Every Vietnamese letter must come from the bundled font, not the '?' fallback.
  int missing = 0;
  const char* letters = "−≤≥→ĂÂĐÊÔƠƯăâđêôơưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
  for (const char* p = letters; *p;) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, nullptr);
    if (!fonts::regular() || !fonts::regular()->FindGlyphNoFallback(static_cast<ImWchar>(c))) ++missing;
  }
  j["vietnameseGlyphsMissing"] = missing;
  j["uiScale"] = platform::ui_scale();
  nlohmann::json rs = nlohmann::json::array();
  for (const auto& e : rubrics)
    rs.push_back({{"file", e.file},
                  {"id", e.rubric ? e.rubric->id : ""},
                  {"title", e.rubric ? e.rubric->title : ""},
                  {"criteria", e.rubric ? e.rubric->criteria.size() : 0},
                  {"problems", e.problems.size()}});
  j["rubrics"] = rs;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ui
