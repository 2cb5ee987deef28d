// tests/fuzz/targets.hpp — the bodies of the fuzz targets, shared by the libFuzzer entry points
// (fuzz_*.cpp, `make fuzz`) and by the regression test that replays every finding kept under
// tests/fuzz/regressions/<target>/ (natively, under the sanitizers, and in wasm).
//
// Each body feeds arbitrary bytes to one parser and everything that consumes its result. None may
// crash, leak, trip a sanitizer, or let an exception escape: core promises messages, not throws.
// A few properties are checked too (round trips); a broken one aborts like a crash.
#pragma once

#include <utf8proc.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cds/base/jcs.hpp"
#include "cds/rules/advice.hpp"
#include "cds/office/aggregate.hpp"
#include "cds/model/answers.hpp"
#include "cds/signing/appraisal.hpp"
#include "cds/base/crypto.hpp"
#include "cds/model/draft_store.hpp"
#include "cds/base/jcs.hpp"
#include "cds/base/json_io.hpp"
#include "cds/signing/keys.hpp"
#include "cds/model/report.hpp"
#include "cds/model/rubric.hpp"
#include "cds/rules/score.hpp"
#include "cds/signing/submission.hpp"
#include "cds/base/text.hpp"
#include "cds/base/vnformat.hpp"
#include "cds/office/figure_table.hpp"
#include "cds/zip/xlsx_read.hpp"
#include "cds/zip/zip.hpp"

