#include "cds/model/file_kind.hpp"

namespace cds {
namespace {

struct Known {
  const char* name;  // before the '/'
  FileKind kind;
  int current, oldest;
  int oldest_current = 0;  // when several versions are written: the oldest of them (0: only `current`)
};
constexpr Known kKnown[] = {
    {"cds-rubric", FileKind::Rubric, 1, 1},
    {"cds-answers", FileKind::Answers, 1, 1},
    {"cds-submission", FileKind::Submission, 2, 1},
    {"cds-appraisal", FileKind::Appraisal, 3, 1, 2},  // /2 first levels and /3 later levels are both written
    {"cds-appraisal-changes", FileKind::AppraisalChanges, 1, 1},
    {"cds-trust", FileKind::TrustList, 1, 1},
    {"cds-key", FileKind::KeyFile, 1, 1},
    {"cds-pubkey", FileKind::PublicKey, 1, 1},
    {"cds-packet", FileKind::Packet, 1, 1},  // docs/parts-format.md
    {"cds-part", FileKind::Part, 1, 1},
};

// Skips a JSON string starting at s[i] == '"'; returns the index after its closing quote (or npos).
size_t skip_string(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

size_t skip_space(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

}  // namespace

DetectedFormat detect_format(std::string_view s) {
  DetectedFormat out;
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
      static_cast<unsigned char>(s[2]) == 0xBF)
    s.remove_prefix(3);
  size_t i = skip_space(s, 0);
  if (i >= s.size() || s[i] != '{') return out;
  int depth = 0;
  bool expect_key = false;  // at depth 1, the next string is a member name
  for (; i < s.size();) {
    char c = s[i];
    if (c == '"') {
      size_t end = skip_string(s, i);
      if (end == std::string_view::npos) return out;
      if (depth == 1 && expect_key && s.substr(i, end - i) == "\"format\"") {
        size_t j = skip_space(s, end);
        if (j >= s.size() || s[j] != ':') return out;
        j = skip_space(s, j + 1);
        if (j >= s.size() || s[j] != '"') return out;
        size_t k = skip_string(s, j);
        if (k == std::string_view::npos) return out;
        std::string_view value = s.substr(j + 1, k - j - 2);
        if (value.size() > 64 || value.find('\\') != std::string_view::npos) return out;
        out.format = std::string(value);
        size_t slash = value.find('/');
        std::string_view name = value.substr(0, slash);
        if (slash != std::string_view::npos) {
          int v = 0;
          bool digits = slash + 1 < value.size();
          for (size_t d = slash + 1; d < value.size() && digits; ++d) {
            if (value[d] < '0' || value[d] > '9' || v > 1000) digits = false;
            else v = v * 10 + (value[d] - '0');
          }
          out.version = digits ? v : 0;
        }
        for (const auto& k2 : kKnown)
          if (name == k2.name) {
            out.kind = k2.kind;
            int first_current = k2.oldest_current ? k2.oldest_current : k2.current;
            out.current = out.version >= first_current && out.version <= k2.current;
            out.legacy = out.version >= k2.oldest && out.version < first_current;
          }
        return out;
      }
      expect_key = false;
      i = end;
      continue;
    }
    if (c == '{') {
      ++depth;
      expect_key = depth == 1;
    } else if (c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth <= 0) return out;
    } else if (c == ',') {
      expect_key = depth == 1;
    }
    ++i;
  }
  return out;
}

const char* file_kind_label(FileKind k, Lang l) {
  switch (k) {
    case FileKind::Rubric: return T(l, "bộ tiêu chí", "rubric");
    case FileKind::Answers: return T(l, "bài làm (bản nháp)", "answers (draft)");
    case FileKind::Submission: return T(l, "bài nộp có chữ ký", "signed submission");
    case FileKind::Appraisal: return T(l, "kết quả thẩm định", "appraisal");
    case FileKind::AppraisalChanges: return T(l, "tệp điều chỉnh thẩm định", "appraisal changes");
    case FileKind::TrustList: return T(l, "danh sách khóa tin cậy", "trust list");
    case FileKind::KeyFile: return T(l, "tệp khóa ký", "key file");
    case FileKind::PublicKey: return T(l, "khóa công khai", "public key");
    case FileKind::Packet: return T(l, "phiếu phân công", "work packet");
    case FileKind::Part: return T(l, "phần số liệu có chữ ký của cơ quan", "agency's signed part");
    case FileKind::Unknown: break;
  }
  return T(l, "tệp không rõ loại", "unknown file");
}

}  // namespace cds
