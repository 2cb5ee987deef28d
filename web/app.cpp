#include "app.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "aggregate_state.hpp"
#include "cds/base/crypto.hpp"
#include "cds/model/file_kind.hpp"
#include "cds/model/draft_store.hpp"
#include "cds/base/text.hpp"
#include "cds/base/version.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform.hpp"
#include "widgets.hpp"

namespace ui {

cds::Lang g_lang = cds::Lang::Vi;

App& app() {
  static App a;
  return a;
}

namespace {

const double kAutosaveMs = 600;  // a change reaches storage within a second

std::string new_id() { return cds::to_hex(cds::random_bytes(8)); }

std::string draft_payload(const Draft& d) {
  cds::Json j = cds::Json::object();
  j["cds-draft"] = 1;
  j["id"] = d.id;
  j["rubric_key"] = d.rubric_key;
  j["created"] = d.created;
  j["updated"] = d.updated;
  j["exported_hash"] = d.exported_hash;
  j["submitted_hash"] = d.submitted_hash;
  j["answers"] = cds::answers_to_json(d.answers);
  cds::Json subs = cds::Json::array();
  for (const auto& s : d.submissions)
    subs.push_back({{"time", s.time}, {"file", s.file}, {"sha256", s.sha256}, {"key_id", s.key_id}, {"role", s.role}, {"total", cds::num_to_json(s.total)}});
  j["submissions"] = subs;
  return j.dump(-1, ' ', false, cds::Json::error_handler_t::replace);
}

std::optional<Draft> draft_from_payload(const std::string& payload) {
  auto parsed = cds::parse_json(payload);
  if (!parsed.doc || !parsed.doc->is_object()) return std::nullopt;
  const cds::Json& j = *parsed.doc;
  Draft d;
  d.id = cds::str_or(j, "id");
  d.rubric_key = cds::str_or(j, "rubric_key");
  d.created = cds::str_or(j, "created");
  d.updated = cds::str_or(j, "updated");
  d.exported_hash = cds::str_or(j, "exported_hash");
  d.submitted_hash = cds::str_or(j, "submitted_hash");
  const cds::Json* a = cds::field(j, "answers");
  if (d.id.empty() || !a) return std::nullopt;
  auto loaded = cds::load_answers_json(*a);
  if (!loaded.answers) return std::nullopt;
  d.answers = std::move(*loaded.answers);
  if (const cds::Json* subs = cds::field(j, "submissions"); subs && subs->is_array())
    for (const auto& s : *subs) {
      const cds::Json* total = cds::field(s, "total");
      d.submissions.push_back({cds::str_or(s, "time"), cds::str_or(s, "file"), cds::str_or(s, "sha256"), cds::str_or(s, "key_id"),
                               cds::str_or(s, "role"), total ? cds::json_num(*total).value_or(cds::Num(0)) : cds::Num(0)});
    }
  return d;
}

std::string file_stamp() { return cds::file_stamp(platform::local_time_iso()); }  // from the browser's local time

}  // namespace

std::string Draft::answers_hash() const { return cds::sha256_hex(cds::answers_to_text(answers)); }
bool Draft::changed_since_export() const { return exported_hash != answers_hash(); }

void App::add_asset(const std::string& name, std::string bytes) { assets_[name] = std::move(bytes); }

void App::start() {
  cds::crypto_init();
  fonts::set_data(assets_["fonts/NotoSans-Regular-vi.ttf"], assets_["fonts/NotoSans-Bold-vi.ttf"],
                  assets_["fonts/NotoSansMath-symbols.ttf"],
                  assets_["fonts/NotoSansSymbols2-ui.ttf"]);
  for (auto& [name, bytes] : assets_) {
    if (name.rfind("rubrics/", 0) != 0 || name == "rubrics/index.json") continue;
    RubricEntry e;
    e.file = name.substr(8);
    auto loaded = cds::load_rubric(bytes);
    e.problems = loaded.messages;
    if (loaded.rubric) {
      auto more = cds::lint(*loaded.rubric);
      e.problems.insert(e.problems.end(), more.begin(), more.end());
      e.key = loaded.rubric->id;
    } else {
      e.key = "bundled:" + e.file;
    }
    e.rubric = std::move(loaded.rubric);
    e.sha256 = cds::sha256_hex(bytes);
    e.bytes = bytes;
    rubrics.push_back(std::move(e));
  }
  std::sort(rubrics.begin(), rubrics.end(), [](const RubricEntry& a, const RubricEntry& b) { return a.file < b.file; });
  assets_.clear();
  std::string bl = platform::browser_language();
  if (bl.rfind("vi", 0) != 0 && !bl.empty()) g_lang = cds::Lang::En;
  load_storage();
}

void App::load_storage() {
  // Can this page store anything at all? (Some browsers refuse IndexedDB to file:// pages or
  // private windows.) Say so at once rather than at the first save.
  platform::storage_put("probe", "1", [this](bool ok, const std::string&) {
    storage_failed = !ok;
    if (!ok)
      toast(platform::is_file_url() ? T("Khi mở từ tệp, trình duyệt này không cho lưu bản nháp. Hãy xuất bản nháp ra tệp trước khi đóng trang.",
                                        "Opened from a file, this browser does not let the page save drafts. Export drafts before closing.")
                                    : T("Trình duyệt không cho lưu bản nháp. Hãy xuất bản nháp ra tệp trước khi đóng trang.",
                                        "The browser does not let the page save drafts. Export drafts before closing."),
            true);
  });
  platform::storage_get_all("", [this](std::vector<std::pair<std::string, std::string>> items) {
    std::map<std::string, std::vector<std::string>> slots;
    for (auto& [key, value] : items) {
      if (key == "settings") {
        auto j = cds::parse_json(value);
        if (j.doc && j.doc->is_object()) {
          std::string l = cds::str_or(*j.doc, "lang");
          if (l == "vi") g_lang = cds::Lang::Vi;
          if (l == "en") g_lang = cds::Lang::En;
          std::string t = cds::str_or(*j.doc, "theme");
          settings.theme = t == "dark" ? Theme::Dark : (t == "contrast" ? Theme::Contrast : Theme::Light);
          if (const cds::Json* s = cds::field(*j.doc, "text_scale"); s && s->is_number())
            settings.text_scale = std::clamp(s->get<float>(), 0.75f, 2.0f);
          platform::set_ui_scale(settings.text_scale);
          style_dirty_ = true;
        }
      } else if (key.rfind("rubric:", 0) == 0) {
        if (auto rec = cds::decode_record(value)) {
          auto j = cds::parse_json(rec->payload);
          if (j.doc) open_rubric_bytes(cds::str_or(*j.doc, "name"), cds::str_or(*j.doc, "bytes"), false);
        }
      } else if (key.rfind("key:", 0) == 0) {
        if (auto rec = cds::decode_record(value)) store_key(rec->payload);
      } else if (key.rfind("draft:", 0) == 0) {
        auto last = key.rfind(':');
        slots[key.substr(6, last - 6)].push_back(std::move(value));
      }
    }
    for (auto& [id, candidates] : slots) {
      auto rec = cds::load_latest(candidates);
      if (!rec) {
        toast(T("Một bản nháp trong bộ nhớ bị hỏng và không đọc được.", "A stored draft is damaged and cannot be read."), true);
        continue;
      }
      auto d = draft_from_payload(rec->payload);
      if (!d) continue;
      d->seq = rec->seq;
      rescore(*d);
      drafts.push_back(std::move(*d));
    }
    std::sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) { return a.updated > b.updated; });
    storage_loaded = true;
  });
}

