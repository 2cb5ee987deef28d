// web/xlsx/xlsx_main.cpp — cds-xlsx.wasm: the unit edition's file writer, a module of its own run
// in a Web Worker (web/xlsx/worker_pre.js), so that libxlsxwriter, zlib, minizip and the file
// system they write through are downloaded only when someone asks for an .xlsx file or a dossier.
// It takes a workbook as JSON (cds::workbook_to_json, made by the app) and gives the .xlsx bytes;
// and it packs a dossier (docs/dossier-format.md): the signed submission and the evidence files,
// each checked against the SHA-256 the submission signed, into the ZIP bytes.
#include <emscripten/emscripten.h>

#include <new>
#include <string>

#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "cds/base/crypto.hpp"
#include "cds/base/json_io.hpp"
#include "cds/model/answers.hpp"
#include "cds/model/rubric.hpp"
#include "cds/model/workbook.hpp"
#include "cds/rules/score.hpp"
#include "cds/office/parts.hpp"
#include "cds/signing/dossier.hpp"
#include "cds/xlsx/render.hpp"
#include "cds/zip/zip.hpp"

namespace {
std::string g_out;  // the last result: the bytes, or the reason it failed
std::map<std::string, std::string> g_evidence;  // the dossier being packed: SHA-256 → bytes
std::vector<cds::DossierFile> g_parts;          // and a merged submission's agency parts (parts/…)
std::string g_meta;                              // what cds_dossier_open found, as JSON

// A ZIP read and split into its submission and other files; the reason in g_out when it cannot be.
std::optional<cds::OpenedDossier> read_dossier(std::string_view zip) {
  cds::OpenedDossier d = cds::zip::read_dossier(zip);
  if (const cds::Message* m = cds::first_error(d.problems)) {
    g_out = m->vi + "\t" + m->en;
    return std::nullopt;
  }
  return d;
}

std::string build_zip(std::string_view submission, const std::function<const std::string*(const cds::EvidenceRef&)>& find) {
  std::string created;
  auto a = cds::signed_answers(submission, &created);
  if (!a) {
    g_out = "not a submission";
    return {};
  }
  auto built = cds::build_dossier(submission, *a, find);
  if (!built.ok()) {
    g_out = !built.missing.empty() ? "missing:" + built.refs[built.missing.front()].sha256
                                   : "changed:" + (built.changed.empty() ? std::string("?") : built.refs[built.changed.front()].name);
    return {};
  }
  for (auto& p : g_parts) built.files.push_back(std::move(p));
  g_parts.clear();
  std::string out = cds::zip::write_zip(built.files, cds::zip::zip_time_from_iso(created));
  if (out.empty()) g_out = "zip";
  return out;
}
}

