#include "cds/base/num.hpp"

#include <double-conversion/double-conversion.h>

#include <algorithm>
#include <cstdint>

namespace cds {
namespace {

using i128 = Num::i128;

i128 abs128(i128 v) { return v < 0 ? -v : v; }

constexpr i128 kI64Max = static_cast<i128>(INT64_MAX);

// a / b for b > 0 that divides a exactly or not: 64-bit division when both fit (the common case;
// 128-bit division is a library call).
inline i128 div128(i128 a, i128 b) {
  if (a <= kI64Max && a >= -kI64Max && b <= kI64Max) return static_cast<i128>(static_cast<std::int64_t>(a) / static_cast<std::int64_t>(b));
  return a / b;
}

i128 gcd128(i128 a, i128 b) {
  a = abs128(a);
  b = abs128(b);
  if (a <= kI64Max && b <= kI64Max) {  // hardware 64-bit division: the common case
    auto x = static_cast<std::uint64_t>(a), y = static_cast<std::uint64_t>(b);
    while (y != 0) {
      std::uint64_t t = x % y;
      x = y;
      y = t;
    }
    return static_cast<i128>(x);
  }
  while (b != 0) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Magnitudes stay below 2^120 so that sign flips, a final add and the ×10 steps of to_double()
// never overflow 128 bits.
constexpr i128 kLimit = static_cast<i128>(1) << 120;

i128 mul(i128 a, i128 b) {
  i128 r;
  // Two operands of 64 bits: their product is exact in 128 bits (one multiplication instead of
  // the library's 128-bit overflow check); only the limit can be passed.
  if (a <= kI64Max && a >= -kI64Max && b <= kI64Max && b >= -kI64Max) {
    r = static_cast<i128>(static_cast<std::int64_t>(a)) * static_cast<std::int64_t>(b);
    if (r >= kLimit || r <= -kLimit) throw NumOverflow();
    return r;
  }
  if (__builtin_mul_overflow(a, b, &r) || r >= kLimit || r <= -kLimit) throw NumOverflow();
  return r;
}

i128 add(i128 a, i128 b) {
  i128 r;
  if (__builtin_add_overflow(a, b, &r) || r >= kLimit || r <= -kLimit) throw NumOverflow();
  return r;
}

i128 pow10(int k) {
  static const std::int64_t kSmall[] = {1,          10,          100,          1000,          10000,
                                        100000,     1000000,     10000000,     100000000,     1000000000,
                                        10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000};
  if (k >= 0 && k < 15) return kSmall[k];
  i128 r = 1;
  for (int i = 0; i < k; ++i) r = mul(r, 10);
  return r;
}

std::string digits(i128 v) {  // v >= 0
  if (v == 0) return "0";
  if (v <= kI64Max) return std::to_string(static_cast<std::uint64_t>(v));
  std::string s;
  while (v > 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

}  // namespace

Num Num::make(i128 n, i128 d) {
  if (d == 0) throw std::domain_error("division by zero");
  if (d == 1) {
    if (n >= kLimit || n <= -kLimit) throw NumOverflow();
    return Num(n, 1, true);
  }
  if (d < 0) {
    n = -n;
    d = -d;
  }
  i128 g = gcd128(n, d);
  if (g > 1) {
    if (abs128(n) <= kI64Max && d <= kI64Max) {  // 64-bit division when it fits
      n = static_cast<i128>(static_cast<std::int64_t>(n) / static_cast<std::int64_t>(g));
      d = static_cast<i128>(static_cast<std::int64_t>(d) / static_cast<std::int64_t>(g));
    } else {
      n /= g;
      d /= g;
    }
  }
  if (n >= kLimit || n <= -kLimit || d >= kLimit) throw NumOverflow();
  return Num(n, d, true);
}

Num Num::fraction(i128 num, i128 den) { return make(num, den); }

Num Num::operator+(const Num& o) const {
  // A whole number added to a reduced fraction n/d gives (n + k·d)/d, reduced already
  // (gcd(n + k·d, d) = gcd(n, d) = 1): no gcd needed. Sums of scores are mostly this case.
  if (o.d_ == 1) return Num(add(n_, mul(o.n_, d_)), d_, true);
  if (d_ == 1) return Num(add(o.n_, mul(n_, o.d_)), o.d_, true);
  if (d_ == o.d_) return make(add(n_, o.n_), d_);
  i128 g = gcd128(d_, o.d_);
  i128 dg = div128(d_, g), odg = div128(o.d_, g);
  i128 lhs = mul(n_, odg);
  i128 rhs = mul(o.n_, dg);
  i128 t = add(lhs, rhs);
  i128 den = mul(dg, o.d_);  // the same overflow checks as reducing t/den directly
  // t/den reduced with one small gcd (Knuth, TAOCP 4.5.1): with both operands reduced, a common
  // factor of t and den divides g; t ≠ 0 since different reduced denominators mean different values.
  if (g == 1) return Num(t, den, true);
  i128 g2 = gcd128(t, g);
  return Num(div128(t, g2), dg * div128(o.d_, g2), true);
}

Num Num::operator-() const { return Num(-n_, d_, true); }

Num Num::operator-(const Num& o) const { return *this + (-o); }

Num Num::operator*(const Num& o) const { return times(n_, d_, o.n_, o.d_); }

// n1/d1 × n2/d2, both reduced; operands passed as values (a quotient's inverse is never stored).
Num Num::times(i128 n1, i128 d1, i128 n2, i128 d2) {
  if (d1 == 1 && d2 == 1) return Num(mul(n1, n2), 1, true);
  if (n2 == 1 && d2 == 1) return Num(n1, d1, true);  // × 1 (a rule's scale, mostly)
  // Cross-reduce first to keep intermediates small. With both operands reduced, the cross-reduced
  // product is reduced too (and its denominator positive), so no third gcd. gcd(x, 1) = 1: none
  // computed against a whole number's denominator.
  i128 g1 = d2 == 1 ? 1 : gcd128(n1, d2);
  i128 g2 = d1 == 1 ? 1 : gcd128(n2, d1);
  if (g1 > 1) {  // dividing by 1 is a 64-bit division for nothing
    n1 = div128(n1, g1);
    d2 = div128(d2, g1);
  }
  if (g2 > 1) {
    n2 = div128(n2, g2);
    d1 = div128(d1, g2);
  }
  return Num(mul(n1, n2), mul(d1, d2), true);
}

Num Num::operator/(const Num& o) const {
  if (o.n_ == 0) throw std::domain_error("division by zero");
  // The inverse of a reduced fraction is reduced: only the sign moves to the numerator.
  return o.n_ < 0 ? times(n_, d_, -o.d_, -o.n_) : times(n_, d_, o.d_, o.n_);
}

int Num::compare(const Num& o) const {
  if (d_ == o.d_) return n_ < o.n_ ? -1 : (n_ > o.n_ ? 1 : 0);
  // Below 2^59 every step of `*this - o` stays far below the 2^120 limit (so it cannot throw), and
  // the cross products fit 128 bits: compare them instead of reducing a difference.
  constexpr i128 kSmall = static_cast<i128>(1) << 59;
  if (abs128(n_) < kSmall && abs128(o.n_) < kSmall && d_ < kSmall && o.d_ < kSmall) {
    i128 l = n_ * o.d_, r = o.n_ * d_;
    return l < r ? -1 : (l > r ? 1 : 0);
  }
  Num diff = *this - o;
  return diff.sign();
}

Num Num::round(int decimals, RoundMode mode) const {
  // A whole number is its own rounding; below 2^59, scaling it by 10^decimals (≤ 10^18) could not
  // overflow either, so this is what the steps below give.
  if (d_ == 1 && decimals >= 0 && decimals <= 18 && abs128(n_) < (static_cast<i128>(1) << 59)) return *this;
  i128 scale = pow10(decimals);
  i128 scaled = mul(n_, scale);
  i128 q, r;
  if (abs128(scaled) <= kI64Max && d_ <= kI64Max) {
    auto s64 = static_cast<std::int64_t>(scaled), d64 = static_cast<std::int64_t>(d_);
    q = s64 / d64;  // truncates toward zero
    r = s64 % d64;
  } else {
    q = scaled / d_;
    r = scaled % d_;
  }
  if (r != 0 && mode != RoundMode::Truncate) {
    i128 twice = mul(abs128(r), 2);
    bool up = false;
    if (twice > d_) {
      up = true;
    } else if (twice == d_) {
      up = (mode == RoundMode::HalfUp) || (abs128(q) % 2 == 1);
    }
    if (up) q += (scaled < 0 ? -1 : 1);
  }
  return make(q, scale);
}

std::string Num::to_fixed(int decimals, RoundMode mode) const {
  Num r = round(decimals, mode);
  i128 scale = pow10(decimals);
  i128 scaled = r.n_ * (scale / r.d_);  // r.d_ divides scale after rounding
  bool neg = scaled < 0;
  std::string ds = digits(abs128(scaled));
  if (decimals > 0) {
    if (static_cast<int>(ds.size()) <= decimals) ds.insert(0, static_cast<size_t>(decimals + 1) - ds.size(), '0');
    ds.insert(ds.size() - static_cast<size_t>(decimals), ".");
  }
  if (neg && scaled != 0) ds.insert(0, "-");
  return ds;
}

std::string Num::to_string(int max_decimals) const {
  std::string s = to_fixed(max_decimals, RoundMode::HalfUp);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

double Num::to_double() const {
  static const double_conversion::StringToDoubleConverter conv(
      double_conversion::StringToDoubleConverter::NO_FLAGS, 0.0, 0.0, nullptr, nullptr);
  if (d_ == 1) {
    std::string s = (n_ < 0 ? "-" : "") + digits(abs128(n_));
    int used = 0;
    return conv.StringToDouble(s.c_str(), static_cast<int>(s.size()), &used);
  }
  // 40 significant decimals are far more than a double holds; correct rounding from there.
  i128 ip = abs128(n_) / d_;
  i128 rem = abs128(n_) % d_;
  std::string s = (n_ < 0 ? "-" : "") + digits(ip) + ".";
  for (int i = 0; i < 40 && rem != 0; ++i) {
    rem *= 10;  // rem < d_ < 2^120, so this stays far below 2^127
    s.push_back(static_cast<char>('0' + static_cast<int>(rem / d_)));
    rem %= d_;
  }
  int used = 0;
  return conv.StringToDouble(s.c_str(), static_cast<int>(s.size()), &used);
}

std::optional<Num> Num::parse(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    neg = s[i] == '-';
    ++i;
  }
  i128 mant = 0;
  int sig = 0;
  int frac = 0;
  bool any = false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (mant == 0 && c == '0') {
        if (dot) ++frac;
        continue;
      }
      if (++sig > 30) return std::nullopt;
      mant = mant * 10 + (c - '0');
      if (dot) ++frac;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  int exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
      eneg = s[i] == '-';
      ++i;
    }
    bool edig = false;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      edig = true;
      exp = exp * 10 + (s[i] - '0');
      if (exp > 400) return std::nullopt;
    }
    if (!edig) return std::nullopt;
    if (eneg) exp = -exp;
  }
  if (i != s.size()) return std::nullopt;
  if (mant == 0) return Num(0);
  int e = exp - frac;
  if (e > 30 || e < -60) return std::nullopt;
  try {
    if (neg) mant = -mant;
    if (e >= 0) return make(mul(mant, pow10(e)), 1);
    // Reduce trailing zeros of the mantissa first so 10^-e stays representable.
    while (e < 0 && mant % 10 == 0) {
      mant /= 10;
      ++e;
    }
    if (-e > 36) return std::nullopt;
    return make(mant, pow10(-e));
  } catch (const NumOverflow&) {
    return std::nullopt;
  }
}

std::optional<Num> Num::from_double(double v) {
  if (!(v == v) || v > 1e300 || v < -1e300) return std::nullopt;  // NaN, infinities
  char buf[64];
  double_conversion::StringBuilder sb(buf, sizeof buf);
  if (!double_conversion::DoubleToStringConverter::EcmaScriptConverter().ToShortest(v, &sb)) return std::nullopt;
  int len = sb.position();
  return parse(std::string_view(sb.Finalize(), static_cast<size_t>(len)));
}

Num min(const Num& a, const Num& b) { return b < a ? b : a; }
Num max(const Num& a, const Num& b) { return a < b ? b : a; }

}  // namespace cds
