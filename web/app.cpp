#include "app.hpp"
#include "cds/zip/zip.hpp"
#include "edition.hpp"
#include "screen_appraisal_view.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cds/base/crypto.hpp"
#include "cds/base/version.hpp"
#include "cds/model/draft_store.hpp"
#include "cds/model/file_kind.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "test_hooks.hpp"
#include "widgets.hpp"

namespace ui {

App& app() {
  static App a;
  return a;
}

App::App() {
  for (size_t i = 0; i < kScreenCount; ++i) screens_[i] = screen_def(static_cast<ScreenId>(i)).make();
}

App::~App() = default;

void App::add_asset(const std::string& name, std::string bytes) { assets_[name] = std::move(bytes); }

void App::start() {
  cds::crypto_init();
  fonts::set_data(assets_["fonts/NotoSans-Regular-vi.ttf"], assets_["fonts/NotoSans-Bold-vi.ttf"], assets_["fonts/NotoSansMath-symbols.ttf"],
                  assets_["fonts/NotoSansSymbols2-ui.ttf"]);
  rubrics_.add_catalogue(assets_["rubrics/index.json"]);
  load_bundled();
  assets_.clear();
  // Vietnamese from the start whatever the browser's language (office PCs often run an English
  // browser; the forms, documents and users are Vietnamese). English only when the user chose it.
  // The first history entry is this page's current one (a reload keeps the entries it had).
  platform::nav_replace(screen_def(screen_).name);
  load_storage();
}

// The rubric files shipped with the app, in file-name order (assets_ is sorted by name).
void App::load_bundled() {
  for (const auto& [name, bytes] : assets_) {
    if (name.rfind("rubrics/", 0) != 0 || name == "rubrics/index.json") continue;
    rubrics_.add_bundled(name.substr(8), bytes);
  }
}

// Settings, opened rubrics, keys and drafts from earlier visits. Can this page store anything at
// all? (Some browsers refuse IndexedDB to file:// pages or private windows.) Said at once.
void App::load_storage() {
  drafts_.probe_storage();
  platform::storage_get_all("", [this](std::vector<std::pair<std::string, std::string>> items) {
    std::map<std::string, std::vector<std::string>> slots;  // draft id → its stored records
    std::vector<std::string> evidence, parts;               // SHA-256 of evidence bytes and merged drafts' parts kept
    std::string pending;                                    // {name, bytes} handed over by the unit edition
    for (auto& [key, value] : items) {
      if (key.rfind(kEvidencePrefix, 0) == 0) {
        evidence.push_back(key.substr(kEvidencePrefix.size()));
        continue;
      }
      if (key.rfind(kPartPrefix, 0) == 0) {
        parts.push_back(key.substr(kPartPrefix.size()));
        continue;
      }
      if (key == kPendingOpenKey) {  // a file the unit edition handed over (an appraisal, a work packet)
        if (office_edition()) pending = std::move(value);
        continue;
      }
      if (key == "settings") {
        load_settings(value);
      } else if (key.rfind("rubric:", 0) == 0) {
        if (auto rec = cds::decode_record(value)) {
          auto j = cds::parse_json(rec->payload);
          if (j.doc) rubrics_.restore(cds::str_or(*j.doc, "name"), cds::str_or(*j.doc, "bytes"));
        }
      } else if (key.rfind("key:", 0) == 0) {
        if (auto rec = cds::decode_record(value)) keys_.restore(rec->payload);
      } else if (key.rfind("draft:", 0) == 0) {
        auto last = key.rfind(':');
        slots[key.substr(6, last - 6)].push_back(std::move(value));
      }
    }
    drafts_.restore(slots);
    // The rubric files the stored drafts use (only those), then back to where the user was.
    std::vector<std::string> keys;
    for (const auto& d : drafts_.all()) keys.push_back(d.rubric_key);
    with_rubrics_of(keys, [this, evidence, parts, pending] {
      drafts_.mark_loaded();
      drafts_.forget_evidence(evidence);  // bytes no draft names any more (a deletion cut short)
      drafts_.forget_parts(parts);
      restore_place();
      if (!pending.empty()) {
        platform::storage_delete(kPendingOpenKey);
        open_handed_over(*this, pending);
      }
    });
  }, kEvidencePrefix);
}

void App::load_settings(const std::string& value) {
  auto j = cds::parse_json(value);
  if (!j.doc || !j.doc->is_object()) return;
  std::string l = cds::str_or(*j.doc, "lang");
  if (l == "vi") set_lang(cds::Lang::Vi);
  if (l == "en") set_lang(cds::Lang::En);
  std::string t = cds::str_or(*j.doc, "theme");
  settings_.theme = t == "dark" ? Theme::Dark : (t == "contrast" ? Theme::Contrast : Theme::Light);
  if (const cds::Json* s = cds::field(*j.doc, "text_scale"); s && s->is_number())
    settings_.text_scale = std::clamp(s->get<float>(), 0.75f, 2.0f);
  platform::set_ui_scale(settings_.text_scale);
  style_dirty_ = true;
}

// ---- Files ----

void App::files_opened(const platform::FileRequest& request, std::vector<platform::OpenedFile> files, bool rubrics_asked) {
  std::optional<Request> kind = request_named(request.kind);
  if (!kind) return;
  // Any file may name any rubric (a draft to import, a submission to verify or take in, a rubric
  // already bundled): every bundled rubric is read first. Both editions start from the catalogue
  // alone; "Tổng hợp" asks for every rubric when it opens, so its files rarely wait here.
  if (!rubrics_asked && *kind != Request::Key && *kind != Request::Evidence && *kind != Request::DossierEvidence &&
      !rubrics_.waiting_files({}).empty()) {
    with_rubrics({}, [this, request, files]() { files_opened(request, files, true); });
    return;
  }
  // The receiving office's intake, and files dropped while "Tổng hợp" is open.
  // A drop on it comes slice by slice (platform::set_drops_sliced), and goes to it whatever the
  // screen when it arrives: its slices if the screen is left before the last one. A drop made
  // elsewhere is handed over whole, and goes where it was dropped even when it had to wait for the
  // intake's files being read and the intake is open by then.
  if (is_aggregate_request(*kind) || (*kind == Request::Drop && request.sliced)) {
    files_more_ = request.more;
    screen_of(ScreenId::Aggregate).receive(*this, *kind, request.arg, std::move(files));
    files_more_ = false;
    return;
  }
  std::vector<platform::OpenedFile> read;
  for (auto& f : files) {
    if (f.skipped == platform::OpenedFile::Skipped::Unreadable) {
      toast(f.name + ": " + T("không đọc được tệp (đã xóa hay chuyển đi?), không mở.", "the file cannot be read (deleted or moved?), not opened."), true);
      continue;
    }
    if (f.skipped != platform::OpenedFile::Skipped::No) {
      toast(f.name + ": " + T("tệp lớn hơn ", "larger than ") + limit_text(*kind, f.name) + T(", không mở.", ", not opened."), true);
      continue;
    }
    read.push_back(std::move(f));
  }
  if (*kind == Request::Evidence) {
    drafts_.add_evidence(request.arg, read);
  } else if (*kind == Request::DossierEvidence) {
    screen_of(ScreenId::Submit).receive(*this, *kind, request.arg, std::move(read));
  } else if (*kind == Request::Verify) {
    screen_of(ScreenId::Verify).receive(*this, *kind, request.arg, std::move(read));
  } else if (*kind == Request::Parts) {
    screen_of(ScreenId::Parts).receive(*this, *kind, request.arg, std::move(read));
  } else {
    for (const auto& f : read) open_file(*kind, f.name, f.bytes);
  }
}

void App::open_file(Request request, const std::string& name, const std::string& bytes) {
  if (request == Request::Key) return keys_.import(name, bytes);
  if (request == Request::Verify) return screen_of(ScreenId::Verify).receive(*this, request, "", {{name, bytes}});
  // A dossier (.zip): its submission is verified with the evidence checked.
  if (cds::zip::looks_like_zip(bytes)) return open_file(Request::Verify, name, bytes);
  // Decide by content: a rubric or an answers file (drag and drop accepts both).
  cds::FileKind kind = cds::detect_format(bytes).kind;
  if (kind == cds::FileKind::Packet || kind == cds::FileKind::Part || (screen_ == ScreenId::Parts && kind == cds::FileKind::TrustList)) {
    screen_of(ScreenId::Parts).receive(*this, Request::Parts, "", {{name, bytes}});  // web/screen_parts.cpp (edition/unit.cpp hands over)
  } else if (request == Request::Rubric || kind == cds::FileKind::Rubric) {
    rubrics_.open(name, bytes);
  } else if (request == Request::Answers || kind == cds::FileKind::Answers) {
    drafts_.import_file(name, bytes);
  } else if (kind == cds::FileKind::Submission || kind == cds::FileKind::Appraisal) {
    open_file(Request::Verify, name, bytes);
  } else if (kind == cds::FileKind::KeyFile) {
    keys_.import(name, bytes);
  } else {
    auto parsed = cds::parse_json(bytes);  // only to say why
    std::string why = parsed.messages.empty() ? std::string(T("không phải tệp tiêu chí hay tệp bài làm", "neither a rubric nor an answers file"))
                                              : parsed.messages[0].text(lang());
    toast(name + ": " + why, true);
  }
}

// ---- Screens and drafts ----

void App::go(ScreenId id, const Visit& visit) {
  platform::request_frames(2);  // the new screen is drawn now, not at the next input
  if (id != screen_) platform::nav_push(screen_def(id).name);
  screen_ = id;
  screen_of(id).enter(*this, visit);
  save_place();
}

void App::show_named(const std::string& name, const Visit& visit) {
  ScreenId id = ScreenId::Home;
  for (size_t i = 0; i < kScreenCount; ++i)
    if (name == screen_def(static_cast<ScreenId>(i)).name) id = static_cast<ScreenId>(i);
  const Draft* d = drafts_.current();
  if (screen_def(id).needs_draft && (!d || !drafts_.rubric_of(*d))) id = ScreenId::Home;
  screen_ = id;
  screen_of(id).enter(*this, id == ScreenId::Form ? visit : Visit{});
}

void App::nav_back(const std::string& name) {
  show_named(name, Visit{});
  save_place();
}

// Where the user is — screen, draft, criterion in view — in this tab's session storage; a reload
// (or Android bringing the tab back after dropping it) returns there.
void App::save_place() {
  const Draft* d = drafts_.current();
  cds::Json j = {{"screen", screen_def(screen_).name}, {"draft", d ? d->id : ""}, {"criterion", screen_ == ScreenId::Form ? place_criterion_ : ""}};
  platform::session_set("cds.place", j.dump());
}

void App::remember_criterion(const std::string& criterion) {
  if (criterion == place_criterion_) return;
  place_criterion_ = criterion;
  save_place();
}

void App::restore_place() {
  auto j = cds::parse_json(platform::session_get("cds.place"));
  if (!j.doc || !j.doc->is_object()) return;
  std::string name = cds::str_or(*j.doc, "screen"), draft = cds::str_or(*j.doc, "draft"), crit = cds::str_or(*j.doc, "criterion");
  for (size_t i = 0; i < drafts_.all().size(); ++i)
    if (!draft.empty() && drafts_.all()[i].id == draft && drafts_.open(i)) draft_switched();
  place_criterion_ = crit;
  show_named(name, crit.empty() ? Visit{} : Visit::criterion_of(crit, false));
  platform::nav_replace(screen_def(screen_).name);
}

void App::draft_switched() {
  forget_edit_buffers();
  for (auto& s : screens_) s->draft_switched();
}

void App::new_draft(const std::string& rubric_key) {
  auto create = [this](const std::string& key) {
    if (!drafts_.create(key)) return;
    draft_switched();
    go(ScreenId::Unit);
  };
  if (rubrics_.waiting_files({rubric_key}).empty()) return create(rubric_key);
  // Its file is on the way: one draft, for the latest choice, and only if the user is still where
  // they chose it (a second click, another rubric chosen meanwhile, or another screen: no stray draft).
  toast(T("Đang tải bộ tiêu chí…", "Loading the rubric…"));
  bool asked = pending_choice_ == rubric_key;
  pending_choice_ = rubric_key;
  if (asked) return;
  ScreenId from = screen_;
  with_rubrics({rubric_key}, [this, rubric_key, from, create] {
    if (pending_choice_ != rubric_key) return;
    pending_choice_.clear();
    withdraw_toast(T("Đang tải bộ tiêu chí…", "Loading the rubric…"));
    if (screen_ == from) create(rubric_key);
  });
}

void App::with_rubrics_of(const std::vector<std::string>& keys, std::function<void()> then) {
  if (keys.empty()) return then();
  with_rubrics(keys, std::move(then));
}

void App::with_rubrics(std::vector<std::string> keys, std::function<void()> then) {
  std::vector<std::string> files = rubrics_.waiting_files(keys);
  if (files.empty()) {
    if (then) then();
    return;
  }
  rubric_fetches_.push_back({files.size(), std::move(then), {}, {}});
  size_t slot = rubric_fetches_.size() - 1;
  for (const auto& file : files) {
    platform::fetch_app_file("rubrics/" + file, [this, file, slot](bool ok, std::string bytes) {
      RubricFetch& f = rubric_fetches_[slot];
      const RubricItem* w = rubrics_.waiting_item(file);  // null when a second request already read it
      std::string title = w && !w->summary.title.empty() ? w->summary.title : file;
      // A login page of a captive portal or proxy answers 200 too: only the catalogue's bytes count.
      if (ok && w && !w->sha256.empty() && cds::sha256_hex(bytes) != w->sha256) ok = false, bytes = "mismatch";
      if (ok) {
        if (w) rubrics_.add_bundled(file, bytes);
        drafts_.rescore_all();
      } else if (w) {
        rubrics_.mark_failed(file);
        f.failed.push_back(title);
        f.why = bytes;
      }
      if (--f.left > 0) return;
      if (!f.failed.empty()) {
        // One message for the whole request, whatever the number of files.
        std::string what = f.failed.size() == 1 ? std::string(T("bộ tiêu chí «", "the rubric «")) + f.failed[0] + "»"
                                                : std::to_string(f.failed.size()) + T(" bộ tiêu chí", " rubrics");
        std::string why = f.why == "offline"             ? T("máy đang không có mạng", "this device is offline")
                          : f.why == "mismatch"          ? T("nhận được một tệp khác (có thể là trang đăng nhập của mạng)",
                                                             "a different file arrived (perhaps a network login page)")
                          : f.why.rfind("HTTP ", 0) == 0 ? std::string(T("máy chủ trả lời lỗi ", "the server answered with error ")) + f.why.substr(5)
                                                         : T("không kết nối được tới máy chủ của trang", "the page's server could not be reached");
        toast(std::string(T("Chưa tải được ", "Could not load ")) + what + ": " + why + ". " +
                  T("Hãy kiểm tra kết nối rồi thử lại.", "Check the connection and try again."),
              true);
      }
      if (f.then) {
        auto then = std::move(f.then);
        f.then = nullptr;
        then();  // may start another request (rubric_fetches_ grows): `f` is not used after this
      }
    });
  }
}

void App::open_draft(size_t i) {
  if (i >= drafts_.all().size()) return;
  std::string id = drafts_.all()[i].id;
  bool waiting = !rubrics_.waiting_files({drafts_.all()[i].rubric_key}).empty();
  if (waiting) {
    toast(T("Đang tải bộ tiêu chí…", "Loading the rubric…"));
    bool asked = pending_open_ == id;
    pending_open_ = id;
    if (asked) return;
  }
  ScreenId from = screen_;
  with_rubrics({drafts_.all()[i].rubric_key}, [this, id, from, waiting] {
    if (waiting) {
      if (pending_open_ != id) return;  // another draft was opened meanwhile
      pending_open_.clear();
      withdraw_toast(T("Đang tải bộ tiêu chí…", "Loading the rubric…"));
      if (screen_ != from) return;      // the user went elsewhere
    }
    const auto& all = drafts_.all();  // the list may have changed while the rubric arrived
    for (size_t k = 0; k < all.size(); ++k)
      if (all[k].id == id) {
        if (!drafts_.open(k)) return;
        draft_switched();
        // An agency's part of a shared self-assessment (it holds its work packet): its own screen,
        // where only the assigned part is editable (web/screen_parts.cpp).
        go(all[k].answers.extra.contains("packet") ? ScreenId::Parts : ScreenId::Form);
        return;
      }
  });
}

void App::page_hidden() { drafts_.save_dirty(); }

// ---- Settings ----

void App::set_lang(cds::Lang l) {
  ui::set_lang(l);
  drafts_.rescore_all();
}

void App::save_settings() {
  cds::Json j = {{"lang", lang() == cds::Lang::Vi ? "vi" : "en"},
                 {"theme", settings_.theme == Theme::Dark ? "dark" : (settings_.theme == Theme::Contrast ? "contrast" : "light")},
                 {"text_scale", settings_.text_scale}};
  platform::storage_put("settings", j.dump(), [](bool, const std::string&) {});
}

void App::apply_style() {
  // Colours from web/theme.hpp (AA contrast, checked by tests/unit/theme_test.cpp); ImGui's own
  // light/dark sets only fill what the palette does not name (plots, drag-drop, nav highlight…).
  ImGuiStyle fresh;
  theme::Id id = settings_.theme == Theme::Dark ? theme::Id::Dark : (settings_.theme == Theme::Contrast ? theme::Id::Contrast : theme::Id::Light);
  if (id == theme::Id::Light) ImGui::StyleColorsLight(&fresh);
  else ImGui::StyleColorsDark(&fresh);
  set_palette(id);
  const theme::Palette& p = pal();
  ImVec4* c = fresh.Colors;
  c[ImGuiCol_Text] = col(p.text);
  c[ImGuiCol_TextDisabled] = col(p.muted);
  c[ImGuiCol_WindowBg] = col(p.bg);
  c[ImGuiCol_ChildBg] = col(p.bg, 0.0f);
  c[ImGuiCol_PopupBg] = col(p.bg);
  c[ImGuiCol_Border] = col(p.border, id == theme::Id::Contrast ? 1.0f : 0.55f);
  c[ImGuiCol_FrameBg] = col(p.frame);
  c[ImGuiCol_FrameBgHovered] = col(p.frame_hover);
  c[ImGuiCol_FrameBgActive] = col(p.frame_hover);
  c[ImGuiCol_CheckMark] = col(p.mark);
  c[ImGuiCol_SliderGrab] = col(p.mark);
  c[ImGuiCol_SliderGrabActive] = col(p.mark);
  c[ImGuiCol_Button] = col(p.button);
  c[ImGuiCol_ButtonHovered] = col(p.button_hover);
  c[ImGuiCol_ButtonActive] = col(p.button_active);
  c[ImGuiCol_Header] = col(p.header);
  c[ImGuiCol_HeaderHovered] = col(p.header_hover);
  c[ImGuiCol_HeaderActive] = col(p.header_hover);
  c[ImGuiCol_TableRowBg] = col(p.bg, 0.0f);
  c[ImGuiCol_TableRowBgAlt] = col(p.alt_row);
  c[ImGuiCol_TableHeaderBg] = col(p.alt_row);
  c[ImGuiCol_ScrollbarBg] = col(p.bg, 0.0f);
  c[ImGuiCol_ScrollbarGrab] = col(p.scrollbar_grab);
  c[ImGuiCol_ScrollbarGrabHovered] = col(p.border);
  c[ImGuiCol_ScrollbarGrabActive] = col(p.border);
  c[ImGuiCol_Separator] = col(p.border, 0.6f);
  c[ImGuiCol_TextSelectedBg] = col(p.header);
  c[ImGuiCol_NavHighlight] = col(p.mark);
  fresh.FrameBorderSize = 1;  // fields and buttons keep a 3:1 outline against the page
  fresh.WindowRounding = 0;
  fresh.FrameRounding = 4;
  fresh.ScrollbarSize = 16;
  fresh.TouchExtraPadding = ImVec2(2, 2);
  fresh.CellPadding = ImVec2(6, 5);
  fresh.ScaleAllSizes(platform::ui_scale());
  ImGui::GetStyle() = fresh;
  platform::set_page_color(p.bg.r, p.bg.g, p.bg.b);  // the root window's background (it draws none)
  style_dirty_ = false;
}

// ---- The frame ----

void App::frame() {
  if (style_dirty_) apply_style();
  drafts_.tick_autosave();
  for (auto& s : screens_) s->tick(*this);  // e.g. the intake checks files a few ms per frame, whatever the screen
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(is_narrow() ? 8.0f : 14.0f, 10.0f));
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  testhooks::capture_resume();
  // Phones: every field, button and selectable row at least 44 px tall (touch targets).
  int pushed = 0;
  if (is_narrow()) {
    ImVec2 fp = ImGui::GetStyle().FramePadding;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(std::max(fp.x, 10.0f), std::max(fp.y, (touch_target() - ImGui::GetFontSize()) * 0.5f)));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 8));
    pushed = 2;
  }
  platform::set_drops_sliced(screen_ == ScreenId::Aggregate && office_edition());  // the unit edition's is a launcher
  draw_header();
  const Draft* d = drafts_.current();
  if (screen_def(screen_).needs_draft && (!d || !drafts_.rubric_of(*d))) screen_ = ScreenId::Home;
  screen_of(screen_).draw(*this);
  toasts_.draw();
  testhooks::capture_flush();
  ImGui::PopStyleVar(pushed);
  ImGui::End();
}