namespace fuzz {

#define CDS_FUZZ_CHECK(cond)                                                        \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "fuzz property failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

std::string read_whole(const std::string& path);  // defined once in common.cpp

// The bundled rubrics (for answers and submissions), loaded once.
struct Bundled {
  std::vector<cds::KnownRubric> known;
  cds::RubricLookup lookup;
  cds::TrustList trust;
};
const Bundled& bundled();

inline void rubric(std::string_view bytes) {
  auto loaded = cds::load_rubric(bytes);
  if (!loaded.rubric) return;
  const cds::Rubric& r = *loaded.rubric;
  (void)cds::lint(r);
  (void)r.flat_sections();
  (void)cds::pillar_sections(r);
  cds::Answers t = cds::answers_template(r);
  CDS_FUZZ_CHECK(cds::load_answers(cds::answers_to_text(t)).answers.has_value());
  cds::ScoreSheet s = cds::score(r, t);
  (void)cds::score_to_json(s, r);
  (void)cds::score_to_table(s, r, cds::Lang::En);
  (void)cds::where_to_gain(r, s);
  (void)cds::self_assessment_html(r, t, s, cds::Lang::Vi, {});
}

inline void answers(std::string_view bytes) {
  auto loaded = cds::load_answers(bytes);
  if (!loaded.answers) return;
  const cds::Answers& a = *loaded.answers;
  const Bundled& b = bundled();
  // Against its own rubric when bundled, else against one chosen by the input's length.
  const cds::Rubric* r = nullptr;
  for (const auto& k : b.known)
    if (k.rubric->id == a.rubric_id) r = k.rubric.get();
  if (!r) r = b.known[bytes.size() % b.known.size()].rubric.get();
  for (auto lang : {cds::Lang::Vi, cds::Lang::En}) {
    cds::ScoreOptions o;
    o.lang = lang;
    cds::ScoreSheet s = cds::score(*r, a, o);
    CDS_FUZZ_CHECK(s.criteria.size() == r->criteria.size());
    for (const auto& c : s.criteria) {
      // Every score lies between 0 and the criterion's maximum (its minimum for a penalty).
      const cds::Criterion& cr = r->criteria[c.index];
      if (cr.max.is_negative()) CDS_FUZZ_CHECK(c.score >= cr.max && c.score <= cds::Num(0));
      else CDS_FUZZ_CHECK(c.score >= cds::Num(0) && c.score <= cr.max);
    }
    (void)cds::score_to_json(s, *r);
    (void)cds::where_to_gain(*r, s, lang);
    (void)cds::self_assessment_csv(*r, a, s, lang);
  }
  // Saving and loading again keeps every value.
  auto again = cds::load_answers(cds::answers_to_text(a));
  CDS_FUZZ_CHECK(again.answers.has_value());
  CDS_FUZZ_CHECK(cds::answers_to_json(*again.answers) == cds::answers_to_json(a));
}

// read_canonical accepts exactly the bytes parse_json reads without a message and jcs_pretty
// writes back unchanged, and then gives the same document and the JCS bytes of "signed".
inline void canonical_read_agrees(std::string_view bytes) {
  cds::JsonLimits lim;
  lim.max_bytes = cds::kMaxSignedFileBytes;
  auto fast = cds::read_canonical(bytes, lim, "signed");
  auto slow = cds::parse_json(bytes, lim);
  bool canonical = slow.doc && slow.messages.empty() && cds::jcs_pretty(*slow.doc).value_or("") == bytes;
  if (!fast) {
    // Refusing a canonical file is allowed only for text parse_json normalises (never the case
    // when it is canonical) — so never.
    CDS_FUZZ_CHECK(!canonical);
    return;
  }
  CDS_FUZZ_CHECK(canonical);
  CDS_FUZZ_CHECK(fast->doc == *slow.doc);
  const cds::Json* sp = slow.doc->is_object() ? cds::field(*slow.doc, "signed") : nullptr;
  CDS_FUZZ_CHECK(fast->member_found == (sp != nullptr));
  if (sp) CDS_FUZZ_CHECK(cds::jcs(*sp).value_or("") == fast->member_jcs);
}

inline void submission(std::string_view bytes) {
  const Bundled& b = bundled();
  canonical_read_agrees(bytes);
  cds::Verification v = cds::verify_submission(bytes, b.lookup, &b.trust);
  // A file that opens has one spelling: laying it out again gives its bytes.
  if (v.layout_ok && v.doc && !v.legacy) CDS_FUZZ_CHECK(cds::submission_to_text(*v.doc) == std::string(bytes));
  // A valid file names a known role for every signature, each key once, and a real instant.
  if (v.ok()) {
    CDS_FUZZ_CHECK(v.created_at.has_value() && !v.signatures.empty() && v.signatures[0].role == "preparer");
    for (size_t i = 1; i < v.signatures.size(); ++i) CDS_FUZZ_CHECK(v.signatures[i].public_key != v.signatures[0].public_key);
  }
  (void)v.verdict(cds::Lang::Vi);
  (void)cds::verification_to_json(v);
  // Through the receiving office: an appraisal (its reader refuses anything without its format
  // after one parse, so only what may be one is read as one), or the submission just verified.
  cds::Aggregator agg(b.known, b.trust);
  if (cds::detect_format(bytes).kind == cds::FileKind::Appraisal) {
    cds::AppraisalVerification av = cds::verify_appraisal(bytes, &b.trust);
    (void)av.verdict(cds::Lang::En);
    agg.add_file("fuzz.json", bytes);
  } else {
    agg.add(agg.check_submission("fuzz.json", bytes, std::move(v)));
  }
  auto res = agg.finish();
  (void)cds::aggregate_json_text(res, {});
  (void)cds::aggregate_html(res, cds::Lang::Vi, {});
  (void)cds::aggregate_intake_csv(res, cds::Lang::Vi);
  // JSON → canonical JSON is stable: canonicalising the canonical text gives the same bytes. (On
  // inputs up to 16 KiB: beyond, two more parses only slow the search down.)
  if (bytes.size() > 16384) return;
  auto parsed = cds::parse_json(bytes);
  if (parsed.doc) {
    auto c1 = cds::jcs(*parsed.doc);
    if (c1) {
      auto back = cds::parse_json(*c1);
      CDS_FUZZ_CHECK(back.doc.has_value());
      auto c2 = cds::jcs(*back.doc);
      CDS_FUZZ_CHECK(c2 && *c2 == *c1);
    }
  }
}

inline void keyfile(std::string_view bytes) {
  auto info = cds::read_key_file(bytes);
  (void)cds::load_trust_list(bytes);
  (void)cds::load_appraisal_changes(bytes);
  if (auto rec = cds::decode_record(bytes)) {  // a storage record that decodes re-encodes to itself
    CDS_FUZZ_CHECK(cds::encode_record(rec->seq, rec->payload) == std::string(bytes));
  }
  // Decrypt only with cheap key-derivation settings: the fuzzer looks for parsing bugs, not for
  // Argon2's cost (the loader refuses settings above 512 MiB / 10 passes anyway).
  auto j = cds::parse_json(bytes);
  if (!j.doc || !j.doc->is_object()) return;
  const cds::Json* kdf = cds::field(*j.doc, "kdf");
  if (!kdf || !kdf->is_object()) return;
  const cds::Json* mem = cds::field(*kdf, "memlimit");
  const cds::Json* ops = cds::field(*kdf, "opslimit");
  if (!mem || !mem->is_number_unsigned() || mem->get<unsigned long long>() > 65536) return;
  if (!ops || !ops->is_number_unsigned() || ops->get<unsigned long long>() > 3) return;
  auto opened = cds::open_key_file(bytes, "mưa đầu mùa");
  if (opened.key) CDS_FUZZ_CHECK(opened.key->public_key.size() == 32);
}

inline void vn(std::string_view bytes) {
  std::string s(bytes);
  cds::ParseError err;
  if (auto n = cds::parse_vn_number(s, &err)) {
    // What we print (up to 6 decimals, as reports do), we read back.
    auto back = cds::Num::parse(n->value.to_string(6));
    CDS_FUZZ_CHECK(back && *back == n->value.round(6, cds::RoundMode::HalfUp));
    auto shown = cds::parse_vn_number(cds::format_number(n->value, cds::Lang::Vi, 6, true));
    CDS_FUZZ_CHECK(shown && shown->value == n->value.round(6, cds::RoundMode::HalfUp));
    (void)cds::format_number(n->value, cds::Lang::Vi, 4);
    (void)cds::format_percent(n->value, cds::Lang::En, 2);
  } else {
    CDS_FUZZ_CHECK(!err.code.empty() && !err.vi.empty());
  }
  if (auto d = cds::parse_vn_date(s)) {
    CDS_FUZZ_CHECK(cds::is_valid_date(d->year, d->month, d->day));
    auto iso = cds::parse_iso_date(cds::to_iso(*d));
    CDS_FUZZ_CHECK(iso && *iso == *d);
    (void)cds::format_date(*d);
  }
  (void)cds::parse_instant(s);
  (void)cds::Num::parse(s);
  if (cds::is_valid_utf8(s)) {
    auto nfc = cds::to_nfc(s);
    CDS_FUZZ_CHECK(nfc.has_value());
    // Differential: core's NFC (generated tables) against utf8proc's — on inputs up to 16 KiB,
    // because utf8proc orders combining marks by a quadratic exchange sort.
    if (s.size() <= 16384) {
      utf8proc_uint8_t* out = nullptr;
      utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
      CDS_FUZZ_CHECK(n >= 0 && *nfc == std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(n)));
      std::free(out);
    }
    CDS_FUZZ_CHECK(cds::to_nfc(*nfc) == nfc);  // NFC is idempotent
    (void)cds::ascii_fold(s);
    (void)cds::ellipsize(s, bytes.size() % 40);
    (void)cds::utf8_length(s);
  } else {
    CDS_FUZZ_CHECK(!cds::to_nfc(s).has_value());
  }
  (void)cds::to_nfc_lossy(s);
}

