// The information sheet ("thông tin chung") in every output, with values written out by hand from
// tests/golden/soctrang-2022-dti-xa/mixed.answers.json and the rubric's general_info:
//   1 Tên cơ quan, đơn vị         UBND xã (giả định)
//   2 Số lượng dân số (người)      9000   → "9.000"        (no criterion divides by it)
//   3 Số lượng hộ gia đình (hộ)    2400   → "2.400"        VIII.1
//   4 Số lượng thôn, xóm…          8                       IV.1
//   5 Số lượng CBCC (người)        22                      III.1, VI.3.1
//   7 Tổng chi NSNN (triệu đồng)   200                     —
//   9 Số lượng DVCTT toàn trình    20                      VI.5.2.3, IX.1.1
// and the criteria sources of soctrang-2023-thidua-huyen (docs/rubric-notes.md).
#include <gtest/gtest.h>

#include "cds/base/crypto.hpp"
#include "cds/model/info_sheet.hpp"
#include "cds/model/report.hpp"
#include "cds/model/workbook.hpp"
#include "cds/office/aggregate.hpp"
#include "cds/office/aggregate_workbook.hpp"
#include "cds/signing/keys.hpp"
#include "cds/signing/submission.hpp"
#include "test_util.hpp"

using namespace cds;

namespace {

testutil::Loaded xa() { return testutil::load_golden("soctrang-2022-dti-xa", "mixed"); }

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

const InfoRow* row(const std::vector<InfoRow>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.field->id == id) return &r;
  return nullptr;
}

std::vector<Row> all_rows(const Sheet& sh) {
  std::vector<Row> out(sh.row_count());
  for (size_t i = 0; i < out.size(); ++i) sh.row(i, out[i]);
  return out;
}

const Row* find_row(const std::vector<Row>& rows, size_t col, const std::string& t) {
  for (const auto& r : rows)
    if (r.size() > col && r[col].kind == CellKind::Text && r[col].text == t) return &r;
  return nullptr;
}

const Sheet* sheet(const Workbook& wb, const std::string& name) {
  for (const auto& s : wb.sheets)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

TEST(InfoSheet, RowsValuesAndDenominators) {
  auto l = xa();
  l.a.general_info.erase("dan_so");                  // not entered → "Chưa nhập", never 0
  l.a.general_info["chi_nsnn_cntt_cds"] = 1234.5;    // the Vietnamese decimal comma and grouping
  auto rows = information_sheet(l.r, l.a, Lang::Vi);
  ASSERT_EQ(rows.size(), 12u);  // the xã rubric keeps the 12 rows marked "x" for UBND cấp xã
  // STT as printed on the 18-row sheet: 1–4, 6, 9, 13–18 (rows 5, 7, 8, 10–12 are not for a xã).
  std::vector<int> numbers;
  for (const auto& r : rows) numbers.push_back(r.number);
  EXPECT_EQ(numbers, (std::vector<int>{1, 2, 3, 4, 6, 9, 13, 14, 15, 16, 17, 18}));
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[0].field->label, "Tên cơ quan, đơn vị");
  EXPECT_EQ(rows[0].value, "UBND xã (giả định)");
  const InfoRow* dan_so = row(rows, "dan_so");
  ASSERT_TRUE(dan_so);
  EXPECT_EQ(dan_so->number, 2);
  EXPECT_FALSE(dan_so->entered);
  EXPECT_FALSE(dan_so->num);
  EXPECT_EQ(dan_so->value, "Chưa nhập");
  EXPECT_TRUE(dan_so->used_by.empty());
  EXPECT_EQ(row(rows, "so_ho")->value, "2.400");
  EXPECT_EQ(row(rows, "so_ho")->used_by, std::vector<std::string>{"VIII.1"});
  EXPECT_EQ(row(rows, "so_thon")->used_by, std::vector<std::string>{"IV.1"});
  EXPECT_EQ(join_ids(row(rows, "so_cbcc")->used_by), "III.1, VI.3.1");
  EXPECT_EQ(join_ids(row(rows, "so_dvctt_toan_trinh")->used_by), "VI.5.2.3, IX.1.1");
  EXPECT_EQ(join_ids(row(rows, "so_dvctt_mot_phan")->used_by), "VI.5.2.3, IX.1.1");
  EXPECT_EQ(row(rows, "chi_nsnn_cntt_cds")->value, "1.234,5");
  EXPECT_EQ(row(rows, "chi_nsnn_cntt_cds")->number, 13);  // the paper sheet's STT: 13 of 18
  EXPECT_EQ(information_sheet(l.r, l.a, Lang::En)[1].value, "Not entered");
  EXPECT_EQ(row(information_sheet(l.r, l.a, Lang::En), "chi_nsnn_cntt_cds")->value, "1,234.5");
}

