// web/rubric_list.hpp — the rubrics on this device as the app lists them: the bundled files (in
// file-name order) and the files the user opened (kept in the browser's storage), each with what
// the app adds to core's catalogue entry: the key drafts refer to, whether it was opened by the
// user, and its load and lint problems. The rubrics themselves, their SHA-256 and lookup by (id,
// version) are core's cds::RubricCatalogue: verification, the intake and drafts all use that one.
//
// The bundled files may arrive later than the list: the unit edition starts from the catalogue
// dist/rubrics/index.json (tools/make-catalogue: what the chooser shows of each file) and fetches
// a file when it is first needed (App::with_rubrics). Until then its item is `waiting`, with the
// catalogue's summary and no rubric; once read, the file's own content replaces the summary.
//
// Not provided: two files with the same id and version (the catalogue keeps the first and says
// so), reading files (callers bring bytes).
#pragma once

#include <string>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/base/num.hpp"
#include "cds/model/catalogue.hpp"

namespace ui {

class Toasts;

// What the rubric chooser and the drafts list show of a rubric, from its file or the catalogue.
struct RubricSummary {
  std::string id, version, title, subtitle, authority, unit_level;
  int year = 0;
  cds::Num scale = 100;
  size_t criteria = 0;
};
RubricSummary summary_of(const cds::Rubric& r);

struct RubricItem {
  std::string key;   // bundled: the rubric id ("bundled:<file>" when unreadable); opened: "user:<sha256>"
  std::string file;  // file name
  bool bundled = true;
  bool waiting = false;  // listed by the catalogue, its file not read yet
  bool fetch_failed = false;  // waiting, and the last attempt to fetch it failed (the next need retries)
  std::string sha256;         // the catalogue's SHA-256 of the file (empty: not known)
  RubricSummary summary;
  const cds::CatalogueEntry* entry = nullptr;  // null when the file does not load
  cds::Messages problems;                     // load and lint problems
  std::string text;                           // the file's bytes (the Excel worker reads the rubric from them)
  const cds::Rubric* rubric() const { return entry ? entry->rubric.get() : nullptr; }
};

class RubricList {
 public:
  explicit RubricList(Toasts& toasts) : toasts_(toasts) {}

  // The catalogue of the files shipped with the app (rubrics/index.json): one waiting item each.
  void add_catalogue(const std::string& index_json);
  // A file shipped with the app, read (listed even when it does not load): fills its waiting item.
  void add_bundled(const std::string& file, const std::string& bytes);
  // The files of waiting items with these keys (all waiting items when `keys` is empty).
  std::vector<std::string> waiting_files(const std::vector<std::string>& keys) const;
  bool is_waiting(const std::string& file) const;
  // The waiting item of this file (null when none).
  const RubricItem* waiting_item(const std::string& file) const;
  void mark_failed(const std::string& file);
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
