#include "cds/json_io.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "cds/text.hpp"

namespace cds {
namespace {

// Line and column (1-based, columns in bytes) of a byte offset.
std::string position(std::string_view bytes, size_t offset) {
  size_t line = 1;
  size_t col = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "dòng " + std::to_string(line) + ", cột " + std::to_string(col) + " (line " + std::to_string(line) +
         ", column " + std::to_string(col) + ")";
}

// Depth of nesting, scanning outside strings. Returns the offset where `limit` is exceeded, or npos.
size_t depth_exceeded(std::string_view s, int limit) {
  int depth = 0;
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_str = false;
      }
      continue;
    }
    if (c == '"') {
      in_str = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Normalises every string (keys and values) to NFC, in place, without recursion.
void normalise_strings(Json& root) {
  std::vector<Json*> stack{&root};
  while (!stack.empty()) {
    Json* j = stack.back();
    stack.pop_back();
    if (j->is_string()) {
      auto& s = j->get_ref<std::string&>();
      if (auto n = to_nfc(s)) s = std::move(*n);
    } else if (j->is_array()) {
      for (auto& e : *j) stack.push_back(&e);
    } else if (j->is_object()) {
      bool keys_need = false;
      for (auto it = j->begin(); it != j->end(); ++it) {
        auto n = to_nfc(it.key());
        if (n && *n != it.key()) keys_need = true;
      }
      if (keys_need) {
        Json copy = Json::object();
        for (auto it = j->begin(); it != j->end(); ++it) copy[to_nfc_lossy(it.key())] = std::move(it.value());
        *j = std::move(copy);
      }
      for (auto& e : *j) stack.push_back(&e);
    }
  }
}

}  // namespace

ParsedJson parse_json(std::string_view bytes, const JsonLimits& limits) {
  ParsedJson out;
  if (bytes.size() > limits.max_bytes) {
    out.messages.push_back(error("json.too_large",
                                 "Tệp quá lớn (" + std::to_string(bytes.size() / 1024) + " KB; giới hạn " +
                                     std::to_string(limits.max_bytes / 1024) + " KB)",
                                 "File too large (" + std::to_string(bytes.size() / 1024) + " KB; limit " +
                                     std::to_string(limits.max_bytes / 1024) + " KB)"));
    return out;
  }
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF &&
      static_cast<unsigned char>(bytes[1]) == 0xBB && static_cast<unsigned char>(bytes[2]) == 0xBF) {
    bytes.remove_prefix(3);
    out.messages.push_back(warning("json.bom", "Tệp bắt đầu bằng dấu BOM UTF-8; đã bỏ qua dấu này",
                                   "File starts with a UTF-8 byte order mark; it was ignored"));
  }
  if (trim(bytes).empty()) {
    out.messages.push_back(error("json.empty", "Tệp rỗng", "File is empty"));
    return out;
  }
  if (!is_valid_utf8(bytes)) {
    out.messages.push_back(error("json.utf8", "Tệp không phải văn bản UTF-8 hợp lệ (có thể là tệp Word/Excel hoặc mã hóa khác)",
                                 "File is not valid UTF-8 text (perhaps a Word/Excel file or another encoding)"));
    return out;
  }
  size_t deep = depth_exceeded(bytes, limits.max_depth);
  if (deep != std::string_view::npos) {
    out.messages.push_back(error("json.too_deep",
                                 "Cấu trúc lồng nhau quá sâu (quá " + std::to_string(limits.max_depth) + " cấp)",
                                 "Nesting too deep (over " + std::to_string(limits.max_depth) + " levels)",
                                 position(bytes, deep)));
    return out;
  }

