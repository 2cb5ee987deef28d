#include "cds/base/json_io.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"

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

// Builds the document from nlohmann's SAX events. Linear in the input for every shape: each value
// is placed once (arrays append, objects insert into their map), duplicate names are caught as they
// are read (one map lookup), strings and names are normalised to NFC as they arrive. nlohmann's own
// callback parser is not used: its end_object rescans the parent for discarded values, which makes
// an object with n object-valued members cost n² (docs/limits.md).
class DomBuilder {
 public:
  DomBuilder(bool nfc, int max_depth, size_t max_values) : nfc_(nfc), max_depth_(max_depth), max_values_(max_values) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
  bool number_float(Json::number_float_t v, const std::string& /*raw*/) { return put(Json(v)); }
  bool string(std::string& v) {
    normalise(v);
    return put(Json(std::move(v)));
  }
  bool binary(Json::binary_t& /*v*/) { return false; }  // not produced by the JSON reader
  bool start_object(std::size_t /*n*/) {
    if (static_cast<long long>(stack_.size()) >= max_depth_) return false;  // too deep: stops the parser
    if (!count()) return false;
    Json* o = place(Json(Json::value_t::object));
    stack_.push_back(o);
    return true;
  }
  bool key(std::string& k) {
    normalise(k);
    auto& obj = stack_.back()->get_ref<Json::object_t&>();
    auto [it, inserted] = obj.emplace(std::move(k), Json());
    if (!inserted) {
      duplicate = it->first;
      return false;  // stops the parser
    }
    slot_ = &it->second;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*n*/) {
    if (static_cast<long long>(stack_.size()) >= max_depth_) return false;
    if (!count()) return false;
    Json* a = place(Json(Json::value_t::array));
    stack_.push_back(a);
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string& /*last_token*/, const nlohmann::detail::exception& ex) {
    error_position = position;
    error_id = ex.id;
    error_what = ex.what();
    return false;
  }

  Json root;
  std::string duplicate;
  bool too_many = false;  // more values than max_values: stops the parser
  std::size_t error_position = 0;
  int error_id = 0;
  std::string error_what;

 private:
  bool put(Json&& v) {
    if (!count()) return false;
    place(std::move(v));
    return true;
  }
  bool count() {
    if (max_values_ == 0 || ++values_ <= max_values_) return true;
    too_many = true;
    return false;
  }
  // Where a new value goes: the root, the end of the open array, or the member `key` just named.
  // Pointers on the stack stay valid: a container is only appended to while it is the innermost
  // open one, and std::map nodes never move.
  Json* place(Json&& v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      auto& arr = top->get_ref<Json::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();
    }
    *slot_ = std::move(v);
    return slot_;
  }
  void normalise(std::string& s) const {
    if (!nfc_) return;
    bool ascii = true;  // most names and many values: nothing to do, no copy
    for (unsigned char c : s)
      if (c >= 0x80) {
        ascii = false;
        break;
      }
    // Already NFC by the quick check (every Vietnamese precomposed letter passes): nothing to
    // copy; to_nfc would return the same bytes in a new string. Otherwise to_nfc decides, once.
    if (ascii || quick_nfc_yes(s)) return;
    if (auto n = to_nfc(s)) s = std::move(*n);
  }

  bool nfc_;
  long long max_depth_;
  size_t max_values_;
  size_t values_ = 0;
  std::vector<Json*> stack_;
  Json* slot_ = nullptr;
};

