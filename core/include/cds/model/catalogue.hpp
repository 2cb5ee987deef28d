// cds/model/catalogue.hpp — the rubrics a program knows, each with the SHA-256 of its file's bytes,
// found by (id, version). One type for the CLI's rubric folder, the app's bundled and opened
// rubrics and the receiving office's intake; verification looks rubrics up through it.
//
// Not provided: reading folders or files (callers bring bytes), choosing between two files with the
// same id and version (the first one added stays; add() reports the second).
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/message.hpp"
#include "cds/model/rubric.hpp"

namespace cds {

class ScoringPlan;  // cds/rules/score.hpp

struct CatalogueEntry {
  std::shared_ptr<const Rubric> rubric;
  std::string sha256;  // lower-case hex SHA-256 of the file's bytes: what submissions name
  std::string source;  // where it came from (a path, a file name, "bundled")
  // The rubric prepared for scoring (made by add(); every file of this rubric is scored with it).
  std::shared_ptr<const ScoringPlan> plan;
};

// What verification needs of a rubric: the model and its file's hash; optionally its scoring plan
// (the same scores, found faster; without one, verification scores through the rubric).
struct RubricRef {
  const Rubric* rubric = nullptr;
  std::string sha256;
  const ScoringPlan* plan = nullptr;  // made from `rubric`
};
using RubricLookup = std::function<std::optional<RubricRef>(const std::string& id, const std::string& version)>;

class RubricCatalogue {
 public:
  // Loads one rubric file. Returns the new entry, or nullptr when the file does not load or repeats
  // an id and version already known (reasons in *problems). Linting is the caller's choice: an
  // official file with drafting problems must still verify the submissions made with it.
  const CatalogueEntry* add(std::string_view bytes, std::string source, Messages* problems = nullptr);
  // Adds an entry loaded elsewhere (same rule for a repeated id and version).
  const CatalogueEntry* add(CatalogueEntry e, Messages* problems = nullptr);
  const CatalogueEntry* find(std::string_view id, std::string_view version) const;
  // In the order added; entries never move, so pointers to them stay valid.
  const std::deque<CatalogueEntry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  // For verify_submission and friends; the catalogue must outlive the function.
  RubricLookup lookup() const;

 private:
  std::deque<CatalogueEntry> entries_;
};

}  // namespace cds