const RubricEntry* App::rubric_entry(const std::string& key) const {
  for (const auto& e : rubrics)
    if (e.key == key) return &e;
  return nullptr;
}

const cds::Rubric* App::rubric_of(const Draft& d) const {
  const RubricEntry* e = rubric_entry(d.rubric_key);
  return e && e->rubric ? &*e->rubric : nullptr;
}

Draft* App::current() {
  if (current_draft < 0 || current_draft >= static_cast<int>(drafts.size())) return nullptr;
  return &drafts[static_cast<size_t>(current_draft)];
}

void App::rescore(Draft& d) {
  if (const cds::Rubric* r = rubric_of(d)) {
    cds::ScoreOptions o;
    o.lang = g_lang;
    d.sheet = cds::score(*r, d.answers, o);
  }
}

void App::changed(Draft& d) {
  d.updated = platform::local_time_iso();
  d.answers.updated = d.updated;
  rescore(d);
  if (!d.dirty) d.dirty_since = platform::now_ms();
  d.dirty = true;
  platform::request_timer(kAutosaveMs + 50);
}

void App::save_now(Draft& d) {
  d.dirty = false;
  ++d.seq;
  std::string key = "draft:" + d.id + ":" + cds::slot_for(d.seq);
  std::string id = d.id;
  platform::storage_put(key, cds::encode_record(d.seq, draft_payload(d)), [this, id](bool ok, const std::string& err) {
    if (ok) {
      ++saves_ok;
      last_save_error.clear();
      return;
    }
    for (auto& x : drafts) {
      if (x.id != id) continue;
      x.dirty = true;  // keep trying; the other slot still holds the previous good copy
      x.dirty_since = platform::now_ms() + 5000;
    }
    platform::request_timer(6000);
    bool quota = err.find("Quota") != std::string::npos;
    std::string msg = quota ? T("Bộ nhớ trình duyệt đã đầy: chưa lưu được thay đổi mới nhất. Bản lưu trước vẫn còn. "
                                "Hãy xuất bản nháp ra tệp ngay, rồi xóa bớt bản nháp cũ.",
                                "Browser storage is full: the latest change is not saved. The previous copy is kept. "
                                "Export the draft to a file now and delete old drafts.")
                            : T("Không lưu được vào bộ nhớ trình duyệt. Hãy xuất bản nháp ra tệp để giữ an toàn.",
                                "Could not save to browser storage. Export the draft to a file to keep it safe.");
    if (last_save_error != msg) toast(msg, true);
    last_save_error = msg;
  });
}