TEST(InfoSheet, RowsFollowTheUnitType) {
  auto l = xa();
  l.a.unit.type = "so";  // a sở has no population, households or hamlets (rows 2–4)
  auto rows = information_sheet(l.r, l.a, Lang::Vi);
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows[1].number, 6);  // numbered as on the paper sheet (row 6 of 18), not renumbered
  EXPECT_EQ(rows[1].field->id, "so_cbcc");
  l.a.unit.type = "";  // no type: every row
  EXPECT_EQ(information_sheet(l.r, l.a, Lang::Vi).size(), 12u);
  auto none = testutil::load_golden("soctrang-2023-thidua-tinh", "mixed");
  EXPECT_TRUE(information_sheet(none.r, none.a, Lang::Vi).empty());
}

TEST(InfoSheet, PrintableHtml) {
  auto l = xa();
  l.a.general_info.erase("dan_so");
  std::string html = self_assessment_html(l.r, l.a, l.s, Lang::Vi, {"23/11/2026 08:15", "0.1.0"});
  EXPECT_TRUE(contains(html, "<h2>THÔNG TIN CHUNG</h2>"));
  EXPECT_TRUE(contains(html, "<th>STT</th><th>Thông tin chung</th><th>Đơn vị tính</th><th>Thông tin cung cấp</th><th>Mẫu số của tiêu chí</th>"));
  EXPECT_TRUE(contains(html, "<tr><td>3</td><td>Số lượng hộ gia đình</td><td>hộ</td><td class=\"num\">2.400</td><td class=\"small\">VIII.1</td></tr>"))
      << html.substr(html.find("THÔNG TIN CHUNG"), 2000);
  EXPECT_TRUE(contains(html, "<tr><td>2</td><td>Số lượng dân số</td><td>người</td><td class=\"warn\">Chưa nhập</td><td class=\"small\"></td></tr>"));
  EXPECT_TRUE(contains(html, "<td class=\"small\">III.1, VI.3.1</td>"));
  EXPECT_LT(html.find("THÔNG TIN CHUNG"), html.find("TỔNG ĐIỂM"));  // before the scores, as the document orders them
}

TEST(InfoSheet, Csv) {
  auto l = xa();
  l.a.general_info.erase("dan_so");
  l.a.general_info["chi_nsnn_cntt_cds"] = 1234.5;
  std::string csv = self_assessment_csv(l.r, l.a, l.s, Lang::Vi);
  EXPECT_TRUE(contains(csv, "THÔNG TIN CHUNG\r\nSTT;Mã;Thông tin chung;Đơn vị tính;Thông tin cung cấp;Mẫu số của tiêu chí\r\n"));
  // RFC 4180: a label holding ',' is quoted (either separator may be Excel's).
  EXPECT_TRUE(contains(csv, "1;ten_don_vi;\"Tên cơ quan, đơn vị\";;UBND xã (giả định);\r\n"));
  EXPECT_TRUE(contains(csv, "2;dan_so;Số lượng dân số;người;Chưa nhập;\r\n"));
  EXPECT_TRUE(contains(csv, "3;so_ho;Số lượng hộ gia đình;hộ;2400;VIII.1\r\n"));  // a number Excel reads: no grouping
  EXPECT_TRUE(contains(csv, "6;so_cbcc;Số lượng CBCC;người;22;\"III.1, VI.3.1\"\r\n"));
  EXPECT_TRUE(contains(csv, "13;chi_nsnn_cntt_cds;\"Tổng chi Ngân sách nhà nước cho CNTT, chuyển đổi số\";triệu đồng;1234,5;\r\n"));
  std::string en = self_assessment_csv(l.r, l.a, l.s, Lang::En);
  EXPECT_TRUE(contains(en, "13,chi_nsnn_cntt_cds,\"Tổng chi Ngân sách nhà nước cho CNTT, chuyển đổi số\",triệu đồng,1234.5,\r\n"));
  EXPECT_TRUE(contains(en, "2,dan_so,Số lượng dân số,người,Not entered,\r\n"));
}

