#include "cds/base/text.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cds {
namespace {

// Canonical decompositions, combining classes and primary composites of the Unicode Character
// Database, generated at build time by tools/gen-unicode-tables (from Debian's unicode-data).
#include "cds_nfc_tables.inc"

// Decodes one code point at s[i] (strict UTF-8: no overlong forms, surrogates or values above
// U+10FFFF); returns its length, or 0 if the sequence is invalid.
size_t decode(std::string_view s, size_t i, int32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  int32_t v;
  int32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

void append_utf8(std::string& out, int32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Hangul syllables are decomposed and composed arithmetically (Unicode §3.12).
constexpr int32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr int32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

int ccc_of(int32_t cp) {
  if (cp < 0x300) return 0;
  auto it = std::upper_bound(std::begin(kNfcClass), std::end(kNfcClass), static_cast<std::uint32_t>(cp),
                             [](std::uint32_t v, const NfcClass& r) { return v < r.first; });
  if (it == std::begin(kNfcClass)) return 0;
  --it;
  return static_cast<std::uint32_t>(cp) <= it->last ? it->ccc : 0;
}

void decompose(int32_t cp, std::vector<int32_t>& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    int32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount) out.push_back(kTBase + s % kTCount);
    return;
  }
  if (cp >= 0xC0) {
    auto it = std::lower_bound(std::begin(kNfcDecomp), std::end(kNfcDecomp), static_cast<std::uint32_t>(cp),
                               [](const NfcDecomp& d, std::uint32_t v) { return d.cp < v; });
    if (it != std::end(kNfcDecomp) && it->cp == static_cast<std::uint32_t>(cp)) {
      decompose(static_cast<int32_t>(it->a), out);
      if (it->b) decompose(static_cast<int32_t>(it->b), out);
      return;
    }
  }
  out.push_back(cp);
}

// The primary composite of a + b, or -1.
int32_t compose(int32_t a, int32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount) return a + (b - kTBase);
  auto key = std::make_pair(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
  auto it = std::lower_bound(std::begin(kNfcCompose), std::end(kNfcCompose), key,
                             [](const NfcCompose& c, const std::pair<std::uint32_t, std::uint32_t>& k) {
                               return c.a != k.first ? c.a < k.first : c.b < k.second;
                             });
  if (it != std::end(kNfcCompose) && it->a == key.first && it->b == key.second) return static_cast<int32_t>(it->cp);
  return -1;
}

// NFC of valid UTF-8 (Unicode §3.11): full canonical decomposition, canonical ordering of
// combining marks, canonical composition.
std::string nfc(std::string_view s) {
  std::vector<int32_t> cps;
  cps.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    int32_t cp = 0;
    i += decode(s, i, &cp);
    decompose(cp, cps);
  }
  // Canonical ordering: a stable sort of each run of non-starters by combining class. Runs are
  // sorted with std::stable_sort, not by insertion, so a hostile run of a million alternating
  // marks costs n log n, not n².
  std::vector<int> cls(cps.size());
  for (size_t i = 0; i < cps.size(); ++i) cls[i] = ccc_of(cps[i]);
  std::vector<std::pair<int, int32_t>> run;
  for (size_t i = 0; i < cps.size();) {
    if (cls[i] == 0) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    bool sorted = true;
    while (j < cps.size() && cls[j] != 0) {
      if (cls[j] < cls[j - 1]) sorted = false;
      ++j;
    }
    if (!sorted) {
      run.clear();
      for (size_t k = i; k < j; ++k) run.emplace_back(cls[k], cps[k]);
      std::stable_sort(run.begin(), run.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
      for (size_t k = i; k < j; ++k) {
        cls[k] = run[k - i].first;
        cps[k] = run[k - i].second;
      }
    }
    i = j;
  }
  // Canonical composition (the algorithm of UAX #15's sample code).
  std::string out;
  out.reserve(s.size());
  if (cps.empty()) return out;
  std::vector<int32_t> res;
  res.reserve(cps.size());
  size_t starter = 0;
  int last = cls[0] == 0 ? 0 : 256;  // a string may begin with a combining mark
  res.push_back(cps[0]);
  for (size_t i = 1; i < cps.size(); ++i) {
    int c = cls[i];
    int32_t composite = compose(res[starter], cps[i]);
    if (composite >= 0 && (last < c || last == 0)) {
      res[starter] = composite;
      continue;
    }
    if (c == 0) starter = res.size();
    last = c;
    res.push_back(cps[i]);
  }
  for (int32_t cp : res) append_utf8(out, cp);
  return out;
}

// The quick check: valid UTF-8 none of whose code points is in kNfcUnstable is already NFC. Returns
// false for invalid UTF-8 too (the caller then checks properly).
bool quick_nfc(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    int32_t cp;
    size_t n = decode(s, i, &cp);
    if (n == 0) return false;
    i += n;
    if (cp < 0x300) continue;
    auto it = std::upper_bound(std::begin(kNfcUnstable), std::end(kNfcUnstable), static_cast<std::uint32_t>(cp),
                               [](std::uint32_t v, const NfcRange& r) { return v < r.first; });
    if (it != std::begin(kNfcUnstable) && static_cast<std::uint32_t>(cp) <= (it - 1)->last) return false;
  }
  return true;
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
  if (ascii || quick_nfc(s)) return std::string(s);
  if (!is_valid_utf8(s)) return std::nullopt;
  return nfc(s);
}

bool quick_nfc_yes(std::string_view s) { return quick_nfc(s); }

bool is_nfc(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii || quick_nfc(s)) return true;
  auto n = to_nfc(s);
  return n && *n == s;
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

std::string file_name_part(std::string_view text) {
  std::string safe;
  for (char c : ascii_fold(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') safe.push_back(c);
    else if (c == ' ' || c == '.') safe.push_back('-');
  }
  if (safe.empty()) safe = "don-vi";
  return safe.substr(0, 40);
}

std::string name_with_code(const std::string& name, const std::string& code) {
  if (name.empty()) return code;
  if (code.empty()) return name;
  return name + " (" + code + ")";
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

namespace {
std::string fold_to_ascii(std::string_view s, bool keep_case) {
  std::string out;
  std::string valid = to_nfc_lossy(s);
  std::vector<int32_t> d;
  for (size_t i = 0; i < valid.size();) {
    int32_t cp = 0;
    size_t len = decode(valid, i, &cp);
    if (len == 0) break;
    i += len;
    d.clear();
    decompose(cp, d);  // "ạ" → a + U+0323: the letter, then its marks
    for (int32_t x : d) {
      if (x == 0x0111) out.push_back('d');
      else if (x == 0x0110) out.push_back(keep_case ? 'D' : 'd');
      else if (!keep_case && x >= 'A' && x <= 'Z') out.push_back(static_cast<char>(x - 'A' + 'a'));
      else if (x < 0x80) out.push_back(static_cast<char>(x));
      // marks and other scripts are dropped
    }
  }
  return out;
}
}  // namespace

std::string ascii_fold(std::string_view s) { return fold_to_ascii(s, false); }
std::string ascii_letters(std::string_view s) { return fold_to_ascii(s, true); }

}  // namespace cds
