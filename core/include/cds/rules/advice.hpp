// cds/rules/advice.hpp — "where to gain points" (Nơi có thể tăng điểm): criteria ordered by the points
// still missing, each with what figure would reach the maximum where the rule allows it
// ("Tỷ lệ hồ sơ trực tuyến 62 % → 80 %: +4 điểm").
//
// Not provided: predictions for composite rules beyond "up to N more points".
#pragma once

#include <string>
#include <vector>

#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"

namespace cds {

struct Advice {
  size_t index = 0;  // into Rubric::criteria
  std::string id;
  Num missing;  // points still missing (max − score)
  Status status = Status::Answered;
  std::string hint;  // one line, figures substituted
};

// Regular and bonus criteria below their maximum, most missing points first (ties: document order).
std::vector<Advice> where_to_gain(const Rubric& r, const ScoreSheet& s, Lang lang = Lang::Vi);

}  // namespace cds
