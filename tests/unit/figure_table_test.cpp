// Figure tables (cds/office/figure_table.hpp): the CSV as Excel writes it, every kind of input a
// table may fill, and the scores computed by hand from the printed rubric (Sóc Trăng 2023, tỉnh).
#include <gtest/gtest.h>

#include "cds/model/report.hpp"
#include "cds/office/figure_table.hpp"
#include "test_util.hpp"

using testutil::n;

namespace {

const cds::Rubric& tinh() {
  static cds::Rubric r = *cds::load_rubric(testutil::slurp("assets/rubrics/soctrang-2023-thidua-tinh.json")).rubric;
  return r;
}
size_t idx(const cds::Rubric& r, const char* id) { return static_cast<size_t>(r.criterion(id) - r.criteria.data()); }

cds::Answers unit(const cds::Rubric& r) {
  cds::Answers a = cds::answers_template(r);
  a.unit = {"Sở A", "SO-A", "so"};
  a.set_value("3", "ty_le", 95);
  a.set_value("2", "nhan_su", "khong_bo_tri");
  a.set_value("15", "he_thong", cds::Json{{"num", 1}, {"den", 4}});
  return a;
}
std::vector<cds::Num> self_scores(const cds::Rubric& r, const cds::Answers& a) {
  std::vector<cds::Num> v;
  for (size_t i = 0; i < r.criteria.size(); ++i) v.push_back(cds::score_criterion(r, i, a).score);
  return v;
}
std::string errors(const cds::Messages& ms) {
  std::string s;
  for (const auto& m : ms) s += m.text() + "\n";
  return s;
}

TEST(FigureTable, ReadsWhatExcelWrites) {
  // BOM, ';', commas inside unquoted headers, a quoted cell with a line break and doubled quotes,
  // CRLF, a blank line, a trailing separator.
  std::string csv = std::string(cds::kUtf8Bom) +
                    "Mã đơn vị [unit];Tên đơn vị [name];Cổng DVC, tỉnh [3/ty_le];Ghi chú [reason];\r\n"
                    "SO-A;Sở A;72,5;\"dòng một\r\n\"\"trích\"\" dòng hai\";\r\n"
                    "\r\n"
                    "SO-B;\"Sở B; Tài chính\";;;\r\n";
  auto lt = cds::load_figure_table(csv, tinh());
  ASSERT_TRUE(lt.table) << errors(lt.messages);
  EXPECT_FALSE(cds::has_errors(lt.messages)) << errors(lt.messages);
  const auto& t = *lt.table;
  EXPECT_EQ(t.separator, ';');
  ASSERT_EQ(t.columns.size(), 1u);
  EXPECT_EQ(t.columns[0].key, "3/ty_le");
  EXPECT_EQ(t.columns[0].column, 2u);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].cells[0], "72,5");
  EXPECT_EQ(t.rows[0].reason, "dòng một \"trích\" dòng hai");  // signed as one line
  EXPECT_EQ(t.rows[1].line, 4u);  // Excel's row: the quoted line break stays in row 2, the blank row is 3
  EXPECT_EQ(t.rows[1].unit_name, "Sở B; Tài chính");
  EXPECT_EQ(t.rows[1].cells[0], "");
  EXPECT_EQ(cds::figure_row_for(t, " SO-B "), std::optional<size_t>(1));
  EXPECT_FALSE(cds::figure_row_for(t, "so-b"));  // codes are told apart exactly, as the intake does
  EXPECT_FALSE(cds::figure_row_for(t, "SO-C"));
}

TEST(FigureTable, SeparatorsAndLineEnds) {
  for (std::string csv : {std::string("Mã đơn vị [unit]\tX [3/ty_le]\nSO-A\t50\n"), std::string("Mã đơn vị [unit],X [3/ty_le]\rSO-A,50\r"),
                          std::string("Mã đơn vị [unit];X [3/ty_le]\nSO-A;50")}) {
    auto lt = cds::load_figure_table(csv, tinh());
    ASSERT_TRUE(lt.table) << csv << errors(lt.messages);
    ASSERT_EQ(lt.table->rows.size(), 1u) << csv;
    EXPECT_EQ(lt.table->rows[0].cells[0], "50") << csv;
  }
}

