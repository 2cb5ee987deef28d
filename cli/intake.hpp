// cli/intake.hpp — reading an office's intake (cmd_aggregate.cpp), shared by `cds aggregate` and
// `cds appraise-table`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cds/office/aggregate.hpp"
#include "common.hpp"

namespace cli {

// Every *.json and *.zip under positional arguments [first…] and --appraisals, sorted, once each;
// nullopt (after a usage message) when one does not exist.
std::optional<std::vector<std::string>> intake_paths(const Args& args, size_t first);
// Checks every file on `threads` threads (a dossier's submission and evidence); input order.
std::vector<cds::CheckedFile> check_all(const cds::Aggregator& agg, const std::vector<std::string>& paths, unsigned threads);

}  // namespace cli