TEST(InfoSheet, Workbook) {
  auto l = xa();
  l.a.general_info.erase("dan_so");
  l.a.general_info["chi_nsnn_cntt_cds"] = 1234.5;
  Workbook wb = self_assessment_workbook(l.r, l.a, l.s, Lang::Vi, {1764900000, "05/12/2025 09:00", "0.1.0"});
  ASSERT_EQ(wb.sheets.size(), 2u);
  const Sheet* gi = sheet(wb, "Thông tin chung");
  ASSERT_TRUE(gi);
  auto rows = all_rows(*gi);
  const Row* head = find_row(rows, 0, "STT");
  ASSERT_TRUE(head);
  EXPECT_EQ((*head)[4].text, "Thông tin cung cấp");
  EXPECT_EQ(gi->freeze_rows, static_cast<int>(head - rows.data()) + 1);
  const Row* ho = find_row(rows, 1, "so_ho");
  ASSERT_TRUE(ho);
  EXPECT_EQ((*ho)[0].text, "3");
  EXPECT_EQ((*ho)[3].text, "hộ");
  ASSERT_EQ((*ho)[4].kind, CellKind::Number);  // a real number: sums and sorts in Excel
  EXPECT_EQ((*ho)[4].number, 2400);
  EXPECT_EQ(wb.styles[(*ho)[4].style].number.decimals, 0);
  EXPECT_TRUE(wb.styles[(*ho)[4].style].number.thousands);
  EXPECT_EQ((*ho)[5].text, "VIII.1");
  const Row* chi = find_row(rows, 1, "chi_nsnn_cntt_cds");
  ASSERT_TRUE(chi);
  EXPECT_EQ((*chi)[4].number, 1234.5);
  EXPECT_EQ(wb.styles[(*chi)[4].style].number.decimals, 1);
  const Row* dan = find_row(rows, 1, "dan_so");
  ASSERT_TRUE(dan);
  EXPECT_EQ((*dan)[4].kind, CellKind::Text);
  EXPECT_EQ((*dan)[4].text, "Chưa nhập");
  const Row* ten = find_row(rows, 1, "ten_don_vi");
  ASSERT_TRUE(ten);
  EXPECT_EQ((*ten)[4].text, "UBND xã (giả định)");
}

TEST(InfoSheet, ScoreTextAndJson) {
  auto l = xa();
  l.a.general_info.erase("dan_so");
  auto rows = information_sheet(l.r, l.a, Lang::Vi);
  std::string text = information_sheet_text(l.r, rows, Lang::Vi);
  EXPECT_TRUE(contains(text, "THÔNG TIN CHUNG\n1. Tên cơ quan, đơn vị: UBND xã (giả định)\n2. Số lượng dân số: Chưa nhập\n"
                             "3. Số lượng hộ gia đình: 2.400 hộ — mẫu số của tiêu chí VIII.1\n"))
      << text;
  Json j = information_sheet_json(rows, l.a);
  ASSERT_EQ(j.size(), 12u);
  EXPECT_EQ(j[1]["id"], "dan_so");
  EXPECT_TRUE(j[1]["value"].is_null());
  EXPECT_EQ(j[1]["text"], "Chưa nhập");
  EXPECT_EQ(j[2]["value"], 2400);
  EXPECT_EQ(j[2]["denominator_of"], Json::array({"VIII.1"}));
  EXPECT_EQ(j[4]["number"], 6);
}