TEST(FigureTable, PercentFigureScoredByHand) {
  // Criterion 3 (4 points): "Đạt 95% trở lên: Điểm = điểm chuẩn; Đạt < 95%: Điểm = tỉ lệ đạt được/95 *
  // điểm chuẩn". The unit declared 95 % → 4; the Cổng DVC says 76 % → 76/95 × 4 = 3,2.
  const auto& r = tinh();
  auto lt = cds::load_figure_table("Mã đơn vị [unit];X [3/ty_le]\nSO-A;76\nSO-B;95\n", r);
  ASSERT_TRUE(lt.table);
  cds::Answers a = unit(r);
  auto cur = self_scores(r, a);
  auto f = cds::apply_figures(*lt.table, lt.table->rows[0], r, a, cur, "");
  ASSERT_EQ(f.changes.size(), 1u) << errors(f.messages);
  EXPECT_EQ(f.changes[0].before, n("4"));
  EXPECT_EQ(f.changes[0].after, n("3.2"));
  EXPECT_EQ(f.changes[0].reason, "Số liệu của Cổng DVC tỉnh: 76 % (đơn vị khai 95 %)");
  auto ch = cds::appraisal_changes(f, r);
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].criterion, "3");
  EXPECT_EQ(ch[0].score, n("3.2"));
  // 95 % is at the boundary: full points, as declared: no change.
  auto same = cds::apply_figures(*lt.table, lt.table->rows[1], r, a, cur, "");
  EXPECT_TRUE(same.changes.empty());
  EXPECT_EQ(same.unchanged, std::vector<size_t>{idx(r, "3")});
  // Against an earlier appraisal that set 3 to 2 points, 95 % gives the 4 points back.
  cur[idx(r, "3")] = n("2");
  auto back = cds::apply_figures(*lt.table, lt.table->rows[1], r, a, cur, "");
  ASSERT_EQ(back.changes.size(), 1u);
  EXPECT_EQ(back.changes[0].after, n("4"));
  EXPECT_EQ(back.changes[0].reason, "Số liệu của Cổng DVC tỉnh: 95 %");
}

TEST(FigureTable, EveryKindOfInput) {
  const auto& r = tinh();
  // 1: yes/no and two dates (months_late: 8 points, 1 a month late, full months): issued 15/3/2023,
  //    due 10/1/2023 → 2 full months late → 8 − 2 = 6. 2: a choice by its label, folded ("đạt chuẩn
  //    theo vị trí việc làm" → 3 points). 15: a ratio 3/4 of 4 points → 3.
  std::string csv =
      "Mã đơn vị [unit];[1/da_ban_hanh];[1/ngay_ban_hanh];[1/han];[2/nhan_su];[15/he_thong.num];[15/he_thong.den]\n"
      "SO-A;Có;15/3/2023;10-01-2023;BỐ TRÍ NHÂN SỰ ĐẠT CHUẨN THEO VỊ TRÍ VIỆC LÀM;3;4\n";
  auto lt = cds::load_figure_table(csv, r);
  ASSERT_TRUE(lt.table) << errors(lt.messages);
  EXPECT_FALSE(cds::has_errors(lt.messages)) << errors(lt.messages);
  EXPECT_EQ(lt.table->criteria, (std::vector<size_t>{idx(r, "1"), idx(r, "2"), idx(r, "15")}));
  cds::Answers a = unit(r);
  auto f = cds::apply_figures(*lt.table, lt.table->rows[0], r, a, self_scores(r, a), "CV 12");
  ASSERT_FALSE(cds::has_errors(f.messages)) << errors(f.messages);
  std::map<std::string, cds::Num> got;
  std::map<std::string, std::string> why;
  for (const auto& c : f.changes) {
    got[r.criteria[c.criterion].id] = c.after;
    why[r.criteria[c.criterion].id] = c.reason;
  }
  EXPECT_EQ(got["1"], n("6"));
  EXPECT_EQ(got["2"], n("3"));
  EXPECT_EQ(got["15"], n("3"));
  EXPECT_NE(why["15"].find("(tử số) 3 (đơn vị khai 1)"), std::string::npos) << why["15"];
  EXPECT_NE(why["15"].find("(mẫu số) 4"), std::string::npos) << why["15"];
  EXPECT_NE(why["2"].find(". CV 12"), std::string::npos) << why["2"];
  // The same figures again give the same scores: nothing changes.
  auto again = cds::apply_figures(*lt.table, lt.table->rows[0], r, a, [&] {
    auto v = self_scores(r, a);
    for (const auto& c : f.changes) v[c.criterion] = c.after;
    return v;
  }(), "");
  EXPECT_TRUE(again.changes.empty());
  EXPECT_EQ(again.unchanged.size(), 3u);
}

