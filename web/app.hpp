// web/app.hpp — the web app's state and its screens. The UI asks core for every score; it holds
// no scoring logic of its own.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cds/rubric.hpp"

namespace ui {

struct RubricEntry {
  std::string file;  // "soctrang-2023-thidua-xa.json" or the user's file name
  bool bundled = true;
  std::optional<cds::Rubric> rubric;
  cds::Messages problems;  // load or lint problems
  std::string sha256;      // of the file's bytes (submissions reference it)
  std::string bytes;
};

enum class Screen { Home };
enum class Theme { Light, Dark, Contrast };

struct Settings {
  Theme theme = Theme::Light;
  float text_scale = 1.0f;
};

class App {
 public:
  void add_asset(const std::string& name, std::string bytes);
  void start();    // after assets: load rubrics, fonts, settings
  void frame();    // one UI frame
  std::string state_json() const;
  void apply_style();

  std::vector<RubricEntry> rubrics;
  Settings settings;
  Screen screen = Screen::Home;

 private:
  void draw_header();
  void draw_home();
  std::map<std::string, std::string> assets_;
  bool style_dirty_ = true;
};

App& app();

}  // namespace ui
