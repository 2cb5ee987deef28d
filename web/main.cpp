// The cds web app's entry point. The loader (shell/boot.js) hands the assets over with
// cds_asset_add() and then calls main().
#include <emscripten.h>

#include <string>

#include "app.hpp"
#include "fonts.hpp"
#include "platform.hpp"
#include "requests.hpp"
#include "test_hooks.hpp"

extern "C" EMSCRIPTEN_KEEPALIVE void cds_asset_add(const char* name, const char* data, int len) {
  ui::app().add_asset(name, std::string(data, static_cast<size_t>(len)));
}

int main() {
  ui::App& a = ui::app();
  a.start();
  platform::mark("appStarted");  // settings and the rubric catalogue read (the rubrics themselves on demand)
  testhooks::set_state_provider([] { return ui::app().state_json(); });
  platform::Hooks hooks;
  hooks.frame = [] { ui::app().frame(); };
  hooks.rebuild_fonts = [](float dpr, float scale) {
    fonts::rebuild(dpr, scale);
    static bool first = true;
    if (first) platform::mark("fontsBuilt");  // the glyph atlas for the first frame
    first = false;
  };
  hooks.page_hidden = [] { ui::app().page_hidden(); };
  hooks.nav_back = [](const std::string& screen) { ui::app().nav_back(screen); };
  hooks.files_opened = [](const platform::FileRequest& r, std::vector<platform::OpenedFile> files) { ui::app().files_opened(r, std::move(files)); };
  hooks.file_requests = ui::request_kinds_for_js();
  hooks.drop_request = ui::request_def(ui::Request::Drop).name;
  platform::init(std::move(hooks));
  return 0;
}