TEST(FigureTable, ValuesRefusedWithReasons) {
  const auto& r = tinh();
  struct Case {
    const char* cell;
    const char* key;
    const char* says;
  } cases[] = {
      {"150", "3/ty_le", "vượt 100"},      {"-5", "3/ty_le", "âm"},
      {"'-5", "3/ty_le", "âm"},            {"=1+1", "3/ty_le", "không đọc được số"},
      {"50 %", "15/he_thong.num", "dấu %"}, {"có lẽ", "1/da_ban_hanh", "không phải Có/Không"},
      {"31/2/2023", "1/ngay_ban_hanh", "không đọc được ngày"}, {"tiến sĩ", "2/nhan_su", "không phải một lựa chọn"},
  };
  for (const auto& c : cases) {
    std::string csv = std::string("Mã đơn vị [unit];X [") + c.key + "]\nSO-A;" + c.cell + "\n";
    auto lt = cds::load_figure_table(csv, r);
    ASSERT_TRUE(lt.table) << c.cell;
    const cds::Message* e = cds::first_error(lt.messages);
    ASSERT_NE(e, nullptr) << c.cell;
    EXPECT_EQ(e->where, "B2") << c.cell;  // as Excel names the cell, in every language
    EXPECT_NE(e->vi.find(c.says), std::string::npos) << c.cell << ": " << e->vi;
    EXPECT_FALSE(e->en.empty());
  }
}

TEST(FigureTable, HeadersRefused) {
  const auto& r = tinh();
  struct Case {
    const char* csv;
    const char* code;
  } cases[] = {
      {"Tên [name];X [3/ty_le]\nSở A;5\n", "figures.no_unit_column"},
      {"Mã đơn vị [unit];X [3]\nSO-A;5\n", "figures.column_key"},
      {"Mã đơn vị [unit];X [15/he_thong]\nSO-A;5\n", "figures.ratio_part"},
      {"Mã đơn vị [unit];X [3/ty_le.num]\nSO-A;5\n", "figures.unknown_input"},
      {"Mã đơn vị [unit];[unit];X [3/ty_le]\nSO-A;SO-A;5\n", "figures.duplicate_column"},
      {"Mã đơn vị [unit];Tên [name]\nSO-A;A\n", "figures.no_columns"},
      {"", "figures.empty"},
      {"\"Mã đơn vị [unit];X [3/ty_le]\nSO-A;5\n", "figures.quote"},
      {"\xff\xfeM\0", "figures.encoding"},
  };
  for (const auto& c : cases) {
    auto lt = cds::load_figure_table(c.csv, r);
    EXPECT_FALSE(lt.table) << c.csv;
    ASSERT_FALSE(lt.messages.empty()) << c.csv;
    EXPECT_EQ(lt.messages[0].code, c.code) << c.csv << ": " << lt.messages[0].vi;
  }
}

TEST(FigureTable, DuplicateUnitsNeverMatched) {
  auto lt = cds::load_figure_table("Mã đơn vị [unit];X [3/ty_le]\nSO-A;50\nSO-B;60\n SO-A ;70\nso-b;80\n", tinh());
  ASSERT_TRUE(lt.table);
  EXPECT_TRUE(cds::has_errors(lt.messages));
  EXPECT_FALSE(cds::figure_row_for(*lt.table, "SO-A"));
  EXPECT_TRUE(cds::figure_row_for(*lt.table, "SO-B"));
  EXPECT_TRUE(cds::figure_row_for(*lt.table, "so-b"));  // another unit: codes differ in case
}

