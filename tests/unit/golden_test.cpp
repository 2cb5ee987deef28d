// Golden cases: answers and hand-computed expected scores per rubric (tests/golden/<id>/), built
// from the source documents, never by running the engine. Every criterion's score and status, the
// total and the answered count must match exactly.
#include <gtest/gtest.h>

#include <filesystem>

#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace cds;

namespace {

struct GoldenCase {
  std::string rubric_id;
  std::string name;
  std::string answers_path;
  std::string expected_path;
};

std::vector<GoldenCase> cases() {
  std::vector<GoldenCase> out;
  fs::path root = fs::path(CDS_SOURCE_DIR) / "tests" / "golden";
  std::error_code ec;
  for (auto& dir : fs::directory_iterator(root, ec)) {
    if (!dir.is_directory()) continue;
    for (auto& f : fs::directory_iterator(dir.path(), ec)) {
      std::string name = f.path().filename().string();
      const std::string suffix = ".answers.json";
      if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
      std::string base = name.substr(0, name.size() - suffix.size());
      out.push_back({dir.path().filename().string(), base, f.path().string(), (dir.path() / (base + ".expected.json")).string()});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.answers_path < b.answers_path; });
  return out;
}

std::string read(const std::string& abs) {
  std::ifstream f(abs, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

TEST(Golden, EveryRubricHasGoldenCases) {
  fs::path rubrics = fs::path(CDS_SOURCE_DIR) / "assets" / "rubrics";
  auto all = cases();
  int rubric_count = 0;
  for (auto& f : fs::directory_iterator(rubrics)) {
    if (f.path().extension() != ".json") continue;  // superseded/ holds earlier versions
    std::string id = f.path().stem().string();
    ++rubric_count;
    int n = 0;
    for (const auto& c : all) n += c.rubric_id == id;
    EXPECT_GE(n, 3) << id << " needs at least three golden cases";
  }
  EXPECT_EQ(rubric_count, 8);
}

TEST(Golden, ScoresMatchHandComputation) {
  auto all = cases();
  ASSERT_FALSE(all.empty());
  for (const auto& gc : all) {
    SCOPED_TRACE(gc.rubric_id + "/" + gc.name);
    auto loaded = load_rubric(testutil::slurp("assets/rubrics/" + gc.rubric_id + ".json"));
    ASSERT_TRUE(loaded.rubric);
    const Rubric& r = *loaded.rubric;
    auto ans = load_answers(read(gc.answers_path));
    ASSERT_TRUE(ans.answers) << (ans.messages.empty() ? "" : ans.messages[0].text());
    auto expected = parse_json(read(gc.expected_path));
    ASSERT_TRUE(expected.doc) << gc.expected_path;
    const Json& ex = *expected.doc;
    ScoreSheet s = score(r, *ans.answers);
    EXPECT_FALSE(has_errors(s.messages));
    for (const auto& cs : s.criteria) {
      const Json* e = field(ex["criteria"], cs.id.c_str());
      if (!e) {
        ADD_FAILURE() << "expected.json lacks criterion " << cs.id;
        continue;
      }
      auto want = json_num((*e)["score"]);
      ASSERT_TRUE(want);
      std::string why = (*e).value("why", "");
      std::string expl;
      for (const auto& l : cs.explanation) expl += "\n      " + l;
      for (const auto& m : cs.messages) expl += "\n      ! " + m.vi;
      EXPECT_EQ(cs.score.to_string(6), want->to_string(6))
          << "criterion " << cs.id << " (hand: " << why << ")" << expl;
      EXPECT_EQ(status_name(cs.status), (*e)["status"].get<std::string>()) << "criterion " << cs.id << expl;
    }
    EXPECT_EQ(s.total.to_string(6), json_num(ex["total"])->to_string(6));
    EXPECT_EQ(s.answered, ex["answered"].get<int>());
    EXPECT_EQ(s.items, ex["items"].get<int>());
  }
}