void App::draw_header() {
  // On a phone the form keeps the whole screen for the criteria: its own toolbar row carries the
  // settings (in "Thao tác…"), so no title row above it.
  if (is_narrow() && screen_ == ScreenId::Form) return;
  ImGui::PushFont(fonts::large());
  // The buttons (w wide) at the right edge after the title, or on the next line where they would
  // run into it (larger text on a phone or a tablet).
  auto after_title = [](float w) {
    const float x = ImGui::GetWindowContentRegionMax().x - w;
    if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 8 <= x) ImGui::SameLine(x);
  };
  if (is_narrow()) {
    // Phones: the title and one "Tùy chọn" button; language, theme and text size in its menu, so
    // the header takes one touch-sized row.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(T("cds — Chấm điểm CĐS", "cds — DX scoring"));
    ImGui::PopFont();
    const char* label = T("Tùy chọn##settings", "Options##settings");
    after_title(button_width(label));
    if (button(label)) ImGui::OpenPopup("##settings-menu");
    if (ImGui::BeginPopup("##settings-menu")) {
      draw_settings_buttons(true);
      end_popup();
    }
  } else {
    ImGui::TextUnformatted(T("cds — Chấm điểm chuyển đổi số", "cds — Digital transformation scoring"));
    ImGui::PopFont();
    float w = 0;
    for (const char* l : {"English", T("Giao diện tương phản cao", "High-contrast theme"), "A−", "A+"}) w += button_width(l) + ImGui::GetStyle().ItemSpacing.x;
    after_title(w);
    draw_settings_buttons(false);
  }
  ImGui::Separator();
}