void App::tick_autosave() {
  double now = platform::now_ms();
  for (auto& d : drafts)
    if (d.dirty && now - d.dirty_since >= kAutosaveMs) save_now(d);
}

void App::page_hidden() {
  for (auto& d : drafts)
    if (d.dirty) save_now(d);
}

void App::new_draft(const std::string& rubric_key) {
  const RubricEntry* e = rubric_entry(rubric_key);
  if (!e || !e->rubric) return;
  Draft d;
  d.id = new_id();
  d.rubric_key = rubric_key;
  d.answers = cds::answers_template(*e->rubric);
  d.created = d.updated = platform::local_time_iso();
  d.answers.updated = d.updated;
  drafts.insert(drafts.begin(), std::move(d));
  current_draft = 0;
  changed(drafts[0]);
  forget_edit_buffers();
  expanded.clear();
  screen = Screen::Unit;
}

void App::open_draft(size_t i) {
  if (i >= drafts.size()) return;
  current_draft = static_cast<int>(i);
  rescore(drafts[i]);
  forget_edit_buffers();
  expanded.clear();
  problem_cursor = -1;
  screen = Screen::Form;
}

void App::duplicate_draft(size_t i) {
  if (i >= drafts.size()) return;
  Draft d = drafts[i];
  d.id = new_id();
  d.seq = 0;
  d.exported_hash.clear();
  d.submitted_hash.clear();
  d.answers.unit.name += T(" (bản sao)", " (copy)");
  d.created = platform::local_time_iso();
  drafts.insert(drafts.begin(), std::move(d));
  changed(drafts[0]);
  if (current_draft >= 0) ++current_draft;
  toast(T("Đã nhân bản bản nháp.", "Draft duplicated."));
}

