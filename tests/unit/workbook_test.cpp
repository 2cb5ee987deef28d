// Excel workbooks as data (cds/model/workbook.hpp): the unit's self-assessment in the official
// layout and the office's roll-up. The bytes (cds_xlsx) are checked by tests/cli/xlsx_test.sh.
#include "cds/model/workbook.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "cds/base/crypto.hpp"
#include "cds/base/text.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/office/aggregate_workbook.hpp"
#include "cds/rules/score.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

using testutil::Loaded;
Loaded load(const std::string& id, const std::string& golden) { return testutil::load_golden(id, golden); }

std::vector<Row> all_rows(const Sheet& sh) {
  std::vector<Row> out(sh.row_count());
  for (size_t i = 0; i < out.size(); ++i) sh.row(i, out[i]);
  return out;
}

// The row whose column `col` holds text `t`.
const Row* find_row(const std::vector<Row>& rows, size_t col, const std::string& t) {
  for (const auto& r : rows)
    if (r.size() > col && r[col].kind == CellKind::Text && r[col].text == t) return &r;
  return nullptr;
}

double rounded(const Num& n, const Rubric& r) { return n.round(r.decimals, r.round_mode).to_double(); }

}  // namespace

TEST(Workbook, NumberFormatCodes) {
  EXPECT_EQ((NumberFormat{2, false, false}.code()), "0.00");
  EXPECT_EQ((NumberFormat{0, false, true}.code()), "#,##0");
  EXPECT_EQ((NumberFormat{1, true, false}.code()), "0.0%");
  EXPECT_EQ((NumberFormat{0, false, false}.code()), "0");
  EXPECT_EQ((NumberFormat{99, false, false}.code()), "0.0000000000");  // at most 10 decimals
}

TEST(Workbook, SheetNamesAreValidAndUnique) {
  std::vector<std::string> taken = {"Tiêu chí"};
  EXPECT_EQ(safe_sheet_name("Xếp hạng a/b:c*d?[e]\\f", {}), "Xếp hạng a-b-c-d--e--f");
  EXPECT_EQ(safe_sheet_name("Tiêu chí", taken), "Tiêu chí (2)");
  EXPECT_EQ(safe_sheet_name("'quoted'", {}), "quoted");
  EXPECT_EQ(safe_sheet_name("", {}), "Sheet");
  std::string long_name = safe_sheet_name("Xếp hạng soctrang-2023-thidua-tinh-phien-ban-dai", {});
  EXPECT_EQ(utf8_length(long_name), kXlsxMaxSheetName);
  EXPECT_TRUE(is_valid_utf8(long_name));
  EXPECT_EQ(safe_sheet_name("SUMMARY", {"summary"}), "SUMMARY (2)");  // Excel ignores case
  Workbook wb;
  wb.add_sheet(long_name);
  Sheet& again = wb.add_sheet(long_name);
  EXPECT_LE(utf8_length(again.name), kXlsxMaxSheetName);
  EXPECT_NE(again.name, wb.sheets[0].name);
}

TEST(Workbook, TextCellsStayTextAndFit) {
  Cell f = text_cell("=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(f.kind, CellKind::Text);
  EXPECT_EQ(f.text, "=HYPERLINK(\"http://x\",\"y\")");
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "ệ";  // 3 bytes each: 60,000 bytes
  Cell c = text_cell(big);
  EXPECT_LE(c.text.size(), kXlsxMaxTextBytes);
  EXPECT_TRUE(is_valid_utf8(c.text));
  EXPECT_EQ(c.text.substr(c.text.size() - 3), "…");
  Cell bad = text_cell(std::string("a\xff" "b\0c", 5));
  EXPECT_TRUE(is_valid_utf8(bad.text));
  EXPECT_EQ(bad.text.find('\0'), std::string::npos);
  Workbook wb;
  CellStyle s;
  s.bold = true;
  uint16_t a = wb.style(s), b = wb.style(s);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, 1);
  EXPECT_EQ(wb.style(CellStyle{}), 0);
}

