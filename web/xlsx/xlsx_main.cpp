// web/xlsx/xlsx_main.cpp — cds-xlsx.wasm: the unit edition's Excel writer, a module of its own run
// in a Web Worker (web/xlsx/worker_pre.js), so that libxlsxwriter, zlib and the file system they
// write through are downloaded only when someone asks for an .xlsx file. It takes a workbook as
// JSON (cds::workbook_to_json, made by the app) and gives the .xlsx bytes.
#include <emscripten/emscripten.h>

#include <new>
#include <string>

#include "cds/model/workbook.hpp"
#include "cds/xlsx/render.hpp"

namespace {
std::string g_out;  // the last result: the bytes, or the reason it failed
}

extern "C" {

// The length of the .xlsx bytes now at cds_xlsx_result(), or -1 with the reason there.
EMSCRIPTEN_KEEPALIVE int cds_xlsx_render(const char* json) {
  std::string err;
  try {
    auto wb = cds::workbook_from_json(json, &err);
    std::optional<std::string> bytes;
    if (wb) bytes = cds::render_xlsx(*wb, "/tmp", &err);
    if (bytes) {
      g_out = std::move(*bytes);
      return static_cast<int>(g_out.size());
    }
  } catch (const std::bad_alloc&) {
    err = "not enough memory";
  } catch (...) {
    err = "unexpected error";
  }
  g_out = err.empty() ? "unknown error" : err;
  return -1;
}

EMSCRIPTEN_KEEPALIVE const char* cds_xlsx_result() { return g_out.c_str(); }

}  // extern "C"