// "1234567890…" for a number far too long to echo whole.
std::string shorten(std::string_view s, size_t keep = 24) {
  if (s.size() <= keep) return std::string(s);
  return std::string(s.substr(0, keep)) + "… (" + std::to_string(s.size()) + " ký tự / characters)";
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
  // Notepad's "Unicode" (UTF-16): every other byte is 0.
  if (bytes.size() >= 2 && ((static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xFE) ||
                            (static_cast<unsigned char>(bytes[0]) == 0xFE && static_cast<unsigned char>(bytes[1]) == 0xFF) ||
                            (bytes.size() >= 4 && bytes[0] != 0 && bytes[1] == 0 && bytes[2] != 0 && bytes[3] == 0) ||
                            (bytes.size() >= 4 && bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0))) {
    out.messages.push_back(error("json.utf8", "Tệp được lưu dạng UTF-16 (\"Unicode\" của Notepad), không phải UTF-8; hãy lưu lại với mã hóa UTF-8",
                                 "The file is saved as UTF-16 (Notepad's \"Unicode\"), not UTF-8; save it again as UTF-8"));
    return out;
  }
  // nlohmann's reader takes a NUL byte for the end of the input and would ignore what follows it.
  if (size_t nul = bytes.find('\0'); nul != std::string_view::npos) {
    out.messages.push_back(error("json.nul", "Tệp có byte 0 (NUL): đây không phải tệp văn bản JSON (có thể tệp bị hỏng hoặc bị ghép thêm dữ liệu)",
                                 "The file holds a NUL byte: not a JSON text file (damaged, or data appended)", position(bytes, nul)));
    return out;
  }
  // The document is read first and the file's UTF-8 and depth scanned only when that fails, to
  // give the first of these messages in the order they have always been checked: a document read
  // whole is valid UTF-8 (nlohmann's lexer accepts only well-formed UTF-8 in strings, and nothing
  // but ASCII outside them, as is_valid_utf8 does) and, with the DOM refusing to open a container
  // deeper than max_depth, no deeper than that. One pass over the bytes instead of three.
  DomBuilder dom(limits.nfc, limits.max_depth, limits.max_values);
  bool ok = false;
  std::string thrown;
  try {
    ok = Json::sax_parse(bytes.begin(), bytes.end(), &dom, Json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/false);
  } catch (const std::exception& e) {  // allocation failure and the like: after the scans below
    ok = false;
    thrown = std::string("Cannot read JSON: ") + e.what();
  }
  if (ok) {
    out.doc = std::move(dom.root);
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
  if (!thrown.empty()) {
    out.messages.push_back(error("json.syntax", "Không đọc được tệp JSON", thrown));
    return out;
  }
  if (dom.too_many) {
    const Num n(static_cast<long long>(limits.max_values));
    const std::string vi = format_number(n, Lang::Vi, 0), en = format_number(n, Lang::En, 0);
    out.messages.push_back(error("json.too_many_values", "Tệp có quá nhiều giá trị (hơn " + vi + "): không phải tệp của cds",
                                 "The file holds too many values (over " + en + "): not a cds file"));
    return out;
  }
  if (!dom.duplicate.empty()) {
    std::string k = shorten(dom.duplicate, 80);
    out.messages.push_back(error("json.duplicate_key", "Khóa \"" + k + "\" xuất hiện hai lần trong cùng một đối tượng",
                                 "Key \"" + k + "\" appears twice in the same object"));
    return out;
  }
  size_t at = dom.error_position == 0 ? 0 : dom.error_position - 1;
  if (dom.error_id == 406) {  // out_of_range: a number beyond what a double holds ("1e309")
    size_t from = std::min(at, bytes.size());
    while (from > 0 && std::string_view("0123456789+-.eE").find(bytes[from - 1]) != std::string_view::npos) --from;
    size_t to = from;
    while (to < bytes.size() && std::string_view("0123456789+-.eE").find(bytes[to]) != std::string_view::npos) ++to;
    std::string number = shorten(bytes.substr(from, to - from));
    out.messages.push_back(error("json.number_too_large", "Có số quá lớn, không đọc được: " + number, "A number too large to read: " + number,
                                 position(bytes, from)));
    return out;
  }
  // NaN and Infinity are what spreadsheets and some programs write; JSON has no such numbers.
  size_t from = std::min(at, bytes.size());
  while (from > 0 && (std::isalpha(static_cast<unsigned char>(bytes[from - 1])) || bytes[from - 1] == '-')) --from;
  std::string_view word = bytes.substr(from, std::min<size_t>(9, bytes.size() - from));
  if (word.rfind("NaN", 0) == 0 || word.rfind("Infinity", 0) == 0 || word.rfind("-Infinity", 0) == 0 || word.rfind("nan", 0) == 0 ||
      word.rfind("inf", 0) == 0) {
    out.messages.push_back(error("json.not_a_number", "Có giá trị NaN hoặc Infinity: đó không phải là số hợp lệ trong tệp JSON",
                                 "A NaN or Infinity value: not a valid number in a JSON file", position(bytes, from)));
    return out;
  }
  std::string what = dom.error_what;
  if (what.size() > 300) what = shorten(what, 300);
  out.messages.push_back(error("json.syntax", "Tệp không phải JSON hợp lệ", "Not valid JSON: " + what, position(bytes, at)));
  return out;
}

Json num_to_json(const Num& n) {
  if (n.is_integer()) return static_cast<long long>(n.num());
  return n.to_double();
}

Json problems_to_json(const Messages& ms) {
  Json a = Json::array();
  for (const auto& m : ms) {
    Json x = {{"code", m.code}, {"vi", m.vi}, {"en", m.en}, {"where", m.where},
              {"severity", m.severity == Severity::Error ? "error" : m.severity == Severity::Warning ? "warning" : "info"}};
    if (!m.input.empty()) x["input"] = m.input;
    a.push_back(std::move(x));
  }
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