TEST(FigureSource, UnitOutputs) {
  auto l = testutil::load_golden("soctrang-2023-thidua-huyen", "mixed");
  std::string html = self_assessment_html(l.r, l.a, l.s, Lang::Vi, {"23/11/2026 08:15", "0.1.0"});
  EXPECT_TRUE(contains(html, "<span class=\"src\" title=\"Số liệu do Sở Công thương cung cấp\">Nguồn số liệu: Sở Công thương</span>"));
  EXPECT_TRUE(contains(html, ">Nguồn số liệu: Công an tỉnh</span>"));
  EXPECT_FALSE(contains(html, "THÔNG TIN CHUNG"));  // this rubric has no information sheet
  std::string csv = self_assessment_csv(l.r, l.a, l.s, Lang::Vi);
  EXPECT_TRUE(contains(csv, ";Ghi chú;Nguồn số liệu\r\n"));
  // Criterion 14's row ends with its agency; 13's (the unit's own report) with nothing.
  auto line_of = [&](const std::string& id) {
    size_t at = csv.find("\r\n" + id + ";" + id + ";");
    return at == std::string::npos ? std::string() : csv.substr(at + 2, csv.find("\r\n", at + 2) - at - 2);
  };
  EXPECT_EQ(line_of("14").substr(line_of("14").rfind(';') + 1), "Sở Công thương");
  EXPECT_EQ(line_of("13").back(), ';');
  Workbook wb = self_assessment_workbook(l.r, l.a, l.s, Lang::Vi, {1764900000, "", "0.1.0"});
  auto rows = all_rows(wb.sheets[0]);
  const Row* c14 = find_row(rows, kSaId, "14");
  ASSERT_TRUE(c14);
  EXPECT_EQ((*c14)[kSaSource].text, "Sở Công thương");
  EXPECT_EQ((*find_row(rows, kSaId, "13"))[kSaSource].text, "");
  std::string text = information_sheet_text(l.r, {}, Lang::Vi);
  EXPECT_TRUE(contains(text, "SỐ LIỆU TỪ NGOÀI ĐƠN VỊ\n7: Nguồn số liệu: Sở Thông tin và Truyền thông (\""));
  EXPECT_TRUE(contains(text, "14: Nguồn số liệu: Sở Công thương (\"Số liệu do Sở Công thương cung cấp\")\n"));
  Json src = figure_sources_json(l.r);
  ASSERT_EQ(src.size(), 6u);
  EXPECT_EQ(src[5], (Json{{"criterion", "14"}, {"agency", "Sở Công thương"}, {"text", "Số liệu do Sở Công thương cung cấp"}}));
}

// info_field_applies / info_value_entered (what report.json writes per unit without formatting
// values) are the sheet's own tests: on every bundled rubric with an information sheet, for each of
// its unit types, none and an unknown one, and values absent, null, empty, text, zero, false, a
// number and an object, a row is on the sheet exactly when the field applies, and entered exactly
// when the value counts as entered.
TEST(InfoSheet, AppliesAndEnteredAreTheSheetsTests) {
  const std::vector<Json> values = {Json(), Json(""), Json(" "), Json("x"), Json(0), Json(false), Json(true), Json(12.5), Json::object()};
  for (const char* id : {"soctrang-2022-dti-huyen", "soctrang-2022-dti-so", "soctrang-2022-dti-xa", "vinhlong-2025-dti-tinh"}) {
    Rubric r = *load_rubric(testutil::slurp(std::string("assets/rubrics/") + id + ".json")).rubric;
    ASSERT_FALSE(r.general_info.empty()) << id;
    auto users = general_info_users(r);
    std::vector<std::string> types = {"", "khong-co-loai-nay"};
    for (const auto& t : r.unit_types) types.push_back(t.first);
    for (const auto& type : types)
      for (size_t k = 0; k <= values.size(); ++k) {  // k == values.size(): every field absent
        Json gi = Json::object();
        if (k < values.size())
          for (const auto& f : r.general_info) gi[f.id] = values[k];
        auto rows = information_sheet(r, type, gi, Lang::Vi, users);
        size_t at = 0;
        for (const auto& f : r.general_info) {
          const bool on = at < rows.size() && rows[at].field == &f;
          EXPECT_EQ(info_field_applies(r, type, f), on) << id << " " << type << " " << f.id;
          if (!on) continue;
          const Json* v = k < values.size() ? &gi[f.id] : nullptr;
          EXPECT_EQ(info_value_entered(v), rows[at].entered) << id << " " << type << " " << f.id << " " << (v ? v->dump() : "absent");
          ++at;
        }
        EXPECT_EQ(at, rows.size());
      }
  }
}