void App::draw_settings_buttons(bool menu) {
  // In the phone menu each setting is a full-width, touch-sized row; on wide screens small buttons on one line.
  const float row_w = menu ? menu_row_width() : 0.0f;
  auto item = [&](const char* label) { return menu ? ImGui::Button(label, ImVec2(row_w, touch_target())) : small_button(label); };
  auto next = [&] {
    if (!menu) ImGui::SameLine();
  };
  if (item(lang() == cds::Lang::Vi ? "English##lang" : "Tiếng Việt##lang")) {
    set_lang(lang() == cds::Lang::Vi ? cds::Lang::En : cds::Lang::Vi);
    save_settings();
  }
  next();
  // The button names what it will do (the next theme), not the one in use.
  const char* theme_label = settings_.theme == Theme::Light ? T("Giao diện tối##theme", "Dark theme##theme")
                            : settings_.theme == Theme::Dark ? T("Giao diện tương phản cao##theme", "High-contrast theme##theme")
                                                              : T("Giao diện sáng##theme", "Light theme##theme");
  if (item(theme_label)) {
    settings_.theme = settings_.theme == Theme::Light ? Theme::Dark : (settings_.theme == Theme::Dark ? Theme::Contrast : Theme::Light);
    style_dirty_ = true;
    save_settings();
  }
  if (ImGui::IsItemHovered()) tooltip(T("Đổi giao diện: sáng → tối → tương phản cao", "Switch theme: light → dark → high contrast"));
  auto text_size = [&](const char* label, float step, const char* tip) {
    next();
    if (item(label)) {
      settings_.text_scale = std::clamp(settings_.text_scale + step, 0.75f, 2.0f);
      platform::set_ui_scale(settings_.text_scale);
      style_dirty_ = true;
      save_settings();
    }
    if (ImGui::IsItemHovered()) tooltip(tip);
  };
  text_size(menu ? T("A− Chữ nhỏ hơn##smaller", "A− Smaller text##smaller") : "A−##smaller", -0.125f, T("Chữ nhỏ hơn", "Smaller text"));
  text_size(menu ? T("A+ Chữ lớn hơn##larger", "A+ Larger text##larger") : "A+##larger", 0.125f, T("Chữ lớn hơn", "Larger text"));
}

