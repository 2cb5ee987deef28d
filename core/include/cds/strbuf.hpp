// cds/strbuf.hpp — a minimal string builder with `<<` for text and integers.
//
// Used by the report writers instead of std::ostringstream, whose locale and iostream machinery
// costs about 100 KB of WebAssembly. Not provided: floating point (format numbers with vnformat).
#pragma once

#include <string>
#include <string_view>

namespace cds {

class StrBuf {
 public:
  StrBuf& operator<<(std::string_view s) {
    s_.append(s.data(), s.size());
    return *this;
  }
  StrBuf& operator<<(const std::string& s) {
    s_ += s;
    return *this;
  }
  StrBuf& operator<<(const char* s) {
    s_ += s;
    return *this;
  }
  StrBuf& operator<<(char c) {
    s_.push_back(c);
    return *this;
  }
  StrBuf& operator<<(int v) { return *this << std::to_string(v); }
  StrBuf& operator<<(long v) { return *this << std::to_string(v); }
  StrBuf& operator<<(long long v) { return *this << std::to_string(v); }
  StrBuf& operator<<(unsigned v) { return *this << std::to_string(v); }
  StrBuf& operator<<(unsigned long v) { return *this << std::to_string(v); }
  StrBuf& operator<<(unsigned long long v) { return *this << std::to_string(v); }
  const std::string& str() const { return s_; }

 private:
  std::string s_;
};

}  // namespace cds