// The office: two xã units, one with the sheet filled, one that left the population empty.
TEST(InfoSheet, OfficeReports) {
  std::string bytes = testutil::slurp("assets/rubrics/soctrang-2022-dti-xa.json");
  auto rubric = std::make_shared<Rubric>(*load_rubric(bytes).rubric);
  std::string sha = sha256_hex(bytes);
  auto sign = [&](const std::string& code, const Answers& a, int k) {
    Answers x = a;
    x.unit.code = code;
    x.unit.name = "UBND xã " + code;
    std::string seed(32, '\0');
    seed[0] = static_cast<char>(k);
    return submission_to_text(*make_submission(build_signed_part(*rubric, sha, x, "2026-11-23T08:00:00+07:00", "0.1.0"), keypair_from_seed(seed)));
  };
  Answers a = *load_answers(testutil::slurp("tests/golden/soctrang-2022-dti-xa/mixed.answers.json")).answers;
  Answers b = a;
  b.general_info.erase("dan_so");
  Aggregator agg(std::vector<KnownRubric>{{rubric, sha}}, std::nullopt);
  agg.add_file("a.json", sign("XA-A", a, 1));
  agg.add_file("b.json", sign("XA-B", b, 2));
  AggregateResult res = agg.finish();
  ASSERT_EQ(res.units.size(), 2u);

  std::string csv = aggregate_info_csv(res, Lang::Vi);
  EXPECT_TRUE(contains(csv, "Bộ tiêu chí;Kỳ đánh giá;Mã đơn vị;Tên đơn vị;STT;Mã;Thông tin chung;Đơn vị tính;Thông tin cung cấp;Mẫu số của tiêu chí\r\n"));
  EXPECT_TRUE(contains(csv, ";XA-A;UBND xã XA-A;2;dan_so;Số lượng dân số;người;9000;\r\n")) << csv;
  EXPECT_TRUE(contains(csv, ";XA-B;UBND xã XA-B;2;dan_so;Số lượng dân số;người;Chưa nhập;\r\n"));
  EXPECT_TRUE(contains(csv, ";XA-A;UBND xã XA-A;6;so_cbcc;Số lượng CBCC;người;22;\"III.1, VI.3.1\"\r\n"));

  AggregateReportInfo info;
  std::string html = aggregate_html(res, Lang::Vi, info);
  EXPECT_TRUE(contains(html, "<h3>Thông tin chung</h3>"));
  EXPECT_TRUE(contains(html, "<tr><td>2</td><td>Số lượng dân số</td><td>người</td><td class=\"num\">9.000</td><td class=\"small\"></td></tr>"));
  EXPECT_TRUE(contains(html, "<tr><td>2</td><td>Số lượng dân số</td><td>người</td><td class=\"warn\">Chưa nhập</td><td class=\"small\"></td></tr>"));

  Json j = aggregate_to_json(res, info);
  const Json& g = j["rubrics"][0];
  ASSERT_EQ(g["general_info"].size(), 12u);
  EXPECT_EQ(g["general_info"][2]["id"], "so_ho");
  EXPECT_EQ(g["general_info"][2]["denominator_of"], Json::array({"VIII.1"}));
  for (const auto& u : g["ranking"]) {
    if (u["unit"]["code"] == "XA-A") EXPECT_EQ(u["general_info"]["dan_so"], 9000);
    else EXPECT_TRUE(u["general_info"]["dan_so"].is_null());
    EXPECT_EQ(u["general_info"]["so_ho"], 2400);
  }
  Json streamed = Json::parse(aggregate_json_text(res, info));
  EXPECT_EQ(streamed["rubrics"][0]["general_info"], g["general_info"]);
  EXPECT_EQ(streamed["rubrics"][0]["ranking"][0]["general_info"], g["ranking"][0]["general_info"]);
  // Byte for byte: each unit's line of the streamed report is the tree's dump (the text writes the
  // head's members itself).
  std::string text = aggregate_json_text(res, info);
  for (const auto& u : g["ranking"]) {
    std::string line = "      " + u.dump(-1, ' ', false, Json::error_handler_t::replace);
    EXPECT_TRUE(contains(text, line + ",\n") || contains(text, line + "\n")) << line;
  }

  // The workbook: one row per unit, one column per row of the paper sheet (numbered as printed:
  // the xã form has rows 1–4, 6, 9, 13–18), the criteria that divide by it under the header.
  Workbook wb = aggregate_workbook(res, Lang::Vi, info);
  const Sheet* gi = sheet(wb, "Thông tin chung");
  ASSERT_TRUE(gi);
  EXPECT_EQ(&wb.sheets.back(), gi);  // the last sheet: the others keep their places
  auto rows = all_rows(*gi);
  ASSERT_EQ(rows.size(), 3u + 2);  // title, header, "Mẫu số của tiêu chí", two units
  EXPECT_NE(rows[0][0].text.find("(soctrang-2022-dti-xa "), std::string::npos) << rows[0][0].text;
  ASSERT_EQ(rows[1].size(), 2u + 12);
  EXPECT_EQ(rows[1][0].text, "Mã đơn vị");
  EXPECT_EQ(gi->freeze_rows, 3);
  EXPECT_EQ(gi->freeze_cols, 2);
  auto column = [&](const std::string& head) {
    for (size_t c = 0; c < rows[1].size(); ++c)
      if (rows[1][c].text == head) return c;
    ADD_FAILURE() << "no column " << head;
    return size_t(0);
  };
  const size_t dan = column("2. Số lượng dân số (người)"), cbcc = column("6. Số lượng CBCC (người)"), ho = column("3. Số lượng hộ gia đình (hộ)");
  EXPECT_EQ(rows[1][2 + 4].text.substr(0, 3), "6. ");  // after rows 1–4 of the paper sheet comes its row 6
  EXPECT_EQ(rows[1][2 + 5].text.substr(0, 3), "9. ");
  EXPECT_EQ(rows[1].back().text.substr(0, 4), "18. ");
  EXPECT_EQ(rows[2][1].text, "Mẫu số của tiêu chí");
  EXPECT_EQ(rows[2][cbcc].text, "III.1, VI.3.1");
  EXPECT_EQ(rows[2][ho].text, "VIII.1");
  EXPECT_EQ(rows[2][dan].text, "");
  const Row* xa_a = find_row(rows, 0, "XA-A");
  const Row* xa_b = find_row(rows, 0, "XA-B");
  ASSERT_TRUE(xa_a && xa_b);
  EXPECT_EQ((*xa_a)[1].text, "UBND xã XA-A");
  ASSERT_EQ((*xa_a)[dan].kind, CellKind::Number);  // a real number: sums and sorts in Excel
  EXPECT_EQ((*xa_a)[dan].number, 9000);
  EXPECT_EQ((*xa_b)[dan].kind, CellKind::Text);
  EXPECT_EQ((*xa_b)[dan].text, "Chưa nhập");
  EXPECT_EQ((*xa_a)[ho].number, 2400);
  EXPECT_EQ((*xa_b)[ho].number, 2400);
  EXPECT_EQ((*xa_a)[cbcc].number, 22);
  // Over a sheet's row limit the units continue on the next sheet under the same header rows.
  Workbook small = aggregate_workbook(res, Lang::Vi, info, 0, 4);
  const Sheet* first = sheet(small, "Thông tin chung");
  const Sheet* second = sheet(small, "Thông tin chung (2)");
  ASSERT_TRUE(first && second);
  auto r1 = all_rows(*first), r2 = all_rows(*second);
  ASSERT_EQ(r1.size(), 4u);
  ASSERT_EQ(r2.size(), 4u);
  EXPECT_EQ(r2[1][dan].text, rows[1][dan].text);
  EXPECT_EQ(r1[3][0].text, rows[3][0].text);
  EXPECT_EQ(r2[3][0].text, rows[4][0].text);
}

