// cds_xlsx as the web app uses it: natively, and in wasm under Node with Emscripten's in-memory file
// system (MEMFS, no NODERAWFS), the same workbooks must render to the same bytes, and the scratch
// folder must be left empty. One small workbook (shared strings) and one large enough (over
// kConstantMemoryCells) to take libxlsxwriter's constant-memory path with its temporary files.
// ctest: xlsx.native, xlsx.wasm, xlsx.agree (the two outputs byte for byte).
#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cds/base/crypto.hpp"
#include "cds/model/workbook.hpp"
#include "cds/xlsx/render.hpp"

namespace {

size_t entries(const std::string& dir) {
  size_t n = 0;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") ++n;
    }
    closedir(d);
  }
  return n;
}

cds::Workbook sample(size_t streamed) {
  cds::Workbook wb;
  wb.props.title = "Bảng tự đánh giá — UBND xã Đại Hải";
  wb.props.created = 1764900000;
  cds::CellStyle h;
  h.bold = true;
  h.fill = cds::Fill::Header;
  h.border = true;
  h.wrap = true;
  uint16_t head = wb.style(h);
  cds::CellStyle n;
  n.border = true;
  n.number.decimals = 2;
  uint16_t num = wb.style(n);
  cds::Sheet& sh = wb.add_sheet("Tự đánh giá");
  sh.columns = {{7}, {48}, {12}, {12}, {30}};
  sh.rows.push_back({cds::text_cell("TT", head), cds::text_cell("Nội dung tiêu chí", head), cds::text_cell("Điểm tối đa", head),
                     cds::text_cell("Điểm tự đánh giá", head), cds::text_cell("Ghi chú", head)});
  sh.freeze_rows = 1;
  sh.rows.push_back({cds::text_cell("1"), cds::text_cell("Tỷ lệ hồ sơ trực tuyến toàn trình"), cds::number_cell(4, num),
                     cds::number_cell(3.79, num), cds::text_cell("=SUM(A1:A9) giữ nguyên _x0041_")});
  sh.stream_rows = streamed;
  sh.stream = [num](size_t i, cds::Row& out) {
    out.push_back(cds::text_cell(std::to_string(i + 2)));
    out.push_back(cds::text_cell("Tiêu chí số " + std::to_string(i + 2) + ": ứng dụng công nghệ thông tin"));
    out.push_back(cds::number_cell(10, num));
    out.push_back(cds::number_cell(static_cast<double>(i % 1001) / 100.0, num));
    out.push_back(cds::text_cell(i % 7 ? "" : "Đạt"));
  };
  return wb;
}

}  // namespace

// `cds_xlsx_memfs ROWS` renders one workbook of ROWS streamed rows and prints its size and time
// (a measurement, e.g. of how much a browser needs for a national roll-up; not part of ctest).
int main(int argc, char** argv) {
  char tmpl[] = "/tmp/cds-xlsx-test.XXXXXX";
  const char* dir = mkdtemp(tmpl);
  if (!dir) {
    std::printf("mkdtemp failed\n");
    return 1;
  }
  int rc = 0;
  std::vector<size_t> sizes = {0, 60000};
  if (argc > 1) sizes = {static_cast<size_t>(std::strtoull(argv[1], nullptr, 10))};
  for (size_t streamed : sizes) {
    cds::Workbook wb = sample(streamed);
    std::string why;
    auto t0 = std::chrono::steady_clock::now();
    auto bytes = cds::render_xlsx(wb, dir, &why);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!bytes) {
      std::printf("render failed (%zu rows): %s\n", streamed, why.c_str());
      rc = 1;
      continue;
    }
    std::printf("xlsx %zu cells%s: %zu bytes, starts PK %d, scratch files left %zu, sha256 %s\n", wb.cell_count(),
                wb.cell_count() > cds::kConstantMemoryCells ? " (constant memory)" : "", bytes->size(), bytes->rfind("PK", 0) == 0,
                entries(dir), cds::sha256_hex(*bytes).c_str());
    std::fprintf(stderr, "render time %.0f ms\n", ms);  // a figure, not compared
    if (bytes->rfind("PK", 0) != 0 || entries(dir) != 0) rc = 1;
  }
  // A folder that does not exist: an error, not a crash.
  std::string why;
  auto none = cds::render_xlsx(sample(0), std::string(dir) + "/missing", &why);
  std::printf("missing scratch folder: %s\n", none ? "rendered?!" : "refused");
  if (none) rc = 1;
  rmdir(dir);
  return rc;
}