TEST(Workbook, SelfAssessmentOfficialLayout) {
  auto l = load("soctrang-2023-thidua-tinh", "mixed");
  l.a.notes[l.r.criteria[0].id] = "=1+1 (ghi chú có dấu bằng)";
  Workbook wb = self_assessment_workbook(l.r, l.a, l.s, Lang::Vi, {1764900000, "05/12/2025 09:00", "0.1.0"});
  ASSERT_EQ(wb.sheets.size(), 1u);
  const Sheet& sh = wb.sheets[0];
  EXPECT_EQ(sh.name, "Tự đánh giá");
  EXPECT_EQ(wb.props.created, 1764900000);
  ASSERT_EQ(sh.columns.size(), static_cast<size_t>(kSaColumns));
  for (const auto& c : sh.columns) EXPECT_GE(c.width, 6);
  EXPECT_GE(sh.columns[kSaTitle].width, 40);    // long texts get wide, wrapped columns
  EXPECT_GE(sh.columns[kSaScoring].width, 40);
  auto rows = all_rows(sh);
  ASSERT_GT(sh.freeze_rows, 0);
  const Row& head = rows[static_cast<size_t>(sh.freeze_rows - 1)];
  std::vector<std::string> want = {"TT", "Mã", "Nội dung tiêu chí", "Điểm tối đa", "Cách tính điểm", "Số liệu", "Minh chứng",
                                   "Điểm tự đánh giá", "Điểm thẩm định", "Ghi chú", "Nguồn số liệu"};
  ASSERT_EQ(head.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(head[i].kind, CellKind::Text);
    EXPECT_EQ(head[i].text, want[i]);
    EXPECT_EQ(wb.styles[head[i].style].fill, Fill::Header);
    EXPECT_TRUE(wb.styles[head[i].style].bold);
  }
  EXPECT_EQ(sh.print.repeat_first, sh.freeze_rows - 1);

  // Every criterion: its row, a real number equal to the score sheet, the rubric's decimals, a blank
  // appraisal column; the scoring text from the rubric.
  for (size_t ci = 0; ci < l.r.criteria.size(); ++ci) {
    const Criterion& c = l.r.criteria[ci];
    const Row* row = find_row(rows, kSaId, c.id);
    ASSERT_NE(row, nullptr) << c.id;
    ASSERT_EQ(row->size(), static_cast<size_t>(kSaColumns));
    const Cell& self = (*row)[kSaSelf];
    ASSERT_EQ(self.kind, CellKind::Number) << c.id;
    EXPECT_EQ(self.number, rounded(l.s.criteria[ci].score, l.r)) << c.id;
    EXPECT_EQ(wb.styles[self.style].number.decimals, l.r.decimals);
    EXPECT_EQ((*row)[kSaMax].kind, CellKind::Number);
    EXPECT_EQ((*row)[kSaMax].number, rounded(c.max, l.r));
    EXPECT_EQ((*row)[kSaAppraised].kind, CellKind::Blank);
    EXPECT_TRUE(wb.styles[(*row)[kSaAppraised].style].border);
    EXPECT_EQ((*row)[kSaScoring].text, c.scoring_text);
    EXPECT_EQ((*row)[kSaTitle].text, c.title);
    EXPECT_TRUE(wb.styles[(*row)[kSaTitle].style].wrap);
  }
  // The worked example (criterion with 3,79 points) is the number 3.79, not the text "3,79".
  bool seen = false;
  for (const auto& r : rows)
    if (r.size() > kSaSelf && r[kSaSelf].kind == CellKind::Number && r[kSaSelf].number == 3.79) seen = true;
  EXPECT_TRUE(seen);
  // Total row.
  const Row* total = find_row(rows, kSaTitle, "TỔNG ĐIỂM");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ((*total)[kSaSelf].kind, CellKind::Number);
  EXPECT_EQ((*total)[kSaSelf].number, 70.55);
  EXPECT_EQ((*total)[kSaMax].number, 100);
  EXPECT_TRUE(wb.styles[(*total)[kSaSelf].style].bold);
  // The note that looks like a formula stays text.
  const Row* first = find_row(rows, kSaId, l.r.criteria[0].id);
  EXPECT_EQ((*first)[kSaNote].kind, CellKind::Text);
  EXPECT_NE((*first)[kSaNote].text.find("=1+1 (ghi chú có dấu bằng)"), std::string::npos);
  // Section rows carry their subtotal as a number.
  auto flat = l.r.flat_sections();
  const Section& s0 = *flat[0].first;
  const Row* sec = find_row(rows, kSaId, s0.id);
  ASSERT_NE(sec, nullptr);
  EXPECT_EQ((*sec)[kSaSelf].kind, CellKind::Number);
  EXPECT_EQ((*sec)[kSaSelf].number, rounded(l.s.sections[0].score, l.r));
  EXPECT_EQ(wb.styles[(*sec)[kSaSelf].style].fill, Fill::Section);
  // Vietnamese text arrives intact, NFC, and no number is ever stored as text.
  for (const auto& r : rows)
    for (const auto& c : r) {
      if (c.kind != CellKind::Text) continue;
      ASSERT_TRUE(is_valid_utf8(c.text));
      EXPECT_EQ(*to_nfc(c.text), c.text);
    }
}