TEST(FigureSource, OfficeReports) {
  std::string bytes = testutil::slurp("assets/rubrics/soctrang-2023-thidua-huyen.json");
  auto rubric = std::make_shared<Rubric>(*load_rubric(bytes).rubric);
  std::string sha = sha256_hex(bytes);
  Answers a = *load_answers(testutil::slurp("tests/golden/soctrang-2023-thidua-huyen/mixed.answers.json")).answers;
  a.unit.code = "H1";
  std::string seed(32, '\0');
  seed[0] = 7;
  Aggregator agg(std::vector<KnownRubric>{{rubric, sha}}, std::nullopt);
  agg.add_file("h1.json", submission_to_text(*make_submission(build_signed_part(*rubric, sha, a, "2023-11-23T08:00:00+07:00", "0.1.0"),
                                                              keypair_from_seed(seed))));
  AggregateResult res = agg.finish();
  ASSERT_EQ(res.units.size(), 1u);
  std::string csv = aggregate_criteria_csv(res, Lang::Vi);
  EXPECT_TRUE(contains(csv, ";Lý do điều chỉnh / ghi chú;Nguồn số liệu;Tài liệu kiểm chứng\r\n"));  // the evidence column after it
  EXPECT_TRUE(contains(csv, ";Sở Công thương;"));
  std::string html = aggregate_html(res, Lang::Vi, {});
  EXPECT_TRUE(contains(html, "<i>Nguồn số liệu: Sở Công thương</i>"));
  EXPECT_TRUE(aggregate_info_csv(res, Lang::Vi).find("\r\n") == aggregate_info_csv(res, Lang::Vi).rfind("\r\n"));  // header only
  Json j = aggregate_to_json(res, {});
  EXPECT_EQ(j["rubrics"][0]["figure_sources"].size(), 6u);
  EXPECT_FALSE(j["rubrics"][0].contains("general_info"));
  Workbook wb = aggregate_workbook(res, Lang::Vi, {});
  const Sheet* crit = sheet(wb, "Tiêu chí");
  ASSERT_TRUE(crit);
  auto rows = all_rows(*crit);
  ASSERT_GE(rows[0].size(), 2u);
  EXPECT_EQ(rows[0][rows[0].size() - 2].text, "Nguồn số liệu");
  EXPECT_EQ(rows[0].back().text, "Tài liệu kiểm chứng");
  const Row* c14 = find_row(rows, 5, "14");
  ASSERT_TRUE(c14);
  EXPECT_EQ((*c14)[c14->size() - 2].text, "Sở Công thương");
  EXPECT_EQ(sheet(wb, "Thông tin chung"), nullptr);
}

