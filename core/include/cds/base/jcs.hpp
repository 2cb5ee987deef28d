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
//
// `defer` names a member of `member` whose value, when it is an object, is checked, and counted in
// member_jcs, exactly the same way but not built: `doc` holds null in its place and `deferred` its
// bytes (a view into `bytes`, the value as laid out at nesting level 2), which
// read_canonical_value(deferred, 2, …) turns into the value parse_json would have given. Verifying a
// submission defers "scores", about 40 % of the nodes, and compares it from the bytes.
//
// `detach` names another member of `member` whose value is built as usual but into `detached`
// instead of `doc` (which holds null in its place), with its bytes in `detached_text` (as
// `deferred`): a caller that takes the value apart (verification moves the answers into Answers)
// then builds it once, and can read it back from the bytes if the whole document is asked for.
struct CanonicalRead {
  Json doc;
  std::string member_jcs;
  bool member_found = false;
  std::string_view deferred;  // empty when nothing was deferred
  std::optional<Json> detached;
  std::string_view detached_text;
};
std::optional<CanonicalRead> read_canonical(std::string_view bytes, const JsonLimits& limits, std::string_view member,
                                            std::string_view defer = {}, std::string_view detach = {});
// A value laid out canonically at nesting `level` (as read_canonical found it): false for any
// other text.
bool read_canonical_value(std::string_view text, int level, Json& out);
// UTF-8 → UTF-16 code units, the order JCS sorts member names in (input: valid UTF-8).
std::u16string utf16_units(std::string_view s);
// One number as ECMAScript writes it ("1e+21", "0.000001", "4.5", "-0" → "0").
std::optional<std::string> jcs_number(double v);

// A number token that is certainly jcs_number of the double it denotes, without converting it: a
// plain decimal with a fraction ("-12.25", "0.05": optional '-', "0" or digits not starting with 0,
// '.', digits ending in 1–9), at most 15 significant digits and at least 10^-6 in magnitude (fewer
// than six zeros after "0."). Such a decimal is the shortest that reads back as its double (no two
// decimals of ≤ 15 digits share a double) and ECMAScript writes it without an exponent, as it is.
// Its exact value is mantissa / 10^decimals. False says nothing: other tokens may be canonical too.
struct PlainDecimal {
  long long mantissa = 0;  // signed
  int decimals = 0;        // 1–20
};
std::optional<PlainDecimal> jcs_plain_decimal(std::string_view token);

}  // namespace cds