TEST(Workbook, SelfAssessmentInEnglish) {
  auto l = load("soctrang-2022-dti-so", "mixed");
  Workbook wb = self_assessment_workbook(l.r, l.a, l.s, Lang::En);
  const Sheet& sh = wb.sheets[0];
  EXPECT_EQ(sh.name, "Self-assessment");
  auto rows = all_rows(sh);
  const Row& head = rows[static_cast<size_t>(sh.freeze_rows - 1)];
  EXPECT_EQ(head[kSaScoring].text, "How it is scored");
  EXPECT_EQ(head[kSaAppraised].text, "Appraised");
  const Row* total = find_row(rows, kSaTitle, "TOTAL");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ((*total)[kSaSelf].number, rounded(l.s.total, l.r));
  EXPECT_EQ(wb.props.created, 0);  // nothing from a clock: the caller did not say
}

namespace {

std::string submission_text(const std::shared_ptr<Rubric>& r, const std::string& sha, const std::string& code, const std::string& name, int k) {
  Answers a = *load_answers(testutil::slurp("tests/golden/soctrang-2023-thidua-tinh/mixed.answers.json")).answers;
  a.unit.code = code;
  a.unit.name = name;
  std::string seed(32, '\0');
  seed[0] = static_cast<char>(k);
  seed[1] = 'w';
  Json part = build_signed_part(*r, sha, a, "2026-11-23T09:30:00+07:00", "0.1.0");
  return submission_to_text(*make_submission(part, keypair_from_seed(seed)));
}

}  // namespace

