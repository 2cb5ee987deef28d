// Every bundled rubric loads, lints clean, sums to its declared totals and follows the id scheme.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace cds;

namespace {

struct Expect {
  const char* id;
  int scale;
  size_t criteria;
  const char* id_pattern;
};

const Expect kRubrics[] = {
    {"soctrang-2023-thidua-tinh", 100, 16, R"(^\d+$)"},
    {"soctrang-2023-thidua-huyen", 100, 15, R"(^\d+$)"},
    {"soctrang-2023-thidua-xa", 100, 14, R"(^\d+$)"},
    {"soctrang-2022-dti-so", 100, 70, R"(^(I|II|III|IV|V|VI|VII|VIII|IX)(\.\d+)+$)"},
    {"soctrang-2022-dti-huyen", 100, 79, R"(^(I|II|III|IV|V|VI|VII|VIII|IX)(\.\d+)+$)"},
    {"soctrang-2022-dti-xa", 100, 75, R"(^(I|II|III|IV|V|VI|VII|VIII|IX)(\.\d+)+$)"},
    {"vinhlong-2025-dti-tinh", 1000, 47, R"(^[1-8]\.\d+$)"},
    {"nhuthanh-2026-nq57", 100, 38, R"(^(A|B)\.(I|II|III)(\.\d+)+$)"},
};

}  // namespace

TEST(BundledRubrics, LoadLintAndSum) {
  for (const auto& e : kRubrics) {
    SCOPED_TRACE(e.id);
    auto loaded = load_rubric(testutil::slurp(std::string("assets/rubrics/") + e.id + ".json"));
    ASSERT_TRUE(loaded.rubric);
    EXPECT_TRUE(loaded.messages.empty());
    const Rubric& r = *loaded.rubric;
    EXPECT_EQ(r.id, e.id);
    auto problems = lint(r);
    for (const auto& m : problems) ADD_FAILURE() << m.code << " " << m.where << ": " << m.vi;
    EXPECT_EQ(r.scale, Num(e.scale));
    EXPECT_EQ(r.criteria.size(), e.criteria);
    Num regular = 0;
    for (const auto& c : r.criteria) {
      if (c.category == Category::Regular) regular += c.max;
      EXPECT_TRUE(std::regex_match(c.id, std::regex(e.id_pattern))) << c.id;
      // The printed "cách tính điểm" is empty only where the document prints none (a note says so).
      if (c.scoring_text.empty()) EXPECT_FALSE(c.notes.empty()) << c.id;
      EXPECT_FALSE(c.title.empty()) << c.id;
    }
    EXPECT_EQ(regular, r.scale);
    // Full marks are reachable: the declared maximum of every regular criterion is what lint proved.
  }
}

TEST(BundledRubrics, EveryFileIsKnown) {
  int n = 0;
  for (auto& f : fs::directory_iterator(fs::path(CDS_SOURCE_DIR) / "assets" / "rubrics")) {
    if (f.path().extension() != ".json") continue;  // superseded/ holds earlier versions
    std::string id = f.path().stem().string();
    bool known = false;
    for (const auto& e : kRubrics) known = known || id == e.id;
    EXPECT_TRUE(known) << id;
    ++n;
  }
  EXPECT_EQ(n, 8);
}

TEST(BundledRubrics, VinhLongCarriesAssignments) {
  auto loaded = load_rubric(testutil::slurp("assets/rubrics/vinhlong-2025-dti-tinh.json"));
  ASSERT_TRUE(loaded.rubric);
  for (const auto& c : loaded.rubric->criteria) EXPECT_FALSE(c.assignment.lead.empty()) << c.id;
  EXPECT_GE(loaded.rubric->general_info.size(), 19u);
}

TEST(BundledRubrics, Nq57HasPeriodAndDeadline) {
  auto loaded = load_rubric(testutil::slurp("assets/rubrics/nhuthanh-2026-nq57.json"));
  ASSERT_TRUE(loaded.rubric);
  ASSERT_TRUE(loaded.rubric->period_from);
  EXPECT_EQ(to_iso(*loaded.rubric->period_from), "2025-07-01");
  EXPECT_EQ(to_iso(*loaded.rubric->period_to), "2026-06-18");
  EXPECT_EQ(loaded.rubric->deadline_at, "2026-06-19T09:00");
}
