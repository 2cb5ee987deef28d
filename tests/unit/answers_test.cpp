// Answers: load, save, template, and keeping whatever the user typed.
#include "cds/model/answers.hpp"

#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace cds;

TEST(Answers, RoundTripKeepsEverything) {
  auto loaded = load_answers(R"({"format":"cds-answers/1","rubric":{"id":"r","version":"1"},
     "unit":{"name":"UBND xã Đại Hải","code":"XA-01","type":"xa"},"period":"2023",
     "preparer":{"name":"Nguyễn Văn A","title":"Công chức","phone":"0299","email":""},
     "general_info":{"dan_so":12450},"inputs":{"3":{"ty_le":"62,5 %","x":"abc"}},
     "notes":{"3":"Đã ban hành Kế hoạch số 12/KH-UBND"},
     "evidence":{"3":[{"kind":"ref","number":"12/KH-UBND","date":"2025-03-05","title":"KH","link":""},
                      {"kind":"file","name":"a.pdf","size":12,"sha256":"ab"}]},
     "updated":"2026-11-23T08:15:00Z","future_field":{"kept":true}})");
  ASSERT_TRUE(loaded.answers) << loaded.messages[0].text();
  const Answers& a = *loaded.answers;
  EXPECT_EQ(a.unit.name, "UBND xã Đại Hải");
  EXPECT_EQ(*a.value("3", "x"), "abc");  // invalid values are kept, not dropped
  auto again = load_answers(answers_to_text(a));
  ASSERT_TRUE(again.answers);
  EXPECT_EQ(answers_to_json(*again.answers), answers_to_json(a));
  EXPECT_EQ(again.answers->evidence["3"].size(), 2u);
  EXPECT_EQ(again.answers->extra["future_field"]["kept"], true);
}

TEST(Answers, RefusesOtherFormats) {
  EXPECT_EQ(load_answers(R"({"format":"cds-submission/1"})").messages[0].code, "answers.format");
  EXPECT_EQ(load_answers(R"({"rubric":{"id":"x"}})").messages[0].code, "answers.format");
  EXPECT_EQ(load_answers("[1,2]").messages[0].code, "answers.type");
  EXPECT_EQ(load_answers(R"({"format":"cds-answers/1","rubric":{"id":"x"},"inputs":[1]})").messages[0].code, "answers.type");
}

TEST(Answers, TemplateHasEveryInputNull) {
  auto loaded = load_rubric(testutil::slurp("assets/rubrics/vinhlong-2025-dti-tinh.json"));
  ASSERT_TRUE(loaded.rubric);
  Answers t = answers_template(*loaded.rubric);
  size_t inputs = 0;
  for (const auto& c : loaded.rubric->criteria) {
    ASSERT_TRUE(t.inputs.contains(c.id));
    for (const auto& in : c.inputs) {
      EXPECT_TRUE(t.inputs[c.id][in.id].is_null());
      ++inputs;
    }
  }
  EXPECT_GT(inputs, 47u);
  EXPECT_EQ(t.general_info.size(), loaded.rubric->general_info.size());
  EXPECT_TRUE(check_answers_fit(*loaded.rubric, t).empty());
}

TEST(Answers, FitWarnings) {
  auto loaded = load_rubric(testutil::slurp("assets/rubrics/soctrang-2023-thidua-xa.json"));
  ASSERT_TRUE(loaded.rubric);
  Answers a;
  a.rubric_id = "soctrang-2023-thidua-xa";
  a.rubric_version = "1999.1";
  a.inputs = Json::parse(R"({"99":{"x":1},"3":{"nope":1}})");
  auto ms = check_answers_fit(*loaded.rubric, a);
  std::string all;
  for (const auto& m : ms) all += m.code + " ";
  EXPECT_NE(all.find("answers.version_mismatch"), std::string::npos);
  EXPECT_NE(all.find("answers.unknown_criterion"), std::string::npos);
  EXPECT_NE(all.find("answers.unknown_input"), std::string::npos);
  EXPECT_FALSE(has_errors(ms));
  a.rubric_id = "other";
  EXPECT_TRUE(has_errors(check_answers_fit(*loaded.rubric, a)));
}
