#include "rubric_set.hpp"

#include <cstdio>

#include "cds/base/crypto.hpp"
#include "common.hpp"

namespace cli {

cds::RubricLookup RubricSet::lookup() const {
  return [this](const std::string& id, const std::string& version) -> std::optional<cds::RubricRef> {
    for (const auto& f : files)
      if (f.rubric->id == id && f.rubric->version == version) return cds::RubricRef{f.rubric.get(), f.sha256};
    return std::nullopt;
  };
}

RubricSet load_rubric_dir(const std::string& dir) {
  RubricSet set;
  for (const auto& path : list_json(dir)) {
    auto bytes = read_file(path);
    if (!bytes) continue;
    auto loaded = cds::load_rubric(*bytes);
    if (!loaded.rubric) {
      std::fprintf(stderr, "%s: bỏ qua, không phải tệp tiêu chí hợp lệ / skipped, not a valid rubric\n", path.c_str());
      continue;
    }
    set.files.push_back({path, cds::sha256_hex(*bytes), std::make_unique<cds::Rubric>(std::move(*loaded.rubric))});
  }
  return set;
}

std::string default_rubric_dir() { return CDS_DEFAULT_RUBRICS; }

}  // namespace cli
