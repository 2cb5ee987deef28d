// read_canonical (jcs.hpp): one pass over a signed file that is already in its canonical layout.
//
// The general way to open a signed file is parse_json (limits, UTF-8, NUL, depth, duplicates, NFC)
// followed by writing the document again with jcs_pretty and comparing the bytes. Every genuine
// file passes, so this reader checks the same things while it reads: it accepts a byte only where
// jcs_pretty would have written exactly that byte, and builds the document nlohmann's reader would
// have built. Anything else — a limit, white space, an escape, a number spelling, the order of
// members, text not in NFC — makes it give up, and the caller takes the general path, which says
// what is wrong. So it never decides a verdict or a message; it only skips work on files that are
// right.
#include <double-conversion/double-conversion.h>

#include <cstdint>
#include <cstring>

#include "cds/base/jcs.hpp"
#include "cds/base/text.hpp"

namespace cds {
namespace {

constexpr long long kMaxExact = 9007199254740992LL;  // 2^53: JCS refuses integers beyond

// UTF-16 code unit order of two UTF-8 strings (JCS member order). Byte order agrees with it except
// where a supplementary character (4 bytes, a surrogate pair) meets U+E000–U+FFFF: decided at the
// first byte that differs, which is byte order unless one of the two is such a lead byte (0xEE on).
bool utf16_less(std::string_view a, std::string_view b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  if (i == n) return a.size() < b.size();
  auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
  if (x < 0xEE && y < 0xEE) return x < y;
  return utf16_units(a) < utf16_units(b);
}

class Reader {
 public:
  Reader(std::string_view bytes, int max_depth, std::string_view member, std::string_view defer = {}, std::string_view detach = {},
         size_t max_values = 0)
      : s_(bytes), max_depth_(max_depth), max_values_(max_values), member_(member), defer_(defer), detach_(detach) {}

  bool run(Json& doc) {
    if (!value(&doc, 0)) return false;
    return at_ + 1 == s_.size() && s_[at_] == '\n';
  }
  // One value at nesting `level` that is the whole of the text (a deferred member read back).
  bool run_value(Json& out, int level) { return value(&out, level) && at_ == s_.size(); }
  std::string member_jcs;
  bool member_found = false;
  size_t deferred_from = 0, deferred_to = 0;
  bool deferred_found = false;
  std::optional<Json> detached;
  size_t detached_from = 0, detached_to = 0;

 private:
  // One value at nesting `level` (its opening line's indentation is written by the caller). With
  // `out` null the value is checked (and emitted) exactly the same way but no document is built.
  bool value(Json* out, int level) {
    if (at_ >= s_.size()) return false;
    if (max_values_ && ++values_ > max_values_) return false;  // parse_json: json.too_many_values
    switch (s_[at_]) {
      case '{': return object(out, level);
      case '[': return array(out, level);
      case '"': {
        std::string_view v;
        if (!string(v)) return false;
        if (out) *out = Json(v.data() == scratch_.data() ? std::move(scratch_) : std::string(v));
        return true;
      }
      case 't': return literal("true", Json(true), out);
      case 'f': return literal("false", Json(false), out);
      case 'n': return literal("null", Json(nullptr), out);
      default: return number(out);
    }
  }

  bool literal(const char* word, Json v, Json* out) {
    size_t n = std::strlen(word);
    if (s_.compare(at_, n, word) != 0) return false;
    emit(at_, n);
    at_ += n;
    if (out) *out = std::move(v);
    return true;
  }

  // "\n" and two spaces per level.
  bool newline(int level) {
    size_t n = 1 + static_cast<size_t>(level) * 2;
    if (at_ + n > s_.size() || s_[at_] != '\n') return false;
    size_t i = 1;
    for (; i + 8 <= n; i += 8) {  // eight spaces at a time
      std::uint64_t w;
      std::memcpy(&w, s_.data() + at_ + i, 8);
      if (w != 0x2020202020202020ULL) return false;
    }
    for (; i < n; ++i)
      if (s_[at_ + i] != ' ') return false;
    at_ += n;
    return true;
  }

