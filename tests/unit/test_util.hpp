// Helpers shared by the unit tests: reading repository files, building rubrics inline.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "cds/base/crypto.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"

namespace testutil {

inline std::string slurp(const std::string& rel) {
  std::ifstream f(std::string(CDS_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline cds::Num n(const char* s) { return *cds::Num::parse(s); }

// A bundled rubric, one of its golden answers files (tests/golden/<id>/<name>.answers.json) and
// their scores.
struct Loaded {
  cds::Rubric r;
  cds::Answers a;
  cds::ScoreSheet s;
};
inline Loaded load_golden(const std::string& id, const std::string& golden) {
  Loaded l;
  l.r = *cds::load_rubric(slurp("assets/rubrics/" + id + ".json")).rubric;
  l.a = *cds::load_answers(slurp("tests/golden/" + id + "/" + golden + ".answers.json")).answers;
  l.s = cds::score(l.r, l.a);
  return l;
}

// An evidence entry naming a file by its name, size and SHA-256 (as the form records one).
inline cds::EvidenceItem file_item(const std::string& name, const std::string& bytes) {
  cds::EvidenceItem e;
  e.kind = "file";
  e.name = name;
  e.size = static_cast<long long>(bytes.size());
  e.sha256 = cds::sha256_hex(bytes);
  return e;
}

}  // namespace testutil