void App::delete_draft(size_t i) {
  if (i >= drafts.size()) return;
  platform::storage_delete("draft:" + drafts[i].id + ":a");
  platform::storage_delete("draft:" + drafts[i].id + ":b");
  drafts.erase(drafts.begin() + static_cast<long>(i));
  current_draft = -1;
  toast(T("Đã xóa bản nháp.", "Draft deleted."));
}

void App::export_draft(Draft& d) {
  const cds::Rubric* r = rubric_of(d);
  std::string name = cds::file_name_part(d.answers.unit.code.empty() ? d.answers.unit.name : d.answers.unit.code) + "_" +
                     (r ? r->id : d.answers.rubric_id) + "_nhap_" + file_stamp() + ".json";
  platform::save_file(name, "application/json", cds::answers_to_text(d.answers));
  d.exported_hash = d.answers_hash();
  save_now(d);
  toast(std::string(T("Đã xuất bản nháp: ", "Draft exported: ")) + name);
}

void App::files_opened(const platform::FileRequest& request, std::vector<platform::OpenedFile> files) {
  std::optional<Request> kind = request_named(request.kind);
  if (!kind) return;
  // The receiving office's intake, and files dropped while "Tổng hợp" is open.
  if (is_aggregate_request(*kind) || (*kind == Request::Drop && screen == Screen::Aggregate)) {
    aggregate_files_opened(*this, *kind, std::move(files));
    return;
  }
  std::vector<std::pair<std::string, std::string>> fs;
  for (auto& f : files) {
    if (f.skipped != platform::OpenedFile::Skipped::No) {
      toast(f.name + ": " + T("tệp lớn hơn ", "larger than ") + intake_limit_text() + T(", không mở.", ", not opened."), true);
      continue;
    }
    fs.emplace_back(std::move(f.name), std::move(f.bytes));
  }
  open_files(*kind, request.arg, std::move(fs));
}

void App::open_files(Request kind, const std::string& arg, std::vector<std::pair<std::string, std::string>> files) {
  if (kind == Request::Evidence) return add_evidence_files(arg, std::move(files));  // arg: the criterion
  for (auto& [name, bytes] : files) {
    if (kind == Request::Key) {
      import_key(name, bytes);
      continue;
    }
    if (kind == Request::Verify) {
      verify_file(name, bytes);
      continue;
    }
    // Decide by content: a rubric or an answers file (drag and drop accepts both).
    cds::FileKind format = cds::detect_format(bytes).kind;
    if (kind == Request::Rubric || format == cds::FileKind::Rubric) {
      open_rubric_bytes(name, bytes, true);
    } else if (kind == Request::Answers || format == cds::FileKind::Answers) {
      import_answers(name, bytes);
    } else if (format == cds::FileKind::Submission) {
      verify_file(name, bytes);
    } else if (format == cds::FileKind::KeyFile) {
      import_key(name, bytes);
    } else {
      auto parsed = cds::parse_json(bytes);  // only to say why
      std::string why = parsed.messages.empty() ? std::string(T("không phải tệp tiêu chí hay tệp bài làm", "neither a rubric nor an answers file"))
                                                : parsed.messages[0].text(g_lang);
      toast(name + ": " + why, true);
    }
  }
}

