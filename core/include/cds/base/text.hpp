// cds/base/text.hpp — UTF-8 checks and Unicode NFC normalisation.
//
// Vietnamese typed on different systems arrives precomposed (NFC) or decomposed (NFD, e.g. from
// macOS file names or some input methods); the bundled font and ImGui render only precomposed
// letters, and comparisons must not depend on the form. Every text that enters core is checked
// and normalised here. NFC follows Unicode §3.11 with tables generated at build time from the
// Unicode Character Database (tools/gen-unicode-tables); the tests check it against utf8proc and
// Unicode's own NormalizationTest.txt.
//
// Not provided: case folding, collation, or any locale-dependent behaviour.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cds {

bool is_valid_utf8(std::string_view s);
// NFC form of `s`; nullopt when `s` is not valid UTF-8.
std::optional<std::string> to_nfc(std::string_view s);
// Whether valid UTF-8 `s` is in NFC already (to_nfc(s) == s, without building the copy when it is).
bool is_nfc(std::string_view s);
// The quick check alone: true proves `s` valid UTF-8 and in NFC (no code point that composition
// could change); false says nothing (to_nfc decides).
bool quick_nfc_yes(std::string_view s);
// NFC if valid; otherwise invalid sequences replaced by U+FFFD, then NFC. Never fails.
std::string to_nfc_lossy(std::string_view s);
// Number of Unicode code points (s assumed valid UTF-8).
size_t utf8_length(std::string_view s);
// Removes ASCII white space, NBSP (U+00A0) and narrow NBSP (U+202F) at both ends.
std::string_view trim(std::string_view s);
// Keeps at most `max_chars` code points, appending "…" when cut (for one-line displays).
std::string ellipsize(std::string_view s, size_t max_chars);

// A piece of a file name from a unit's code or name: ASCII-folded, lower case letters, digits,
// '-' and '_' kept, spaces and dots made '-', at most 40 characters, "don-vi" when nothing is left.
std::string file_name_part(std::string_view text);

// "UBND xã An Thạnh (XA-AT)"; just the name or just the code when the other is empty.
std::string name_with_code(const std::string& name, const std::string& code);
// Vietnamese letters without diacritics, lower case ASCII ("Đại Hải" → "dai hai"); for search
// and file names.
std::string ascii_fold(std::string_view s);
// The same keeping upper case ("Báo cáo Đợt 2" → "Bao cao Dot 2"); for file names.
std::string ascii_letters(std::string_view s);

}  // namespace cds