  bool object(Json* out, int level) {
    if (level + 1 > max_depth_) return false;  // parse_json: json.too_deep
    Json::object_t* obj = nullptr;
    if (out) {
      *out = Json::object();
      obj = &out->get_ref<Json::object_t&>();
    }
    emit(at_, 1);  // {
    ++at_;
    if (at_ < s_.size() && s_[at_] == '}') {
      emit(at_, 1);
      ++at_;
      return true;
    }
    bool first = true;
    std::string_view prev;  // the previous member's name: in the bytes, a map node's key or prev_key
    std::string prev_key;   // a name with an escape, without a document
    for (;;) {
      if (!newline(level + 1)) return false;
      std::string_view key;
      if (!string(key)) return false;
      // Strictly after the previous name in JCS order: sorted, and no name twice.
      if (!first && !utf16_less(prev, key)) return false;
      first = false;
      if (at_ + 2 > s_.size() || s_[at_] != ':' || s_[at_ + 1] != ' ') return false;
      emit(at_, 1);  // :
      at_ += 2;
      bool capture = level == 0 && !member_.empty() && std::string_view(key) == member_;
      // A member of the captured one whose value is checked and emitted but not built (only an
      // object: anything else is built as usual).
      bool defer = out && level == 1 && emitting_ && !defer_.empty() && std::string_view(key) == defer_ && at_ < s_.size() && s_[at_] == '{';
      // A member of the captured one built apart from the document.
      bool detach = out && level == 1 && emitting_ && !detach_.empty() && std::string_view(key) == detach_;
      Json* slot = nullptr;
      if (obj) {
        auto it = obj->emplace_hint(obj->end(), key.data() == scratch_.data() ? std::move(scratch_) : std::string(key), Json());
        prev = it->first;  // map nodes do not move
        if (detach) slot = &detached.emplace();
        else if (!defer) slot = &it->second;
      } else if (key.data() == scratch_.data()) {
        prev_key.swap(scratch_);
        prev = prev_key;
      } else {
        prev = key;
      }
      if (capture) {
        emitting_ = true;
        member_jcs.clear();
        member_jcs.reserve(s_.size() - at_);  // at most the bytes left
      }
      size_t from = at_;
      if (!value(slot, level + 1)) return false;
      if (defer) {
        deferred_from = from;
        deferred_to = at_;
        deferred_found = true;
      }
      if (detach) {
        detached_from = from;
        detached_to = at_;
      }
      if (capture) {
        flush();
        emitting_ = false;
        member_found = true;
      }
      if (at_ < s_.size() && s_[at_] == ',') {
        emit(at_, 1);
        ++at_;
        continue;
      }
      break;
    }
    if (!newline(level) || at_ >= s_.size() || s_[at_] != '}') return false;
    emit(at_, 1);
    ++at_;
    return true;
  }

  bool array(Json* out, int level) {
    if (level + 1 > max_depth_) return false;
    Json::array_t* arr = nullptr;
    if (out) {
      *out = Json::array();
      arr = &out->get_ref<Json::array_t&>();
    }
    emit(at_, 1);  // [
    ++at_;
    if (at_ < s_.size() && s_[at_] == ']') {
      emit(at_, 1);
      ++at_;
      return true;
    }
    for (;;) {
      if (!newline(level + 1)) return false;
      Json* slot = nullptr;
      if (arr) {
        arr->emplace_back();
        slot = &arr->back();
      }
      if (!value(slot, level + 1)) return false;
      if (at_ < s_.size() && s_[at_] == ',') {
        emit(at_, 1);
        ++at_;
        continue;
      }
      break;
    }
    if (!newline(level) || at_ >= s_.size() || s_[at_] != ']') return false;
    emit(at_, 1);
    ++at_;
    return true;
  }