void App::open_rubric_bytes(const std::string& name, const std::string& bytes, bool persist) {
  auto loaded = cds::load_rubric(bytes);
  if (!loaded.rubric) {
    const cds::Message* m = cds::first_error(loaded.messages);
    toast(name + ": " + (m ? m->line(g_lang) : std::string("?")), true);
    return;
  }
  std::string sha = cds::sha256_hex(bytes);
  for (const auto& e : rubrics)
    if (e.sha256 == sha) {
      if (persist) toast(std::string(T("Bộ tiêu chí này đã có: ", "This rubric is already here: ")) + e.file);
      return;
    }
  RubricEntry e;
  e.key = "user:" + sha;
  e.file = name;
  e.bundled = false;
  e.problems = loaded.messages;
  auto more = cds::lint(*loaded.rubric);
  e.problems.insert(e.problems.end(), more.begin(), more.end());
  e.rubric = std::move(loaded.rubric);
  e.sha256 = sha;
  e.bytes = bytes;
  std::string title = e.rubric->title;
  bool lint_errors = cds::has_errors(e.problems);
  rubrics.push_back(std::move(e));
  if (persist) {
    cds::Json rec = {{"name", name}, {"bytes", bytes}};
    platform::storage_put("rubric:" + sha, cds::encode_record(1, rec.dump(-1, ' ', false, cds::Json::error_handler_t::replace)),
                          [](bool, const std::string&) {});
    toast(std::string(T("Đã mở bộ tiêu chí: ", "Rubric opened: ")) + title +
              (lint_errors ? T(" (có lỗi kiểm tra, xem danh sách)", " (fails some checks, see the list)") : ""),
          lint_errors);
  }
}

void App::import_answers(const std::string& name, const std::string& bytes) {
  auto loaded = cds::load_answers(bytes);
  if (!loaded.answers) {
    toast(name + ": " + (loaded.messages.empty() ? std::string() : loaded.messages[0].line(g_lang)), true);
    return;
  }
  const RubricEntry* e = nullptr;
  for (const auto& x : rubrics)
    if (x.rubric && x.rubric->id == loaded.answers->rubric_id) e = &x;
  if (!e) {
    toast(name + ": " + T("chưa có bộ tiêu chí \"", "no rubric \"") + loaded.answers->rubric_id +
              T("\". Hãy mở tệp tiêu chí đó trước.", "\" here. Open that rubric file first."),
          true);
    return;
  }
  Draft d;
  d.id = new_id();
  d.rubric_key = e->key;
  d.answers = std::move(*loaded.answers);
  d.created = platform::local_time_iso();
  d.updated = d.answers.updated.empty() ? d.created : d.answers.updated;
  d.exported_hash = d.answers_hash();  // it came from a file: nothing new to export yet
  rescore(d);
  drafts.insert(drafts.begin(), std::move(d));
  if (current_draft >= 0) ++current_draft;
  save_now(drafts[0]);
  toast(std::string(T("Đã nhập bản nháp: ", "Draft imported: ")) + name);
}

void App::store_key(const std::string& file_bytes) {
  auto k = cds::read_key_file(file_bytes);
  if (!k.info) return;
  for (const auto& x : keys)
    if (x.key_id == k.info->key_id) return;
  keys.push_back({k.info->key_id, file_bytes, *k.info});
}

void App::import_key(const std::string& name, const std::string& bytes) {
  auto k = cds::read_key_file(bytes);
  if (!k.info) {
    toast(name + ": " + (k.messages.empty() ? std::string("?") : k.messages.front().text(g_lang)), true);
    return;
  }
  for (const auto& x : keys)
    if (x.key_id == k.info->key_id) {
      toast(std::string(T("Khóa này đã có: ", "This key is already here: ")) + x.key_id);
      return;
    }
  store_key(bytes);
  platform::storage_put("key:" + k.info->key_id, cds::encode_record(1, bytes), [this](bool ok, const std::string&) {
    if (!ok) toast(T("Không lưu được khóa vào bộ nhớ trình duyệt; hãy giữ tệp khóa.", "Could not store the key; keep the key file."), true);
  });
  toast(std::string(T("Đã nhập khóa ", "Key imported: ")) + k.info->key_id);
}

void App::delete_key(const std::string& key_id) {
  platform::storage_delete("key:" + key_id);
  keys.erase(std::remove_if(keys.begin(), keys.end(), [&](const StoredKey& k) { return k.key_id == key_id; }), keys.end());
  toast(std::string(T("Đã xóa khóa ", "Key deleted: ")) + key_id);
}

cds::RubricLookup App::rubric_lookup() const {
  return [this](const std::string& id, const std::string& version) -> std::optional<cds::RubricRef> {
    for (const auto& e : rubrics)
      if (e.rubric && e.rubric->id == id && e.rubric->version == version) return cds::RubricRef{&*e.rubric, e.sha256};
    return std::nullopt;
  };
}