// The parts of a small figure-table workbook (tỉnh rubric: criteria 1, 3, 15), for the xlsx target:
// [0] the worksheet, [1] the shared strings, [2] the styles, [3] the workbook, then the fixed ones.
inline std::vector<cds::DossierFile> xlsx_parts() {
  const std::string ns = " xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                         " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  return {
      {"xl/worksheets/sheet1.xml",
       "<worksheet" + ns + "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>"
       "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c></row>"
       "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>SO-A</t></is></c><c r=\"B2\" t=\"b\"><v>1</v></c><c r=\"C2\" s=\"2\"><v>45000</v></c>"
       "<c r=\"D2\" s=\"1\"><v>0.855</v></c><c r=\"E2\"><f>1+2</f><v>3</v></c><c r=\"F2\"><v>4</v></c></row>"
       "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>6</v></c><c r=\"D4\"><v>72.5</v></c></row></sheetData></worksheet>"},
      {"xl/sharedStrings.xml",
       "<sst" + ns + "><si><t>Mã đơn vị [unit]</t></si><si><t>Ban hành [1/da_ban_hanh]</t></si><si><t>Ngày [1/ngay_ban_hanh]</t></si>"
       "<si><r><t>Cổng DVC </t></r><r><rPr><b/></rPr><t>[3/ty_le]</t></r></si><si><t>[15/he_thong.num]</t></si><si><t>[15/he_thong.den]</t></si>"
       "<si><t xml:space=\"preserve\"> SO-B </t><rPh sb=\"0\" eb=\"1\"><t>x</t></rPh></si></sst>"},
      {"xl/styles.xml",
       "<styleSheet" + ns + "><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/><numFmt numFmtId=\"165\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
       "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>"},
      {"xl/workbook.xml", "<workbook" + ns + "><workbookPr/><sheets><sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + rel +
                          "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + rel +
           "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + rel +
           "sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"" + rel + "styles\" Target=\"styles.xml\"/></Relationships>"}};
}

