// cli/intake.hpp — reading an office's intake (cmd_aggregate.cpp), shared by `cds aggregate` and
// `cds appraise-table`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cds/office/aggregate.hpp"
#include "common.hpp"

namespace cli {

// Every *.json and *.zip under positional arguments [first…] and --appraisals, sorted, once each;
// nullopt (after a usage message) when one does not exist.
std::optional<std::vector<std::string>> intake_paths(const Args& args, size_t first);
// How far the checking threads may run ahead of the files taken: at most `files` files and, once
// every thread has one, `bytes` bytes of files started and not yet taken. A checked file costs
// about its own size at most (a file at the answers' limits keeps 2–4 MiB of evidence names; a
// dossier while checked about twice its size), so this bounds what the intake holds besides what
// it keeps per file (docs/limits.md) to about the window, or a file per thread when they are large.
struct CheckWindow {
  size_t files = 64;
  uintmax_t bytes = 64u << 20;
};
// Checks every file on `threads` threads (a dossier's submission and evidence) and hands each to
// `take` on the calling thread, in input order, as soon as it and those before it are checked
// (a few at a time). An exception from `take` stops the checking and is thrown again here.
void check_each(const cds::Aggregator& agg, const std::vector<std::string>& paths, unsigned threads,
                const std::function<void(size_t, cds::CheckedFile&&)>& take, const CheckWindow& window = {});

}  // namespace cli
