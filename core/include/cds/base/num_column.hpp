// cds/base/num_column.hpp — a column of exact numbers, held small.
//
// An office keeps every counted unit's criterion scores until its reports are written: 79 `Num`s of
// 32 bytes each per unit of the Vĩnh Long rubric, 24 MB for a national roll-up of 9,600 units. A
// score is a reduced fraction whose numerator and denominator almost always fit 32 bits (every
// score of the bundled rubrics does), so a column keeps those in 8 bytes and the rare other one
// whole beside them. Reading gives back exactly the `Num` that was stored.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "cds/base/num.hpp"

namespace cds {

class NumColumn {
 public:
  NumColumn() = default;
  explicit NumColumn(const std::vector<Num>& values) {
    packed_.reserve(values.size());
    for (const Num& v : values) push_back(v);
  }

  void reserve(size_t n) { packed_.reserve(n); }
  size_t size() const { return packed_.size(); }
  bool empty() const { return packed_.empty(); }

  void push_back(const Num& v) {
    const Num::i128 n = v.num(), d = v.den();
    if (n >= std::numeric_limits<int32_t>::min() && n <= std::numeric_limits<int32_t>::max() && d >= 1 &&
        d <= std::numeric_limits<uint32_t>::max()) {
      packed_.push_back({static_cast<int32_t>(n), static_cast<uint32_t>(d)});
    } else {  // denominator 0 marks a number kept whole: the numerator is its place in wide_
      packed_.push_back({static_cast<int32_t>(wide_.size()), 0});
      wide_.push_back(v);
    }
  }

  Num operator[](size_t i) const {
    const Packed p = packed_[i];
    if (p.d == 0) return wide_[static_cast<size_t>(p.n)];
    return Num(p.n, p.d, true);  // stored reduced, read back as it was
  }

  std::vector<Num> values() const {
    std::vector<Num> out;
    out.reserve(size());
    for (size_t i = 0; i < size(); ++i) out.push_back((*this)[i]);
    return out;
  }

 private:
  struct Packed {
    int32_t n;
    uint32_t d;
  };
  std::vector<Packed> packed_;
  std::vector<Num> wide_;
};

}  // namespace cds
