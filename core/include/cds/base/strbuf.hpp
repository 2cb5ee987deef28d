// cds/base/strbuf.hpp — a minimal string builder with `<<` for text and integers.
//
// Used by the report writers instead of std::ostringstream, whose locale and iostream machinery
// costs about 100 KB of WebAssembly. Given a flush target, it hands its text over in chunks of
// about 64 KiB (`+=` and `<<` both append), so a report of any size is written with a small
// buffer: the caller decides where the bytes go (a file natively, a string in the app).
// Not provided: floating point (format numbers with vnformat).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace cds {

class StrBuf {
 public:
  using Flush = std::function<void(std::string_view)>;
  StrBuf() = default;
  explicit StrBuf(Flush flush, size_t chunk = 64 * 1024) : flush_(std::move(flush)), chunk_(chunk) {}
  StrBuf(const StrBuf&) = delete;
  StrBuf& operator=(const StrBuf&) = delete;
  ~StrBuf() { finish(); }

  StrBuf& operator+=(std::string_view s) { return *this << s; }
  // Hands over what is left (with a flush target); str() is then empty.
  void finish() {
    if (flush_ && !s_.empty()) flush_(s_);
    s_.clear();
  }

  StrBuf& operator<<(std::string_view s) {
    s_.append(s.data(), s.size());
    return spill();
  }
  StrBuf& operator<<(const std::string& s) { return *this << std::string_view(s); }
  StrBuf& operator<<(const char* s) { return *this << std::string_view(s); }
  StrBuf& operator<<(char c) {
    s_.push_back(c);
    return spill();
  }
  StrBuf& operator<<(int v) { return *this << std::to_string(v); }
  StrBuf& operator<<(long v) { return *this << std::to_string(v); }
  StrBuf& operator<<(long long v) { return *this << std::to_string(v); }
  StrBuf& operator<<(unsigned v) { return *this << std::to_string(v); }
  StrBuf& operator<<(unsigned long v) { return *this << std::to_string(v); }
  StrBuf& operator<<(unsigned long long v) { return *this << std::to_string(v); }
  // Everything written (without a flush target).
  const std::string& str() const { return s_; }
  std::string take() { return std::move(s_); }

 private:
  StrBuf& spill() {
    if (flush_ && s_.size() >= chunk_) {
      flush_(s_);
      s_.clear();
    }
    return *this;
  }
  std::string s_;
  Flush flush_;
  size_t chunk_ = 0;
};

}  // namespace cds
