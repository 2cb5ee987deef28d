#include "rubric_set.hpp"

#include <cstdio>
#include <filesystem>
#include <vector>

#include "common.hpp"

namespace cli {

cds::RubricCatalogue load_rubric_dir(const std::string& dir) {
  cds::RubricCatalogue set;
  // The folder's own files first, then its superseded/ subfolder: the earlier versions that
  // submissions made with an older copy of the app still name (a repeated id and version keeps the
  // first one added).
  std::vector<std::string> files = list_json(dir);
  std::error_code ec;
  if (std::filesystem::is_directory(std::filesystem::path(dir) / "superseded", ec))
    for (auto& f : list_json((std::filesystem::path(dir) / "superseded").string())) files.push_back(std::move(f));
  for (const auto& path : files) {
    // The web app's rubric catalogue (dist/rubrics/index.json, tools/make-catalogue) lives beside
    // the rubric files: a list of what they are, not a rubric, and not a reason for a warning.
    if (std::filesystem::path(path).filename() == "index.json") continue;
    auto bytes = read_file(path);
    if (!bytes) continue;
    cds::Messages why;
    if (!set.add(*bytes, path, &why)) {
      if (cds::has_errors(why))
        std::fprintf(stderr, "%s: bỏ qua, không phải tệp tiêu chí hợp lệ / skipped, not a valid rubric\n", path.c_str());
      else
        print_messages(why, path);
    }
  }
  return set;
}

std::string default_rubric_dir() { return CDS_DEFAULT_RUBRICS; }

}  // namespace cli
