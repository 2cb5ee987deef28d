// cds_xlsx: a Workbook written with libxlsxwriter 1.1.4 (cds/xlsx/render.hpp).
#include "cds/xlsx/render.hpp"

#include <xlsxwriter.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

namespace cds {
namespace {

// Removes the scratch file however render_xlsx() leaves.
struct ScratchFile {
  std::string path;
  ~ScratchFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

// Excel reads "_xHHHH_" inside a string as an escaped character; text that contains such a
// sequence literally is written with its '_' escaped as "_x005F_", so it shows as typed.
std::string escape_literal_x(const std::string& s) {
  auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) && is_hex(s[i + 4]) && is_hex(s[i + 5]) &&
        s[i + 6] == '_') {
      out += "_x005F_";
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

lxw_format* make_format(lxw_workbook* wb, const CellStyle& s) {
  lxw_format* f = workbook_add_format(wb);
  if (!f) return nullptr;
  if (s.bold) format_set_bold(f);
  if (s.italic) format_set_italic(f);
  if (s.font_size > 0) format_set_font_size(f, s.font_size);
  if (s.wrap) format_set_text_wrap(f);
  if (s.border) format_set_border(f, LXW_BORDER_THIN);
  switch (s.align) {
    case Align::Left: format_set_align(f, LXW_ALIGN_LEFT); break;
    case Align::Center: format_set_align(f, LXW_ALIGN_CENTER); break;
    case Align::Right: format_set_align(f, LXW_ALIGN_RIGHT); break;
    case Align::General: break;
  }
  if (s.top) format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  lxw_color_t fill = 0;
  switch (s.fill) {
    case Fill::Header: fill = 0xD9E1F2; break;   // light blue-grey; black text on it: contrast > 14:1
    case Fill::Section: fill = 0xF2F2F2; break;  // light grey
    case Fill::Total: fill = 0xE2EFDA; break;    // light green
    case Fill::None: break;
  }
  if (fill) {
    format_set_pattern(f, LXW_PATTERN_SOLID);
    format_set_bg_color(f, fill);
  }
  // "0" is what General shows for the whole numbers cds writes with it (ranks, counts).
  std::string code = s.number.code();
  if (code != "0") format_set_num_format(f, code.c_str());
  return f;
}

}  // namespace

std::optional<std::string> render_xlsx(const Workbook& wb, const std::string& scratch_dir, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<std::string> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (wb.sheets.empty()) return fail("workbook has no sheet");
  std::string dir = scratch_dir.empty() ? std::string("/tmp") : scratch_dir;
  ScratchFile scratch;
  {
    std::string tmpl = dir + "/cds-xlsx-XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    int fd = mkstemp(name.data());
    if (fd < 0) return fail("cannot create a scratch file in " + dir + ": " + std::strerror(errno));
    close(fd);
    scratch.path = name.data();
  }

  bool big = wb.cell_count() > kConstantMemoryCells || wb.text_bytes() > kConstantMemoryTextBytes;
  std::vector<char> tmpdir(dir.begin(), dir.end());
  tmpdir.push_back('\0');
  lxw_workbook_options opt{};
  opt.constant_memory = big ? LXW_TRUE : LXW_FALSE;
  opt.tmpdir = tmpdir.data();
  opt.use_zip64 = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(scratch.path.c_str(), &opt);
  if (!book) return fail("libxlsxwriter could not start the workbook in " + dir);
  struct Closer {  // a workbook not closed by the normal path is closed (and so freed) here
    lxw_workbook*& b;
    ~Closer() {
      if (b) workbook_close(b);
    }
  } closer{book};

  // Document properties: the caller's creation time, never the clock (0 would make
  // libxlsxwriter read the clock).
  std::string title = wb.props.title, subject = wb.props.subject, author = wb.props.author, company = wb.props.company,
              comments = wb.props.comments;
  lxw_doc_properties props{};
  props.title = title.data();
  props.subject = subject.data();
  props.author = author.data();
  props.company = company.data();
  props.comments = comments.data();
  props.created = static_cast<time_t>(wb.props.created > 0 ? wb.props.created : 315532800);  // 1980-01-01T00:00:00Z
  if (workbook_set_properties(book, &props) != LXW_NO_ERROR) return fail("document properties refused");

  std::vector<lxw_format*> formats;
  formats.reserve(wb.styles.size());
  for (const auto& s : wb.styles) formats.push_back(make_format(book, s));

  Row row;
  for (const Sheet& sh : wb.sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(book, sh.name.c_str());
    if (!ws) return fail("sheet name refused: " + sh.name);
    if (sh.row_count() > kXlsxMaxRows) return fail("sheet " + sh.name + " has more rows than a sheet can hold");
    for (size_t c = 0; c < sh.columns.size() && c < kXlsxMaxCols; ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), sh.columns[c].width, nullptr);
    if (sh.freeze_rows > 0 || sh.freeze_cols > 0)
      worksheet_freeze_panes(ws, static_cast<lxw_row_t>(sh.freeze_rows), static_cast<lxw_col_t>(sh.freeze_cols));
    worksheet_set_paper(ws, 9);  // A4
    if (sh.print.landscape) worksheet_set_landscape(ws);
    if (sh.print.fit_to_width) worksheet_fit_to_pages(ws, 1, 0);
    if (sh.print.repeat_first >= 0 && sh.print.repeat_last >= sh.print.repeat_first)
      worksheet_repeat_rows(ws, static_cast<lxw_row_t>(sh.print.repeat_first), static_cast<lxw_row_t>(sh.print.repeat_last));
    const size_t n = sh.row_count();
    for (size_t r = 0; r < n; ++r) {
      sh.row(r, row);
      for (size_t c = 0; c < row.size() && c < kXlsxMaxCols; ++c) {
        const Cell& cell = row[c];
        lxw_format* f = cell.style < formats.size() ? formats[cell.style] : nullptr;
        if (cell.style == 0) f = nullptr;
        lxw_error e = LXW_NO_ERROR;
        auto rr = static_cast<lxw_row_t>(r);
        auto cc = static_cast<lxw_col_t>(c);
        switch (cell.kind) {
          case CellKind::Text:
            if (cell.text.empty()) {
              if (f) e = worksheet_write_blank(ws, rr, cc, f);
            } else {
              e = worksheet_write_string(ws, rr, cc, escape_literal_x(cell.text).c_str(), f);
            }
            break;
          case CellKind::Number: e = worksheet_write_number(ws, rr, cc, cell.number, f); break;
          case CellKind::Blank:
            if (f) e = worksheet_write_blank(ws, rr, cc, f);
            break;
        }
        if (e != LXW_NO_ERROR)
          return fail("cell " + std::to_string(r + 1) + ":" + std::to_string(c + 1) + " of " + sh.name + ": " + lxw_strerror(e));
      }
    }
  }
  lxw_error e = workbook_close(book);
  book = nullptr;
  if (e != LXW_NO_ERROR) return fail(std::string("writing the workbook failed: ") + lxw_strerror(e));

  std::FILE* in = std::fopen(scratch.path.c_str(), "rb");
  if (!in) return fail("cannot read back " + scratch.path + ": " + std::strerror(errno));
  // Read in one piece of the file's size: a string grown by appending would reach twice the
  // workbook's size for a national roll-up (40 MB of .xlsx).
  std::string bytes;
  bool bad = std::fseek(in, 0, SEEK_END) != 0;
  long size = bad ? -1 : std::ftell(in);
  bad = bad || size < 0 || std::fseek(in, 0, SEEK_SET) != 0;
  if (!bad) {
    bytes.resize(static_cast<size_t>(size));
    bad = size > 0 && std::fread(&bytes[0], 1, bytes.size(), in) != bytes.size();
  }
  std::fclose(in);
  if (bad) return fail("cannot read back " + scratch.path);
  return bytes;
}

}  // namespace cds