TEST(Workbook, AggregateSheetsNumbersAndStreaming) {
  std::string bytes = testutil::slurp("assets/rubrics/soctrang-2023-thidua-tinh.json");
  auto r = std::make_shared<Rubric>(*load_rubric(bytes).rubric);
  std::string sha = sha256_hex(bytes);
  Aggregator agg(std::vector<KnownRubric>{{r, sha}}, std::nullopt);
  agg.add_file("a.json", submission_text(r, sha, "SO-A", "Sở Nội vụ", 1));
  agg.add_file("b.json", submission_text(r, sha, "SO-B", "=Sở Tài chính", 2));
  agg.add_file("junk.json", "{\"hello\": 1}");
  AggregateResult res = agg.finish();
  ASSERT_EQ(res.units.size(), 2u);

  AggregateReportInfo info;
  info.generated = "05/12/2025 09:00";
  Workbook wb = aggregate_workbook(res, Lang::Vi, info, 1764900000);
  std::vector<std::string> names;
  for (const auto& s : wb.sheets) names.push_back(s.name);
  ASSERT_EQ(names.size(), 4u);
  EXPECT_EQ(names[0], "Tóm tắt");
  EXPECT_EQ(names[1], safe_sheet_name("Xếp hạng " + r->id, {}));
  EXPECT_EQ(names[2], "Tiêu chí");
  EXPECT_EQ(names[3], "Tiếp nhận");
  for (const auto& s : wb.sheets) EXPECT_GT(s.freeze_rows, 0) << s.name;

  const Sheet& rank = wb.sheets[1];
  EXPECT_EQ(rank.stream_rows, 2u);  // the units' rows are made as the writer reaches them
  auto rows = all_rows(rank);
  const Row& head = rows[static_cast<size_t>(rank.freeze_rows - 1)];
  EXPECT_EQ(head[0].text, "Hạng");
  EXPECT_EQ(head[6].text, "Kết quả");
  size_t data = rows.size() - static_cast<size_t>(rank.freeze_rows);
  ASSERT_EQ(data, 2u);
  for (size_t i = 0; i < data; ++i) {
    const Row& row = rows[static_cast<size_t>(rank.freeze_rows) + i];
    const UnitResult& u = res.units[res.rubrics[0].ranking[i]];
    EXPECT_EQ(row[0].kind, CellKind::Number);
    EXPECT_EQ(row[0].number, u.rank);
    EXPECT_EQ(row[3].text, u.unit_name);  // "=Sở Tài chính" stays text
    EXPECT_EQ(row[6].kind, CellKind::Number);
    EXPECT_EQ(row[6].number, rounded(u.total_final, *r));
    EXPECT_EQ(wb.styles[row[6].style].number.decimals, r->decimals);
  }

  const Sheet& crit = wb.sheets[2];
  EXPECT_EQ(crit.rows.size(), 1u);  // the header; the rest is streamed
  EXPECT_EQ(crit.stream_rows, 2 * r->criteria.size());
  Row row;
  crit.row(1, row);
  ASSERT_EQ(row.size(), 15u);  // … reason, who supplies the figures, the evidence named
  EXPECT_EQ(row[5].text, r->criteria[0].id);
  EXPECT_EQ(row[8].kind, CellKind::Number);
  const UnitResult& first = res.units[res.rubrics[0].ranking[0]];
  EXPECT_EQ(row[8].number, rounded(first.self[0], *r));
  const Sheet& intake = wb.sheets[3];
  EXPECT_EQ(intake.stream_rows, 3u);

  // A table longer than a sheet continues on the next one ("Tiêu chí (2)" …), header repeated.
  Workbook small = aggregate_workbook(res, Lang::Vi, info, 1, 11);
  size_t crit_rows = 0, crit_sheets = 0;
  for (const auto& s : small.sheets) {
    if (s.name.rfind("Tiêu chí", 0) != 0) continue;
    ++crit_sheets;
    EXPECT_LE(s.row_count(), 11u);
    EXPECT_EQ(s.rows[0][0].text, "Bộ tiêu chí");
    crit_rows += s.stream_rows;
  }
  EXPECT_EQ(crit_rows, 2 * r->criteria.size());
  EXPECT_EQ(crit_sheets, (2 * r->criteria.size() + 9) / 10);
  // Over the caller's criteria limit (the app's memory): one line saying so, there and in the summary.
  Workbook capped = aggregate_workbook(res, Lang::Vi, info, 1, kXlsxMaxRows, 10);
  ASSERT_EQ(capped.sheets.size(), 4u);
  EXPECT_EQ(capped.sheets[2].name, "Tiêu chí");
  EXPECT_EQ(capped.sheets[2].row_count(), 1u);
  // The app's hint names the file the app saves ("Chi tiết tiêu chí (CSV)"), not the CLI's criteria.csv.
  EXPECT_NE(capped.sheets[2].rows[0][0].text.find("tong-hop-tieu-chi.csv"), std::string::npos);
  EXPECT_EQ(capped.sheets[2].rows[0][0].text.find(" criteria.csv"), std::string::npos);
  bool noted = false;
  for (const auto& row : capped.sheets[0].rows)
    if (!row.empty() && row[0].text.find("vượt giới hạn 10 dòng") != std::string::npos) noted = true;
  EXPECT_TRUE(noted);
  // English.
  Workbook en = aggregate_workbook(res, Lang::En, info, 1);
  EXPECT_EQ(en.sheets[0].name, "Summary");
  EXPECT_EQ(en.sheets[2].name, "Criteria");
}

// ---- The JSON hand-over to the web app's Excel worker (workbook_to_json / workbook_from_json) ----