void App::verify_file(const std::string& name, const std::string& bytes) {
  verified = VerifyResult{name, cds::verify_submission(bytes, rubric_lookup())};
  screen = Screen::Verify;
  platform::announce(verified->v.verdict(g_lang));
}

void App::add_evidence_files(const std::string& criterion, std::vector<std::pair<std::string, std::string>> files) {
  Draft* d = current();
  if (!d || criterion.empty()) return;
  for (auto& [name, bytes] : files) {
    cds::EvidenceItem e;
    e.kind = "file";
    e.name = cds::to_nfc_lossy(name);
    e.size = static_cast<long long>(bytes.size());
    e.sha256 = cds::sha256_hex(bytes);  // computed here; the file never leaves the device
    d->answers.evidence[criterion].push_back(std::move(e));
  }
  changed(*d);
}

void App::toast(const std::string& text, bool error) {
  toast_ = Toast{text, error, platform::now_ms() + (error ? 9000 : 4000)};
  platform::announce(text);
  platform::request_timer(error ? 9100 : 4100);
}

void App::set_lang(bool vietnamese) {
  g_lang = vietnamese ? cds::Lang::Vi : cds::Lang::En;
  for (auto& d : drafts) rescore(d);
  save_settings();
}

void App::save_settings() {
  cds::Json j = {{"lang", g_lang == cds::Lang::Vi ? "vi" : "en"},
                 {"theme", settings.theme == Theme::Dark ? "dark" : (settings.theme == Theme::Contrast ? "contrast" : "light")},
                 {"text_scale", settings.text_scale}};
  platform::storage_put("settings", j.dump(), [](bool, const std::string&) {});
}

void App::apply_style() {
  ImGuiStyle fresh;
  switch (settings.theme) {
    case Theme::Light: ImGui::StyleColorsLight(&fresh); break;
    case Theme::Dark: ImGui::StyleColorsDark(&fresh); break;
    case Theme::Contrast:
      ImGui::StyleColorsDark(&fresh);
      fresh.Colors[ImGuiCol_Text] = ImVec4(1, 1, 1, 1);
      fresh.Colors[ImGuiCol_TextDisabled] = ImVec4(0.85f, 0.85f, 0.85f, 1);
      fresh.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 1);
      fresh.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 1);
      fresh.Colors[ImGuiCol_FrameBg] = ImVec4(0.1f, 0.1f, 0.1f, 1);
      fresh.Colors[ImGuiCol_Border] = ImVec4(1, 1, 0, 1);
      fresh.Colors[ImGuiCol_Button] = ImVec4(0.0f, 0.2f, 0.6f, 1);
      fresh.Colors[ImGuiCol_Header] = ImVec4(0.0f, 0.25f, 0.6f, 1);
      fresh.FrameBorderSize = 1;
      break;
  }
  fresh.WindowRounding = 0;
  fresh.FrameRounding = 4;
  fresh.ScrollbarSize = 16;
  fresh.TouchExtraPadding = ImVec2(2, 2);
  fresh.CellPadding = ImVec2(6, 5);
  fresh.ScaleAllSizes(platform::ui_scale());
  ImGui::GetStyle() = fresh;
  style_dirty_ = false;
}

void App::frame() {
  if (style_dirty_) apply_style();
  tick_autosave();
  aggregate_tick(*this);  // checks received files a few milliseconds per frame, whatever the screen
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(is_narrow() ? 8.0f : 14.0f, 10.0f));
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  draw_header();
  Draft* d = current();
  bool needs_draft = screen == Screen::Unit || screen == Screen::Form || screen == Screen::Submit;
  if (needs_draft && (!d || !rubric_of(*d))) screen = Screen::Home;
  switch (screen) {
    case Screen::Home: draw_home_screen(*this); break;
    case Screen::Unit: draw_unit_screen(*this, *current()); break;
    case Screen::Form: draw_form_screen(*this, *current()); break;
    case Screen::Keys: draw_keys_screen(*this); break;
    case Screen::Submit: draw_submit_screen(*this, *current()); break;
    case Screen::Verify: draw_verify_screen(*this); break;
    case Screen::Aggregate: draw_aggregate_screen(*this); break;
  }
  draw_toast();
  ImGui::End();
}

