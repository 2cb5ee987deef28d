// cli/common.hpp — what every `cds` command shares: reading files, printing messages, exit codes.
// Exit codes everywhere: 0 ok, 1 the input is invalid or fails the check, 2 usage or unreadable file.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cds/signing/keys.hpp"
#include "cds/base/message.hpp"
#include "cds/signing/submission.hpp"
#include "cds/base/vnformat.hpp"
#include "output.hpp"

namespace cli {

enum Exit { kOk = 0, kInvalid = 1, kUsage = 2 };

struct Args {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;  // --name value / --flag ""
  bool has(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;
};

// Parses argv[first..]; `flags` are options without a value (e.g. "--json").
std::optional<Args> parse_args(int argc, char** argv, int first, const std::vector<std::string>& flags,
                               const std::vector<std::string>& valued);

// Reads a whole file; on failure prints a message and returns nullopt.
std::optional<std::string> read_file(const std::string& path, size_t max_bytes = 64u * 1024 * 1024);
// Whether the file name ends in `ext` (lower case, with its dot) in any case: ".JSON" is ".json".
bool has_extension(const std::string& path, const char* ext);
// All *.json entries of a folder that are not folders (sorted; dangling or looping links
// included, so callers report them), or the path itself if it is not a folder.
std::vector<std::string> list_json(const std::string& path, bool recursive = false, bool dossiers = false);  // dossiers: *.zip too
// A file-system error in words: {Vietnamese, English}.
std::pair<std::string, std::string> explain_fs_error(const std::error_code& ec);

void print_messages(const cds::Messages& ms, const std::string& file);
void usage_error(const std::string& vi, const std::string& en);
// A verdict's first line in the chosen language and in the other, then every problem (errors and
// notes) with its code, where it applies, Vietnamese and English.
void print_verdict(const std::string& verdict, const std::string& other_language, const cds::Messages& problems, std::FILE* to = stdout);

cds::Lang lang_from(const Args& a);

// --passphrase-file: the passphrase without its line ending (usage error when missing or empty).
std::optional<std::string> read_passphrase(const Args& a);
// --key + --passphrase-file: the opened key; problems printed, exit code in *code on failure.
std::optional<cds::KeyPair> open_key(const Args& a, int* code);
// The local time as ISO 8601 with offset ("2026-11-23T08:15:00+07:00") and for people ("23/11/2026 08:15").
std::string now_iso();
std::string now_local_text();
// The system's offset from UTC now, for showing times (core reads no clock).
cds::DisplayClock system_clock();
// --trust F: the trust list (nullopt without the option; *failed when it is unreadable or invalid).
std::optional<cds::TrustList> load_trust_option(const Args& a, bool* failed);

}  // namespace cli