namespace {

void expect_same_workbook(const Workbook& a, const Workbook& b) {
  ASSERT_EQ(a.styles.size(), b.styles.size());
  for (size_t i = 0; i < a.styles.size(); ++i) EXPECT_TRUE(a.styles[i] == b.styles[i]) << "style " << i;
  EXPECT_EQ(a.props.title, b.props.title);
  EXPECT_EQ(a.props.author, b.props.author);
  EXPECT_EQ(a.props.comments, b.props.comments);
  EXPECT_EQ(a.props.created, b.props.created);
  ASSERT_EQ(a.sheets.size(), b.sheets.size());
  for (size_t s = 0; s < a.sheets.size(); ++s) {
    const Sheet &x = a.sheets[s], &y = b.sheets[s];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.freeze_rows, y.freeze_rows);
    EXPECT_EQ(x.freeze_cols, y.freeze_cols);
    EXPECT_EQ(x.print.landscape, y.print.landscape);
    EXPECT_EQ(x.print.fit_to_width, y.print.fit_to_width);
    EXPECT_EQ(x.print.repeat_first, y.print.repeat_first);
    EXPECT_EQ(x.print.repeat_last, y.print.repeat_last);
    ASSERT_EQ(x.columns.size(), y.columns.size());
    for (size_t c = 0; c < x.columns.size(); ++c) EXPECT_EQ(x.columns[c].width, y.columns[c].width);
    auto rx = all_rows(x), ry = all_rows(y);
    ASSERT_EQ(rx.size(), ry.size());
    for (size_t r = 0; r < rx.size(); ++r) {
      ASSERT_EQ(rx[r].size(), ry[r].size()) << "row " << r;
      for (size_t c = 0; c < rx[r].size(); ++c) {
        EXPECT_EQ(rx[r][c].kind, ry[r][c].kind);
        EXPECT_EQ(rx[r][c].style, ry[r][c].style);
        EXPECT_EQ(rx[r][c].text, ry[r][c].text);
        EXPECT_EQ(std::memcmp(&rx[r][c].number, &ry[r][c].number, sizeof(double)), 0) << "row " << r << " col " << c;
      }
    }
  }
}

}  // namespace

TEST(WorkbookJson, RoundTripsTheSelfAssessmentExactly) {
  auto l = load("soctrang-2023-thidua-tinh", "mixed");
  l.a.notes[l.r.criteria[0].id] = "=1+1 \"ghi chú\" có dấu bằng\n và xuống dòng";
  Workbook wb = self_assessment_workbook(l.r, l.a, l.s, Lang::Vi, {1764900000, "05/12/2025 09:00", "0.1.0"});
  // Numbers that need all 17 digits, and the extremes.
  Sheet& sh = wb.add_sheet("Số");
  uint16_t st = wb.style(CellStyle{});
  sh.rows.push_back({number_cell(0.1 + 0.2, st), number_cell(1e-300, st), number_cell(-1.7976931348623157e308, st), blank_cell(st)});
  std::string json = workbook_to_json(wb);
  std::string err;
  auto back = workbook_from_json(json, &err);
  ASSERT_TRUE(back) << err;
  expect_same_workbook(wb, *back);
  EXPECT_EQ(workbook_to_json(*back), json);  // and it re-encodes to the same text
}