  // Duplicate keys: track the keys of every open object.
  std::vector<std::set<std::string>> open;
  std::string duplicate;
  auto cb = [&](int /*depth*/, Json::parse_event_t ev, Json& parsed) -> bool {
    switch (ev) {
      case Json::parse_event_t::object_start:
        open.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!open.empty()) open.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!open.empty() && parsed.is_string()) {
          const auto& k = parsed.get_ref<const std::string&>();
          auto key = to_nfc_lossy(k);
          if (!open.back().insert(key).second && duplicate.empty()) duplicate = key;
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    Json doc = Json::parse(bytes.begin(), bytes.end(), cb, /*allow_exceptions=*/true, /*ignore_comments=*/false);
    if (!duplicate.empty()) {
      out.messages.push_back(error("json.duplicate_key", "Khóa \"" + duplicate + "\" xuất hiện hai lần trong cùng một đối tượng",
                                   "Key \"" + duplicate + "\" appears twice in the same object"));
      return out;
    }
    normalise_strings(doc);
    out.doc = std::move(doc);
  } catch (const Json::parse_error& e) {
    // NaN and Infinity are what spreadsheets and some programs write; JSON has no such numbers.
    size_t at = e.byte == 0 ? 0 : e.byte - 1;
    size_t from = at;
    while (from > 0 && (std::isalpha(static_cast<unsigned char>(bytes[from - 1])) || bytes[from - 1] == '-')) --from;
    std::string_view word = bytes.substr(from, std::min<size_t>(9, bytes.size() - from));
    if (word.rfind("NaN", 0) == 0 || word.rfind("Infinity", 0) == 0 || word.rfind("-Infinity", 0) == 0 || word.rfind("nan", 0) == 0 ||
        word.rfind("inf", 0) == 0) {
      out.messages.push_back(error("json.not_a_number", "Có giá trị NaN hoặc Infinity: đó không phải là số hợp lệ trong tệp JSON",
                                   "A NaN or Infinity value: not a valid number in a JSON file", position(bytes, from)));
      return out;
    }
    out.messages.push_back(error("json.syntax", "Tệp không phải JSON hợp lệ", std::string("Not valid JSON: ") + e.what(), position(bytes, at)));
  } catch (const Json::out_of_range& e) {
    // "number overflow parsing '1e309'": a number beyond what a double holds.
    std::string what = e.what();
    size_t q = what.find('\'');
    std::string number = q == std::string::npos ? std::string() : what.substr(q + 1, what.find('\'', q + 1) - q - 1);
    out.messages.push_back(error("json.number_too_large", "Có số quá lớn, không đọc được: " + number,
                                 "A number too large to read: " + number));
  } catch (const std::exception& e) {
    out.messages.push_back(error("json.syntax", "Không đọc được tệp JSON", std::string("Cannot read JSON: ") + e.what()));
  }
  return out;
}

Json num_to_json(const Num& n) {
  if (n.is_integer()) return static_cast<long long>(n.num());
  return n.to_double();
}

Json problems_to_json(const Messages& ms) {
  Json a = Json::array();
  for (const auto& m : ms)
    a.push_back({{"code", m.code}, {"vi", m.vi}, {"en", m.en}, {"where", m.where}, {"severity", m.severity == Severity::Error ? "error" : "warning"}});
  return a;
}

std::optional<Num> json_num(const Json& j) {
  if (j.is_number_integer()) {
    if (j.is_number_unsigned()) {
      auto v = j.get<std::uint64_t>();
      if (v > static_cast<std::uint64_t>(1) << 62) return std::nullopt;
      return Num(static_cast<long long>(v));
    }
    return Num(j.get<std::int64_t>());
  }
  if (j.is_number_float()) return Num::from_double(j.get<double>());
  return std::nullopt;
}

const Json* field(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

std::string str_or(const Json& obj, const char* key, std::string dflt) {
  const Json* f = field(obj, key);
  return f && f->is_string() ? f->get<std::string>() : dflt;
}

const char* json_type_vi(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "đối tượng";
    case Json::value_t::array: return "mảng";
    case Json::value_t::string: return "chuỗi";
    case Json::value_t::boolean: return "đúng/sai";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "số";
    default: return "giá trị khác";
  }
}

const char* json_type_en(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number";
    default: return "other";
  }
}

}  // namespace cds
