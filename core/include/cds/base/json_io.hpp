// cds/base/json_io.hpp — reading untrusted JSON safely (nlohmann/json underneath).
//
// Files reach cds by email from many hands. parse_json is the one entry every file kind goes
// through. Before nlohmann parses anything, the bytes are checked against the limits below, for
// NUL bytes (nlohmann would stop reading there and ignore the rest) and for valid UTF-8; parsing
// reports line and column; duplicate object keys (which nlohmann would silently collapse) are
// refused; strings are normalised to NFC. Time and memory are linear in the input's size for every
// shape (wide, deep, long). Nothing here throws: the result carries either a document or messages.
//
// Not provided: streaming, JSON5/comments, or any output (see jcs.hpp for canonical output).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "cds/base/message.hpp"
#include "cds/base/num.hpp"

namespace cds {

using Json = nlohmann::json;

struct JsonLimits {
  size_t max_bytes = 8u * 1024 * 1024;  // 8 MiB: real rubrics are < 200 KB, submissions < 1 MB
  int max_depth = 64;                   // real files nest < 15 levels
  bool nfc = true;                      // normalise names and strings to NFC (off where exact bytes are checksummed)
  // Values at most (the root, each member's value, each item; containers count): what the document
  // costs in memory is about 100 bytes a value whatever its bytes (json.too_many_values). 0: any.
  size_t max_values = 0;
};

struct ParsedJson {
  std::optional<Json> doc;
  Messages messages;  // errors (doc empty) or warnings (e.g. a UTF-8 BOM was removed)
};

// `what` names the file kind in messages ("tệp tiêu chí", "tệp bài làm"...).
ParsedJson parse_json(std::string_view bytes, const JsonLimits& limits = {});

// Exact value of a JSON number (see Num::from_double); nullopt for non-numbers.
std::optional<Num> json_num(const Json& j);
// The JSON number for n: an integer when n is whole, otherwise the nearest double.
Json num_to_json(const Num& n);
// Problems as written in verification and aggregate reports: [{"code", "vi", "en", "where",
// "severity": "error"|"warning"|"info", "input" (only when the message is about one input)}].
Json problems_to_json(const Messages& ms);

// Typed field access that never throws.
const Json* field(const Json& obj, const char* key);
std::string str_or(const Json& obj, const char* key, std::string dflt = {});

// A short human description of a JSON value's type, in Vietnamese ("chuỗi", "số", "đối tượng").
const char* json_type_vi(const Json& j);
const char* json_type_en(const Json& j);

}  // namespace cds