extern "C" {

// The length of the .xlsx bytes now at cds_xlsx_result(), or -1 with the reason there. `json` is a
// workbook (cds::workbook_to_json), or a unit's self-assessment to build here: {rubric: the rubric
// file's text, answers: the answers file's text, lang, created, printed_at, app_version}.
EMSCRIPTEN_KEEPALIVE int cds_xlsx_render(const char* json) {
  std::string err;
  try {
    std::optional<cds::Workbook> wb;
    // A workbook's text (workbook_to_json starts so) is read once, by workbook_from_json; an office
    // report of thousands of units is tens of megabytes.
    const bool workbook = std::string_view(json).rfind("{\"props\":", 0) == 0;
    cds::ParsedJson job;
    if (!workbook) job = cds::parse_json(json);
    if (!workbook && job.doc && job.doc->is_object() && job.doc->contains("rubric")) {
      const cds::Json& j = *job.doc;
      auto r = cds::load_rubric(cds::str_or(j, "rubric"));
      auto a = cds::load_answers(cds::str_or(j, "answers"));
      if (!r.rubric) err = "rubric";
      else if (!a.answers) err = "answers";
      if (r.rubric && a.answers) {
        cds::ScoreOptions o;
        o.lang = cds::str_or(j, "lang") == "en" ? cds::Lang::En : cds::Lang::Vi;
        cds::ScoreSheet s = cds::score(*r.rubric, *a.answers, o);
        cds::SelfAssessmentWorkbookInfo info;
        if (const cds::Json* c = cds::field(j, "created"); c && c->is_number_integer()) info.created = c->get<long long>();
        info.printed_at = cds::str_or(j, "printed_at");
        info.app_version = cds::str_or(j, "app_version");
        wb = cds::self_assessment_workbook(*r.rubric, *a.answers, s, o.lang, info);
      }
    } else {
      wb = cds::workbook_from_json(json, &err);
    }
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
EMSCRIPTEN_KEEPALIVE void cds_zip_begin() {
  g_evidence.clear();
  g_parts.clear();
}

// An agency's signed part of a merged submission (docs/parts-format.md), at parts/<its file name>
// whatever folder the page gives (the name made safe for a ZIP entry); `cds verify` finds parts by
// their signed SHA-256 anywhere under parts/.
EMSCRIPTEN_KEEPALIVE void cds_zip_add_part(const char* path, const char* data, int len) {
  try {
    std::string p = path ? path : "";
    std::string base = p.substr(p.find_last_of('/') == std::string::npos ? 0 : p.find_last_of('/') + 1);
    g_parts.push_back({std::string(cds::kDossierPartsFolder) + cds::safe_entry_component(base.empty() ? "part.json" : base),
                       std::string(data, static_cast<size_t>(len))});
  } catch (...) {
  }
}

EMSCRIPTEN_KEEPALIVE void cds_zip_add(const char* sha256, const char* data, int len) {
  try {
    g_evidence[sha256 ? sha256 : ""] = std::string(data, static_cast<size_t>(len));
  } catch (...) {
  }
}

EMSCRIPTEN_KEEPALIVE int cds_zip_write(const char* submission, int len) {
  try {
    std::string out = build_zip(std::string_view(submission, static_cast<size_t>(len)), [](const cds::EvidenceRef& r) -> const std::string* {
      auto it = g_evidence.find(r.sha256);
      return it == g_evidence.end() ? nullptr : &it->second;
    });
    g_evidence.clear();
    if (!out.empty()) {
      g_out = std::move(out);
      return static_cast<int>(g_out.size());
    }
  } catch (const std::bad_alloc&) {
    g_out = "not enough memory";
  } catch (...) {
    g_out = "unexpected error";
  }
  g_evidence.clear();
  return -1;
}

// A dossier opened: its submission's bytes at cds_xlsx_result() (the length returned), and at
// cds_dossier_meta() the evidence check as JSON ({named, present, missing, changed, extra,
// summary_vi, summary_en}). -1 with "vi\ten" at cds_xlsx_result() when it cannot be opened.
EMSCRIPTEN_KEEPALIVE int cds_dossier_open(const char* zip, int len) {
  try {
    auto d = read_dossier(std::string_view(zip, static_cast<size_t>(len)));
    if (!d) return -1;
    auto a = cds::signed_answers(*d->submission);
    cds::Json meta = cds::Json::object();
    if (a) {
      auto t = cds::check_evidence(*a, d->others).tally();
      int parts = 0;
      for (const auto& f : d->others) parts += cds::is_dossier_part(f.name);
      meta = {{"named", t.named}, {"present", t.present}, {"missing", t.missing}, {"changed", t.changed}, {"extra", t.extra},
              {"summary_vi", t.summary(cds::Lang::Vi)}, {"summary_en", t.summary(cds::Lang::En)}, {"parts", parts}};
    }
    g_meta = meta.dump(-1, ' ', false, cds::Json::error_handler_t::replace);
    g_out = std::move(*d->submission);
    return static_cast<int>(g_out.size());
  } catch (const std::bad_alloc&) {
    g_out = "Không đủ bộ nhớ để mở hồ sơ\tNot enough memory to open the dossier";
  } catch (...) {
    g_out = "Lỗi không mong đợi khi mở hồ sơ\tUnexpected error opening the dossier";
  }
  return -1;
}

EMSCRIPTEN_KEEPALIVE const char* cds_dossier_meta() { return g_meta.c_str(); }

// The file of the dossier `zip` whose bytes have this SHA-256 (an evidence file the office opens):
// its length at cds_xlsx_result(), or -1 ("missing", or why the dossier cannot be read).
EMSCRIPTEN_KEEPALIVE int cds_dossier_extract(const char* zip, int len, const char* sha256) {
  try {
    auto d = read_dossier(std::string_view(zip, static_cast<size_t>(len)));
    if (!d) return -1;
    for (auto& f : d->others)
      if (cds::sha256_hex(f.bytes) == sha256) {
        g_out = std::move(f.bytes);
        return static_cast<int>(g_out.size());
      }
    g_out = "missing";
  } catch (const std::bad_alloc&) {
    g_out = "not enough memory";
  } catch (...) {
    g_out = "unexpected error";
  }
  return -1;
}

// The dossier `zip` again with `submission` (the same signed part, countersigned) in place of its
// own: the evidence files taken from the old ZIP by SHA-256, its parts/ kept as they are. The
// length of the new ZIP, or -1.
EMSCRIPTEN_KEEPALIVE int cds_dossier_repack(const char* zip, int zip_len, const char* submission, int len) {
  try {
    auto d = read_dossier(std::string_view(zip, static_cast<size_t>(zip_len)));
    if (!d) return -1;
    std::map<std::string, const std::string*> by_sha;
    g_parts.clear();
    for (const auto& f : d->others) {
      // A merged submission's agency parts stay in the dossier, under their names (docs/parts-format.md §7).
      if (cds::is_dossier_part(f.name)) g_parts.push_back(f);
      else by_sha.emplace(cds::sha256_hex(f.bytes), &f.bytes);
    }
    std::string out = build_zip(std::string_view(submission, static_cast<size_t>(len)), [&](const cds::EvidenceRef& r) -> const std::string* {
      auto it = by_sha.find(r.sha256);
      return it == by_sha.end() ? nullptr : it->second;
    });
    if (out.empty()) return -1;
    g_out = std::move(out);
    return static_cast<int>(g_out.size());
  } catch (const std::bad_alloc&) {
    g_out = "not enough memory";
  } catch (...) {
    g_out = "unexpected error";
  }
  return -1;
}

}  // extern "C"
