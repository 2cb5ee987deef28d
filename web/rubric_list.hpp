// web/rubric_list.hpp — the rubrics on this device as the app lists them: the bundled files (in
// file-name order) and the files the user opened (kept in the browser's storage), each with what
// the app adds to core's catalogue entry: the key drafts refer to, whether it was opened by the
// user, and its load and lint problems. The rubrics themselves, their SHA-256 and lookup by (id,
// version) are core's cds::RubricCatalogue: verification, the intake and drafts all use that one.
//
// Not provided: two files with the same id and version (the catalogue keeps the first and says
// so), reading files (callers bring bytes).
#pragma once

#include <string>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/model/catalogue.hpp"

namespace ui {

class Toasts;

struct RubricItem {
  std::string key;   // bundled: the rubric id ("bundled:<file>" when unreadable); opened: "user:<sha256>"
  std::string file;  // file name
  bool bundled = true;
  const cds::CatalogueEntry* entry = nullptr;  // null when the file does not load
  cds::Messages problems;                     // load and lint problems
  const cds::Rubric* rubric() const { return entry ? entry->rubric.get() : nullptr; }
};

class RubricList {
 public:
  explicit RubricList(Toasts& toasts) : toasts_(toasts) {}

  // A file shipped with the app (listed even when it does not load).
  void add_bundled(const std::string& file, const std::string& bytes);
  // A rubric file the user opened: added, kept in storage, and said so.
  void open(const std::string& name, const std::string& bytes) { add_opened(name, bytes, true); }
  // A rubric file the user opened on an earlier visit (from storage).
  void restore(const std::string& name, const std::string& bytes) { add_opened(name, bytes, false); }

  const std::vector<RubricItem>& items() const { return items_; }
  const RubricItem* find(const std::string& key) const;
  // The last listed rubric with this id (an opened file after a bundled one).
  const RubricItem* find_id(const std::string& rubric_id) const;
  const cds::RubricCatalogue& catalogue() const { return catalogue_; }

 private:
  void add_opened(const std::string& name, const std::string& bytes, bool by_user);
  Toasts& toasts_;
  cds::RubricCatalogue catalogue_;
  std::vector<RubricItem> items_;
};

}  // namespace ui