// ---- window.cds.state() ----

cds::Json App::storage_state_json() const {
  const StorageStatus& s = drafts_.storage();
  return {{"loaded", s.loaded},
          {"savesOk", s.saves_ok},
          {"lastError", s.last_error},
          {"persistence", platform::storage_persistence()},
          {"secure", platform::is_secure_context()},
          {"fileUrl", platform::is_file_url()},
          {"failed", s.failed},
          {"privateSuspected", platform::is_private_mode_suspected()}};
}

cds::Json App::draft_state_json(const Draft& d) const {
  cds::Json cur = {{"id", d.id},
                   {"rubric", d.answers.rubric_id},
                   {"total", d.sheet.total.to_double()},
                   {"max", d.sheet.scale.to_double()},
                   {"answered", d.sheet.answered},
                   {"items", d.sheet.items},
                   {"problems", d.sheet.problems},
                   {"unit", {{"name", d.answers.unit.name}, {"code", d.answers.unit.code}, {"type", d.answers.unit.type}}},
                   {"period", d.answers.period},
                   {"generalInfo", d.answers.general_info},
                   {"inputs", d.answers.inputs},
                   {"notes", d.answers.notes}};
  cds::Json crit = cds::Json::object();
  for (const auto& c : d.sheet.criteria) {
    crit[c.id] = {{"score", c.score.to_double()}, {"status", cds::status_name(c.status)}};
    if (c.differs()) crit[c.id]["literal"] = c.literal->to_double();
  }
  cur["criteria"] = crit;
  cds::Json ev = cds::Json::object();
  for (const auto& [k, items] : d.answers.evidence) ev[k] = items.size();
  cur["evidence"] = ev;
  cds::Json subs = cds::Json::array();
  for (const auto& s : d.submissions) subs.push_back({{"file", s.file}, {"sha256", s.sha256}, {"key_id", s.key_id}, {"total", s.total.to_double()}});
  cur["submissions"] = subs;
  return cur;
}

