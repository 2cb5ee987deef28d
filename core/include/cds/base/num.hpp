// cds/base/num.hpp — exact rational numbers for scoring.
//
// Every figure the engine touches (inputs, targets, points, scores) is a `Num`: a reduced fraction
// of two 128-bit integers. Arithmetic is exact, so 7/10 is exactly 70 %, thresholds never wobble,
// and the result is the same bit for bit natively and in WebAssembly. Rounding happens only where
// the rubric says (per criterion score), with an explicit mode.
//
// Not provided: irrational functions, or magnitudes beyond ~1e30. An operation whose result would
// not fit throws `NumOverflow`; callers turn that into a "số quá lớn" message.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cds {

struct NumOverflow : std::runtime_error {
  NumOverflow() : std::runtime_error("number too large") {}
};

enum class RoundMode { HalfUp, HalfEven, Truncate };

class Num {
 public:
  using i128 = __int128;

  Num() = default;
  Num(long long v) : n_(v), d_(1) {}  // NOLINT(google-explicit-constructor): integers are numbers
  static Num fraction(i128 num, i128 den);  // throws std::domain_error when den == 0

  // Parses a plain decimal: optional '-', digits, optional '.' digits, optional exponent e±N.
  // At most 30 significant digits and |exponent| ≤ 30. No thousands separators (see vnformat.hpp).
  static std::optional<Num> parse(std::string_view s);
  // The exact value a JSON number denotes: doubles are read as the shortest decimal that
  // round-trips (what a person wrote, for up to 15 significant digits).
  static std::optional<Num> from_double(double v);

  i128 num() const { return n_; }
  i128 den() const { return d_; }
  bool is_integer() const { return d_ == 1; }
  bool is_zero() const { return n_ == 0; }
  bool is_negative() const { return n_ < 0; }
  int sign() const { return n_ < 0 ? -1 : (n_ > 0 ? 1 : 0); }

  Num operator+(const Num& o) const;
  Num operator-(const Num& o) const;
  Num operator*(const Num& o) const;
  Num operator/(const Num& o) const;  // throws std::domain_error on division by zero
  Num operator-() const;
  Num& operator+=(const Num& o) { return *this = *this + o; }
  Num& operator-=(const Num& o) { return *this = *this - o; }

  int compare(const Num& o) const;
  bool operator==(const Num& o) const { return n_ == o.n_ && d_ == o.d_; }
  bool operator!=(const Num& o) const { return !(*this == o); }
  bool operator<(const Num& o) const { return compare(o) < 0; }
  bool operator<=(const Num& o) const { return compare(o) <= 0; }
  bool operator>(const Num& o) const { return compare(o) > 0; }
  bool operator>=(const Num& o) const { return compare(o) >= 0; }

  Num round(int decimals, RoundMode mode) const;  // to a multiple of 10^-decimals
  // Decimal text with exactly `decimals` places after rounding (no separators): "3.79".
  std::string to_fixed(int decimals, RoundMode mode = RoundMode::HalfUp) const;
  // Shortest exact decimal if the value has one with at most `max_decimals` places, otherwise
  // rounded half-up to max_decimals; trailing zeros dropped: "3.8", "4", "0.125".
  std::string to_string(int max_decimals = 6) const;
  double to_double() const;  // nearest double (for JSON output of already-rounded values)

 private:
  friend class NumColumn;  // reads back fractions it stored already reduced
  Num(i128 n, i128 d, bool) : n_(n), d_(d) {}
  static Num make(i128 n, i128 d);
  static Num times(i128 n1, i128 d1, i128 n2, i128 d2);
  i128 n_ = 0;
  i128 d_ = 1;
};

Num min(const Num& a, const Num& b);
Num max(const Num& a, const Num& b);

}  // namespace cds
