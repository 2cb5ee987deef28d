// Helpers shared by the unit tests: reading repository files, building rubrics inline.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "cds/model/rubric.hpp"

namespace testutil {

inline std::string slurp(const std::string& rel) {
  std::ifstream f(std::string(CDS_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline cds::Num n(const char* s) { return *cds::Num::parse(s); }

}  // namespace testutil