namespace {

// The text as a tree would dump it (the one-piece encoder before WorkbookJsonWriter): the writer
// must give these bytes, whatever the size of its steps.
std::string tree_json(const Workbook& wb) {
  Json styles = Json::array();
  for (const CellStyle& s : wb.styles)
    styles.push_back(Json::array({s.bold, s.italic, s.wrap, s.border, static_cast<int>(s.fill), static_cast<int>(s.align), s.top, s.font_size,
                                  s.number.decimals, s.number.percent, s.number.thousands}));
  Json sheets = Json::array();
  for (const Sheet& sh : wb.sheets) {
    Json cols = Json::array();
    for (const ColumnSpec& c : sh.columns) cols.push_back(c.width);
    Json rows = Json::array();
    for (const Row& row : all_rows(sh)) {
      Json r = Json::array();
      for (const Cell& c : row) {
        Json j = Json::array({c.style});
        if (c.kind == CellKind::Text) j.push_back(c.text);
        if (c.kind == CellKind::Number) j.push_back(c.number);
        r.push_back(std::move(j));
      }
      rows.push_back(std::move(r));
    }
    sheets.push_back({{"name", sh.name},
                      {"columns", std::move(cols)},
                      {"freeze", {sh.freeze_rows, sh.freeze_cols}},
                      {"print", {sh.print.landscape, sh.print.fit_to_width, sh.print.repeat_first, sh.print.repeat_last}},
                      {"rows", std::move(rows)}});
  }
  const DocProperties& p = wb.props;
  Json doc = {{"props", {{"title", p.title}, {"subject", p.subject}, {"author", p.author}, {"company", p.company}, {"comments", p.comments},
                         {"created", p.created}}},
              {"styles", std::move(styles)},
              {"sheets", std::move(sheets)}};
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

TEST(WorkbookJson, WriterInStepsGivesTheTreesBytes) {
  auto l = load("soctrang-2023-thidua-tinh", "mixed");
  l.a.notes[l.r.criteria[0].id] = "=1+1 \"ghi chú\" có dấu bằng\n và xuống dòng \x01 \xff";  // control byte, invalid UTF-8
  Workbook wb = self_assessment_workbook(l.r, l.a, l.s, Lang::Vi, {1764900000, "05/12/2025 09:00", "0.1.0"});
  Sheet& num = wb.add_sheet("Số");
  num.rows.push_back({number_cell(0.1 + 0.2, 0), number_cell(1e-300, 0), number_cell(-1.7976931348623157e308, 0), blank_cell(0)});
  num.rows.push_back({});  // an empty row
  Sheet& st = wb.add_sheet("Dòng");
  st.freeze_rows = 2;
  st.freeze_cols = 1;
  st.print.repeat_first = 0;
  st.stream_rows = 257;
  st.stream = [](size_t i, Row& out) {
    out.push_back(text_cell("Đơn vị " + std::to_string(i)));
    if (i % 3) out.push_back(number_cell(static_cast<double>(i) / 7, 0));
  };
  wb.add_sheet("Trống");  // a sheet without rows
  const std::string want = tree_json(wb);
  size_t real = 0;
  for (const Sheet& sh : wb.sheets) real += all_rows(sh).size();
  EXPECT_EQ(workbook_to_json(wb), want);
  for (size_t cells : {size_t(1), size_t(2), size_t(7), size_t(100), size_t(100000)}) {
    WorkbookJsonWriter w(wb);
    std::string out;
    size_t steps = 0;
    while (!w.step(out, cells)) ++steps;
    EXPECT_EQ(out, want) << cells << " cells per step";
    EXPECT_EQ(w.rows_done(), real);  // the progress reaches every row
    EXPECT_EQ(w.rows_total(), real);
    if (cells == 1) EXPECT_GT(steps, 257u);  // one row per step at least: it did stop
  }
  Workbook empty;
  EXPECT_EQ(workbook_to_json(empty), tree_json(empty));
  EXPECT_TRUE(workbook_from_json(workbook_to_json(empty)));
}

TEST(WorkbookJson, StreamedRowsTravelAsHeldRows) {
  Workbook wb;
  Sheet& sh = wb.add_sheet("Dòng");
  sh.rows.push_back({text_cell("Tiêu đề")});
  sh.stream_rows = 1000;
  sh.stream = [](size_t i, Row& out) { out.push_back(number_cell(static_cast<double>(i) / 3, 0)); };
  auto back = workbook_from_json(workbook_to_json(wb));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->sheets[0].rows.size(), 1001u);
  EXPECT_EQ(back->sheets[0].stream_rows, 0u);
  expect_same_workbook(wb, *back);
}

TEST(WorkbookJson, RefusesWhatIsNotAWorkbookWithAReason) {
  const char* bad[] = {
      "", "not json", "[]", "{}", R"({"styles": [], "sheets": []})",
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"name": "A", "rows": [[[1]]]}]})",  // style 1 of 1
      R"({"styles": [[false,false,false,false,9,0,true,0,0,false,false]], "sheets": []})",                              // fill 9
      R"({"styles": [[false,false,false,false,0,0,true,0,11,false,false]], "sheets": []})",                             // 11 decimals
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false]], "sheets": []})",                                    // 10 fields
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"rows": []}]})",                   // no name
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"name": "A", "rows": [[[0, true]]]}]})",
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"name": "A", "rows": [[[0, 1, 2]]]}]})",
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"name": "A", "columns": [-1]}]})",
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"name": "A", "freeze": [1]}]})",
      R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"name": "A", "rows": [[[18446744073709551615]]]}]})",
      R"({"props": {"created": -1}, "styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": []})",
      R"({"props": {"title": 5}, "styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": []})",
  };
  for (const char* b : bad) {
    std::string err;
    EXPECT_FALSE(workbook_from_json(b, &err)) << b;
    EXPECT_FALSE(err.empty()) << b;
  }
  // Hostile text still ends up as valid, bounded cell text.
  std::string long_text(40000, 'a');
  std::string json = std::string(R"({"styles": [[false,false,false,false,0,0,true,0,0,false,false]], "sheets": [{"name": "A/B*", "rows": [[[0, ")") +
                     long_text + R"("]]]}]})";
  auto wb = workbook_from_json(json);
  ASSERT_TRUE(wb);
  EXPECT_EQ(wb->sheets[0].name, "A-B-");
  EXPECT_LE(wb->sheets[0].rows[0][0].text.size(), kXlsxMaxTextBytes);
}
