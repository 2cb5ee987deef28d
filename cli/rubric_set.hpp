// cli/rubric_set.hpp — the rubric files of a folder as a catalogue (by id and version, with SHA-256).
#pragma once

#include <string>

#include "cds/model/catalogue.hpp"

namespace cli {

// Loads every *.json rubric in `dir` and in `dir`/superseded (earlier versions, kept so that
// submissions made with them still verify); unreadable or invalid ones are reported on stderr.
cds::RubricCatalogue load_rubric_dir(const std::string& dir);
std::string default_rubric_dir();

}  // namespace cli