// An .xlsx figure table, read and then loaded as a figure table. A first byte 0–3 makes the rest one
// XML part of the workbook above, stored in a ZIP written here (so that mutations reach the XML
// instead of stopping at the ZIP's CRC); any other input is the whole file ("PK…", "\xD0\xCF…").
inline void xlsx(std::string_view bytes) {
  unsigned pick = bytes.empty() ? 255u : static_cast<unsigned char>(bytes[0]);
  std::string file;
  if (pick < 4) {
    auto parts = xlsx_parts();
    parts[pick].bytes.assign(bytes.substr(1));
    file = cds::zip::write_zip(parts, cds::zip::ZipTime{});
  } else {
    file.assign(bytes);
  }
  cds::zip::XlsxLimits lim;
  auto r = cds::zip::read_xlsx_sheet(file, lim);
  if (!r.sheet) {
    CDS_FUZZ_CHECK(!r.problems.empty() && !r.problems[0].vi.empty() && !r.problems[0].en.empty());
    return;
  }
  // Rows hold a value each, in Excel's order, within the limits; cells are UTF-8.
  CDS_FUZZ_CHECK(r.sheet->rows.size() <= lim.rows);
  size_t prev = 0;
  for (const auto& row : r.sheet->rows) {
    CDS_FUZZ_CHECK(row.line >= prev && !row.cells.empty() && row.cells.size() <= lim.columns && !row.cells.back().empty());
    prev = row.line;
    for (const auto& c : row.cells) CDS_FUZZ_CHECK(c.size() <= lim.cell_bytes && cds::is_valid_utf8(c));
  }
  const cds::Rubric& tinh = *bundled().known[0].rubric;
  auto lt = cds::load_figure_table(r.sheet->rows, tinh);
  if (lt.table) {
    std::vector<cds::Num> current(tinh.criteria.size());
    cds::Answers a = cds::answers_template(tinh);
    for (const auto& row : lt.table->rows) (void)cds::apply_figures(*lt.table, row, tinh, a, current, "");
  }
}

using Target = void (*)(std::string_view);
inline const std::map<std::string, Target>& all() {
  static const std::map<std::string, Target> m = {
      {"rubric", rubric}, {"answers", answers}, {"submission", submission}, {"keyfile", keyfile}, {"vn", vn}, {"xlsx", xlsx}};
  return m;
}

}  // namespace fuzz
