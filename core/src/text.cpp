#include "cds/text.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace cds {
namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// Decodes one code point at s[i]; returns its length, or 0 if the sequence is invalid.
size_t decode(std::string_view s, size_t i, int32_t* cp) {
  utf8proc_int32_t c = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                        static_cast<utf8proc_ssize_t>(s.size() - i), &c);
  if (n <= 0) return 0;
  *cp = c;
  return static_cast<size_t>(n);
}

void append_utf8(std::string& out, int32_t cp) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    int32_t cp;
    size_t n = decode(s, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::optional<std::string> to_nfc(std::string_view s) {
  if (s.empty()) return std::string();
  bool ascii = true;
  for (unsigned char c : s) {
    if (c >= 0x80 || c == 0) {
      ascii = false;
      break;
    }
  }
  if (ascii) return std::string(s);
  if (!is_valid_utf8(s)) return std::nullopt;
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &out,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> guard(out);
  if (n < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
}

std::string to_nfc_lossy(std::string_view s) {
  if (auto r = to_nfc(s)) return *r;
  std::string clean;
  clean.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    int32_t cp;
    size_t n = decode(s, i, &cp);
    if (n == 0) {
      append_utf8(clean, 0xFFFD);
      ++i;
    } else {
      clean.append(s.substr(i, n));
      i += n;
    }
  }
  auto r = to_nfc(clean);
  return r ? *r : clean;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view trim(std::string_view s) {
  auto is_space_at = [&](size_t i, size_t* len) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      *len = 1;
      return true;
    }
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      *len = 2;
      return true;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xAF) {
      *len = 3;
      return true;
    }
    return false;
  };
  size_t b = 0;
  size_t len = 0;
  while (b < s.size() && is_space_at(b, &len)) b += len;
  size_t e = s.size();
  while (e > b) {
    // Step back over one code point and test it.
    size_t start = e - 1;
    while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    if (is_space_at(start, &len) && start + len == e) {
      e = start;
    } else {
      break;
    }
  }
  return s.substr(b, e - b);
}

std::string ellipsize(std::string_view s, size_t max_chars) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == max_chars) return std::string(s.substr(0, i)) + "\xE2\x80\xA6";
      ++count;
    }
  }
  return std::string(s);
}

std::string ascii_fold(std::string_view s) {
  std::string out;
  auto nfc = to_nfc_lossy(s);
  utf8proc_uint8_t* dec = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(nfc.data()),
                                    static_cast<utf8proc_ssize_t>(nfc.size()), &dec,
                                    static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                                                   UTF8PROC_CASEFOLD));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> guard(dec);
  if (n < 0) return out;
  std::string_view d(reinterpret_cast<const char*>(dec), static_cast<size_t>(n));
  for (size_t i = 0; i < d.size();) {
    int32_t cp;
    size_t len = decode(d, i, &cp);
    if (len == 0) break;
    i += len;
    if (cp == 0x0111 || cp == 0x0110) {
      out.push_back('d');
    } else if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    }
  }
  return out;
}

}  // namespace cds