namespace {

// Every Vietnamese letter must come from the bundled font, not the '?' fallback.
int missing_vietnamese_glyphs() {
  int missing = 0;
  const char* letters = "−≈≠≤≥→▶▼●⚠✓✕ĂÂĐÊÔƠƯăâđêôơưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
  for (const char* p = letters; *p;) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, nullptr);
    if (!fonts::regular() || !fonts::regular()->FindGlyphNoFallback(static_cast<ImWchar>(c))) ++missing;
  }
  return missing;
}

}  // namespace

std::string App::state_json() const {
  cds::Json j;
  j["screen"] = screen_def(screen_).name;
  cds::Json ks = cds::Json::array();
  for (const auto& k : keys_.all()) ks.push_back({{"key_id", k.key_id}, {"unit", k.info.unit_code}});
  j["keys"] = ks;
  j["lang"] = lang() == cds::Lang::Vi ? "vi" : "en";
  j["theme"] = settings_.theme == Theme::Light ? "light" : (settings_.theme == Theme::Dark ? "dark" : "contrast");
  j["textScale"] = settings_.text_scale;
  j["dpr"] = platform::device_pixel_ratio();
  j["frames"] = platform::frames_rendered();
  j["framesDrawn"] = platform::frames_drawn();
  j["frameMs"] = platform::last_frame_ms();
  j["version"] = cds::kVersion;
  j["vietnameseGlyphsMissing"] = missing_vietnamese_glyphs();
  cds::Json rs = cds::Json::array();
  for (const auto& e : rubrics_.items()) {
    rs.push_back({{"key", e.key}, {"file", e.file}, {"bundled", e.bundled}, {"id", e.summary.id}, {"title", e.summary.title},
                  {"criteria", e.summary.criteria}, {"problems", e.problems.size()}, {"loaded", e.rubric() != nullptr},
                  {"waiting", e.waiting}});
  }
  j["rubrics"] = rs;
  cds::Json ds = cds::Json::array();
  for (const auto& d : drafts_.all())
    ds.push_back({{"id", d.id}, {"unit", d.answers.unit.name}, {"rubric", d.answers.rubric_id}, {"total", d.sheet.total.to_double()},
                  {"answered", d.sheet.answered}, {"items", d.sheet.items}, {"updated", d.updated}, {"dirty", d.dirty}, {"seq", d.seq},
                  {"changedSinceExport", d.changed_since_export()}});
  j["drafts"] = ds;
  j["storage"] = storage_state_json();
  if (const Draft* d = drafts_.current()) j["draft"] = draft_state_json(*d);
  j["toast"] = toasts_.text();
  j["toastVisible"] = toasts_.visible();
  for (const auto& s : screens_) s->add_state(j);
  return j.dump(-1, ' ', false, cds::Json::error_handler_t::replace);
}

}  // namespace ui
