// Builds one-criterion rubrics inline so each rule kind can be tested at and around its thresholds.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"

namespace fixture {

// A rubric with a single criterion "1" (scale = max) and optional general information.
inline cds::Rubric one(const std::string& inputs, const std::string& rule, const std::string& max = "10",
                       const std::string& notes = "[]", const std::string& general_info = "[]") {
  std::string doc = R"({"format":"cds-rubric/1","id":"test","version":"1","title":"T","authority":"A","year":2025,
    "scale":)" + max + R"(,"unit_level":"xa","general_info":)" + general_info + R"(,
    "sections":[{"id":"I","title":"S","max":)" + max + R"(,"criteria":[{"id":"1","code":"1","title":"C","max":)" + max +
                    R"(,"inputs":)" + inputs + R"(,"rule":)" + rule + R"(,"scoring_text":"x","notes":)" + notes + "}]}]}";
  auto loaded = cds::load_rubric(doc);
  EXPECT_TRUE(loaded.rubric) << (loaded.messages.empty() ? "" : loaded.messages[0].text()) << "\n" << doc;
  return loaded.rubric ? *loaded.rubric : cds::Rubric{};
}

inline cds::CriterionScore score(const cds::Rubric& r, const std::string& inputs, const std::string& general = "{}",
                                 cds::Lang lang = cds::Lang::Vi) {
  cds::Answers a;
  a.rubric_id = r.id;
  a.inputs = cds::Json::object();
  a.inputs["1"] = cds::Json::parse(inputs);
  a.general_info = cds::Json::parse(general);
  cds::ScoreOptions o;
  o.lang = lang;
  auto s = cds::score(r, a, o);
  return s.criteria.at(0);
}

inline std::string text(const cds::CriterionScore& c) {
  std::string s;
  for (const auto& l : c.explanation) s += l + "\n";
  for (const auto& m : c.messages) s += "! " + m.code + ": " + m.vi + "\n";
  return s;
}

inline std::string sc(const cds::CriterionScore& c) { return c.score.to_string(6); }

}  // namespace fixture