TEST(InfoSheet, PaperNumbersOnEveryForm) {
  // "THÔNG TIN CUNG CẤP PHỤC VỤ ĐÁNH GIÁ" (Sóc Trăng 2022) is one 18-row sheet; each form keeps the
  // rows marked "x" for its unit type, numbered as printed. The sở form: 1, 5–18 (no population,
  // households or hamlets); the huyện form keeps all 18 in order.
  auto so = testutil::load_golden("soctrang-2022-dti-so", "mixed");
  so.a.unit.type = "";
  std::vector<int> got;
  for (const auto& r : information_sheet(so.r, so.a, Lang::Vi)) got.push_back(r.number);
  EXPECT_EQ(got, (std::vector<int>{1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
  auto huyen = testutil::load_golden("soctrang-2022-dti-huyen", "mixed");
  huyen.a.unit.type = "";
  got.clear();
  for (const auto& r : information_sheet(huyen.r, huyen.a, Lang::Vi)) got.push_back(r.number);
  ASSERT_EQ(got.size(), 18u);
  for (int i = 0; i < 18; ++i) EXPECT_EQ(got[static_cast<size_t>(i)], i + 1);
}

TEST(InfoSheet, PaperNumbersChecked) {
  auto with = [](const char* gi) {
    return std::string(R"({"format":"cds-rubric/1","id":"t","version":"1","title":"T","authority":"A","year":2022,"scale":2,"unit_level":"so","general_info":)") + gi +
           R"(,"sections":[{"id":"I","title":"S","max":2,"criteria":[{"id":"I.1","code":"1","title":"C","max":2,
        "inputs":[{"id":"x","type":"yesno","label":"X"}],"rule":{"kind":"yesno","input":"x","yes":2},"scoring_text":"x"}]}]})";
  };
  auto ok = load_rubric(with(R"([{"id": "a", "label": "A", "number": 2}, {"id": "b", "label": "B"}, {"id": "c", "label": "C", "number": 7}])"));
  ASSERT_TRUE(ok.rubric) << (ok.messages.empty() ? "" : ok.messages[0].text());
  Answers a;
  std::vector<int> got;
  for (const auto& r : information_sheet(*ok.rubric, a, Lang::Vi)) got.push_back(r.number);
  EXPECT_EQ(got, (std::vector<int>{2, 3, 7}));  // an unnumbered row follows the one before
  for (const char* bad : {R"([{"id": "a", "label": "A", "number": 3}, {"id": "b", "label": "B", "number": 3}])",
                          R"([{"id": "a", "label": "A", "number": 3}, {"id": "b", "label": "B", "number": 2}])",
                          R"([{"id": "a", "label": "A", "number": 0}])", R"([{"id": "a", "label": "A", "number": 1.5}])"}) {
    auto r = load_rubric(with(bad));
    EXPECT_FALSE(r.rubric) << bad;
    const Message* e = first_error(r.messages);
    ASSERT_TRUE(e) << bad;
    EXPECT_TRUE(e->code == "rubric.general_number" || (e->code == "rubric.type" && e->where.find(".number") != std::string::npos)) << bad << ": " << e->text();
  }
}
