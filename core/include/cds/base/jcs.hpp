// cds/base/jcs.hpp — RFC 8785 JSON Canonicalization Scheme (JCS).
//
// The bytes every signature covers: object members sorted by the UTF-16 code units of their names,
// no white space, strings escaped minimally (only '"', '\\' and U+0000–U+001F, the latter as \b \t
// \n \f \r or \u00xx), numbers written the way ECMAScript's Number.prototype.toString writes an
// IEEE-754 double (double-conversion's EcmaScript mode), so the same value gives the same bytes
// natively, in wasm and in any other conforming implementation.
//
// Not provided: parsing (json_io.hpp). Integers beyond ±2^53 and non-finite numbers are refused
// (they have no exact double).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cds/base/json_io.hpp"

namespace cds {

// Canonical bytes of `j`, or nullopt with `error` set when `j` holds a number JCS cannot represent.
std::optional<std::string> jcs(const Json& j, std::string* error = nullptr);
// The same canonical members, order and spellings laid out for people: two spaces per level, ": "
// after names, one member or element per line, "[]"/"{}" when empty, a final newline. The layout
// of every signed file (envelope.hpp).
std::optional<std::string> jcs_pretty(const Json& j, std::string* error = nullptr);
// A file read in one pass when its bytes are exactly jcs_pretty of the document they hold, within
// `limits` (size, depth) and with all text in NFC: then `doc` is what parse_json(bytes, limits) gives
// (without a message) and `member_jcs` the JCS bytes of the value of the top-level member `member`
// (member_found). nullopt for any other bytes — malformed, or well-formed but laid out, spelled,
// ordered or normalised differently —: callers then take parse_json and compare jcs_pretty, which
// say what is wrong. Signed files (envelope.hpp) are read this way.
struct CanonicalRead {
  Json doc;
  std::string member_jcs;
  bool member_found = false;
};
std::optional<CanonicalRead> read_canonical(std::string_view bytes, const JsonLimits& limits, std::string_view member);
// UTF-8 → UTF-16 code units, the order JCS sorts member names in (input: valid UTF-8).
std::u16string utf16_units(std::string_view s);
// One number as ECMAScript writes it ("1e+21", "0.000001", "4.5", "-0" → "0").
std::optional<std::string> jcs_number(double v);

}  // namespace cds