TEST(FigureTable, ControlCharactersLongCellsAndPeriods) {
  const auto& r = tinh();
  for (const char* bad : {"SO-A;50;x\x01y\n", "SO-A;50;\x1b[31mđỏ\n", "SO-A;50;a\u202Eb\n", "SO-A;50;a\xC2\x85" "b\n"}) {
    auto lt = cds::load_figure_table(std::string("Mã đơn vị [unit];X [3/ty_le];Lý do [reason]\n") + bad, r);
    ASSERT_TRUE(lt.table);
    const cds::Message* e = cds::first_error(lt.messages);
    ASSERT_TRUE(e) << bad;
    EXPECT_EQ(e->code, "figures.control") << bad;
    EXPECT_EQ(e->where, "C2") << bad;
    EXPECT_TRUE(lt.table->rows.empty()) << bad;
  }
  // Every cell has the limit, not only figures.
  auto lt = cds::load_figure_table("Mã đơn vị [unit];X [3/ty_le];Lý do [reason]\nSO-A;50;" + std::string(cds::kFigureTableMaxCell + 1, 'a') + "\n", r);
  ASSERT_TRUE(lt.table);
  EXPECT_EQ(cds::first_error(lt.messages)->code, "figures.cell_too_long");
  EXPECT_EQ(cds::first_error(lt.messages)->where, "C2");
  // Unbracketed headers are for people: "Ghi chú" is not a reason column.
  lt = cds::load_figure_table("Mã đơn vị [unit];X [3/ty_le];Ghi chú\nSO-A;50;nội bộ\n", r);
  ASSERT_TRUE(lt.table);
  EXPECT_EQ(lt.table->rows[0].reason, "");
  // A [period] column: the same unit on two rows, one per period.
  lt = cds::load_figure_table("Mã đơn vị [unit];Kỳ [period];X [3/ty_le]\nSO-A;2023;50\nSO-A;2024;60\n", r);
  ASSERT_TRUE(lt.table);
  EXPECT_FALSE(cds::has_errors(lt.messages));
  EXPECT_EQ(cds::figure_row_for(*lt.table, "SO-A", "2024"), std::optional<size_t>(1));
  EXPECT_FALSE(cds::figure_row_for(*lt.table, "SO-A", "2025"));
  // Nothing filled: said.
  lt = cds::load_figure_table("Mã đơn vị [unit];X [3/ty_le]\nSO-A;\n", r);
  ASSERT_TRUE(lt.table);
  ASSERT_FALSE(lt.messages.empty());
  EXPECT_EQ(lt.messages[0].code, "figures.nothing");
}

TEST(FigureTable, TemplateReadsBack) {
  const auto& r = tinh();
  cds::Answers a = unit(r);
  std::string t = cds::figure_table_template(r, {idx(r, "3"), idx(r, "15")}, {{"SO-A", "Sở A", &a}, {"SO-B", "Sở B; Tài chính", nullptr}},
                                             cds::Lang::Vi);
  EXPECT_EQ(t.rfind(cds::kUtf8Bom, 0), 0u);
  auto lt = cds::load_figure_table(t, r);
  ASSERT_TRUE(lt.table) << errors(lt.messages);
  EXPECT_FALSE(cds::has_errors(lt.messages)) << errors(lt.messages);
  ASSERT_EQ(lt.table->columns.size(), 3u);  // 3/ty_le, 15/he_thong.num, 15/he_thong.den
  ASSERT_EQ(lt.table->rows.size(), 2u);
  EXPECT_EQ(lt.table->rows[1].unit_name, "Sở B; Tài chính");
  for (const auto& cell : lt.table->rows[0].cells) EXPECT_EQ(cell, "");  // figures left to fill
  EXPECT_NE(t.find(";95;"), std::string::npos);                         // what SO-A declared, beside
  // English dialect: ',' and the decimal point.
  std::string en = cds::figure_table_template(r, {idx(r, "3")}, {{"SO-A", "A", &a}}, cds::Lang::En);
  EXPECT_NE(en.find("Unit code [unit],"), std::string::npos);
}

TEST(FigureTable, SizeLimits) {
  std::string wide = "Mã đơn vị [unit]";
  for (size_t i = 0; i <= cds::kFigureTableMaxColumns; ++i) wide += ";c";
  EXPECT_EQ(cds::load_figure_table(wide + "\nSO-A\n", tinh()).messages.at(0).code, "figures.too_many_columns");
  std::string big(cds::kFigureTableMaxBytes + 1, 'x');
  EXPECT_EQ(cds::load_figure_table(big, tinh()).messages.at(0).code, "figures.too_large");
  std::string long_cell = "Mã đơn vị [unit];X [3/ty_le]\nSO-A;" + std::string(cds::kFigureTableMaxCell + 1, '5') + "\n";
  auto lt = cds::load_figure_table(long_cell, tinh());
  ASSERT_TRUE(lt.table);
  EXPECT_EQ(cds::first_error(lt.messages)->code, "figures.cell_too_long");
}

}  // namespace

namespace {

TEST(FigureTable, TextStartingWithPKIsCsv) {
  // Only a ZIP's own signature makes a file an .xlsx: a header that happens to start with "PK" is CSV.
  auto lt = cds::load_figure_table("PKI-code [unit];Cổng DVC [3/ty_le]\r\nSO-A;72,5\r\n", tinh());
  ASSERT_TRUE(lt.table) << errors(lt.messages);
  EXPECT_EQ(lt.table->rows.size(), 1u);
  auto z = cds::load_figure_table(std::string("PK\x03\x04", 4) + "rest", tinh());
  ASSERT_FALSE(z.table);
  EXPECT_EQ(z.messages[0].code, "figures.xlsx");
}

}  // namespace
