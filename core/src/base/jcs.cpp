#include "cds/base/jcs.hpp"

#include <double-conversion/double-conversion.h>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace cds {

std::u16string utf16_units(std::string_view s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp;
    int len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    i += static_cast<size_t>(len);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

namespace {

void escape(const std::string& s, std::string& out) {
  out.push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

// pretty < 0: JCS itself. pretty ≥ 0: the same members, order and spellings, laid out with two
// spaces per level (`pretty` is the current level), ": " after names, one member per line.
void newline(std::string& out, int level) {
  out.push_back('\n');
  out.append(static_cast<size_t>(level) * 2, ' ');
}

bool write(const Json& j, std::string& out, std::string* error, int depth, int pretty) {
  if (depth > 200) {
    if (error) *error = "nesting too deep";
    return false;
  }
  switch (j.type()) {
    case Json::value_t::null: out += "null"; return true;
    case Json::value_t::boolean: out += j.get<bool>() ? "true" : "false"; return true;
    case Json::value_t::string: escape(j.get_ref<const std::string&>(), out); return true;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      constexpr long long kMaxExact = 9007199254740992LL;  // 2^53
      if (j.is_number_unsigned() ? j.get<unsigned long long>() > static_cast<unsigned long long>(kMaxExact)
                                 : (j.get<long long>() > kMaxExact || j.get<long long>() < -kMaxExact)) {
        if (error) *error = "integer beyond 2^53 has no exact double";
        return false;
      }
      auto s = jcs_number(j.is_number_unsigned() ? static_cast<double>(j.get<unsigned long long>()) : static_cast<double>(j.get<long long>()));
      out += *s;
      return true;
    }
    case Json::value_t::number_float: {
      auto s = jcs_number(j.get<double>());
      if (!s) {
        if (error) *error = "NaN or Infinity cannot be canonicalized";
        return false;
      }
      out += *s;
      return true;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : j) {
        if (!first) out.push_back(',');
        first = false;
        if (pretty >= 0) newline(out, pretty + 1);
        if (!write(e, out, error, depth + 1, pretty >= 0 ? pretty + 1 : -1)) return false;
      }
      if (pretty >= 0 && !j.empty()) newline(out, pretty);
      out.push_back(']');
      return true;
    }
    case Json::value_t::object: {
      std::vector<std::pair<std::u16string, Json::const_iterator>> members;
      members.reserve(j.size());
      for (auto it = j.cbegin(); it != j.cend(); ++it) members.emplace_back(utf16_units(it.key()), it);
      std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      out.push_back('{');
      bool first = true;
      for (const auto& [k, it] : members) {
        if (!first) out.push_back(',');
        first = false;
        if (pretty >= 0) newline(out, pretty + 1);
        escape(it.key(), out);
        out.push_back(':');
        if (pretty >= 0) out.push_back(' ');
        if (!write(it.value(), out, error, depth + 1, pretty >= 0 ? pretty + 1 : -1)) return false;
      }
      if (pretty >= 0 && !j.empty()) newline(out, pretty);
      out.push_back('}');
      return true;
    }
    default:
      if (error) *error = "binary or discarded values cannot be canonicalized";
      return false;
  }
}

}  // namespace

std::optional<std::string> jcs_number(double v) {
  if (!(v == v) || v == 1.0 / 0.0 || v == -1.0 / 0.0) return std::nullopt;
  if (v == 0) return std::string("0");  // also -0
  char buf[64];
  double_conversion::StringBuilder sb(buf, sizeof buf);
  if (!double_conversion::DoubleToStringConverter::EcmaScriptConverter().ToShortest(v, &sb)) return std::nullopt;
  int len = sb.position();
  return std::string(sb.Finalize(), static_cast<size_t>(len));
}

std::optional<PlainDecimal> jcs_plain_decimal(std::string_view t) {
  size_t i = 0;
  bool negative = i < t.size() && t[i] == '-';
  if (negative) ++i;
  size_t int_from = i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  size_t int_digits = i - int_from;
  if (int_digits == 0 || (int_digits > 1 && t[int_from] == '0')) return std::nullopt;
  if (i >= t.size() || t[i] != '.') return std::nullopt;
  size_t frac_from = ++i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  size_t frac_digits = i - frac_from;
  if (i != t.size() || frac_digits == 0 || t[i - 1] == '0') return std::nullopt;
  bool zero_int = t[int_from] == '0';  // "0.…"
  size_t leading = 0;                  // zeros after "0."
  if (zero_int)
    while (t[frac_from + leading] == '0') ++leading;
  if (leading > 5) return std::nullopt;  // below 10^-6: ECMAScript writes an exponent
  size_t significant = zero_int ? frac_digits - leading : int_digits + frac_digits;
  if (significant > 15) return std::nullopt;
  PlainDecimal d;
  for (size_t k = int_from; k < t.size(); ++k)
    if (t[k] != '.') d.mantissa = d.mantissa * 10 + (t[k] - '0');  // ≤ 15 significant digits: fits
  if (negative) d.mantissa = -d.mantissa;
  d.decimals = static_cast<int>(frac_digits);
  return d;
}

std::optional<std::string> jcs(const Json& j, std::string* error) {
  std::string out;
  if (!write(j, out, error, 0, -1)) return std::nullopt;
  return out;
}

std::optional<std::string> jcs_pretty(const Json& j, std::string* error) {
  std::string out;
  if (!write(j, out, error, 0, 0)) return std::nullopt;
  out.push_back('\n');
  return out;
}

}  // namespace cds
