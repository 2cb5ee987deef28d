// web/xlsx/xlsx_main.cpp — cds-xlsx.wasm: the unit edition's file writer, a module of its own run
// in a Web Worker (web/xlsx/worker_pre.js), so that libxlsxwriter, zlib, minizip and the file
// system they write through are downloaded only when someone asks for an .xlsx file or a dossier.
// It takes a workbook as JSON (cds::workbook_to_json, made by the app) and gives the .xlsx bytes;
// and it packs a dossier (docs/dossier-format.md): the signed submission and the evidence files,
// each checked against the SHA-256 the submission signed, into the ZIP bytes.
#include <emscripten/emscripten.h>

#include <new>
#include <string>

#include <map>
#include <string_view>

#include "cds/base/json_io.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/workbook.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/xlsx/render.hpp"
#include "cds/zip/zip.hpp"

namespace {
std::string g_out;  // the last result: the bytes, or the reason it failed
std::map<std::string, std::string> g_evidence;  // the dossier being packed: SHA-256 → bytes
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

// A dossier: begin, add each evidence file the page found (by its SHA-256), then write from the
// signed submission's text: its answers name the files (cds::build_dossier checks each against the
// size and SHA-256 signed and lays them out), the ZIP dated by its own `created`. Returns the
// length of the ZIP bytes at cds_xlsx_result(), or -1 with the reason there ("missing:<sha>" or
// "changed:<name>" for the first file at fault, or the reader's words).
EMSCRIPTEN_KEEPALIVE void cds_zip_begin() { g_evidence.clear(); }

EMSCRIPTEN_KEEPALIVE void cds_zip_add(const char* sha256, const char* data, int len) {
  try {
    g_evidence[sha256 ? sha256 : ""] = std::string(data, static_cast<size_t>(len));
  } catch (...) {
  }
}

EMSCRIPTEN_KEEPALIVE int cds_zip_write(const char* submission, int len) {
  try {
    std::string_view text(submission, static_cast<size_t>(len));
    auto doc = cds::parse_json(text);
    const cds::Json* sp = doc.doc && doc.doc->is_object() ? cds::field(*doc.doc, "signed") : nullptr;
    const cds::Json* answers = sp && sp->is_object() ? cds::field(*sp, "answers") : nullptr;
    auto a = answers ? cds::load_answers_json(*answers) : cds::LoadedAnswers{};
    std::string created = sp && sp->is_object() ? cds::str_or(*sp, "created") : std::string();
    if (!a.answers) {
      g_out = "not a submission";
    } else {
      auto built = cds::build_dossier(text, *a.answers, [](const cds::EvidenceRef& r) -> const std::string* {
        auto it = g_evidence.find(r.sha256);
        return it == g_evidence.end() ? nullptr : &it->second;
      });
      g_evidence.clear();
      if (built.ok()) {
        g_out = cds::zip::write_zip(built.files, cds::zip::zip_time_from_iso(created));
        if (!g_out.empty()) return static_cast<int>(g_out.size());
        g_out = "zip";
      } else {
        g_out = !built.missing.empty() ? "missing:" + built.refs[built.missing.front()].sha256
                                       : "changed:" + (built.changed.empty() ? std::string("?") : built.refs[built.changed.front()].name);
      }
    }
  } catch (const std::bad_alloc&) {
    g_out = "not enough memory";
  } catch (...) {
    g_out = "unexpected error";
  }
  g_evidence.clear();
  return -1;
}

}  // extern "C"
