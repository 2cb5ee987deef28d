#include "xlsx_out.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "cds/xlsx/render.hpp"
#include "output.hpp"

namespace cli {

long long xlsx_created() {
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) {
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(e, &end, 10);
    if (errno == 0 && end && *end == '\0' && v > 0) return v;
  }
  return static_cast<long long>(std::time(nullptr));
}

std::string local_time_text(long long t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
  return buf;
}

bool write_xlsx(const std::string& path, const cds::Workbook& wb) {
  std::error_code ec;
  std::string scratch = std::filesystem::temp_directory_path(ec).string();
  if (ec || scratch.empty()) scratch = "/tmp";
  std::string why;
  auto bytes = cds::render_xlsx(wb, scratch, &why);
  if (!bytes) {
    std::fprintf(stderr, "cds: không tạo được tệp Excel %s / could not make the Excel file %s: %s\n", path.c_str(), path.c_str(), why.c_str());
    return false;
  }
  auto f = OutputFile::create(path);
  return f && f->write(*bytes) && f->commit();
}

}  // namespace cli