void App::draw_header() {
  float scale = platform::ui_scale();
  ImGui::PushFont(fonts::large());
  if (is_narrow()) {
    ImGui::TextUnformatted(T("cds — Chấm điểm CĐS", "cds — DX scoring"));
  } else {
    ImGui::TextUnformatted(T("cds — Chấm điểm chuyển đổi số", "cds — Digital transformation scoring"));
  }
  ImGui::PopFont();
  // Settings on the right (on their own line on phones): language, theme, text size.
  if (!is_narrow()) {
    float w = 330.0f * scale;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 8, ImGui::GetWindowContentRegionMax().x - w));
  }
  if (small_button(g_lang == cds::Lang::Vi ? "English" : "Tiếng Việt")) set_lang(g_lang != cds::Lang::Vi);
  ImGui::SameLine();
  const char* theme_label = settings.theme == Theme::Light ? T("Sáng", "Light")
                                                             : (settings.theme == Theme::Dark ? T("Tối", "Dark") : T("Tương phản", "Contrast"));
  if (small_button((std::string(theme_label) + "##theme").c_str())) {
    settings.theme = settings.theme == Theme::Light ? Theme::Dark : (settings.theme == Theme::Dark ? Theme::Contrast : Theme::Light);
    style_dirty_ = true;
    save_settings();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("Giao diện: sáng / tối / tương phản cao", "Theme: light / dark / high contrast"));
  ImGui::SameLine();
  if (small_button("A−")) {
    settings.text_scale = std::max(0.75f, settings.text_scale - 0.125f);
    platform::set_ui_scale(settings.text_scale);
    style_dirty_ = true;
    save_settings();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("Chữ nhỏ hơn", "Smaller text"));
  ImGui::SameLine();
  if (small_button("A+")) {
    settings.text_scale = std::min(2.0f, settings.text_scale + 0.125f);
    platform::set_ui_scale(settings.text_scale);
    style_dirty_ = true;
    save_settings();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", T("Chữ lớn hơn", "Larger text"));
  ImGui::Separator();
}

void App::draw_toast() {
  if (toast_.text.empty() || platform::now_ms() > toast_.until) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  float width = std::min(vp->Size.x - 24, 640.0f);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + (vp->Size.x - width) / 2, vp->Pos.y + vp->Size.y - 16), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, toast_.error ? ImVec4(0.60f, 0.05f, 0.05f, 0.96f) : ImVec4(0.12f, 0.22f, 0.45f, 0.96f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::Begin("##toast", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_AlwaysAutoResize);
  text_wrapped(toast_.text);
  if (small_button(T("Đóng##toast", "Close##toast"))) toast_.text.clear();
  ImGui::End();
  ImGui::PopStyleColor(2);
}

