#include "rubric_list.hpp"

#include <algorithm>
#include <memory>

#include "cds/base/crypto.hpp"
#include "cds/base/json_io.hpp"
#include "cds/model/draft_store.hpp"
#include "cds/model/rubric.hpp"
#include "i18n.hpp"
#include "platform.hpp"
#include "toast.hpp"

namespace ui {
namespace {

cds::Messages lint_problems(const cds::LoadedRubric& loaded) {
  cds::Messages problems = loaded.messages;
  if (loaded.rubric) {
    auto more = cds::lint(*loaded.rubric);
    problems.insert(problems.end(), more.begin(), more.end());
  }
  return problems;
}

cds::CatalogueEntry entry_of(cds::Rubric rubric, const std::string& bytes, const std::string& source) {
  cds::CatalogueEntry e;
  e.rubric = std::make_shared<const cds::Rubric>(std::move(rubric));
  e.sha256 = cds::sha256_hex(bytes);
  e.source = source;
  return e;  // the catalogue makes the scoring plan (add())
}

}  // namespace

RubricSummary summary_of(const cds::Rubric& r) {
  return {r.id, r.version, r.title, r.subtitle, r.authority, r.unit_level, r.year, r.scale, r.criteria.size()};
}

void RubricList::add_catalogue(const std::string& index_json) {
  auto parsed = cds::parse_json(index_json);
  if (!parsed.doc || !parsed.doc->is_array()) return;  // no catalogue: the files given are all there is
  for (const cds::Json& e : *parsed.doc) {
    std::string file = cds::str_or(e, "file");
    if (file.empty() || file.find('/') != std::string::npos || file.find("..") != std::string::npos) continue;
    RubricItem item;
    item.file = file;
    item.waiting = true;
    RubricSummary& s = item.summary;
    s.id = cds::str_or(e, "id");
    s.version = cds::str_or(e, "version");
    s.title = cds::str_or(e, "title");
    s.subtitle = cds::str_or(e, "subtitle");
    s.authority = cds::str_or(e, "authority");
    s.unit_level = cds::str_or(e, "unit_level");
    if (const cds::Json* y = cds::field(e, "year"); y && y->is_number_integer()) s.year = y->get<int>();
    if (const cds::Json* sc = cds::field(e, "scale")) {
      if (auto n = cds::json_num(*sc)) s.scale = *n;
    }
    if (const cds::Json* c = cds::field(e, "criteria"); c && c->is_number_unsigned()) s.criteria = c->get<size_t>();
    item.sha256 = cds::str_or(e, "sha256");
    item.key = s.id.empty() ? "bundled:" + file : s.id;
    items_.push_back(std::move(item));
  }
}

void RubricList::add_bundled(const std::string& file, const std::string& bytes) {
  auto loaded = cds::load_rubric(bytes);
  RubricItem item;
  item.file = file;
  item.text = bytes;
  item.problems = lint_problems(loaded);
  item.key = loaded.rubric ? loaded.rubric->id : "bundled:" + file;
  if (loaded.rubric) {
    item.summary = summary_of(*loaded.rubric);
    item.entry = catalogue_.add(entry_of(std::move(*loaded.rubric), bytes, file), &item.problems);
  }
  // In the catalogue's place for this file, when it has one (the file wins over what it said).
  for (auto& e : items_)
    if (e.bundled && e.waiting && e.file == file) {
      e = std::move(item);
      return;
    }
  items_.push_back(std::move(item));
}

void RubricList::mark_failed(const std::string& file) {
  for (auto& e : items_)
    if (e.waiting && e.file == file) e.fetch_failed = true;
}

bool RubricList::is_waiting(const std::string& file) const { return waiting_item(file) != nullptr; }

const RubricItem* RubricList::waiting_item(const std::string& file) const {
  for (const auto& e : items_)
    if (e.waiting && e.file == file) return &e;
  return nullptr;
}

std::vector<std::string> RubricList::waiting_files(const std::vector<std::string>& keys) const {
  std::vector<std::string> out;
  for (const auto& e : items_)
    if (e.waiting && (keys.empty() || std::find(keys.begin(), keys.end(), e.key) != keys.end())) out.push_back(e.file);
  return out;
}

void RubricList::add_opened(const std::string& name, const std::string& bytes, bool by_user) {
  auto loaded = cds::load_rubric(bytes);
  if (!loaded.rubric) {
    const cds::Message* m = cds::first_error(loaded.messages);
    toasts_.show(name + ": " + (m ? m->line(lang()) : std::string("?")), true);
    return;
  }
  std::string sha = cds::sha256_hex(bytes);
  for (const auto& e : items_)
    if (e.entry && e.entry->sha256 == sha) {
      if (by_user) toasts_.show(std::string(T("Bộ tiêu chí này đã có: ", "This rubric is already here: ")) + e.file);
      return;
    }
  RubricItem item;
  item.key = "user:" + sha;
  item.file = name;
  item.text = bytes;
  item.bundled = false;
  item.problems = lint_problems(loaded);
  item.summary = summary_of(*loaded.rubric);
  cds::Messages refused;
  item.entry = catalogue_.add(entry_of(std::move(*loaded.rubric), bytes, name), &refused);
  if (!item.entry) {  // the same id and version as a rubric already here
    toasts_.show(refused.empty() ? name : refused.front().text(lang()), true);
    return;
  }
  std::string title = item.entry->rubric->title;
  bool lint_errors = cds::has_errors(item.problems);
  items_.push_back(std::move(item));
  if (!by_user) return;
  cds::Json rec = {{"name", name}, {"bytes", bytes}};
  platform::storage_put("rubric:" + sha, cds::encode_record(1, rec.dump(-1, ' ', false, cds::Json::error_handler_t::replace)),
                        [](bool, const std::string&) {});
  toasts_.show(std::string(T("Đã mở bộ tiêu chí: ", "Rubric opened: ")) + title +
                   (lint_errors ? T(" (có lỗi kiểm tra, xem danh sách)", " (fails some checks, see the list)") : ""),
               lint_errors);
}

const RubricItem* RubricList::find(const std::string& key) const {
  for (const auto& e : items_)
    if (e.key == key) return &e;
  return nullptr;
}

const RubricItem* RubricList::find_id(const std::string& rubric_id) const {
  const RubricItem* found = nullptr;
  for (const auto& e : items_)
    if (e.rubric() && e.rubric()->id == rubric_id) found = &e;
  return found;
}

}  // namespace ui
