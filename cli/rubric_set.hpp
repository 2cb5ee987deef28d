// cli/rubric_set.hpp — the rubric files of a folder, by id and version, with their SHA-256.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cds/signing/submission.hpp"

namespace cli {

struct RubricFile {
  std::string path;
  std::string sha256;
  std::unique_ptr<cds::Rubric> rubric;
};

struct RubricSet {
  std::vector<RubricFile> files;
  cds::RubricLookup lookup() const;
};

// Loads every *.json rubric in `dir` (unreadable or invalid ones are reported on stderr).
RubricSet load_rubric_dir(const std::string& dir);
std::string default_rubric_dir();

}  // namespace cli
