#include "rubric_list.hpp"

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
  return {std::make_shared<const cds::Rubric>(std::move(rubric)), cds::sha256_hex(bytes), source};
}

}  // namespace

void RubricList::add_bundled(const std::string& file, const std::string& bytes) {
  auto loaded = cds::load_rubric(bytes);
  RubricItem item;
  item.file = file;
  item.problems = lint_problems(loaded);
  item.key = loaded.rubric ? loaded.rubric->id : "bundled:" + file;
  if (loaded.rubric) item.entry = catalogue_.add(entry_of(std::move(*loaded.rubric), bytes, file), &item.problems);
  items_.push_back(std::move(item));
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
  item.bundled = false;
  item.problems = lint_problems(loaded);
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
