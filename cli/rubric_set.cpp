#include "rubric_set.hpp"

#include <cstdio>

#include "common.hpp"

namespace cli {

cds::RubricCatalogue load_rubric_dir(const std::string& dir) {
  cds::RubricCatalogue set;
  for (const auto& path : list_json(dir)) {
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