std::string App::state_json() const {
  nlohmann::json j;
  static const char* kScreens[] = {"home", "unit", "form", "keys", "submit", "verify", "aggregate"};
  j["screen"] = kScreens[static_cast<int>(screen)];
  nlohmann::json ks = nlohmann::json::array();
  for (const auto& k : keys) ks.push_back({{"key_id", k.key_id}, {"unit", k.info.unit_code}});
  j["keys"] = ks;
  if (verified)
    j["verified"] = {{"file", verified->file}, {"ok", verified->v.ok()}, {"verdict", verified->v.verdict(g_lang)},
                     {"total", verified->v.total.to_double()}};
  j["lang"] = g_lang == cds::Lang::Vi ? "vi" : "en";
  j["theme"] = settings.theme == Theme::Light ? "light" : (settings.theme == Theme::Dark ? "dark" : "contrast");
  j["textScale"] = settings.text_scale;
  j["dpr"] = platform::device_pixel_ratio();
  j["frames"] = platform::frames_rendered();
  j["frameMs"] = platform::last_frame_ms();
  j["version"] = cds::kVersion;
  // Every Vietnamese letter must come from the bundled font, not the '?' fallback.
  int missing = 0;
  const char* letters = "−≈≠≤≥→▸▾●⚠✓✕ĂÂĐÊÔƠƯăâđêôơưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
  for (const char* p = letters; *p;) {
    unsigned int c = 0;
    p += ImTextCharFromUtf8(&c, p, nullptr);
    if (!fonts::regular() || !fonts::regular()->FindGlyphNoFallback(static_cast<ImWchar>(c))) ++missing;
  }
  j["vietnameseGlyphsMissing"] = missing;
  nlohmann::json rs = nlohmann::json::array();
  for (const auto& e : rubrics)
    rs.push_back({{"key", e.key},
                  {"file", e.file},
                  {"bundled", e.bundled},
                  {"id", e.rubric ? e.rubric->id : ""},
                  {"title", e.rubric ? e.rubric->title : ""},
                  {"criteria", e.rubric ? e.rubric->criteria.size() : 0},
                  {"problems", e.problems.size()}});
  j["rubrics"] = rs;
  nlohmann::json ds = nlohmann::json::array();
  for (const auto& d : drafts)
    ds.push_back({{"id", d.id},
                  {"unit", d.answers.unit.name},
                  {"rubric", d.answers.rubric_id},
                  {"total", d.sheet.total.to_double()},
                  {"answered", d.sheet.answered},
                  {"items", d.sheet.items},
                  {"updated", d.updated},
                  {"dirty", d.dirty},
                  {"seq", d.seq},
                  {"changedSinceExport", d.changed_since_export()}});
  j["drafts"] = ds;
  j["storage"] = {{"loaded", storage_loaded},
                  {"savesOk", saves_ok},
                  {"lastError", last_save_error},
                  {"persistence", platform::storage_persistence()},
                  {"secure", platform::is_secure_context()},
                  {"fileUrl", platform::is_file_url()},
                  {"failed", storage_failed},
                  {"privateSuspected", platform::is_private_mode_suspected()}};
  if (const Draft* d = const_cast<App*>(this)->current()) {
    nlohmann::json cur = {{"id", d->id},
                          {"rubric", d->answers.rubric_id},
                          {"total", d->sheet.total.to_double()},
                          {"max", d->sheet.scale.to_double()},
                          {"answered", d->sheet.answered},
                          {"items", d->sheet.items},
                          {"problems", d->sheet.problems},
                          {"unit", {{"name", d->answers.unit.name}, {"code", d->answers.unit.code}, {"type", d->answers.unit.type}}},
                          {"period", d->answers.period},
                          {"generalInfo", d->answers.general_info},
                          {"inputs", d->answers.inputs},
                          {"notes", d->answers.notes}};
    nlohmann::json crit = nlohmann::json::object();
    for (const auto& c : d->sheet.criteria)
      crit[c.id] = {{"score", c.score.to_double()}, {"status", cds::status_name(c.status)}};
    cur["criteria"] = crit;
    nlohmann::json ev = nlohmann::json::object();
    for (const auto& [k, items] : d->answers.evidence) ev[k] = items.size();
    cur["evidence"] = ev;
    nlohmann::json subs = nlohmann::json::array();
    for (const auto& s : d->submissions) subs.push_back({{"file", s.file}, {"sha256", s.sha256}, {"key_id", s.key_id}, {"total", s.total.to_double()}});
    cur["submissions"] = subs;
    cur["scroll"] = form_scroll;
    cur["scrollMax"] = form_scroll_max;
    nlohmann::json open_items = nlohmann::json::array();
    for (const auto& id : expanded) open_items.push_back(id);
    cur["expanded"] = open_items;
    j["draft"] = cur;
  }
  j["toast"] = toast_.text;
  j["aggregate"] = aggregate_state_json();
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ui