  // A string spelled as JCS spells it (raw UTF-8; only '"', '\\' and U+0000–U+001F escaped, the
  // latter as \b \t \n \f \r or lower-case \u00xx), valid UTF-8 and already in NFC. `value`: its
  // bytes in the file when it holds no escape (the usual case: nothing copied), else its text
  // decoded into scratch_ (valid until the next string).
  bool string(std::string_view& value) {
    size_t from = at_;
    if (at_ >= s_.size() || s_[at_] != '"') return false;
    ++at_;
    bool ascii = true;
    bool escaped = false;
    for (;;) {
      size_t run = at_;
      while (at_ < s_.size()) {
        unsigned char c = static_cast<unsigned char>(s_[at_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c >= 0x80) ascii = false;
        ++at_;
      }
      if (escaped) scratch_.append(s_.data() + run, at_ - run);
      if (at_ >= s_.size()) return false;
      char c = s_[at_];
      if (c == '"') break;
      if (c != '\\') return false;  // a raw control character (or NUL): not JSON, or not canonical
      if (at_ + 1 >= s_.size()) return false;
      if (!escaped) {  // the text so far, then decoded from here on
        escaped = true;
        scratch_.assign(s_.data() + from + 1, at_ - from - 1);
      }
      char e = s_[at_ + 1];
      switch (e) {
        case '"': scratch_.push_back('"'); at_ += 2; continue;
        case '\\': scratch_.push_back('\\'); at_ += 2; continue;
        case 'b': scratch_.push_back('\b'); at_ += 2; continue;
        case 't': scratch_.push_back('\t'); at_ += 2; continue;
        case 'n': scratch_.push_back('\n'); at_ += 2; continue;
        case 'f': scratch_.push_back('\f'); at_ += 2; continue;
        case 'r': scratch_.push_back('\r'); at_ += 2; continue;
        case 'u': {
          if (at_ + 6 > s_.size() || s_[at_ + 2] != '0' || s_[at_ + 3] != '0') return false;
          auto hex = [](char h) { return h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : -1; };
          int hi = hex(s_[at_ + 4]), lo = hex(s_[at_ + 5]);
          if (hi < 0 || hi > 1 || lo < 0) return false;
          int v = hi * 16 + lo;
          if (v == '\b' || v == '\t' || v == '\n' || v == '\f' || v == '\r') return false;  // written short
          scratch_.push_back(static_cast<char>(v));
          at_ += 6;
          continue;
        }
        default: return false;
      }
    }
    value = escaped ? std::string_view(scratch_) : s_.substr(from + 1, at_ - from - 1);
    ++at_;  // the closing quote
    if (!ascii && (!is_valid_utf8(value) || !is_nfc(value))) return false;
    emit(from, at_ - from);
    return true;
  }

  // A number spelled as JCS spells its value, read as nlohmann's reader reads it: an integer token
  // (no fraction or exponent) is a signed integer when negative and an unsigned one otherwise; any
  // other token is a double.
  bool number(Json* out) {
    size_t from = at_;
    if (at_ < s_.size() && s_[at_] == '-') ++at_;
    size_t digits = at_;
    while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9') ++at_;
    if (at_ == digits) return false;
    bool integer = true;
    auto number_char = [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'; };
    while (at_ < s_.size() && number_char(s_[at_])) {
      integer = false;
      ++at_;
    }
    std::string_view tok = s_.substr(from, at_ - from);
    bool negative = tok[0] == '-';
    if (integer) {
      std::string_view d = s_.substr(digits, at_ - digits);
      if (d.size() > 1 && d[0] == '0') return false;
      // Beyond a 64-bit integer nlohmann reads a double (which JCS may spell with all its digits);
      // within it, beyond 2^53, JCS has no spelling.
      unsigned __int128 big = 0;
      for (char c : d) {
        big = big * 10 + static_cast<unsigned>(c - '0');
        if (big > (static_cast<unsigned __int128>(1) << 65)) break;
      }
      bool fits64 = negative ? big <= (static_cast<unsigned __int128>(1) << 63) : big <= UINT64_MAX;
      if (fits64 && big > static_cast<unsigned __int128>(kMaxExact)) return false;
      if (!fits64) integer = false;
    }
    if (integer) {
      long long v = 0;
      for (char c : s_.substr(digits, at_ - digits)) v = v * 10 + (c - '0');
      if (negative) {
        if (v == 0) return false;  // "-0": JCS writes 0
        if (out) *out = Json(static_cast<Json::number_integer_t>(-v));
      } else if (out) {
        *out = Json(static_cast<Json::number_unsigned_t>(v));
      }
      emit(tok);
      return true;
    }
    // JCS spells a double one way: read it, write it back, compare. A plain decimal (most scores and
    // figures) is its own spelling (jcs_plain_decimal): not written back, and without a document not
    // even read.
    bool plain = jcs_plain_decimal(tok).has_value();
    if (plain && !out) {
      emit(tok);
      return true;
    }
    static const double_conversion::StringToDoubleConverter conv(double_conversion::StringToDoubleConverter::NO_FLAGS, 0.0, 0.0, nullptr, nullptr);
    int used = 0;
    double v = conv.StringToDouble(tok.data(), static_cast<int>(tok.size()), &used);
    if (used != static_cast<int>(tok.size())) return false;
    if (!plain) {
      auto spelled = jcs_number(v);
      if (!spelled || *spelled != tok) return false;
    }
    if (out) *out = Json(v);
    emit(tok);
    return true;
  }

  // The bytes s_[from, from + n) belong to JCS(member). Pieces that follow each other in the file
  // are appended as one (what lies between them is layout: newlines, indentation, ": ").
  void emit(size_t from, size_t n) {
    if (!emitting_) return;
    if (from == pending_to_) {
      pending_to_ += n;
      return;
    }
    flush();
    pending_from_ = from;
    pending_to_ = from + n;
  }
  void emit(std::string_view piece) { emit(static_cast<size_t>(piece.data() - s_.data()), piece.size()); }
  void flush() {
    if (pending_to_ > pending_from_) member_jcs.append(s_.data() + pending_from_, pending_to_ - pending_from_);
    pending_from_ = pending_to_ = 0;
  }

  std::string_view s_;
  size_t at_ = 0;
  int max_depth_;
  size_t max_values_;
  size_t values_ = 0;
  std::string_view member_;
  std::string_view defer_;
  std::string_view detach_;
  bool emitting_ = false;
  size_t pending_from_ = 0, pending_to_ = 0;  // bytes emitted, not yet appended to member_jcs
  std::string scratch_;                       // a string with escapes, decoded
};

}  // namespace

std::optional<CanonicalRead> read_canonical(std::string_view bytes, const JsonLimits& limits, std::string_view member, std::string_view defer,
                                            std::string_view detach) {
  if (bytes.size() > limits.max_bytes) return std::nullopt;
  Reader rd(bytes, limits.max_depth, member, defer, detach, limits.max_values);
  CanonicalRead out;
  try {
    if (!rd.run(out.doc)) return std::nullopt;
  } catch (const std::exception&) {  // allocation failure: the general path reports it
    return std::nullopt;
  }
  out.member_found = rd.member_found;
  out.member_jcs = std::move(rd.member_jcs);
  if (rd.deferred_found) out.deferred = bytes.substr(rd.deferred_from, rd.deferred_to - rd.deferred_from);
  if (rd.detached) {
    out.detached = std::move(rd.detached);
    out.detached_text = bytes.substr(rd.detached_from, rd.detached_to - rd.detached_from);
  }
  return out;
}

bool read_canonical_value(std::string_view text, int level, Json& out) {
  Reader rd(text, 1 << 20, {});
  try {
    return rd.run_value(out, level);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace cds
